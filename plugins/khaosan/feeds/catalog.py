"""Every feed the site publishes: the whole site, each province, region, health region and topic, and the
e-news editions, each in both languages. The feeds generator, the subscribe page and the pages'
autodiscovery links all read this one list.
"""
from __future__ import annotations

from dataclasses import dataclass

from khaosan import url_scheme
from khaosan.kinds import LISTED_KINDS

FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
# The kinds of content with a feed of their own (/reports/feed.xml, /news/feed.xml): the listed kinds.
CONTENT_KINDS = LISTED_KINDS
MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}


@dataclass(frozen=True)
class FeedSource:
    """One subject with feeds: `section` is '' for the whole site, else the folder the feeds live in."""
    kind: str          # site, kind (all reports, all news), province, region, health-region, topic, enews
    key: str           # the slug within its kind ('' for the site and the editions)
    section: str       # url_scheme section of the folder ('' for the site root)
    subject: object    # the place or topic (anything with .name(lang)), None for the site and editions

    def folder(self, lang: str) -> str:
        if not self.section:
            return url_scheme.home(lang)
        if not self.key or self.kind == "kind":
            return url_scheme.section(self.section, lang)
        return url_scheme.item(self.section, self.key, lang)

    def path(self, lang: str, fmt: str = "rss") -> str:
        return self.folder(lang) + FILES[fmt]

    def follow_page(self, lang: str) -> str:
        """The page that explains this feed to a person; visible "follow" links lead here, not to the XML."""
        return f"{self.folder(lang)}{url_scheme.FOLLOW}/"

    def name(self, lang: str) -> str | None:
        return self.subject.name(lang) if self.subject is not None else None


def build_catalog(places, topics: dict) -> dict:
    """{kind: [FeedSource, ...]} in the order the subscribe page lists them."""
    return {
        "site": [FeedSource("site", "", "", None)],
        "kind": [FeedSource("kind", kind, kind, None) for kind in CONTENT_KINDS],
        "enews": [FeedSource("enews", "", "enews", None)],
        "region": [FeedSource("region", r.slug, "regions", r) for r in places.regions],
        "health-region": [FeedSource("health-region", h.slug, "health-regions", h) for h in places.health_regions],
        "province": [FeedSource("province", p.slug, "provinces", p) for p in places.provinces],
        "topic": [FeedSource("topic", t.slug, "topics", t) for t in topics.values()],
    }


def source_for_page(catalog: dict, page) -> FeedSource | None:
    """The feed of a recorded page itself (khaosan.pages.Page.feed): a place, topic or e-news page's."""
    if page.feed is None:
        return None
    kind, key = page.feed
    return next((s for s in catalog[kind] if s.key == key), None)
