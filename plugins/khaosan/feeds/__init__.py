"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole site and for every province, region, health region
and topic, in both languages; the subscribe page that lists them; autodiscovery links in every page.

Items come from the site index (context["SITE"]), the same lists the place and topic pages show.
"""
from __future__ import annotations

import logging
import os
import posixpath
from urllib.parse import quote

from pelican.generators import Generator

from khaosan import build_cache, parallel, url_scheme
from khaosan.content_model import topics_of
from khaosan.pages import PageWriter, data_key, in_every_language, item_inputs, list_key, record_of
from khaosan.places import load_places
from khaosan.thai_text import in_reading_order

from . import texts
from .absolute import absolute_url
from .catalog import FILES, MIME_TYPES, build_catalog, source_for_page
from .items import feed_item, item_updated
from .render import Channel, EPOCH, write
from .settings import setting, site_address

logger = logging.getLogger(__name__)

FOLLOW_PAGE_ITEMS = 5
FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
# Web feed readers that subscribe from a link (their documented "add feed" addresses).
FEED_READERS = (
    ("Feedly", "https://feedly.com/i/subscription/feed/{feed}"),
    ("Inoreader", "https://www.inoreader.com/?add_feed={feed}"),
)


def items_for(index, source) -> list:
    if source.kind == "site":
        return index.stories
    if source.kind == "kind":
        return index.by_kind.get(source.key, [])
    lists = {"province": index.by_province, "region": index.by_region, "topic": index.by_topic,
             "health-region": index.by_health_region}[source.kind]
    key = source.subject.number if source.kind == "health-region" else source.key
    return lists.get(key, [])


def channel_for(settings, source, lang: str, fallback_date) -> Channel:
    site = site_address(settings)
    authority = setting(settings, "FEED_TAG_AUTHORITY")
    folder = source.folder(lang)
    return Channel(
        id=f"tag:{authority}:feeds/{source.kind}/{source.key or 'all'}/{lang}",
        title=texts.feed_title(settings, source, lang),
        description=texts.feed_description(settings, source, lang),
        lang=lang,
        link=absolute_url(site, folder),
        base=absolute_url(site, folder),
        image=absolute_url(site, setting(settings, "FEED_IMAGE")),
        logo=absolute_url(site, setting(settings, "FEED_LOGO")),
        icon=absolute_url(site, setting(settings, "FEED_ICON")),
        favicon=absolute_url(site, setting(settings, "FEED_FAVICON")),
        author=settings["SITE_NAMES"][lang],
        fallback_date=fallback_date,
    )


def write_feed(settings, output_path: str, source, lang: str, items: list, fallback_date) -> list[str]:
    """The feeds API: write the RSS, Atom (and JSON Feed) files of `source` in `lang` from FeedItems, the
    newest FEED_MAX_ITEMS of them; an empty feed is dated `fallback_date`. The e-news plugin writes its
    editions' feed with it too."""
    limit = int(setting(settings, "FEED_MAX_ITEMS"))
    channel = channel_for(settings, source, lang, fallback_date)
    return write(channel, items[:limit], os.path.join(output_path, source.folder(lang)), FILES,
                 bool(setting(settings, "FEED_JSON")))


def newest_date(settings, site_index, lang: str):
    """The date an empty feed carries: the newest `updated` of the language's newest stories (what the
    site feed's own date is), never the clock."""
    stories = site_index.lang(lang).stories[:int(setting(settings, "FEED_MAX_ITEMS"))]
    return max((item_updated(a) for a in stories), default=EPOCH)


class FeedsGenerator(Generator):
    """Writes every feed of the catalogue in both languages, with or without items, and /subscribe/."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        site_index = self.context["SITE"]
        catalog = build_catalog(load_places(), site_index.entries.topics)
        site = site_address(self.settings)
        limit = int(setting(self.settings, "FEED_MAX_ITEMS"))
        made = {}  # one FeedItem per article for this build
        pages = PageWriter(self, writer)

        def item(article):
            key = id(article)
            if key not in made:
                made[key] = feed_item(article, site, self.settings, self.render)
            return made[key]

        count = 0
        for lang in url_scheme.LANGUAGES:
            index = site_index.lang(lang)
            site_date = newest_date(self.settings, site_index, lang)
            for kind, sources in catalog.items():
                if kind == "enews":
                    continue  # the enews plugin writes the editions' feed
                for source in sources:
                    # A page goes through the writer, which claims it by itself (and records it in every process).
                    self.write_follow_page(pages, source, lang, items_for(index, source)[:FOLLOW_PAGE_ITEMS])
                    out_dir = os.path.join(self.output_path, source.folder(lang))
                    if not parallel.claim(writer, out_dir):
                        continue  # another of the build's processes writes this feed
                    articles = items_for(index, source)[:limit]
                    names = [posixpath.normpath(posixpath.join(source.folder(lang), FILES[fmt])) for fmt in ("rss", "atom", "json")
                             if fmt != "json" or setting(self.settings, "FEED_JSON")]
                    if build_cache.keep_feed(self.settings, names, articles, site_date):
                        continue  # an incremental build: the output has this feed as it would be written
                    items = [item(a) for a in articles]
                    write_feed(self.settings, self.output_path, source, lang, items, site_date)
                    count += 1
            editions = [e for e in self.context.get("enews_editions", []) if e.lang == lang]
            self.write_follow_page(pages, catalog["enews"][0], lang, editions[:FOLLOW_PAGE_ITEMS])
            self.write_subscribe(pages, catalog, lang)
        logger.debug("wrote %d feeds", count)

    def render(self, template: str, **values) -> str:
        """A theme template rendered in values["lang"] (its _() reads the language from the context)."""
        return self.env.get_template(template).render({**self.context, **values})

    def write_follow_page(self, pages, source, lang, latest):
        """FOLDER/follow/: the feed explained to a person, in the page's language (no XSLT: Chromium is
        removing it, and the feed files stay plain for readers' software)."""
        urls = in_every_language(source.follow_page)
        site = site_address(self.settings)
        rss = absolute_url(site, source.path(lang, "rss"))
        pages.write(
            "follow", urls[lang], lang, urls,
            {list_key("enews" if source.kind == "enews" else "stories", lang), data_key("places"), data_key("topics"),
             *item_inputs(latest)},
            source=source, latest=latest, feed_title=texts.feed_title(self.settings, source, lang),
            feed_description=texts.feed_description(self.settings, source, lang),
            feed_address=rss, feed_formats=[(FORMAT_NAMES[fmt], source.path(lang, fmt), MIME_TYPES[fmt])
                                            for fmt in FILES if fmt != "json" or self.settings["FEED_JSON"]],
            readers=[(name, pattern.format(feed=quote(rss, safe=""))) for name, pattern in FEED_READERS],
        )

    def write_subscribe(self, pages, catalog, lang):
        urls = in_every_language(lambda other: url_scheme.page("subscribe", other))
        pages.write(
            "subscribe", urls[lang], lang, urls, {data_key("places"), data_key("topics"), list_key("enews", lang)},
            catalog=catalog, places=load_places(), feed_files=FILES,
            site_address=site_address(self.settings),
            editions=[e for e in self.context.get("enews_editions", []) if e.lang == lang],
        )


def feed_links(catalog, settings):
    """The Jinja global behind partials/feed_links.html: the feeds that fit a page."""
    json_feed = bool(settings["FEED_JSON"])

    def links(url, lang, feed_paths=None):
        out = []
        sources = [catalog["site"][0]]
        page = record_of(settings).get(url or "")
        own = source_for_page(catalog, page) if page is not None else None
        if own is not None:
            sources.append(own)
        for source in sources:
            title = texts.feed_title(settings, source, lang)
            for fmt, label in (("rss", title), ("atom", f"{title} (Atom)"), ("json", f"{title} (JSON Feed)")):
                if fmt == "json" and not json_feed:
                    continue
                out.append({"type": MIME_TYPES[fmt], "title": label, "path": source.path(lang, fmt)})
        for path in feed_paths or []:
            if not any(link["path"] == path for link in out):
                fmt = "atom" if path.endswith(FILES["atom"]) else ("json" if path.endswith(FILES["json"]) else "rss")
                out.append({"type": MIME_TYPES[fmt], "title": settings["SITE_NAMES"][lang], "path": path})
        return out
    return links


def install(generator):
    catalog = build_catalog(load_places(), topics_of(generator.settings))
    generator.env.globals["feed_links"] = feed_links(catalog, generator.settings)
    generator.env.globals["FEED_FILES"] = FILES
    # Lists of places and topics in feeds and e-mail, in the reader's order: `provinces|reading_order(lang)`.
    generator.env.filters["reading_order"] = in_reading_order


def get_generators(pelican):
    return FeedsGenerator
