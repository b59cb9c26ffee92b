"""Turn a built report or news item into a FeedItem, once per build and item."""
from __future__ import annotations

from html import escape

import datetime as dt

from khaosan.content_model.fields import DateOnly
from khaosan.content_model import topics_of
from khaosan import url_scheme
from khaosan.thai_text import in_reading_order

from .absolute import absolute_url, absolutize
from .render import FeedItem, picture
from .settings import setting
from .texts import READ_FULL_STORY, translator

# A feed carries each item whole, but a body past this (a pasted 20 MB document) would make every feed
# that lists it, and every reader that fetches it, carry it too: such an item gets its summary and a link.
FEED_ITEM_MAX_BYTES = 200_000

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


def item_updated(item) -> dt.datetime:
    """When an item last changed, as its feed entry says: its correction date, never before its date."""
    return max(feed_date(getattr(item, "modified", None) or item.date), feed_date(item.date))


def categories_of(item, site: str, lang: str, topic_table: dict) -> list:
    """An item's topics and provinces (and an edition's regions) as (label, page URL) categories, each
    kind in the reader's order (Thai dictionary order in a Thai feed)."""
    categories = [(r.name(lang), absolute_url(site, url_scheme.item("regions", r.slug, lang)))
                  for r in getattr(item, "regions", None) or []]
    topics = in_reading_order([topic_table[slug] for slug in getattr(item, "topics", None) or [] if slug in topic_table], lang)
    categories += [(t.name(lang), absolute_url(site, url_scheme.item("topics", t.slug, lang))) for t in topics]
    provinces = in_reading_order(getattr(item, "provinces", None) or [], lang)
    categories += [(p.name(lang), absolute_url(site, url_scheme.item("provinces", p.slug, lang))) for p in provinces]
    return categories


def make_item(item, kind: str, site: str, settings, content: str, cover, categories) -> FeedItem:
    """A FeedItem for any built item (a report, a news item, an e-news edition): `content` is its HTML with
    every link absolute."""
    author = str(item.author) if getattr(item, "author", None) else ""
    published = feed_date(item.date)
    return FeedItem(
        guid=guid(setting(settings, "FEED_TAG_AUTHORITY"), kind, item.slug, item.lang),
        title=item.title,
        link=absolute_url(site, item.url),
        summary=item.summary or "",
        content=content,
        published=published,
        updated=item_updated(item),
        lang=item.lang,
        author=author,
        categories=categories,
        cover=cover,
    )


def cover_of(item, site: str, settings):
    if not getattr(item, "cover", None):
        return None
    return picture(site, settings["PATH"], item.cover, getattr(item, "cover_alt", "") or "")


def feed_item(article, site: str, settings, render) -> FeedItem:
    """A report or news item. `render(template, **values)` renders a theme template in the item's language."""
    cover = cover_of(article, site, settings)
    link = absolute_url(site, article.url)
    body = absolutize(article.content, site, link)
    if len(body.encode("utf-8")) > FEED_ITEM_MAX_BYTES:
        gettext = translator(settings, article.lang)
        body = (f"<p>{escape(article.summary or '')}</p>\n"
                f'<p><a href="{escape(link)}">{escape(gettext(READ_FULL_STORY) % {"title": article.title})}</a></p>\n')
    content = render(CONTENT_TEMPLATE, article=article, body=body, cover=cover, lang=article.lang).strip() + "\n"
    return make_item(article, article.kind, site, settings, content, cover, categories_of(article, site, article.lang, topics_of(settings)))
