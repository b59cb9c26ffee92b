"""A place's figures, in one module: how many reports, news items and partners a province, region or health
region has, the participants its reports planned and reached, and the spread of their outcome ratings.

Place pages show these numbers now; feeds and the open data read the same functions, so a place's numbers
are the same wherever they appear:

    figures_for_province(site, "th", "nakhon-phanom")
    figures_for_region(site, "en", "northeast")
    figures_for_health_region(site, "th", 10)
    partners_for_province(site, "nakhon-phanom")   # partner slugs, in either language

`site` is the build's site index (`context["SITE"]`, plugins/site_index). Everything is computed in one pass
over the index the first time it is asked for and kept on that index (`site.derived`), so each build counts
once and the next build (the dev server, the tests) starts afresh.

Counting rules:
- stories are counted in the language asked for: the figures of an English page are those of the English
  items it lists;
- an item tagged with several provinces counts once for each province, and once for a region or health
  region however many of its provinces lie there; its participants count in full for each place (a report
  does not say how they divide between provinces);
- participants planned and reached are summed over the reports that give that number;
- partners are the partner profiles that list the place's provinces, in whichever language they exist.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from khaosan.places import load_places

logger = logging.getLogger(__name__)

RATINGS = (4, 3, 2, 1)  # content_model's OUTCOME_RATINGS, best first
PLACE_KINDS = ("province", "region", "health_region")


@dataclass(frozen=True)
class Figures:
    reports: int = 0
    news: int = 0
    partners: int = 0
    participants_planned: int = 0
    participants_actual: int = 0
    # (rating, number of reports with it), best first; every rating is listed, zero or not
    ratings: tuple = tuple((r, 0) for r in RATINGS)
    unrated: int = 0  # reports without an outcome rating

    @property
    def items(self) -> int:
        return self.reports + self.news

    @property
    def activity(self) -> int:
        """Everything published about the place: reports, news and partners (what the maps colour by)."""
        return self.reports + self.news + self.partners

    @property
    def rated(self) -> int:
        return sum(n for _, n in self.ratings)

    @property
    def is_empty(self) -> bool:
        return not (self.reports or self.news or self.partners)

    def rating_count(self, rating: int) -> int:
        return dict(self.ratings).get(int(rating), 0)

    def as_dict(self) -> dict:
        """Plain values for the open data (JSON, CSV) and feeds."""
        return {
            "reports": self.reports,
            "news": self.news,
            "partners": self.partners,
            "participants_planned": self.participants_planned,
            "participants_actual": self.participants_actual,
            "outcome_ratings": {str(r): n for r, n in self.ratings},
            "unrated": self.unrated,
        }


def count(stories, partner_slugs=()) -> Figures:
    """The figures of a list of reports and news items (each counted once) and a set of partners."""
    seen = set()
    reports = news = planned = actual = unrated = 0
    ratings = dict.fromkeys(RATINGS, 0)
    for item in stories:
        if id(item) in seen:
            continue
        seen.add(id(item))
        if item.kind == "news":
            news += 1
            continue
        if item.kind != "reports":
            continue
        reports += 1
        participants = getattr(item, "participants", None) or {}
        planned += participants.get("planned") or 0
        actual += participants.get("actual") or 0
        rating = getattr(item, "outcome_rating", None)
        if rating in ratings:
            ratings[rating] += 1
        else:
            unrated += 1
    return Figures(reports=reports, news=news, partners=len(set(partner_slugs)), participants_planned=planned,
                   participants_actual=actual, ratings=tuple(ratings.items()), unrated=unrated)


@dataclass
class PlaceFigures:
    """Every place's figures for one build; made by `place_figures(site)`."""
    site: object
    partners: dict = field(default_factory=dict)   # (place kind, key) -> sorted partner slugs
    _by_lang: dict = field(default_factory=dict)   # lang -> {(place kind, key): Figures}

    def __post_init__(self):
        places = load_places()
        by_province: dict[str, set] = {p.slug: set() for p in places.provinces}
        entries = getattr(self.site, "entries", None)
        for entry in entries.of_kind("partners") if entries is not None else ():
            for province in entry.meta.get("provinces", ()):
                by_province[province.slug].add(entry.slug)
        for province in places.provinces:
            self.partners[("province", province.slug)] = tuple(sorted(by_province[province.slug]))
        for region in places.regions:
            self.partners[("region", region.slug)] = tuple(sorted(set().union(*(by_province[s] for s in region.provinces))))
        for hr in places.health_regions:
            self.partners[("health_region", hr.number)] = tuple(sorted(set().union(*(by_province[s] for s in hr.provinces))))

    def _lang(self, lang: str) -> dict:
        table = self._by_lang.get(lang)
        if table is None:
            places = load_places()
            index = self.site.lang(lang)
            table = {}
            for province in places.provinces:
                key = ("province", province.slug)
                table[key] = count(index.by_province.get(province.slug, ()), self.partners[key])
            for region in places.regions:
                key = ("region", region.slug)
                table[key] = count(index.by_region.get(region.slug, ()), self.partners[key])
            for hr in places.health_regions:
                key = ("health_region", hr.number)
                table[key] = count(index.by_health_region.get(hr.number, ()), self.partners[key])
            self._by_lang[lang] = table
            logger.debug("figures of %d places counted for %s", len(table), lang)
        return table

    def get(self, lang: str, kind: str, key) -> Figures:
        if kind not in PLACE_KINDS:
            raise ValueError(f"unknown kind of place {kind!r} (expected one of {', '.join(PLACE_KINDS)})")
        key = int(key) if kind == "health_region" else key
        try:
            return self._lang(lang)[(kind, key)]
        except KeyError:
            raise KeyError(f"no {kind.replace('_', ' ')} {key!r}") from None


def place_figures(site) -> PlaceFigures:
    """The figures of every place for this build, computed on first use and kept on the site index."""
    found = site.derived.get(__name__)
    if found is None:
        found = site.derived[__name__] = PlaceFigures(site)
    return found


def figures_for_province(site, lang: str, slug: str) -> Figures:
    return place_figures(site).get(lang, "province", slug)


def figures_for_region(site, lang: str, slug: str) -> Figures:
    return place_figures(site).get(lang, "region", slug)


def figures_for_health_region(site, lang: str, number) -> Figures:
    return place_figures(site).get(lang, "health_region", number)


def partners_for_province(site, slug: str) -> tuple[str, ...]:
    """Slugs of the partner profiles that list the province, alphabetical."""
    return place_figures(site).partners[("province", slug)]


def partners_for_region(site, slug: str) -> tuple[str, ...]:
    return place_figures(site).partners[("region", slug)]


def partners_for_health_region(site, number) -> tuple[str, ...]:
    return place_figures(site).partners[("health_region", int(number))]


def expose(generator):
    # For templates: {{ figures_for_province(SITE, lang, slug).reports }}
    generator.env.globals.update(
        figures_for_province=figures_for_province,
        figures_for_region=figures_for_region,
        figures_for_health_region=figures_for_health_region,
        OUTCOME_SCALE=RATINGS,
    )
