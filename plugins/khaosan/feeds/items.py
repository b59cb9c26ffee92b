"""Turn a built report or news item into a FeedItem, once per build and item."""
from __future__ import annotations

from html import escape

from khaosan.content_model.vocabularies import TOPICS
from khaosan import url_scheme

from .absolute import absolute_url, absolutize
from .render import FeedItem, picture
from .settings import setting


def guid(authority: str, kind: str, slug: str, lang: str) -> str:
    """A tag: URI (RFC 4151) from what the item is, never from where it is: edits and moves keep it."""
    return f"tag:{authority}:{kind}/{slug}/{lang}"


def cover_html(cover) -> str:
    if cover is None:
        return ""
    return f'<p><img src="{escape(cover.url)}" alt="{escape(cover.alt)}"></p>\n'


def feed_item(article, site: str, settings) -> FeedItem:
    lang = article.lang
    link = absolute_url(site, article.url)
    cover = None
    if getattr(article, "cover", None):
        cover = picture(site, settings["PATH"], article.cover, getattr(article, "cover_alt", "") or "")
    body = absolutize(article.content, site, link)
    categories = []
    for slug in getattr(article, "topics", []) or []:
        categories.append((TOPICS[slug].name(lang), absolute_url(site, url_scheme.item("topics", slug, lang))))
    for province in getattr(article, "provinces", []) or []:
        categories.append((province.name(lang), absolute_url(site, url_scheme.item("provinces", province.slug, lang))))
    author = str(article.author) if getattr(article, "author", None) else ""
    modified = getattr(article, "modified", None) or article.date
    return FeedItem(
        guid=guid(setting(settings, "FEED_TAG_AUTHORITY"), article.kind, article.slug, lang),
        title=article.title,
        link=link,
        summary=article.summary or "",
        content=cover_html(cover) + body,
        published=article.date,
        updated=max(modified, article.date),
        lang=lang,
        author=author,
        categories=categories,
        cover=cover,
    )
