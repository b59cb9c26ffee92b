"""The Pelican reader for khaosan's Markdown: the front matter comes checked from the content index."""
from __future__ import annotations

import html
import os
import re

import markdown
import unicodedata
from pelican.readers import BaseReader
from pelican.urlwrappers import Category

from khaosan import sanitizer
from khaosan import thai_text
from khaosan.build_cache import cache_of
from khaosan.kinds import KINDS
from khaosan.parallel import rendered_body

from . import bracket_ends
from .index import ContentIndex, build_index
from .problems import ContentError, display_path, one_line, report_logger

BUILD_KEY = "KHAOSAN_BUILD"
RELATIVE_SRC = re.compile(r'(<img[^>]*?\ssrc=")(?![a-z][a-z0-9+.-]*:|/|#|\{)([^"]+)"', re.I)
TOP_HEADING = re.compile(r"<(/?)h1\b")
BODY_ID = re.compile(r'(<[a-z0-9]+\b[^>]*?\sid=")([^"]*)(")', re.I)
THEME_ID = re.compile(r'\bid="([^"{}]+)"')
# Control characters and noncharacters that a character reference (&#1;, &#xFFFE;) brings back after the
# source's own were dropped: XML (feeds) cannot carry them.
UNSAFE_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def heading_anchor(text: str, separator: str) -> str:
    """An anchor that keeps Thai words whole: Markdown's own slugify drops Thai vowels and tone marks
    (combining marks), which turns กิจกรรม into กจกรรม."""
    kept = "".join(ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in text.lower())
    return separator.join(kept.split())


def picture_tag(match, images) -> str:
    """A body picture linked through Pelican's {static}, with its size so the page does not shift."""
    path, (width, height) = images.get(html.unescape(match.group(2)), (match.group(2), (None, None)))
    size = f' width="{width}" height="{height}" loading="lazy"' if width else ""
    return f'{match.group(1)}{{static}}/{path}"{size}'


def new_converter() -> markdown.Markdown:
    converter = markdown.Markdown(
        extensions=["extra", "sane_lists", "toc"],
        # Thai headings keep their letters in their anchors instead of becoming "_1".
        extension_configs={"toc": {"slugify": heading_anchor, "permalink": False}},
        output_format="html",
    )
    bracket_ends.use_in(converter)
    return converter


def render_body(converter: markdown.Markdown, body: str, images: dict, lang: str, with_excerpt: bool):
    """(body HTML, excerpt or None, reading minutes) of one item's Markdown body; the same in any process."""
    converter.reset()
    # The page title is the only h1: a "# heading" in the body becomes a section heading.
    body_html = TOP_HEADING.sub(r"<\1h2", converter.convert(body))
    body_html = sanitizer.clean(body_html)
    # Pictures in the body are files the index found in the content folder; Pelican links {static} paths.
    body_html = RELATIVE_SRC.sub(lambda m: picture_tag(m, images), body_html)
    excerpt, minutes = thai_text.summarise(thai_text.plain_text(body_html), lang, with_excerpt=with_excerpt)
    return body_html, excerpt, minutes


def theme_ids(theme: str) -> frozenset[str]:
    """The ids the theme's templates give their own elements."""
    found = set()
    for dirpath, _dirnames, filenames in os.walk(os.path.join(theme, "templates")):
        for name in filenames:
            if name.endswith(".html"):
                with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                    found.update(THEME_ID.findall(fh.read()))
    return frozenset(found)


class KhaosanReader(BaseReader):
    enabled = True
    file_extensions = ["md"]

    def __init__(self, settings):
        super().__init__(settings)
        self._markdown = new_converter()
        self._theme_ids = theme_ids(settings.get("THEME", ""))

    def index(self) -> ContentIndex:
        build = self.settings.get(BUILD_KEY)
        if build is None:
            raise ContentError("the content index was not built; is the content_model plugin listed first in PLUGINS?")
        return build.index

    def read(self, source_path):
        index = self.index()
        if os.path.abspath(source_path) in index.withheld:
            return "", {"status": "skip"}  # a draft: Pelican's own status for "do not process"
        entry = index.by_path(source_path)
        if entry is None:
            raise ContentError(f"{source_path} is not in the content index")
        try:
            # The build converts every body on every core beforehand when it can (khaosan.parallel).
            rendered = rendered_body(self.settings, entry.path)
            cache = cache_of(self.settings)
            if rendered is None and cache is not None:
                rendered = cache.body(entry.path)
            elif cache is not None:
                cache.store_body(entry.path, rendered)
            if rendered is None:
                rendered = render_body(self._markdown, entry.body, entry.images, entry.lang, "summary" not in entry.meta)
                if cache is not None:
                    cache.store_body(entry.path, rendered)
            body_html, excerpt, reading_minutes = rendered
        except RecursionError:
            # The content check reports such bodies with their line first; this is its backstop.
            message = one_line(f"{display_path(source_path)}:{entry.body_line}: body: nests emphasis, lists or quotes too"
                               " deeply to read; remove the repeated *, _, > or [ characters")
            try:
                report_logger().error("%s", message)
            except RuntimeError:
                pass  # Pelican's --fatal raises after the record is written
            raise ContentError(message) from None
        # Characters a reference (&#1;, &#xFFFE;) brings back, which XML (feeds) cannot carry.
        body_html = UNSAFE_IN_XML.sub("", body_html)
        excerpt = UNSAFE_IN_XML.sub("", excerpt) if excerpt else excerpt
        # An id the theme uses (main, email…) would make the page's own links jump into the post.
        body_html = BODY_ID.sub(lambda m: m.group(1) + (f"{m.group(2)}-post" if m.group(2) in self._theme_ids else m.group(2)) + m.group(3),
                                body_html)
        # Body pictures as the derived widths and formats of khaosan.pictures, here in the build's process (the
        # bodies may have been converted before the pictures were made); any left keep their {static} link.
        from khaosan.pictures import body_pictures   # here: khaosan.pictures itself reads this module
        body_html = body_pictures(body_html, entry.images, self.settings)

        meta = dict(entry.meta)
        if entry.is_draft:  # only reached when SHOW_DRAFTS builds drafts: built and listed, marked as drafts
            meta["status"], meta["draft"] = "published", True
        if entry.held_until is not None:
            # Dated after the build's date: Pelican keeps drafts out of every page, list and feed.
            meta["status"] = "draft"
        meta["kind"] = entry.kind.name
        kind = KINDS[entry.kind.name]
        meta["template"] = kind.template
        meta["reading_minutes"] = reading_minutes
        if excerpt is not None:
            meta["summary"] = excerpt
        if kind.pelican_class == "Article":
            meta["category"] = Category(entry.kind.name, self.settings)
        if "author" in meta:
            meta["author"] = self.process_metadata("author", meta["author"])
        return body_html, meta

