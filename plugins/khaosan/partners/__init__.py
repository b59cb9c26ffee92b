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
from khaosan.content_model import BUILD_KEY
from khaosan.pages import PageWriter, data_key, item_inputs, list_key, section_urls, twin_inputs
from khaosan.places import load_places

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


def tel_href(phone: str) -> str:
    """The number a phone dials: the first number in the text, digits and a leading + only."""
    first = re.split(r"[,;/]|\s(?:ต่อ|ext\.?|x)\s", phone or "", maxsplit=1)[0]
    return re.sub(r"(?!^\+)[^\d]", "", first.strip())


class Partner(Page):
    """A partner profile; Pelican takes its URL from PARTNER_URL / PARTNER_LANG_URL (set by url_scheme)."""
    default_template = "partner"


class PartnersGenerator(Generator):
    """Reads every profile once, then writes each partner's page and the directory in both languages."""

    def generate_context(self):
        build = self.settings.get(BUILD_KEY)
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
        pages = PageWriter(self, writer)
        per_page = self.settings["ITEMS_PER_PAGE"]
        directory_urls = section_urls(KIND)
        for partner in self.partner_objects:
            # A partner named in hundreds of reports gets pages of them, like the other lists.
            bases = {version.lang: version.url for version in [partner, *partner.translations]}
            stories = {lang: site.lang(lang).by_partner.get(partner.slug, []) for lang in bases}
            pages.write_list(partner.template, bases, partner.lang, stories, per_page, twin_inputs(partner),
                             list_name=f"partner/{partner.slug}", section=KIND,
                             fallbacks={**directory_urls, **bases},
                             items_name="stories", partner=partner, story_count=len(stories[partner.lang]))
        for lang in url_scheme.LANGUAGES:
            listed = site.lang(lang).partners
            directory = build_directory(listed, places, lang, site.entries.topics)
            pages.write("partners", directory_urls[lang], lang, directory_urls,
                        {list_key(KIND, lang), data_key("places"), *item_inputs(listed)},
                        section=KIND, section_index=True, directory=directory)


def get_generators(pelican):
    return PartnersGenerator


def add_filters(generator):
    generator.env.filters.update(public_contact=public_contact, web_address=web_address, tel_href=tel_href)
