"""The columns of the open-data files, in one table per file: the files and the /data/ page that documents
them are both generated from these tables, so the documentation cannot drift from the data.

A column's value is a string, a number, None or a list of those. JSON keeps lists as lists and None as
null; CSV joins a list with "; " and writes None as an empty cell.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from khaosan.content_model.vocabularies import OUTCOME_RATINGS, PARTNER_TYPES

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    th: str                       # what the column holds, in Thai
    en: str                       # and in English
    value: Callable               # (Record) -> value

    def description(self, lang: str) -> str:
        return self.th if lang == "th" else self.en


@dataclass
class Record:
    """One item in every language it exists in; `main` is the version whose facts the row gives (Thai first)."""
    slug: str
    versions: dict                # {lang: Pelican content object}
    siteurl: str
    stories: dict                 # partners only: {"reports": [slugs], "news": [slugs]}

    @property
    def main(self):
        return self.versions.get("th") or next(iter(self.versions.values()))

    def url(self, lang: str):
        item = self.versions.get(lang)
        return f"{self.siteurl}/{item.url}" if item is not None else None

    def attr(self, name: str, lang: str | None = None):
        item = self.versions.get(lang) if lang else self.main
        value = getattr(item, name, None) if item is not None else None
        return value if value not in ("", [], {}) else None

    def provinces(self) -> list:
        return list(getattr(self.main, "provinces", None) or [])

    def regions(self) -> list[str]:
        return list(dict.fromkeys(p.region for p in self.provinces()))

    def health_regions(self) -> list[int]:
        return sorted({p.health_region for p in self.provinces()})

    def participants(self, which: str):
        return (self.attr("participants") or {}).get(which)

    def contact(self, field: str):
        """A person's contact detail, only when the profile says public: true."""
        contact = self.attr("contact")
        if isinstance(contact, dict) and contact.get("public") is True:
            return contact.get(field) or None
        return None


def _rating_label(record: Record, lang: str):
    rating = record.attr("outcome_rating")
    return OUTCOME_RATINGS[rating].name(lang) if rating in OUTCOME_RATINGS else None


def _type_label(record: Record, lang: str):
    kind = record.attr("type")
    return PARTNER_TYPES[kind].name(lang) if kind in PARTNER_TYPES else None


def _common(noun_th: str, noun_en: str) -> list[Column]:
    return [
        Column("slug", f"ชื่อประจำ{noun_th}ในที่อยู่เว็บ ไม่ซ้ำกัน", f"the {noun_en}'s unique name in its web address",
               lambda r: r.slug),
        Column("url_th", "ที่อยู่หน้าภาษาไทย (ว่างถ้าไม่มีฉบับภาษาไทย)", "address of the Thai page (empty when there is no Thai version)",
               lambda r: r.url("th")),
        Column("url_en", "ที่อยู่หน้าภาษาอังกฤษ (ว่างถ้าไม่มีฉบับภาษาอังกฤษ)", "address of the English page (empty when there is no English version)",
               lambda r: r.url("en")),
    ]


def _places() -> list[Column]:
    return [
        Column("provinces", "จังหวัด (ชื่อย่อภาษาอังกฤษ เช่น nakhon-phanom)", "provinces, as slugs such as nakhon-phanom",
               lambda r: [p.slug for p in r.provinces()]),
        Column("province_codes", "รหัสจังหวัดตามมาตรฐาน ISO 3166-2 เช่น TH-48", "ISO 3166-2 codes of the provinces, such as TH-48",
               lambda r: [p.iso_code for p in r.provinces()]),
        Column("province_names_th", "ชื่อจังหวัดภาษาไทย", "province names in Thai",
               lambda r: [p.name_th for p in r.provinces()]),
        Column("province_names_en", "ชื่อจังหวัดภาษาอังกฤษ", "province names in English",
               lambda r: [p.name_en for p in r.provinces()]),
        Column("regions", "ภาค: north, northeast, central หรือ south", "regions: north, northeast, central or south",
               lambda r: r.regions()),
        Column("health_regions", "เขตสุขภาพ (1–13) ของจังหวัดเหล่านั้น", "health regions (1–13) of those provinces",
               lambda r: r.health_regions()),
    ]


REPORT_COLUMNS: list[Column] = [
    *_common("รายงาน", "report"),
    Column("title_th", "ชื่อรายงานภาษาไทย", "title in Thai", lambda r: r.attr("title", "th")),
    Column("title_en", "ชื่อรายงานภาษาอังกฤษ", "title in English", lambda r: r.attr("title", "en")),
    Column("date", "วันที่จัดกิจกรรมหรือรายงาน (ค.ศ. รูปแบบ YYYY-MM-DD)", "date of the activity or report (YYYY-MM-DD, Common Era)",
           lambda r: r.main.date.date().isoformat()),
    *_places(),
    Column("topics", "ประเด็น (ดูรายชื่อที่หน้าประเด็น)", "topics, as slugs (see the topics page)",
           lambda r: list(r.attr("topics") or [])),
    Column("partners", "ภาคีที่ร่วมงาน (ชื่อย่อ ตรงกับ slug ใน partners.csv)", "partners involved, as slugs of partners.csv",
           lambda r: list(r.attr("partners") or [])),
    Column("participants_planned", "จำนวนผู้เข้าร่วมตามแผน", "number of participants planned",
           lambda r: r.participants("planned")),
    Column("participants_actual", "จำนวนผู้เข้าร่วมจริง", "number of participants who took part",
           lambda r: r.participants("actual")),
    Column("outcome_rating", "ผลการประเมิน 1–4 (4 บรรลุผลมากกว่าเป้าหมาย, 3 ตามเป้าหมาย, 2 บางส่วน, 1 ไม่บรรลุผล)",
           "outcome rating 1–4 (4 exceeded the target, 3 met it, 2 partly met it, 1 did not meet it)",
           lambda r: r.attr("outcome_rating")),
    Column("outcome_th", "ผลการประเมินเป็นข้อความภาษาไทย", "the outcome rating in words, in Thai",
           lambda r: _rating_label(r, "th")),
    Column("outcome_en", "ผลการประเมินเป็นข้อความภาษาอังกฤษ", "the outcome rating in words, in English",
           lambda r: _rating_label(r, "en")),
]

PARTNER_COLUMNS: list[Column] = [
    *_common("ภาคี", "partner"),
    Column("name_th", "ชื่อเต็มภาษาไทย", "official name in Thai", lambda r: r.attr("title", "th")),
    Column("name_en", "ชื่อเต็มภาษาอังกฤษ", "official name in English", lambda r: r.attr("title", "en")),
    Column("short_name_th", "ชื่อย่อภาษาไทย เช่น สสส.", "short name in Thai, such as สสส.", lambda r: r.attr("short_name", "th")),
    Column("short_name_en", "ชื่อย่อภาษาอังกฤษ", "short name in English", lambda r: r.attr("short_name", "en")),
    Column("type", "ประเภทองค์กร: " + ", ".join(PARTNER_TYPES), "type of organisation: " + ", ".join(PARTNER_TYPES),
           lambda r: r.attr("type")),
    Column("type_th", "ประเภทองค์กรเป็นข้อความภาษาไทย", "the type in words, in Thai", lambda r: _type_label(r, "th")),
    Column("type_en", "ประเภทองค์กรเป็นข้อความภาษาอังกฤษ", "the type in words, in English", lambda r: _type_label(r, "en")),
    *_places(),
    Column("topics", "ประเด็นที่ทำงาน", "topics the partner works on, as slugs", lambda r: list(r.attr("topics") or [])),
    Column("website", "เว็บไซต์", "website", lambda r: r.attr("website")),
    Column("facebook", "เพจเฟซบุ๊ก", "Facebook page", lambda r: r.attr("facebook")),
    Column("line", "LINE", "LINE account", lambda r: r.attr("line")),
    Column("email", "อีเมลของสำนักงาน", "the office's e-mail address", lambda r: r.attr("email")),
    Column("phone", "โทรศัพท์ของสำนักงาน", "the office's phone number", lambda r: r.attr("phone")),
    Column("address", "ที่อยู่สำนักงาน", "the office's address", lambda r: r.attr("address")),
    Column("contact_name", "ชื่อผู้ประสานงาน (เฉพาะเมื่อผู้นั้นยินยอมให้เผยแพร่)", "contact person's name (only when they agreed to publish it)",
           lambda r: r.contact("name")),
    Column("contact_role", "ตำแหน่งของผู้ประสานงาน (เฉพาะเมื่อยินยอมให้เผยแพร่)", "contact person's role (only when published with consent)",
           lambda r: r.contact("role")),
    Column("contact_email", "อีเมลของผู้ประสานงาน (เฉพาะเมื่อยินยอมให้เผยแพร่)", "contact person's e-mail (only when published with consent)",
           lambda r: r.contact("email")),
    Column("contact_phone", "โทรศัพท์ของผู้ประสานงาน (เฉพาะเมื่อยินยอมให้เผยแพร่)", "contact person's phone (only when published with consent)",
           lambda r: r.contact("phone")),
    Column("reports", "รายงานจากพื้นที่ที่กล่าวถึงภาคีนี้ (slug ใน reports.csv)", "field reports naming the partner, as slugs of reports.csv",
           lambda r: r.stories.get("reports", [])),
    Column("news", "ข่าวที่กล่าวถึงภาคีนี้", "news items naming the partner, as slugs", lambda r: r.stories.get("news", [])),
]
