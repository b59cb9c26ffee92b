"""The site's own pages: home, the report and news indexes, 404, sitemap.xml and robots.txt."""
from __future__ import annotations

import logging
import os
from xml.sax.saxutils import escape, quoteattr

from jinja2 import pass_context
from markupsafe import Markup
from pelican.generators import Generator

from khaosan import url_scheme
from khaosan.kinds import LISTED_KINDS
from khaosan.pages import PageWriter, data_key, in_every_language, item_inputs, list_key, record_of, section_urls
from khaosan.places import ATTRIBUTION, load_places

logger = logging.getLogger(__name__)

CARD_TEMPLATE = "partials/card.html"
# This run's rendered cards (item_card()), in the run's context.
CARDS_KEY = "KHAOSAN_CARDS"


class HomeRegion:
    """A region on the home page: its stories the latest list did not already show, and how many it has."""

    def __init__(self, region, stories, shown, limit):
        self.region = region
        self.total = len(stories)
        self.items = [story for story in stories if id(story) not in shown][:limit]


class SitePagesGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        site = self.context["SITE"]
        places = load_places()
        pages = PageWriter(self, writer)
        per_page = self.settings["ITEMS_PER_PAGE"]
        per_region = self.settings["HOME_ITEMS_PER_REGION"]
        homes = in_every_language(url_scheme.home)
        for lang in url_scheme.LANGUAGES:
            index = site.lang(lang)
            latest = index.stories[:per_page // 2]
            shown = {id(story) for story in latest}
            # Each story once: a region lists what the latest did not show; regions with stories come first,
            # those without are named in one line, not given an empty section each.
            regions = [HomeRegion(region, index.by_region.get(region.slug, []), shown, per_region) for region in places.regions]
            unplaced = [s for s in index.stories if not getattr(s, "provinces", []) and id(s) not in shown][:per_region]
            latest_edition = next((e for e in self.context.get("enews_editions", []) if e.lang == lang), None)
            on_page = latest + [item for r in regions for item in r.items] + unplaced + ([latest_edition] if latest_edition else [])
            pages.write("home", homes[lang], lang, homes,
                        {list_key("stories", lang), list_key("enews", lang), data_key("places"), *item_inputs(on_page)},
                        latest=latest, regions_with_news=[r for r in regions if r.total],
                        regions_without_news=[r.region for r in regions if not r.total], unplaced=unplaced,
                        latest_edition=latest_edition,
                        provinces_by_region=[(region, [p for p in places.provinces if p.region == region.slug]) for region in places.regions],
                        story_counts={kind: len(index.by_kind.get(kind, [])) for kind in LISTED_KINDS})
            for kind in LISTED_KINDS:
                bases = section_urls(kind)
                items = {other: site.lang(other).by_kind.get(kind, []) for other in url_scheme.LANGUAGES}
                pages.write_list("list", bases, lang, items, per_page, list_name=kind, section=kind,
                                 section_index=True, feed=("kind", kind), kind=kind)
        pages.write("404", "404.html", url_scheme.DEFAULT_LANG, {})


def expose_helpers(generator):
    generator.env.globals.update(DATA_CREDITS=ATTRIBUTION, item_card=item_card)
    # Pelican makes one context per run and gives every generator (and every page) that same dict.
    generator.context.setdefault(CARDS_KEY, {})


@pass_context
def item_card(ctx, item, heading: str = "h3") -> Markup:
    """One item's card (partials/card.html) in the page's language. The same item's card is on its
    lists, its places', topics' and partners' pages and its neighbours' pages, about ten a build: it is
    rendered once per language and heading. A card reads nothing of the page but its language and the
    site's address, which are in the key; the item stays referenced, so its id is not taken by another."""
    lang = ctx.get("lang")
    cards = ctx.get(CARDS_KEY)
    key = (id(item), lang, heading, ctx.get("SITEURL"))
    if cards is not None and key in cards:
        return cards[key][1]
    template = ctx.environment.get_template(CARD_TEMPLATE)
    html = Markup(template.render({**ctx.get_all(), "item": item, "card_heading": heading}))
    if cards is not None:
        cards[key] = (item, html)
    return html


def get_generators(pelican):
    return SitePagesGenerator


def sitemap_entries(record) -> list[tuple[str, dict]]:
    """Every page of the build, with its versions in the languages where they exist (none when alone)."""
    entries = []
    for page in record.sitemap():
        twins = {lang: page.twins[lang] for lang in url_scheme.LANGUAGES if lang in page.twins}
        entries.append((page.url, twins if len(twins) > 1 else {}))
    return entries


def write_site_files(pelican):
    output = pelican.output_path
    siteurl = pelican.settings.get("SITEURL", "")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for url, alternates in sitemap_entries(record_of(pelican.settings)):
        lines.append(f"<url><loc>{escape(f'{siteurl}/{url}')}</loc>")
        for lang, alt in alternates.items():
            lines.append(f'<xhtml:link rel="alternate" hreflang="{lang}" href={quoteattr(f"{siteurl}/{alt}")}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    with open(os.path.join(output, "sitemap.xml"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    robots = ["User-agent: *", "Allow: /"]
    if siteurl.startswith("http"):
        # Crawlers only accept an absolute sitemap address; a development build has none.
        robots.append(f"Sitemap: {siteurl}/sitemap.xml")
    with open(os.path.join(output, "robots.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(robots) + "\n")
