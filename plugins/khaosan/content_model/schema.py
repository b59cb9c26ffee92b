"""The one schema of every content kind: `make check`, the reader and the docs all read it from here."""
from __future__ import annotations

from dataclasses import dataclass

from khaosan.kinds import KINDS as KIND_TABLE

from . import fields as f
from .vocabularies import PARTNER_TYPES


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
        "title": f.Text(required=True, max_length=300, one_line=True, help="the headline", help_th="ชื่อเรื่อง"),
        "slug": f.Slug(help="the URL name; defaults to the file name", help_th="ชื่อในที่อยู่เว็บ (อักษรอังกฤษตัวเล็ก ตัวเลข และขีด) ถ้าไม่เขียนจะใช้ชื่อไฟล์"),
        "lang": f.Lang(help="th or en; defaults to the file name's .th/.en", help_th="th หรือ en ถ้าไม่เขียนจะดูจากชื่อไฟล์ .th.md / .en.md"),
        "date": f.Date(required=date_required, help="YYYY-MM-DD or YYYY-MM-DD HH:MM, Bangkok time; BE years welcome", help_th="วันที่ ปปปป-ดด-วว หรือ ปปปป-ดด-วว ชช:นน เวลาไทย ใช้ปี พ.ศ. ได้ เช่น 2566-05-05"),
        "modified": f.Date(help="when the item was last corrected", help_th="วันที่แก้ไขล่าสุด"),
        "provinces": f.Provinces(help="slug, Thai or English name, or ISO code", help_th="จังหวัด: ชื่อไทย (นครพนม) ชื่ออังกฤษ หรือรหัส (TH-48) บรรทัดละหนึ่งจังหวัด"),
        "partners": f.PartnerRefs(help="short names (สสส.) or slugs of files in content/partners/", help_th="ภาคี: ชื่อย่อ (สสส.) หรือชื่อไฟล์ใน content/partners/"),
        "topics": f.Topics(help="topic slugs from content/topics.yml", help_th="ประเด็น: ชื่อจาก content/topics.yml เช่น food-security"),
        "summary": f.Text(max_length=600, help="one or two sentences for lists and feeds", help_th="สรุปหนึ่งถึงสองประโยค แสดงในรายการและฟีด"),
        "cover": f.Image(help="a picture in content/images/", help_th="ภาพในโฟลเดอร์ content/images/ เช่น images/forum-2566.jpg"),
        "cover_alt": f.Text(max_length=300, one_line=True, help="what the cover shows, for people who cannot see it", help_th="บรรยายว่าภาพปกแสดงอะไร สำหรับผู้ที่มองไม่เห็นภาพ"),
        "photos": f.Photos(help="more pictures, shown as a gallery: - {src: images/a.jpg, alt: what it shows, caption: optional}", help_th="ภาพเพิ่มเติม แสดงเป็นชุดภาพ: - {src: images/a.jpg, alt: ภาพนี้แสดงอะไร, caption: คำบรรยายภาพ (ไม่บังคับ)}"),
        "author": f.Text(max_length=200, help="who wrote or reported it", help_th="ผู้เขียนหรือผู้รายงาน"),
        "source": f.Source(fields={"name": f.Text(required=True), "url": f.Url()},
                           example="{name: สำนักข่าวสร้างสุข, url: https://...}", help="credit for news from another outlet", help_th="แหล่งข่าว เมื่อนำข่าวมาจากสื่ออื่น"),
        "status": f.Choice(choices=("published", "draft"), help="published (the default) or draft: drafts show only in make serve",
                           help_th="published (เผยแพร่ ค่าเริ่มต้น) หรือ draft (ฉบับร่าง แสดงเฉพาะใน make serve)"),
        "location": f.Text(max_length=300, help="a place below province level, e.g. ตำบลพิมาน อำเภอนาแก", help_th="สถานที่ระดับตำบลหรืออำเภอ เช่น ตำบลพิมาน อำเภอนาแก"),
    }


REPORT = Kind("reports", {
    **_common(date_required=True),
    "objectives": f.TextList(help="a list: - the first objective", help_th="วัตถุประสงค์ บรรทัดละข้อ ขึ้นต้นด้วย - "),
    "participants": f.Mapping(fields={"planned": f.Integer(minimum=0), "actual": f.Integer(minimum=0)},
                              example="{planned: 500, actual: 350}", help="{planned: 500, actual: 350}: whole numbers", help_th="จำนวนผู้เข้าร่วม {planned: ตามแผน, actual: จริง} เป็นตัวเลข"),
    "outcome_rating": f.Integer(minimum=1, maximum=4, help="4 exceeded, 3 met, 2 partly met, 1 not met", help_th="ผลการดำเนินงาน 4 มากกว่าเป้าหมาย 3 ตามเป้าหมาย 2 บางส่วน 1 ไม่บรรลุผล"),
    "problems": f.Text(help="problems met and how they were solved", help_th="ปัญหาอุปสรรคและการแก้ไข"),
    "recommendations": f.Text(help="recommendations to the area or the network", help_th="ข้อเสนอแนะต่อพื้นที่หรือเครือข่าย"),
    "followup_contact": f.Contact(fields={"name": f.Text(required=True, one_line=True), "role": f.Text(one_line=True),
                                          "email": f.Email(), "phone": f.Text(max_length=60, one_line=True), "public": f.Bool()},
                                  example="{name: ..., role: ..., phone: ..., public: true}",
                                  help="who follows up in the area; a person's name and number are shown only with public: true (PDPA)",
                                  help_th="ผู้ติดตามงานในพื้นที่ ชื่อและเบอร์โทรของบุคคลจะแสดงเมื่อเขียน public: true เท่านั้น (PDPA)"),
})

NEWS = Kind("news", _common(date_required=True))

PARTNER = Kind("partners", {
    **{k: v for k, v in _common(date_required=False).items() if k not in ("partners", "source")},
    "short_name": f.Text(max_length=80, one_line=True, help="the abbreviation, e.g. สสส.", help_th="ชื่อย่อ เช่น สสส. (ใช้อ้างถึงภาคีนี้ในช่อง partners ได้)"),
    "type": f.Choice(required=True, choices=tuple(PARTNER_TYPES), help="one of the partner types below", help_th="ประเภทภาคี: government, academic, civil-society, local-government, health-service, media, private, international"),
    "website": f.Url(help="https://…", help_th="ที่อยู่เว็บไซต์ ขึ้นต้นด้วย https://"),
    "facebook": f.Url(help="the Facebook page address, https://…", help_th="ที่อยู่เพจเฟซบุ๊ก ขึ้นต้นด้วย https://"),
    "line": f.Text(max_length=100, help="LINE ID or official account", help_th="ไอดีไลน์หรือบัญชีทางการ"),
    "email": f.Email(help="the office e-mail address", help_th="อีเมลของสำนักงาน"),
    "phone": f.Text(max_length=60, help="the office telephone", help_th="โทรศัพท์ของสำนักงาน"),
    "address": f.Text(max_length=400, help="the office address", help_th="ที่อยู่สำนักงาน"),
    "logo": f.Image(help="a picture in content/images/", help_th="ภาพในโฟลเดอร์ content/images/ เช่น images/forum-2566.jpg"),
    "contact": f.Mapping(fields={"name": f.Text(required=True), "role": f.Text(), "email": f.Email(help="the office e-mail address", help_th="อีเมลของสำนักงาน"),
                                 "phone": f.Text(max_length=60), "public": f.Bool()},
                         example="{name: ..., email: ..., phone: ..., public: false}",
                         help="a person to contact; shown only with public: true", help_th="ผู้ติดต่อ แสดงบนเว็บเมื่อเขียน public: true เท่านั้น"),
})

EDITION = Kind("enews", {
    **{k: v for k, v in _common(date_required=True).items() if k not in ("partners", "source", "location")},
    "period": f.Period(required=True, help="2023-05 (a month), 2566 (a year) or {from: 2023-04-01, to: 2023-06-30}", help_th="ช่วงเวลา: 2566-05 (เดือน) 2566 (ปี) หรือ {from: 2566-04-01, to: 2566-06-30}"),
    "regions": f.Regions(help="north, northeast, central, south", help_th="ภาค: north, northeast, central, south"),
    "featured": f.SlugList(noun="report or news", help="slugs of reports or news to put first", help_th="รายงานหรือข่าวที่ให้แสดงก่อน (ชื่อไฟล์)"),
})

PAGE = Kind("pages", {
    **{k: v for k, v in _common(date_required=False).items()
       if k in ("title", "slug", "lang", "summary", "date", "modified", "cover", "cover_alt", "status")},
    "menu": f.Text(max_length=40, one_line=True, help="a short name for the site menu; pages without one stay out of the menu", help_th="ชื่อสั้นในเมนูของเว็บ หน้าที่ไม่มีจะไม่อยู่ในเมนู"),
})

KINDS: dict[str, Kind] = {k.name: k for k in (REPORT, NEWS, PARTNER, EDITION, PAGE)}
assert list(KINDS) == list(KIND_TABLE), "every kind of khaosan.kinds has a schema, in the same order"

# Fields that are data, not text of the item's page, with where they are used; every other field is shown
# on the item's page (tests/test_schema_rendered.py checks both). "not shown" marks a field the schema
# accepts that no page, feed or file uses yet.
_ADDRESS = {"slug": "the page's address", "lang": "the page's language and address",
            "status": "whether a build publishes the item (a draft: make serve only, marked as a draft)"}
DATA_ONLY: dict[str, dict[str, str]] = {
    "reports": dict(_ADDRESS),
    "news": dict(_ADDRESS),
    "partners": {**_ADDRESS,
                 "modified": "not shown",
                 "cover": "the page's share card, cropped to 1200×630 (khaosan.pictures); the logo stands for the partner on the page",
                 "cover_alt": "not shown", "author": "not shown", "location": "not shown"},
    "enews": {**_ADDRESS,
              "modified": "the e-news feed entry's updated time",
              "topics": "chooses the edition's items and the feed entry's categories",
              "author": "the e-news feed entry's author",
              "cover": "shown as its derived files under /pictures/ (khaosan.pictures), never the uploaded file, and as the edition's share card"},
    "pages": {**_ADDRESS, "date": "not shown", "modified": "not shown"},
}
