"""A built site on disk: its pages, their language and their kind, found from the output itself."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

LANG_PREFIXES = {"en": "en/"}   # Thai is at the root (url_scheme.prefix)
PAGE_NUMBER = re.compile(r"^page/\d+/$")


@dataclass(frozen=True)
class Page:
    url: str        # as linked: "", "reports/", "en/reports/x/", "404.html", "enews/x/email.html"
    path: Path

    @property
    def lang(self) -> str:
        return next((lang for lang, p in LANG_PREFIXES.items() if self.url.startswith(p)), "th")

    @property
    def neutral(self) -> str:
        """The URL without its language folder."""
        p = LANG_PREFIXES.get(self.lang, "")
        return self.url[len(p):]

    @property
    def kind(self) -> str:
        return page_kind(self.neutral)


def page_kind(neutral: str) -> str:
    """The shape of a URL: "home", "section:reports", "item:reports", "section:reports:paged", "file:404.html",
    "file:enews/*/email.html", "page:about". Every page of one shape comes from one template."""
    if neutral == "":
        return "home"
    parts = neutral.rstrip("/").split("/")
    if not neutral.endswith("/"):
        return "file:" + "/".join(["*" if 0 < i < len(parts) - 1 else p for i, p in enumerate(parts)])
    paged = len(parts) >= 3 and parts[-2] == "page"
    if paged:
        parts = parts[:-2]
    if len(parts) == 1:
        return f"section:{parts[0]}" + (":paged" if paged else "")
    return f"item:{parts[0]}" + (":paged" if paged else "") + ("" if len(parts) == 2 else f":{len(parts)}")


def html_pages(output: Path) -> list[Page]:
    """Every HTML file of the build, in a stable order."""
    pages = []
    for dirpath, dirnames, filenames in os.walk(output):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".html"):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(output).as_posix()
            url = rel[: -len("index.html")] if name == "index.html" else rel
            pages.append(Page(url, path))
    return pages


def one_page_per_kind(output: Path) -> list[Page]:
    """The largest page of every kind in every language (it exercises the most of its template): what
    the browser gates visit.

    A top-level folder with no pages below it (about/, project/) is a standing page; they share one
    template, so one of them stands for all."""
    pages = html_pages(output)
    sections_with_items = {p.kind.split(":")[1] for p in pages if p.kind.startswith("item:")}
    chosen = {}
    for page in pages:
        kind = page.kind
        if kind.startswith("section:") and kind.split(":")[1] not in sections_with_items and not kind.endswith(":paged"):
            kind = "standing-page"
        best = chosen.get((page.lang, kind))
        if best is None or page.path.stat().st_size > best.path.stat().st_size:
            chosen[(page.lang, kind)] = page
    return [chosen[key] for key in sorted(chosen)]


def feeds(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.xml") if p.name != "sitemap.xml")
