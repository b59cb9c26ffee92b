"""The site's own pages: home, the report and news indexes, 404, sitemap.xml and robots.txt."""
from __future__ import annotations

import logging
import os
from xml.sax.saxutils import escape, quoteattr

from pelican.generators import Generator

from khaosan import url_scheme
from khaosan.kinds import LISTED_KINDS
from khaosan.pages import PageWriter, data_key, in_every_language, item_inputs, list_key, record_of, section_urls
from khaosan.places import ATTRIBUTION, load_places

logger = logging.getLogger(__name__)


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
            by_region = [(region, index.by_region.get(region.slug, [])[:per_region]) for region in places.regions]
            unplaced = [s for s in index.stories if not getattr(s, "provinces", [])][:per_region]
            shown = latest + [item for _, items in by_region for item in items] + unplaced
            pages.write("home", homes[lang], lang, homes, {list_key("stories", lang), data_key("places"), *item_inputs(shown)},
                        latest=latest, by_region=by_region, unplaced=unplaced)
            for kind in LISTED_KINDS:
                bases = section_urls(kind)
                items = {other: site.lang(other).by_kind.get(kind, []) for other in url_scheme.LANGUAGES}
                pages.write_list("list", bases, lang, items, per_page, list_name=kind, section=kind,
                                 section_index=True, feed=("kind", kind), kind=kind)
        pages.write("404", "404.html", url_scheme.DEFAULT_LANG, {})


def expose_helpers(generator):
    generator.env.globals.update(DATA_CREDITS=list(ATTRIBUTION.values()))


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
