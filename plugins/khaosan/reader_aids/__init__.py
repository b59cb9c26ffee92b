"""What readers use beside the text: Thai words kept whole in headings, share links and the page's QR
code, Thai alphabetical order.

Sharing needs no third-party script: each service's own share address is a plain link (works without
JavaScript, nothing for the CSP to allow), and the QR code is drawn at build time by segno as inline SVG.
"""
from __future__ import annotations

import logging
import os
from urllib.parse import quote

from jinja2 import pass_context
from markupsafe import Markup, escape

from khaosan import thai_text

from . import qr

logger = logging.getLogger(__name__)

SHARE_SERVICES = (
    ("line", "LINE", "https://social-plugins.line.me/lineit/share?url={url}"),
    ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("x", "X", "https://x.com/intent/post?url={url}&text={title}"),
)


def keep_words(text) -> Markup:
    """Text (or markup) for a heading, a title, a card or the site name: Thai words never break inside."""
    markup = text if isinstance(text, Markup) else escape(text or "")
    return Markup(thai_text.keep_words_in_markup(str(markup)))


def keep_heading_words(markup) -> Markup:
    """A body's HTML with its headings' words kept whole (the rest is left to the browser)."""
    return Markup(thai_text.keep_headings_words(str(markup or "")))


def share_links(settings, url: str, title: str) -> list[dict]:
    """The share services' addresses for the page at `url` (site-relative)."""
    address = qr.address_of(settings, url)
    return [{"key": key, "name": name, "href": pattern.format(url=quote(address, safe=""), title=quote(title or "", safe=""))}
            for key, name, pattern in SHARE_SERVICES]


def qr_svg(settings, url: str, label: str) -> Markup:
    """The address of the page at `url` (site-relative, or a whole address) as a QR code in inline SVG,
    named for screen readers (the codes themselves: reader_aids.qr)."""
    svg = qr.svg_for(settings, url)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


def thai_sorted(items, attribute: str | None = None, lang: str = "th"):
    """`items` in the reading order of `lang` (thai_text.in_reading_order), by the attribute or key named
    (a method is called with `lang`: `place.name(lang)`), or by the items themselves."""
    def name_of(item, lang):
        if attribute is None:
            return str(item)
        value = item.get(attribute) if isinstance(item, dict) else getattr(item, attribute)
        return str(value(lang) if callable(value) else value)

    return thai_text.in_reading_order(items, lang, name=name_of)


def related_stories(site, article, limit: int = 4) -> list:
    """Stories of the same language about the same province first, then on the same topic, newest first."""
    index = site.lang(article.lang)
    related = []
    for group in ([index.by_province.get(p.slug, []) for p in getattr(article, "provinces", [])]
                  + [index.by_topic.get(t, []) for t in getattr(article, "topics", [])]):
        for story in group:
            if story is not article and story not in related:
                related.append(story)
                if len(related) == limit:
                    return related
    return related


def story_neighbours(site, article) -> dict:
    """The previous (older) and next (newer) story of the same kind and language."""
    index = site.lang(article.lang)
    stories = index.by_kind.get(article.kind, [])
    position = index.place_in_kind.get(id(article))
    if position is None or position >= len(stories) or stories[position] is not article:
        return {"older": None, "newer": None}
    return {"newer": stories[position - 1] if position else None,
            "older": stories[position + 1] if position + 1 < len(stories) else None}


def stories_shown_with(site, article) -> list:
    """The other stories a story's page shows at its end (older, newer, related): the page's inputs, so an
    incremental build renders it again when one of them, or which ones they are, changes."""
    neighbours = story_neighbours(site, article)
    shown = [story for story in (neighbours["older"], neighbours["newer"]) if story is not None]
    return shown + [story for story in related_stories(site, article) if story not in shown]


# E-mail versions of the e-news are left as they are: mail programs do not load the site's stylesheet.
UNTOUCHED_PAGES = ("email.html",)


def with_heading_words(page: str, segmented: dict[str, str]) -> str:
    """The page with its headings' Thai words kept whole; `segmented` remembers each heading done."""
    def heading(match):
        inner = match.group(2)
        if inner not in segmented:
            segmented[inner] = thai_text.keep_words_in_markup(inner) if "class=\"w\"" not in inner else inner
        return match.group(1) + segmented[inner] + match.group(3)

    return thai_text.HEADING.sub(heading, page)


def keep_heading_words_in_output(pelican):
    """Runs on `finalized`, before the swap: every heading of every page written (templates' and
    content's alike, whoever wrote the page) gets its Thai words kept whole. Each distinct heading is
    segmented once per build."""
    segmented: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(pelican.output_path):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".html") or name in UNTOUCHED_PAGES:
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as fh:
                page = fh.read()
            kept = with_heading_words(page, segmented)
            if kept != page:
                # A new file, never a write in place: staging may hold hard links to the live output's pages.
                tmp = f"{path}.words.tmp"
                with open(tmp, "w", encoding="utf-8") as fh:
                    fh.write(kept)
                os.replace(tmp, path)


def install(generator):
    settings = generator.settings
    env = generator.env
    env.filters["keep_words"] = keep_words
    env.filters["keep_heading_words"] = keep_heading_words
    env.filters["thai_sorted"] = thai_sorted
    env.globals["share_links"] = lambda url, title: share_links(settings, url, title)
    env.globals["qr_svg"] = lambda url, label: qr_svg(settings, url, label)
    env.globals["related_stories"] = pass_context(lambda ctx, article: related_stories(ctx["SITE"], article))
    env.globals["story_neighbours"] = pass_context(lambda ctx, article: story_neighbours(ctx["SITE"], article))
    env.globals["absolute_url"] = lambda url: qr.address_of(settings, url)
