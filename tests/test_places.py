import re
import sys
from collections import Counter
from pathlib import Path


import pytest  # noqa: E402

from khaosan.places import ATTRIBUTION, load_places, shapes


@pytest.fixture(scope="module")
def places():
    return load_places()


def test_load_is_cached(places):
    assert load_places() is places


def test_counts(places):
    assert len(places.provinces) == 77
    assert Counter(p.region for p in places.provinces) == {"north": 17, "northeast": 20, "central": 26, "south": 14}
    assert [r.slug for r in places.regions] == ["north", "northeast", "central", "south"]
    assert sum(len(r.provinces) for r in places.regions) == 77


def test_health_regions_partition_provinces(places):
    assert [h.number for h in places.health_regions] == list(range(1, 14))
    members = [s for h in places.health_regions for s in h.provinces]
    assert sorted(members) == sorted(p.slug for p in places.provinces)  # each exactly once
    assert places.health_region(8).name("th") == "เขตสุขภาพที่ 8"
    assert places.health_region("8").name("en") == "Health Region 8"


def test_known_facts(places):
    mukdahan = places.province("mukdahan")
    assert mukdahan.region == "northeast" and mukdahan.health_region == 10
    assert places.province("bueng-kan").health_region == 8
    assert places.province("bangkok").health_region == 13
    assert places.provinces_in_health_region(13) == (places.province("bangkok"),)
    np_ = places.province("nakhon-phanom")
    assert np_.iso_code == "TH-48" and np_.code == "48"
    assert np_.name("th") == "นครพนม" and np_.name("en") == "Nakhon Phanom"
    assert np_ in places.provinces_in_region("northeast")
    assert places.region_of(np_).short_name("th") == "ภาคอีสาน"
    assert places.region("northeast").name("th") == "ภาคตะวันออกเฉียงเหนือ (อีสาน)"
    assert places.region("central").name("en") == "Central"
    assert "bangkok" in places.region("central").provinces


def test_slugs_unique_ascii(places):
    slugs = [p.slug for p in places.provinces]
    assert len(set(slugs)) == 77
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)
    for s in ("nakhon-phanom", "si-sa-ket", "buri-ram", "bangkok"):
        assert places.province(s).slug == s


def test_order_is_region_then_english_name(places):
    order = {"north": 0, "northeast": 1, "central": 2, "south": 3}
    keys = [(order[p.region], p.name_en) for p in places.provinces]
    assert keys == sorted(keys)


@pytest.mark.parametrize("text, slug", [
    ("nakhon-phanom", "nakhon-phanom"),
    ("นครพนม", "nakhon-phanom"),
    ("จ.นครพนม", "nakhon-phanom"),
    ("จ. นครพนม", "nakhon-phanom"),
    ("จังหวัดนครพนม", "nakhon-phanom"),
    ("  จังหวัด นครพนม ", "nakhon-phanom"),
    ("Nakhon Phanom", "nakhon-phanom"),
    ("NAKHON PHANOM", "nakhon-phanom"),
    ("nakhonphanom", "nakhon-phanom"),
    ("TH-48", "nakhon-phanom"),
    ("th-48", "nakhon-phanom"),
    ("Buri Ram", "buri-ram"),
    ("Buriram", "buri-ram"),
    ("บุรีรัมย์", "buri-ram"),
    ("Bangkok", "bangkok"),
    ("Krung Thep Maha Nakhon", "bangkok"),
    ("กรุงเทพมหานคร", "bangkok"),
    ("กรุงเทพฯ", "bangkok"),
    ("TH-10", "bangkok"),
    ("Phangnga", "phangnga"),
    ("Phang Nga", "phangnga"),
    ("Phang-Nga", "phangnga"),
    ("Lop Buri", "lop-buri"),
    ("Lopburi", "lop-buri"),
    ("Chonburi", "chon-buri"),
    ("Prachinburi", "prachin-buri"),
    ("Sisaket", "si-sa-ket"),
    ("si sa ket", "si-sa-ket"),
    ("ศรีสะเกษ", "si-sa-ket"),
    ("Nong Bua Lamphu", "nong-bua-lam-phu"),
    ("Nong Bua Lam Phu", "nong-bua-lam-phu"),
    ("Mukdahan", "mukdahan"),
    ("จ.มุกดาหาร", "mukdahan"),
    ("Ayutthaya", "phra-nakhon-si-ayutthaya"),
    ("บึงกาฬ", "bueng-kan"),
    ("อำนาจเจริญ", "amnat-charoen"),
    ("\u0e2d\u0e4d\u0e32\u0e19\u0e32\u0e08\u0e40\u0e08\u0e23\u0e34\u0e0d", "amnat-charoen"),  # sara am typed as two marks
])
def test_resolve(places, text, slug):
    assert places.resolve(text) is places.province(slug)


def test_resolve_every_listed_form(places):
    for p in places.provinces:
        for form in places.forms(p):
            assert places.resolve(form) is p, form


@pytest.mark.parametrize("text", ["", "   ", "นครพนมม", "Nakhon Phanon", "TH-99", "48", "จ.", None])
def test_resolve_unknown(places, text):
    assert places.resolve(text) is None


@pytest.mark.parametrize("text, slug", [
    ("นครพนมม", "nakhon-phanom"),
    ("จ.นครพนมม", "nakhon-phanom"),
    ("Nakhon Phanon", "nakhon-phanom"),
    ("Burirum", "buri-ram"),
    ("มุกดาหร", "mukdahan"),
])
def test_suggest(places, text, slug):
    got = places.suggest(text)
    assert got and got[0] is places.province(slug)
    assert len(got) <= 3 and len(set(got)) == len(got)


def test_suggest_nothing_close(places):
    assert places.suggest("xyzzy") == []
    assert places.suggest("") == []


def test_shapes_cover_every_province(places):
    s = shapes()
    assert set(s["provinces"]) == {p.iso_code for p in places.provinces}
    _, _, w, h = (float(v) for v in s["viewBox"].split())
    assert 290 <= w <= 310 and h > w
    for iso, shape in s["provinces"].items():
        assert shape["d"].startswith("M") and shape["d"].endswith("Z"), iso
        x, y = shape["label"]
        assert 0 <= x <= w and 0 <= y <= h, iso
    assert "OCHA" in s["attribution"] and "CC BY-IGO" in s["attribution"]
    shapes()["provinces"].clear()  # a caller's edits must not leak
    assert len(shapes()["provinces"]) == 77


def test_shapes_file_is_small():
    from khaosan.places.table import SHAPES_JSON
    assert SHAPES_JSON.stat().st_size < 60_000


def test_attribution():
    text = " ".join(credit["en"] for credit in ATTRIBUTION.values())
    assert all(set(credit) == {"th", "en"} for credit in ATTRIBUTION.values())
    for needle in ("OCHA", "CC BY-IGO", "Kongvut", "MIT", "Ministry of Public Health"):
        assert needle in text


def test_pelican_plugin_sets_context_once(places):
    from khaosan import places as plugin

    class Gen:
        context = {}

    g = Gen()
    plugin.add_to_context(g)
    assert g.context["PLACES"] is places
    g.context["PLACES"] = "mine"
    plugin.add_to_context(g)
    assert g.context["PLACES"] == "mine"
