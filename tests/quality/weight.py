"""Page weight in bytes, gzip-compressed as a server sends it: what a page needs on its first load.

Counted: the HTML, its stylesheets (and their @imports), its scripts, and fonts, images excepted. Fonts
count in full: every font a stylesheet declares with @font-face and every preloaded font, whatever
unicode-range the page's text uses (an upper bound that stays stable when the text changes).
First paint: the HTML and the stylesheets that block rendering (<link rel=stylesheet> in <head>).
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

FONT_FACE_URL = re.compile(r"@font-face\s*{[^}]*}", re.S)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")
FIRST_LOAD_BUDGET = 80 * 1024  # issue 11: home and a report, fonts included, photos and the search index not
FIRST_PAINT_BUDGET = 14 * 1024


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_head = True
        self.blocking_css, self.other_css, self.scripts, self.fonts = [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "body":
            self.in_head = False
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            (self.blocking_css if self.in_head and a.get("media", "all") in ("all", "screen") else self.other_css).append(a["href"])
        elif tag == "link" and "preload" in rel and a.get("as") == "font" and a.get("href"):
            self.fonts.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.scripts.append(a["src"])

    handle_startendtag = handle_starttag


@dataclass
class Weight:
    url: str
    files: dict = field(default_factory=dict)      # local path → compressed bytes
    first_paint: int = 0
    missing: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.files.values())


def local(output: Path, page_url: str, ref: str) -> Path | None:
    absolute = urljoin("http://site/" + page_url, ref)
    parts = urlsplit(absolute)
    if parts.netloc != "site":
        return None
    return output / parts.path.lstrip("/")


def weigh(output: Path, url: str) -> Weight:
    page = output / (url + "index.html" if url.endswith("/") or url == "" else url)
    html = page.read_bytes()
    weight = Weight(url, {str(page.relative_to(output)): compressed(html)})
    assets = _Assets()
    assets.feed(html.decode("utf-8"))
    weight.first_paint = weight.files[str(page.relative_to(output))]

    def add(path, css_url, blocking):
        if path is None:
            return
        rel = str(path.relative_to(output))
        if rel in weight.files:
            return
        if not path.is_file():
            weight.missing.append(rel)
            return
        data = path.read_bytes()
        weight.files[rel] = compressed(data)
        if blocking:
            weight.first_paint += weight.files[rel]
        if path.suffix == ".css":
            text = data.decode("utf-8", errors="replace")
            for imported in CSS_IMPORT.findall(text):
                add(local(output, css_url, imported), urljoin(css_url, imported), blocking)
            for face in FONT_FACE_URL.findall(text):
                for ref in CSS_URL.findall(face):
                    add(local(output, css_url, ref), urljoin(css_url, ref), False)

    for href in assets.blocking_css:
        add(local(output, url, href), urlsplit(urljoin("http://site/" + url, href)).path.lstrip("/"), True)
    for href in assets.other_css + assets.scripts + assets.fonts:
        add(local(output, url, href), urlsplit(urljoin("http://site/" + url, href)).path.lstrip("/"), False)
    return weight


def over_budget(weight: Weight) -> list[str]:
    problems = [f"/{weight.url}: references missing {m}" for m in weight.missing]
    if weight.total > FIRST_LOAD_BUDGET:
        biggest = ", ".join(f"{k} {v:,}" for k, v in sorted(weight.files.items(), key=lambda kv: -kv[1])[:4])
        problems.append(f"/{weight.url}: first load {weight.total:,} bytes compressed > {FIRST_LOAD_BUDGET:,} ({biggest})")
    if weight.first_paint > FIRST_PAINT_BUDGET:
        problems.append(f"/{weight.url}: HTML + blocking CSS {weight.first_paint:,} bytes compressed > {FIRST_PAINT_BUDGET:,}")
    return problems
