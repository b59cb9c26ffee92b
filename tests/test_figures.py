"""plugins/figures: a place's numbers, counted once per build from the site index."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from khaosan import figures
from khaosan import site_index
from khaosan.places import load_places

PLACES = load_places()


def story(slug, kind, provinces, lang="th", date="2023-01-01", participants=None, rating=None):
    import datetime as dt
    item = SimpleNamespace(slug=slug, kind=kind, lang=lang, date=dt.date.fromisoformat(date),
                           provinces=[PLACES.resolve(p) for p in provinces], partners=[], topics=[])
    if participants is not None:
        item.participants = participants
    if rating is not None:
        item.outcome_rating = rating
    return item


@dataclass
class Entries:
    """The part of content_model's ContentIndex that figures reads: partner profiles."""
    partners: list = field(default_factory=list)

    def of_kind(self, kind):
        return self.partners if kind == "partners" else []


def partner(slug, provinces, lang="th"):
    return SimpleNamespace(slug=slug, lang=lang, meta={"provinces": [PLACES.resolve(p) for p in provinces]})


STORIES = [
    story("a", "reports", ["nakhon-phanom", "mukdahan"], participants={"planned": 100, "actual": 80}, rating=3),
    story("b", "reports", ["nakhon-phanom"], participants={"planned": 50}, rating=4),
    story("c", "reports", ["nakhon-phanom"], participants={"actual": 7}),
    story("d", "news", ["nakhon-phanom"]),
    story("e", "reports", ["songkhla"], participants={"planned": 10, "actual": 10}, rating=1),
    story("f", "reports", ["nakhon-phanom"], lang="en", participants={"planned": 5, "actual": 5}, rating=2),
    story("g", "news", []),
]
PARTNERS = [partner("p1", ["nakhon-phanom", "bangkok"]), partner("p1", ["nakhon-phanom"], lang="en"),
            partner("p2", ["mukdahan"]), partner("p3", ["bueng-kan"], lang="en")]


@pytest.fixture
def site():
    return site_index.build(STORIES, [], Entries(PARTNERS))


def test_province_figures_are_sums_over_its_items(site):
    f = figures.figures_for_province(site, "th", "nakhon-phanom")
    assert (f.reports, f.news, f.partners) == (3, 1, 1)
    assert (f.participants_planned, f.participants_actual) == (150, 87)
    assert f.ratings == ((4, 1), (3, 1), (2, 0), (1, 0)) and f.unrated == 1
    assert f.rated == 2 and f.items == 4 and not f.is_empty
    assert f.rating_count(3) == 1


def test_figures_are_per_language(site):
    f = figures.figures_for_province(site, "en", "nakhon-phanom")
    assert (f.reports, f.news, f.participants_planned, f.rating_count(2)) == (1, 0, 5, 1)
    # partners count in every language their profile exists in, once each
    assert f.partners == 1


def test_an_item_in_two_provinces_counts_for_each_and_once_for_their_region(site):
    assert figures.figures_for_province(site, "th", "mukdahan").reports == 1
    assert figures.figures_for_province(site, "th", "mukdahan").participants_actual == 80
    northeast = figures.figures_for_region(site, "th", "northeast")
    assert (northeast.reports, northeast.news) == (3, 1)
    assert northeast.participants_planned == 150 and northeast.partners == 3  # p1, p2, p3 (Bueng Kan)
    hr8 = figures.figures_for_health_region(site, "th", 8)  # Nakhon Phanom, and Bueng Kan's partner
    assert hr8.reports == 3 and hr8.partners == 2
    assert figures.figures_for_health_region(site, "th", "10").reports == 1  # Mukdahan
    assert figures.figures_for_region(site, "th", "south").rating_count(1) == 1


def test_empty_places(site):
    f = figures.figures_for_province(site, "th", "satun")
    assert f.is_empty and f == figures.Figures()
    assert figures.figures_for_region(site, "en", "north").as_dict() == {
        "reports": 0, "news": 0, "partners": 0, "participants_planned": 0, "participants_actual": 0,
        "outcome_ratings": {"4": 0, "3": 0, "2": 0, "1": 0}, "unrated": 0}
    # a partner alone makes a place not empty
    assert not figures.figures_for_province(site, "th", "bangkok").is_empty


def test_partner_slugs_of_places(site):
    assert figures.partners_for_province(site, "nakhon-phanom") == ("p1",)
    assert figures.partners_for_region(site, "northeast") == ("p1", "p2", "p3")
    assert figures.partners_for_health_region(site, 13) == ("p1",)


def test_counted_once_per_build_and_kept_on_that_build(site):
    table = figures.place_figures(site)
    assert figures.place_figures(site) is table
    first = figures.figures_for_province(site, "th", "nakhon-phanom")
    assert figures.figures_for_province(site, "th", "nakhon-phanom") is first
    other = site_index.build(STORIES[:1], [], Entries())
    assert figures.place_figures(other) is not table
    assert figures.figures_for_province(other, "th", "nakhon-phanom").reports == 1


def test_unknown_places_are_errors(site):
    with pytest.raises(KeyError, match="no province"):
        figures.figures_for_province(site, "th", "atlantis")
    with pytest.raises(KeyError):
        figures.figures_for_health_region(site, "th", 14)


def test_count_ignores_repeats_and_other_kinds():
    item = story("x", "reports", ["satun"], participants={"planned": 3, "actual": 2}, rating=4)
    page = SimpleNamespace(kind="pages")
    f = figures.count([item, item, page], partner_slugs=["a", "a", "b"])
    assert (f.reports, f.participants_planned, f.partners, f.rating_count(4)) == (1, 3, 2, 1)
