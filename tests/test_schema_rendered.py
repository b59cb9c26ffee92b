"""Every field of the schema is shown on its item's page, or declared data-only (schema.DATA_ONLY) with why.

One site holds an item of every kind with every field set to a value that can be found again in the page
(a marker in text, a name from a table, a date as the page writes it); a field added to the schema but
never rendered, or rendered no more, fails here.
"""
from __future__ import annotations

import datetime as dt
import html

import pytest

from khaosan import bilingual
from khaosan.content_model.schema import DATA_ONLY, KINDS
from khaosan.content_model.topic_table import load_topics
from khaosan.content_model.vocabularies import OUTCOME_RATINGS, PARTNER_TYPES
from khaosan.places import load_places
from sitebuilder import ROOT, build_in_process, front_matter, tiny_jpeg, write_content

TOPICS = load_topics(str(ROOT / "content"))

PROVINCE, REGION, TOPIC, PARTNER_TYPE = "nakhon-phanom", "northeast", "food-security", "academic"
COMMON = dict(date="2023-05-05", modified="2023-06-07", provinces=[PROVINCE], topics=[TOPIC],
              summary="MARK-summary", cover="images/pic.jpg", cover_alt="MARK-cover-alt",
              photos=[{"src": "images/photo.jpg", "alt": "MARK-photo-alt"}], author="MARK-author",
              location="MARK-location", status="published")
ITEMS = {
    "reports": dict(title="MARK-report-title", slug="every-field", **COMMON, partners=["every-partner"],
                    source={"name": "MARK-source-name", "url": "https://source.example/report"},
                    objectives=["MARK-objective"], participants={"planned": 1234, "actual": 987},
                    outcome_rating=3, problems="MARK-problems", recommendations="MARK-recommendations",
                    followup_contact={"name": "MARK-followup", "public": True}),  # PDPA: shown only with public: true
    "news": dict(title="MARK-news-title", slug="every-field", **COMMON, partners=["every-partner"],
                 source={"name": "MARK-news-source", "url": "https://source.example/news"}),
    "partners": dict(title="MARK-partner-title", slug="every-partner", short_name="MARK-short",
                     type=PARTNER_TYPE, **COMMON,
                     website="https://partner.example/", facebook="https://facebook.com/markpartner",
                     line="@MARK-line", email="office@partner.example", phone="MARK-phone 042 000 000",
                     address="MARK-address", logo="images/logo.jpg",
                     contact={"name": "MARK-contact-name", "role": "MARK-contact-role",
                              "email": "person@partner.example", "phone": "MARK-contact-phone", "public": True}),
    "enews": dict(title="MARK-edition-title", slug="every-edition",
                  **{k: v for k, v in COMMON.items() if k != "location"}, period="2023-05",
                  regions=[REGION], featured=["every-field"]),
    "pages": dict(title="MARK-page-title", slug="every-page", summary="MARK-page-summary", date="2023-05-05",
                  modified="2023-06-07", cover="images/pic.jpg", cover_alt="MARK-page-cover-alt", menu="MARK-menu",
                  status="published"),
}
PAGE_OF = {"reports": "reports/every-field/", "news": "news/every-field/", "partners": "partners/every-partner/",
           "enews": "enews/every-edition/", "pages": "every-page/"}


def traces(kind: str, name: str, value) -> list[str]:
    """What of `value` the Thai page of the item shows (any one of them is enough)."""
    places = load_places()
    if name in ("date", "modified"):
        day = dt.date.fromisoformat(value)
        return [bilingual.local_date(day, "th"), day.isoformat()]
    if name == "provinces":
        return [places.province(value[0]).name("th")]
    if name == "regions":
        return [places.region(value[0]).name("th")]
    if name == "topics":
        return [TOPICS[value[0]].name("th")]
    if name == "partners":
        return [ITEMS["partners"]["title"]]
    if name == "featured":
        return [ITEMS["reports"]["title"]]
    if name == "type":
        return [PARTNER_TYPES[value].name("th")]
    if name == "outcome_rating":
        return [OUTCOME_RATINGS[value].name("th")]
    if name == "participants":
        return [bilingual.number(value["actual"])]
    if name == "photos":
        return [value[0]["alt"]]
    if name == "period":
        return [bilingual.local_date(dt.date(2023, 5, 1), "th")]
    if name in ("source", "contact", "followup_contact"):
        return [value["name"]]
    if isinstance(value, list):
        return [value[0]]
    return [str(value)]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("every_field")
    files = {f"{kind}/{fields['slug']}.th.md": front_matter(**fields) + "\nMARK-body\n" for kind, fields in ITEMS.items()}
    files.update({"images/pic.jpg": tiny_jpeg(), "images/photo.jpg": tiny_jpeg(), "images/logo.jpg": tiny_jpeg()})
    write_content(root / "content", files)
    built = build_in_process(root / "content", root / "output")
    return built.output


def test_the_fixture_sets_every_field_of_every_kind():
    for kind, schema in KINDS.items():
        assert set(ITEMS[kind]) | {"lang"} == set(schema.fields), kind


@pytest.mark.parametrize("kind, name", [(k, n) for k, schema in KINDS.items() for n in schema.fields])
def test_every_field_is_rendered_or_declared_data_only(site, kind, name):
    if name in DATA_ONLY.get(kind, {}):
        return
    page = html.unescape((site / PAGE_OF[kind] / "index.html").read_text(encoding="utf-8"))
    value = ITEMS[kind].get(name)
    assert value is not None, f"{kind}.{name} has no value in the fixture"
    found = traces(kind, name, value)
    assert any(trace in page for trace in found), (
        f"content/{kind}: field {name!r} is not shown on its page ({found}); render it, or add it to "
        f"schema.DATA_ONLY[{kind!r}] with the reason")


def test_data_only_fields_exist():
    for kind, names in DATA_ONLY.items():
        assert set(names) <= set(KINDS[kind].fields), kind
