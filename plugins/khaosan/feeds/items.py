"""Turn a built report or news item into a FeedItem, once per build and item."""
from __future__ import annotations

import datetime as dt

from khaosan.content_model.fields import DateOnly
from khaosan.content_model.vocabularies import TOPICS
from khaosan import url_scheme

from .absolute import absolute_url, absolutize
from .render import FeedItem, picture
from .settings import setting

# An item written with a date only (2566-05-05) is read as midnight Bangkok time, which is 17:00 UTC the day
# before: readers in Europe, Africa and the Americas would show the previous day. Noon Bangkok time (05:00
# UTC) is the same calendar day from UTC-5 to UTC+14, where nearly every reader of a Thai site lives.
DATE_ONLY_TIME = dt.time(12, 0)
CONTENT_TEMPLATE = "partials/feed_content.html"


def guid(authority: str, kind: str, slug: str, lang: str) -> str:
    """A tag: URI (RFC 4151) from what the item is, never from where it is: edits and moves keep it."""
    return f"tag:{authority}:{kind}/{slug}/{lang}"


def feed_date(value: dt.datetime) -> dt.datetime:
    """The item's date as a feed shows it: a date written without a time at 12:00 the same day."""
    if isinstance(value, DateOnly):
        return dt.datetime.combine(value.date(), DATE_ONLY_TIME, tzinfo=value.tzinfo)
    return value


def feed_item(article, site: str, settings, render) -> FeedItem:
    """`render(template, **values)` renders a theme template in the item's language (the generator's env)."""
    lang = article.lang
    link = absolute_url(site, article.url)
    cover = None
    if getattr(article, "cover", None):
        cover = picture(site, settings["PATH"], article.cover, getattr(article, "cover_alt", "") or "")
    body = absolutize(article.content, site, link)
    content = render(CONTENT_TEMPLATE, article=article, body=body, cover=cover, lang=lang).strip() + "\n"
    categories = []
    for slug in getattr(article, "topics", []) or []:
        categories.append((TOPICS[slug].name(lang), absolute_url(site, url_scheme.item("topics", slug, lang))))
    for province in getattr(article, "provinces", []) or []:
        categories.append((province.name(lang), absolute_url(site, url_scheme.item("provinces", province.slug, lang))))
    author = str(article.author) if getattr(article, "author", None) else ""
    modified = getattr(article, "modified", None) or article.date
    published = feed_date(article.date)
    return FeedItem(
        guid=guid(setting(settings, "FEED_TAG_AUTHORITY"), article.kind, article.slug, lang),
        title=article.title,
        link=link,
        summary=article.summary or "",
        content=content,
        published=published,
        updated=max(feed_date(modified), published),
        lang=lang,
        author=author,
        categories=categories,
        cover=cover,
    )
