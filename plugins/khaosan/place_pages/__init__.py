"""Pages of places, in both languages: /provinces/ (a choropleth map and a table of all 77 provinces),
/provinces/SLUG/ (paginated), /regions/SLUG/ and /health-regions/N/.

Lists come from the site index (`context["SITE"]`), numbers from plugins/figures, maps from maps.py.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from pelican.generators import Generator

from khaosan import thai_text, url_scheme
from khaosan.figures import place_figures
from khaosan.pages import PageWriter, data_key, in_every_language, item_inputs, list_key
from khaosan.places import load_places

from .maps import Area, Atlas, area_map, bar_chart, breaks, class_of, locator_map, range_classes

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    per_page: int         # reports and news on each page of a province
    latest: int           # latest items on a region or health-region page

    @classmethod
    def read(cls, settings) -> "Settings":
        return cls(per_page=settings["ITEMS_PER_PAGE"], latest=settings["PLACE_LATEST_ITEMS"])


def alphabetical(provinces, lang: str) -> list:
    """Provinces in the reader's alphabetical order (Thai dictionary order on Thai pages)."""
    return thai_text.in_reading_order(provinces, lang)


def place_urls(section: str, key) -> dict[str, str]:
    return in_every_language(lambda lang: url_scheme.item(section, key, lang))


class PlacePagesGenerator(Generator):
    def generate_context(self):
        self.atlas = Atlas()  # parsed once per build, drawn on every place page

    def generate_output(self, writer):
        site = self.context["SITE"]
        config = Settings.read(self.settings)
        places = load_places()
        figures = place_figures(site)
        templates = {name: self.get_template(name) for name in ("places", "province", "place")}
        written = 0
        for lang in url_scheme.LANGUAGES:
            page = PlacePages(self, writer, templates, site, figures, places, config, lang)
            written += page.write_all()
        logger.debug("wrote %d place pages", written)


class PlacePages:
    """The place pages of one language."""

    def __init__(self, generator, writer, templates, site, figures, places, config, lang):
        self.generator, self.pages, self.templates = generator, PageWriter(generator, writer), templates
        self.site, self.figures, self.places, self.config, self.lang = site, figures, places, config, lang
        self.atlas: Atlas = generator.atlas
        self.index = site.lang(lang)
        # The maps colour by all activity (reports, news, partners): a province with only news is not blank.
        counts = [figures.get(lang, "province", p.slug).activity for p in places.provinces]
        self.ranges = breaks(counts)
        self.written = 0

    # -- helpers -----------------------------------------------------------------------------------------
    def write(self, url, template, twins, inputs, **variables):
        self.pages.write(template, url, self.lang, twins, {data_key("places"), *inputs}, legend=self.legend(),
                         **variables)
        self.written += 1

    def every_province(self) -> set[str]:
        """A map or table of provinces shows every province's figures: every item of this language."""
        return {list_key("stories", self.lang)}

    def legend(self):
        return [{"css_class": css_class, "low": low, "high": high}
                for css_class, (low, high) in zip(range_classes(self.ranges), self.ranges)]

    def province_row(self, province):
        figures = self.figures.get(self.lang, "province", province.slug)
        return {"province": province, "name": province.name(self.lang),
                "url": url_scheme.item("provinces", province.slug, self.lang),
                "figures": figures, "css_class": class_of(figures.activity, self.ranges),
                "health_region_url": url_scheme.item("health-regions", province.health_region, self.lang),
                "region_url": url_scheme.item("regions", province.region, self.lang)}

    @staticmethod
    def area(row) -> Area:
        province = row["province"]
        return Area(province.iso_code, row["css_class"], row["url"], row["name"], row["figures"])

    def partners(self, slugs):
        """The partners (PartnerView) in this language (or their only one), by name."""
        return sorted((self.site.partner(slug, self.lang) for slug in slugs), key=lambda p: p.name)

    # -- pages -------------------------------------------------------------------------------------------
    def write_all(self) -> int:
        self.write_index()
        for province in self.places.provinces:
            self.write_province(province)
        for region in self.places.regions:
            provinces = self.places.provinces_in_region(region.slug)
            self.write_place("region", region, "regions", region.slug, provinces)
        for hr in self.places.health_regions:
            provinces = self.places.provinces_in_health_region(hr.number)
            self.write_place("health_region", hr, "health-regions", hr.number, provinces)
        return self.written

    def write_index(self):
        rows = [self.province_row(p) for p in alphabetical(self.places.provinces, self.lang)]
        svg = area_map(self.atlas, [self.area(r) for r in rows])
        groups = [(region, [r for r in rows if r["province"].region == region.slug],
                   self.figures.get(self.lang, "region", region.slug),
                   url_scheme.item("regions", region.slug, self.lang)) for region in self.places.regions]
        health_regions = [(hr, url_scheme.item("health-regions", hr.number, self.lang),
                           self.figures.get(self.lang, "health_region", hr.number)) for hr in self.places.health_regions]
        urls = in_every_language(lambda lang: url_scheme.section("provinces", lang))
        self.write(urls[self.lang], self.templates["places"], urls, self.every_province(),
                   section="provinces", section_index=True, map=svg, groups=groups, health_regions=health_regions)

    def write_province(self, province):
        per_page = self.config.per_page
        bases = place_urls("provinces", province.slug)
        region = self.places.region_of(province)
        health_region = self.places.health_region_of(province)
        other = next(l for l in url_scheme.LANGUAGES if l != self.lang)
        common = dict(
            province=province, region=region, health_region=health_region,
            other_lang=other, other_name=province.name(other),
            region_url=url_scheme.item("regions", region.slug, self.lang),
            health_region_url=url_scheme.item("health-regions", health_region.number, self.lang),
            figures=self.figures.get(self.lang, "province", province.slug),
        )
        items_by_lang = {l: self.site.lang(l).by_province.get(province.slug, []) for l in url_scheme.LANGUAGES}
        partner_slugs = self.figures.partners[("province", province.slug)]
        first_page = {
            "locator": locator_map(self.atlas, province.iso_code,
                                   [self.places.province(s).iso_code for s in region.provinces]),
            "partners": self.partners(partner_slugs),
        }
        self.written += self.pages.write_list(
            self.templates["province"], bases, self.lang, items_by_lang, per_page,
            {data_key("places"), list_key("partners", self.lang), *self.every_province(),
             *(list_key(f"partner/{slug}", self.lang) for slug in partner_slugs)},
            list_name=f"province/{province.slug}", section="provinces", feed=("province", province.slug),
            first_page=first_page, legend=self.legend(), **common)

    def write_place(self, kind, place, section, key, provinces):
        rows = [self.province_row(p) for p in alphabetical(provinces, self.lang)]
        figures = self.figures.get(self.lang, kind, key)
        by_kind = self.index.by_region if kind == "region" else self.index.by_health_region
        isos = [p.iso_code for p in provinces]
        svg = area_map(self.atlas, [self.area(r) for r in rows], view=self.atlas.view_of(isos))
        ranked = sorted(rows, key=lambda r: -r["figures"].reports)  # stable: alphabetical among equals
        # No wall of zeros: the chart and the table show the provinces with something; the rest are named once.
        bars, chart_height = bar_chart([(r["name"], r["figures"].reports) for r in ranked if r["figures"].reports])
        urls = place_urls(section, key)
        latest = by_kind.get(key, [])[:self.config.latest]
        self.write(urls[self.lang], self.templates["place"], urls,
                   {*self.every_province(), *item_inputs(latest)},
                   section=section, feed=(kind.replace("_", "-"), str(key)), place=place,
                   rows=[r for r in rows if r["figures"].activity], quiet_rows=[r for r in rows if not r["figures"].activity],
                   province_count=len(rows), figures=figures, map=svg, bars=bars, chart_height=chart_height,
                   latest=latest)


def get_generators(pelican):
    return PlacePagesGenerator
