"""Gather an edition's items from the site index: every report and news item of its period and places
(and topics, when it names some), featured first, the rest grouped by province in the reader's order."""
from __future__ import annotations

from dataclasses import dataclass, field

from khaosan.kinds import LISTED_KINDS
from khaosan.thai_text import in_reading_order


@dataclass
class Group:
    province: object | None   # a places.Province; None for items about no province
    items: list = field(default_factory=list)


@dataclass
class Digest:
    featured: list
    groups: list

    @property
    def count(self) -> int:
        return len(self.featured) + sum(len(g.items) for g in self.groups)

    def all_items(self) -> list:
        return self.featured + [item for group in self.groups for item in group.items]


def place_filter(edition, places) -> set:
    """The province slugs an edition covers: its provinces and every province of its regions."""
    slugs = {p.slug for p in getattr(edition, "provinces", None) or []}
    for region in getattr(edition, "regions", None) or []:
        slugs.update(region.provinces)
    return slugs


def gather(edition, index, places) -> Digest:
    """`index` is the site index of the edition's language (SITE.lang(lang))."""
    first, last = edition.period
    provinces = place_filter(edition, places)
    topics = set(getattr(edition, "topics", None) or [])
    by_slug = {}
    for item in index.stories:
        if item.kind in LISTED_KINDS:
            by_slug.setdefault(item.slug, item)
    featured = [by_slug[slug] for slug in getattr(edition, "featured", None) or [] if slug in by_slug]
    chosen = {id(item) for item in featured}

    def belongs(item) -> bool:
        if item.kind not in LISTED_KINDS or id(item) in chosen:
            return False
        if not first <= item.date.date() <= last:
            return False
        item_provinces = getattr(item, "provinces", None) or []
        if provinces and not any(p.slug in provinces for p in item_provinces):
            return False
        return not topics or bool(topics.intersection(getattr(item, "topics", None) or []))

    groups: dict = {}
    for item in index.stories:  # newest first
        if not belongs(item):
            continue
        item_provinces = getattr(item, "provinces", None) or []
        home = next((p for p in item_provinces if not provinces or p.slug in provinces), None)
        key = home.slug if home else None
        groups.setdefault(key, Group(home)).items.append(item)
    # Provinces in the reader's order (Thai dictionary order in a Thai edition), items about none last.
    named = in_reading_order([g.province for g in groups.values() if g.province is not None], edition.lang)
    ordered = [groups[p.slug] for p in named] + ([groups[None]] if None in groups else [])
    return Digest(featured, ordered)
