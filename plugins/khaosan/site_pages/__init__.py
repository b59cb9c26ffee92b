"""The site's own pages: home, the report and news indexes, 404, sitemap.xml and robots.txt."""
from __future__ import annotations

import logging
import os
from xml.sax.saxutils import escape, quoteattr

from pelican.generators import Generator

from khaosan import url_scheme
from khaosan.places import ATTRIBUTION, load_places

logger = logging.getLogger(__name__)

LISTED_KINDS = ("reports", "news")


def paginate(items: list, per_page: int) -> list[list]:
    return [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def page_plan(items_by_lang: dict, base_by_lang: dict, lang: str, per_page: int):
    """Each page of `lang`'s list as (url, items, pagination, alt_urls). A page's alternates are the same
    page number in the languages whose lists are that long; the language switch falls back to page 1."""
    pages = paginate(items_by_lang.get(lang, []), per_page)
    counts = {other: len(paginate(items_by_lang.get(other, []), per_page)) for other in base_by_lang}
    for number, chunk in enumerate(pages, start=1):
        base = base_by_lang[lang]
        pagination = {
            "number": number,
            "count": len(pages),
            "previous": page_url(base, number - 1) if number > 1 else None,
            "next": page_url(base, number + 1) if number < len(pages) else None,
        }
        alt_urls = {other: page_url(other_base, number) for other, other_base in base_by_lang.items()
                    if number <= counts[other]}
        yield page_url(base, number), chunk, pagination, alt_urls


def write_paginated(writer, context, template, base_by_lang: dict, lang: str, items_by_lang: dict, per_page: int, **extra):
    """Write a list as pages of `per_page`, each PATH/index.html, with links to its neighbours."""
    for url, chunk, pagination, alt_urls in page_plan(items_by_lang, base_by_lang, lang, per_page):
        writer.write_file(url_scheme.save_as(url), template, context, lang=lang, items=chunk,
                          pagination=pagination, alt_urls=alt_urls, fallback_urls=base_by_lang, **extra)


class SitePagesGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        site = self.context["SITE"]
        places = load_places()
        per_page = self.settings["ITEMS_PER_PAGE"]
        per_region = self.settings["HOME_ITEMS_PER_REGION"]
        for lang in url_scheme.LANGUAGES:
            index = site.lang(lang)
            home = url_scheme.home(lang)
            by_region = [(region, index.by_region.get(region.slug, [])[:per_region]) for region in places.regions]
            writer.write_file(
                url_scheme.save_as(home), self.get_template("home"), self.context, lang=lang,
                alt_urls={other: url_scheme.home(other) for other in url_scheme.LANGUAGES},
                latest=index.stories[:per_page // 2], by_region=by_region,
                unplaced=[s for s in index.stories if not getattr(s, "provinces", [])][:per_region],
            )
            for kind in LISTED_KINDS:
                bases = {other: url_scheme.section(kind, other) for other in url_scheme.LANGUAGES}
                items = {other: site.lang(other).by_kind.get(kind, []) for other in url_scheme.LANGUAGES}
                write_paginated(writer, self.context, self.get_template("list"), bases, lang, items, per_page, kind=kind)
        writer.write_file("404.html", self.get_template("404"), self.context, lang=url_scheme.DEFAULT_LANG,
                          alt_urls={})


def section_urls(section_name: str) -> dict[str, str]:
    return {lang: url_scheme.section(section_name, lang) for lang in url_scheme.LANGUAGES}


def expose_helpers(generator):
    generator.env.globals.update(section_urls=section_urls, DATA_CREDITS=list(ATTRIBUTION.values()))


def get_generators(pelican):
    return SitePagesGenerator


def sitemap_entries(output_path: str) -> list[tuple[str, dict]]:
    """Every page in the finished build, with its counterpart in the other language where it exists."""
    pages = []
    for dirpath, dirnames, filenames in os.walk(output_path):
        dirnames.sort()
        if "index.html" in filenames:
            rel = os.path.relpath(dirpath, output_path).replace(os.sep, "/")
            pages.append("" if rel == "." else rel + "/")
    present = set(pages)
    entries = []
    for url in sorted(pages):
        lang = next((l for l in url_scheme.LANGUAGES if l != url_scheme.DEFAULT_LANG and url.startswith(url_scheme.prefix(l))),
                    url_scheme.DEFAULT_LANG)
        neutral = url[len(url_scheme.prefix(lang)):]
        alternates = {l: url_scheme.prefix(l) + neutral for l in url_scheme.LANGUAGES if url_scheme.prefix(l) + neutral in present}
        entries.append((url, alternates if len(alternates) > 1 else {}))
    return entries


def write_site_files(pelican):
    output = pelican.output_path
    siteurl = pelican.settings.get("SITEURL", "")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for url, alternates in sitemap_entries(output):
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
