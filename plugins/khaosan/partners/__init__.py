"""Partner profiles (content/partners/*.md): a page per partner in each language and the directory /partners/.

The profiles are read as Pelican content objects through khaosan's reader (the front matter comes checked
from the content index). site_index then exposes them to every page as SITE.partner_page(slug, lang) and
SITE.lang(lang).partners; partner pages list the reports and news that name them from SITE.lang(lang).by_partner.
"""
from __future__ import annotations

import logging
import re

from pelican.contents import Page
from pelican.generators import Generator

from khaosan import url_scheme
from khaosan.places import load_places
from khaosan.site_pages import page_plan

from .directory import build_directory, thai_sort_key

logger = logging.getLogger(__name__)

KIND = "partners"


def public_contact(contact):
    """A person's contact details, only when the profile marks them `public: true`; otherwise None."""
    if isinstance(contact, dict) and contact.get("public") is True:
        return {k: v for k, v in contact.items() if k != "public"}
    return None


def web_address(url: str) -> str:
    """https://www.example.org/ -> www.example.org: the address as people say it."""
    return re.sub(r"^https?://", "", url or "").rstrip("/")


THAI_LETTERS = re.compile(r"[\u0e01-\u0e5b]")


def text_lang(text: str, fallback: str) -> str:
    """The language of a short text such as a name: Thai when it is written in Thai letters (an English
    profile may give its Thai abbreviation, สสส.), otherwise `fallback`, the language of its profile."""
    return "th" if THAI_LETTERS.search(text or "") else fallback


def tel_href(phone: str) -> str:
    """The number a phone dials: the first number in the text, digits and a leading + only."""
    first = re.split(r"[,;/]|\s(?:ต่อ|ext\.?|x)\s", phone or "", maxsplit=1)[0]
    return re.sub(r"(?!^\+)[^\d]", "", first.strip())


def write_page(writer, url: str, template, context: dict, **variables):
    """Write PATH/index.html for `url` with the page's variables (base.html derives `url` from the file)."""
    writer.write_file(url_scheme.save_as(url), template, context, **variables)


class Partner(Page):
    """A partner profile; Pelican takes its URL from PARTNER_URL / PARTNER_LANG_URL (set by url_scheme)."""
    default_template = "partner"


class PartnersGenerator(Generator):
    """Reads every profile once, then writes each partner's page and the directory in both languages."""

    def generate_context(self):
        build = self.settings.get("KHAOSAN_BUILD")
        entries = build.index.of_kind(KIND) if build else []
        partners = []
        for entry in entries:
            partner = self.readers.read_file(base_path=self.path, path=entry.relpath, content_class=Partner,
                                             context=self.context)
            partner.sort_key = thai_sort_key(partner.title)
            # Registered as read content, so the static generator does not also copy the .md file.
            self.add_source_path(partner)
            partners.append(partner)
        by_slug = {}
        for partner in partners:
            by_slug.setdefault(partner.slug, []).append(partner)
        for partner in partners:
            partner.translations = [other for other in by_slug[partner.slug] if other is not partner]
        # site_index collects `partner_objects` from every generator when all of them have read their content.
        self.partner_objects = sorted(partners, key=lambda p: (p.slug, p.lang))
        logger.debug("read %d partner profiles", len(partners))

    def generate_output(self, writer):
        site = self.context["SITE"]
        places = load_places()
        per_page = self.settings["ITEMS_PER_PAGE"]
        for partner in self.partner_objects:
            # A partner named in hundreds of reports gets pages of them, like the other lists.
            bases = {version.lang: version.url for version in [partner, *partner.translations]}
            stories = {lang: site.lang(lang).by_partner.get(partner.slug, []) for lang in bases}
            for url, chunk, pagination, alt_urls in page_plan(stories, bases, partner.lang, per_page):
                write_page(
                    writer, url, self.get_template(partner.template), self.context, lang=partner.lang,
                    partner=partner, stories=chunk, story_count=len(stories[partner.lang]),
                    pagination=pagination, alt_urls=alt_urls,
                    fallback_urls={**{lang: url_scheme.section(KIND, lang) for lang in url_scheme.LANGUAGES}, **bases},
                )
        bases = {lang: url_scheme.section(KIND, lang) for lang in url_scheme.LANGUAGES}
        for lang in url_scheme.LANGUAGES:
            directory = build_directory(site.lang(lang).partners, places, lang)
            write_page(writer, bases[lang], self.get_template("partners"), self.context, lang=lang,
                       alt_urls=bases, directory=directory)


def get_generators(pelican):
    return PartnersGenerator


def add_filters(generator):
    generator.env.filters.update(public_contact=public_contact, web_address=web_address, tel_href=tel_href,
                                 text_lang=text_lang)
