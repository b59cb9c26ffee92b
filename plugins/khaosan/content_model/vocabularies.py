"""Controlled vocabularies that front matter refers to, with their labels in both languages.

Every page, feed, open-data file and check reads these tables; nothing else spells the labels.
Topics are content, not code: they live in the content folder's topics.yml (see content_model.topics).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    slug: str
    name_th: str
    name_en: str
    description_th: str = ""
    description_en: str = ""

    def name(self, lang: str) -> str:
        return self.name_th if lang == "th" else self.name_en

    def description(self, lang: str) -> str:
        return self.description_th if lang == "th" else self.description_en


def _table(rows) -> dict[str, Term]:
    return {slug: Term(slug, th, en) for slug, th, en in rows}


PARTNER_TYPES: dict[str, Term] = _table([
    ("government", "หน่วยงานภาครัฐ", "Government agency"),
    ("academic", "สถาบันการศึกษา", "Academic institution"),
    ("civil-society", "ภาคประชาสังคม", "Civil society"),
    ("local-government", "องค์กรปกครองส่วนท้องถิ่น", "Local government"),
    ("health-service", "หน่วยบริการสุขภาพ", "Health service"),
    ("media", "สื่อมวลชน", "Media"),
    ("private", "ภาคเอกชน", "Private sector"),
    ("international", "องค์กรระหว่างประเทศ", "International organisation"),
])

# The scale printed on seed 004's field-report form.
OUTCOME_RATINGS: dict[int, Term] = {
    4: Term("4", "บรรลุผลมากกว่าเป้าหมาย", "Exceeded the target"),
    3: Term("3", "บรรลุผลตามเป้าหมาย", "Met the target"),
    2: Term("2", "บรรลุผลบางส่วน", "Partly met the target"),
    1: Term("1", "ไม่บรรลุผล", "Did not meet the target"),
}
