"""Nothing lost: every content file is published in its language, or named in the build's error lines."""
from __future__ import annotations

import os
import re
from pathlib import Path

from khaosan import url_scheme
from khaosan.content_model.index import IGNORED, LANG_SUFFIX, STATIC_EXTENSIONS
from khaosan.content_model.schema import KINDS
from khaosan.content_model.topic_table import FILE_NAME as TOPICS_FILE, load_topics

SLUG_LINE = re.compile(r"^slug:\s*['\"]?([^'\"\s#]+)", re.M)
LANG_LINE = re.compile(r"^lang:\s*['\"]?(th|en)\b", re.M)
# A draft is left out of a published build on purpose (make serve shows it); the build's log counts them.
DRAFT_LINE = re.compile(r"^status:\s*['\"]?draft\b", re.M)


def expected_output(rel: str, text: str) -> str | None:
    """Where a content file is published: its page (PATH/index.html) or, for a picture, the same path."""
    if rel.lower().endswith(STATIC_EXTENSIONS):
        return rel
    kind, name = rel.split("/", 1)[0], os.path.basename(rel)[: -len(".md")]
    match = LANG_SUFFIX.match(name)
    slug_line, lang_line = SLUG_LINE.search(text), LANG_LINE.search(text)
    slug = slug_line.group(1) if slug_line else (match.group("name") if match else name)
    lang = lang_line.group(1) if lang_line else (match.group("lang") if match else "th")
    url = url_scheme.page(slug, lang) if kind == "pages" else url_scheme.item(kind, slug, lang)
    return url_scheme.save_as(url)


def lost_files(content: Path, output: Path | None, messages: str) -> list[str]:
    """Content files that are neither in the output nor named in the build's messages."""
    lost = []
    for path in sorted(content.rglob("*")):
        rel = path.relative_to(content).as_posix()
        if not path.is_file() or any(IGNORED.search(part) for part in rel.split("/")):
            continue
        if rel in messages:
            continue
        if rel == TOPICS_FILE:  # data, published as one page per topic of a build that ran
            for slug in load_topics(str(content)) if output is not None else ():
                target = url_scheme.save_as(url_scheme.item("topics", slug, url_scheme.DEFAULT_LANG))
                if not (output / target).is_file():
                    lost.append(f"{rel}: topic {slug} neither published at /{target} nor named in an error")
            continue
        top = rel.split("/", 1)[0]
        if top not in KINDS and not rel.lower().endswith(STATIC_EXTENSIONS):
            lost.append(f"{rel}: not in a content folder and not named in any message")
            continue
        text = path.read_text(encoding="utf-8", errors="replace") if rel.endswith(".md") else ""
        if DRAFT_LINE.search(text):
            continue
        target = expected_output(rel, text)
        if output is None or not (output / target).is_file():
            lost.append(f"{rel}: neither published at /{target} nor named in an error")
    return lost
