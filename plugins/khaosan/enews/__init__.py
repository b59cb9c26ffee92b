"""E-news editions (จดหมายข่าว) from content/enews/*.md.

An edition is an intro and a period (and optional regions, provinces, topics and featured items); its
items are gathered from the site index. Each edition gets its page (/enews/SLUG/), an e-mail version
(/enews/SLUG/email.html: fixed-width tables and inline CSS for mail programs, absolute URLs), a plain-text
version (email.txt) and both in one message ready to send (edition.eml, see mail.py and send.py); the editions are listed at /enews/ and have their own feed (/enews/feed.xml).
"""
from __future__ import annotations

import logging
import os

from pelican.contents import Page
from pelican.generators import Generator

from khaosan import feeds
from khaosan import thai_text
from khaosan import url_scheme
from khaosan.content_model import BUILD_KEY, topics_of
from khaosan.feeds.absolute import absolute_url, absolutize
from khaosan.feeds.catalog import build_catalog
from khaosan.feeds.items import categories_of, cover_of, feed_date, make_item
from khaosan.feeds.settings import site_address
from khaosan.pages import PageWriter, item_inputs, list_key, section_urls, twin_inputs
from khaosan.places import load_places

from .digest import gather
from .mail import edition_message, email_fragment

logger = logging.getLogger(__name__)


class Edition(Page):
    """An e-news edition: Pelican builds its URL from EDITION_URL / EDITION_LANG_URL (url_scheme)."""
    default_template = "edition"


class EnewsGenerator(Generator):
    def generate_context(self):
        self.editions = []
        build = self.settings.get(BUILD_KEY)
        if build is None:
            return
        for entry in build.index.of_kind("enews"):
            edition = self.readers.read_file(base_path=self.path, path=entry.relpath, content_class=Edition,
                                             context=self.context)
            # Recorded as a source, so the static generator does not also copy the .md file.
            self.add_source_path(edition)
            self.editions.append(edition)
        self.editions.sort(key=lambda e: (e.date, e.slug), reverse=True)
        # The home page and /subscribe/ show the latest editions (newest first).
        self.context["enews_editions"] = self.editions

    def generate_output(self, writer):
        site_index = self.context["SITE"]
        places = load_places()
        site = site_address(self.settings)
        # A development build (no absolute SITEURL) links to this computer: its e-mail files say so.
        development = "" if url_scheme.is_production(self.settings) else site
        catalog = build_catalog(places, site_index.entries.topics)
        source = catalog["enews"][0]
        pages = PageWriter(self, writer)
        index_urls = section_urls("enews")
        own_feed = (source.kind, source.key)
        for lang in url_scheme.LANGUAGES:
            editions = [e for e in self.editions if e.lang == lang]
            index = site_index.lang(lang)
            feed_items = []
            for edition in editions:
                digest = gather(edition, index, places)
                twins = {e.lang: e.url for e in self.editions if e.slug == edition.slug}
                inputs = {*twin_inputs(edition), list_key("stories", lang), *item_inputs(digest.all_items())}
                page_abs = absolute_url(site, edition.url)
                intro = absolutize(edition.content, site, page_abs)
                position = editions.index(edition)
                common = dict(edition=edition, digest=digest, intro=intro, site_address=site,
                              intro_text=paragraphs(edition.content), intro_email=email_fragment(intro),
                              enews_feed=source.path(lang),
                              development=development, unsubscribe=self.settings["ENEWS_UNSUBSCRIBE_PLACEHOLDER"],
                              preheader=edition.summary or " ".join(paragraphs(edition.content))[:150],
                              newer=editions[position - 1] if position else None,
                              older=editions[position + 1] if position + 1 < len(editions) else None,
                              other_editions=[e for e in editions if e is not edition])
                for template, file in (("edition", ""), ("edition_email", "email.html")):
                    pages.write(template, edition.url + file, lang, {l: u + file for l, u in twins.items()},
                                {*inputs, list_key("enews", lang)}, section="enews", feed=own_feed, fallbacks=index_urls, **common)
                text = self.render("edition_email.txt", {**common, "lang": lang})
                write_text(os.path.join(self.output_path, edition.url, "email.txt"), text)
                self.write_eml(edition, {**common, "lang": lang})
                digest_html = self.render("partials/edition_digest.html", {**common, "lang": lang})
                feed_items.append(edition_item(edition, digest, digest_html, site, self.settings))
            base = index_urls[lang]
            pages.write("enews_index", base, lang, index_urls, {list_key("enews", lang), *item_inputs(editions)},
                        section="enews", section_index=True, feed=own_feed, editions=editions,
                        enews_feed=source.path(lang))
            feeds.write_feed(self.settings, self.output_path, source, lang, feed_items,
                             feeds.newest_date(self.settings, site_index, lang))
        logger.debug("wrote %d e-news editions", len(self.editions))


    def render(self, template: str, values: dict) -> str:
        return self.env.get_template(template).render({**self.context, **values})

    def write_eml(self, edition, common: dict):
        """edition.eml: the text and HTML versions in one message, the unsubscribe link filled in with
        ENEWS_LIST_UNSUBSCRIBE when the network has one (else the placeholder stays for `make send`)."""
        unsubscribe = self.settings["ENEWS_LIST_UNSUBSCRIBE"]
        values = {**common, "unsubscribe": unsubscribe or common["unsubscribe"]}
        message = edition_message(
            subject=edition.title, text=self.render("edition_email.txt", values),
            html=self.render("edition_email.html", values), lang=edition.lang, date=feed_date(edition.date),
            sender=self.settings["ENEWS_FROM"], list_unsubscribe=unsubscribe, development=common["development"])
        path = os.path.join(self.output_path, edition.url, "edition.eml")
        with open(path, "wb") as fh:
            fh.write(message)


def paragraphs(html: str) -> list[str]:
    """The intro as plain-text paragraphs, for email.txt."""
    parts = html.replace("</p>", "</p>\n\n").split("\n\n")
    return [text for text in (thai_text.plain_text(p) for p in parts) if text]


def write_text(path: str, text: str):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def edition_item(edition, digest, digest_html, site, settings):
    """The edition's entry in the e-news feed: the whole digest as its content."""
    return make_item(edition, "enews", site, settings, digest_html, cover_of(edition, site, settings),
                     categories_of(edition, site, edition.lang, topics_of(settings)))


def get_generators(pelican):
    return EnewsGenerator
