"""The one schema of every content kind: `make check`, the reader and the docs all read it from here."""
from __future__ import annotations

from dataclasses import dataclass

from khaosan.kinds import KINDS as KIND_TABLE

from . import fields as f
from .vocabularies import PARTNER_TYPES, TOPICS


@dataclass(frozen=True)
class Kind:
    """A content kind's fields; everything else about the kind is its row in khaosan.kinds."""
    name: str            # the folder under content/
    fields: dict

    @property
    def label(self) -> str:
        return KIND_TABLE[self.name].noun

    @property
    def pelican_class(self) -> str:
        return KIND_TABLE[self.name].pelican_class

    def field_names(self) -> list[str]:
        return list(self.fields)


def _common(date_required: bool) -> dict:
    return {
        "title": f.Text(required=True, max_length=300, one_line=True, help="the headline"),
        "slug": f.Slug(help="the URL name; defaults to the file name"),
        "lang": f.Lang(help="th or en; defaults to the file name's .th/.en"),
        "date": f.Date(required=date_required, help="YYYY-MM-DD or YYYY-MM-DD HH:MM, Bangkok time; BE years welcome"),
        "modified": f.Date(help="when the item was last corrected"),
        "provinces": f.Provinces(help="slug, Thai or English name, or ISO code"),
        "partners": f.SlugList(noun="partner", help="slugs of files in content/partners/"),
        "topics": f.Vocabulary(table=TOPICS, noun="topic", help="topic slugs"),
        "summary": f.Text(max_length=600, help="one or two sentences for lists and feeds"),
        "cover": f.Image(help="a picture in content/images/"),
        "cover_alt": f.Text(max_length=300, one_line=True, help="what the cover shows, for people who cannot see it"),
        "photos": f.Photos(help="more pictures: - {src: images/a.jpg, alt: ...}"),
        "author": f.Text(max_length=200, help="who wrote or reported it"),
        "source": f.Source(fields={"name": f.Text(required=True), "url": f.Url()},
                           example="{name: สำนักข่าวสร้างสุข, url: https://...}", help="credit for news from another outlet"),
        "location": f.Text(max_length=300, help="a place below province level, e.g. ตำบลพิมาน อำเภอนาแก"),
    }


REPORT = Kind("reports", {
    **_common(date_required=True),
    "objectives": f.TextList(help="a list: - the first objective"),
    "participants": f.Mapping(fields={"planned": f.Integer(minimum=0), "actual": f.Integer(minimum=0)},
                              example="{planned: 500, actual: 350}", help="{planned: 500, actual: 350}: whole numbers"),
    "outcome_rating": f.Integer(minimum=1, maximum=4, help="4 exceeded, 3 met, 2 partly met, 1 not met"),
    "problems": f.Text(help="problems met and how they were solved"),
    "recommendations": f.Text(help="recommendations to the area or the network"),
    "followup_contact": f.Contact(fields={"name": f.Text(required=True, one_line=True), "role": f.Text(one_line=True),
                                          "email": f.Email(), "phone": f.Text(max_length=60, one_line=True), "public": f.Bool()},
                                  example="{name: ..., role: ..., phone: ..., public: true}",
                                  help="who follows up in the area; a person's name and number are shown only with public: true (PDPA)"),
})

NEWS = Kind("news", _common(date_required=True))

PARTNER = Kind("partners", {
    **{k: v for k, v in _common(date_required=False).items() if k not in ("partners", "source")},
    "short_name": f.Text(max_length=80, one_line=True, help="the abbreviation, e.g. สสส."),
    "type": f.Choice(required=True, choices=tuple(PARTNER_TYPES), help="one of the partner types below"),
    "website": f.Url(help="https://…"),
    "facebook": f.Url(help="the Facebook page address, https://…"),
    "line": f.Text(max_length=100, help="LINE ID or official account"),
    "email": f.Email(help="the office e-mail address"),
    "phone": f.Text(max_length=60, help="the office telephone"),
    "address": f.Text(max_length=400, help="the office address"),
    "logo": f.Image(help="a picture in content/images/"),
    "contact": f.Mapping(fields={"name": f.Text(required=True), "role": f.Text(), "email": f.Email(help="the office e-mail address"),
                                 "phone": f.Text(max_length=60), "public": f.Bool()},
                         example="{name: ..., email: ..., phone: ..., public: false}",
                         help="a person to contact; shown only with public: true"),
})

EDITION = Kind("enews", {
    **{k: v for k, v in _common(date_required=True).items() if k not in ("partners", "source", "location")},
    "period": f.Period(required=True, help="2023-05 (a month), 2566 (a year) or {from: 2023-04-01, to: 2023-06-30}"),
    "regions": f.Regions(help="north, northeast, central, south"),
    "featured": f.SlugList(noun="report or news", help="slugs of reports or news to put first"),
})

PAGE = Kind("pages", {
    **{k: v for k, v in _common(date_required=False).items()
       if k in ("title", "slug", "lang", "summary", "date", "modified", "cover", "cover_alt")},
    "menu": f.Text(max_length=40, one_line=True, help="a short name for the site menu; pages without one stay out of the menu"),
})

KINDS: dict[str, Kind] = {k.name: k for k in (REPORT, NEWS, PARTNER, EDITION, PAGE)}
assert list(KINDS) == list(KIND_TABLE), "every kind of khaosan.kinds has a schema, in the same order"

# Fields that are data, not text of the item's page, with where they are used; every other field is shown
# on the item's page (tests/test_schema_rendered.py checks both). "not shown" marks a field the schema
# accepts that no page, feed or file uses yet.
_ADDRESS = {"slug": "the page's address", "lang": "the page's language and address"}
DATA_ONLY: dict[str, dict[str, str]] = {
    "reports": dict(_ADDRESS),
    "news": dict(_ADDRESS),
    "partners": {**_ADDRESS,
                 "modified": "not shown", "cover": "not shown (the logo stands for the partner)",
                 "cover_alt": "not shown", "photos": "not shown", "author": "not shown", "location": "not shown"},
    "enews": {**_ADDRESS,
              "modified": "the e-news feed entry's updated time",
              "topics": "chooses the edition's items and the feed entry's categories",
              "author": "the e-news feed entry's author",
              "photos": "not shown"},
    "pages": {**_ADDRESS, "date": "not shown", "modified": "not shown"},
}
