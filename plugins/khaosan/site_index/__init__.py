"""One index of the built items per language, made once per build after Pelican has read the content.

Home, indexes, place pages, partner pages, topic pages and feeds all list items from here; none of them
scans every post.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from pelican.generators import ArticlesGenerator, PagesGenerator

from khaosan import url_scheme
from khaosan.content_model.reader import BUILD_KEY
from khaosan.partners.view import PartnerView

logger = logging.getLogger(__name__)

SITE_KEY = "SITE"


@dataclass
class LangIndex:
    """The items of one language, newest first, and the same items grouped by what they are about."""
    stories: list = field(default_factory=list)
    by_kind: dict = field(default_factory=lambda: defaultdict(list))
    by_province: dict = field(default_factory=lambda: defaultdict(list))
    by_region: dict = field(default_factory=lambda: defaultdict(list))
    by_health_region: dict = field(default_factory=lambda: defaultdict(list))
    by_partner: dict = field(default_factory=lambda: defaultdict(list))
    by_topic: dict = field(default_factory=lambda: defaultdict(list))
    pages: list = field(default_factory=list)
    # Every partner (partners.view.PartnerView) by name; one without this language appears in its other one.
    partners: list = field(default_factory=list)
    # Where each story stands in its kind's list (by id): its older and newer neighbours without a scan.
    place_in_kind: dict = field(default_factory=dict)


@dataclass
class SiteIndex:
    langs: dict
    entries: object  # content_model's ContentIndex: partners and editions by slug
    partner_pages: dict = field(default_factory=dict)  # (lang, slug) -> the partner's Pelican content object
    partner_views: dict = field(default_factory=dict)  # (lang, slug) -> what pages show of it (PartnerView)
    # Values other plugins derive from this index once per build (plugins/figures), by the deriving module's name.
    derived: dict = field(default_factory=dict)

    def lang(self, lang: str) -> LangIndex:
        return self.langs[lang]

    def partner(self, slug: str, lang: str):
        """What a page in `lang` shows of a partner: its profile in `lang`, or in the other when it has only one."""
        return self.partner_views.get((lang, slug)) or next(
            (self.partner_views[(other, slug)] for other in url_scheme.LANGUAGES if (other, slug) in self.partner_views), None)


def build(articles, pages, entries, partners=()) -> SiteIndex:
    langs = {lang: LangIndex() for lang in url_scheme.LANGUAGES}
    for item in sorted(articles, key=lambda a: (a.date, a.slug), reverse=True):
        index = langs[item.lang]
        index.stories.append(item)
        index.place_in_kind[id(item)] = len(index.by_kind[item.kind])
        index.by_kind[item.kind].append(item)
        regions, health_regions = [], []
        for province in getattr(item, "provinces", []):
            index.by_province[province.slug].append(item)
            if province.region not in regions:
                regions.append(province.region)
            if province.health_region not in health_regions:
                health_regions.append(province.health_region)
        for region in regions:
            index.by_region[region].append(item)
        for number in health_regions:
            index.by_health_region[number].append(item)
        for slug in getattr(item, "partners", []):
            index.by_partner[slug].append(item)
        for slug in getattr(item, "topics", []):
            index.by_topic[slug].append(item)
    for page in sorted(pages, key=lambda p: p.slug):
        langs[page.lang].pages.append(page)
    site = SiteIndex(langs, entries, {(p.lang, p.slug): p for p in partners},
                     {(p.lang, p.slug): PartnerView.of(p) for p in partners})
    slugs = sorted({p.slug for p in partners})
    for lang, index in langs.items():
        index.partners = sorted((site.partner(slug, lang) for slug in slugs), key=lambda p: (p.sort_key, p.slug))
    return site


def freeze_urls(contents):
    """Fix each item's url and save_as now that all content is read. Pelican recomputes them from a copy of
    the metadata on every access, and lists, feeds and place pages ask thousands of times per build."""
    for content in contents:
        content.override_url = content.url
        content.override_save_as = content.save_as


def make_index(generators):
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next(g for g in generators if isinstance(g, PagesGenerator))
    articles = articles_gen.articles + articles_gen.translations
    pages = pages_gen.pages + pages_gen.translations
    build_state = articles_gen.settings.get(BUILD_KEY)
    partners = [p for g in generators for p in getattr(g, "partner_objects", [])]
    freeze_urls(articles + pages + partners)
    site = build(articles, pages, build_state.index if build_state else None, partners)
    # The context is shared by every generator and template of this build.
    articles_gen.context[SITE_KEY] = site
    logger.debug("indexed %d items", len(articles))
