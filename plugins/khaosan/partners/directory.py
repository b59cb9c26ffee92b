"""The partner directory: every partner grouped by region and province, with the choices of its filters.

A partner serving several provinces appears under each of them; one serving no province in particular
appears under "national / other". Counts are distinct partners per group.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from khaosan.content_model.vocabularies import PARTNER_TYPES

NATIONAL = "national"
# Thai dictionary order puts a leading vowel (เ แ โ ใ ไ) after the consonant it is written before, and
# tone marks only break ties.
_LEADING_VOWEL = re.compile(r"([\u0e40-\u0e44])([\u0e01-\u0e2e])")
_TONE_MARKS = re.compile(r"[\u0e48-\u0e4c]")


def thai_sort_key(text: str) -> tuple[str, str]:
    """A key that sorts Thai names (almost) as a Thai dictionary does, and Latin names case-insensitively."""
    folded = text.casefold()
    return (_TONE_MARKS.sub("", _LEADING_VOWEL.sub(r"\2\1", folded)), folded)


@dataclass
class ProvinceGroup:
    province: object          # places.Province
    partners: list


@dataclass
class RegionGroup:
    slug: str                 # a region slug, or NATIONAL
    region: object | None     # places.Region, None for NATIONAL
    provinces: list = field(default_factory=list)   # ProvinceGroup, in name order
    partners: list = field(default_factory=list)    # distinct partners in the region

    @property
    def count(self) -> int:
        return len(self.partners)


@dataclass
class Directory:
    partners: list
    groups: list              # RegionGroup in the places table's region order, NATIONAL last
    types: list               # vocabularies.Term of the types present
    topics: list              # vocabularies.Term of the topics present
    province_options: list    # (Region, [Province]) of the provinces present

    @property
    def total(self) -> int:
        return len(self.partners)


def province_sort_key(province, lang: str):
    return thai_sort_key(province.name(lang))


def build_directory(partners: list, places, lang: str, topic_table: dict) -> Directory:
    by_province: dict[str, list] = {}
    national = []
    for partner in partners:
        provinces = getattr(partner, "provinces", None) or []
        if not provinces:
            national.append(partner)
        for province in provinces:
            by_province.setdefault(province.slug, []).append(partner)
    groups = []
    for region in places.regions:
        present = sorted((places.province(slug) for slug in region.provinces if slug in by_province),
                         key=lambda p: province_sort_key(p, lang))
        if not present:
            continue
        group = RegionGroup(region.slug, region, [ProvinceGroup(p, by_province[p.slug]) for p in present])
        seen = set()
        for province_group in group.provinces:
            for partner in province_group.partners:
                if partner.slug not in seen:
                    seen.add(partner.slug)
                    group.partners.append(partner)
        groups.append(group)
    if national:
        groups.append(RegionGroup(NATIONAL, None, [], national))
    used_types = {getattr(p, "type", None) for p in partners}
    used_topics = {t for p in partners for t in getattr(p, "topics", None) or []}
    return Directory(
        partners=partners,
        groups=groups,
        types=[term for slug, term in PARTNER_TYPES.items() if slug in used_types],
        topics=sorted((term for slug, term in topic_table.items() if slug in used_topics), key=lambda t: thai_sort_key(t.name(lang))),
        province_options=[(g.region, [pg.province for pg in g.provinces]) for g in groups if g.region is not None],
    )
