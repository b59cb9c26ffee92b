"""The synonyms search.js expands a query with, one JSON file per language, made from data at build time.

Provinces come from the places table (names, aliases), partners from their profiles (short name and full
name), years from the content's dates, and everything else from synonyms.yml beside this file. search.js
compares words in the same folded form as `key` below (the two must agree; tests/test_search.py checks).
"""
from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import yaml

from khaosan import url_scheme
from khaosan.places import load_places

DATA = Path(__file__).resolve().parent / "synonyms.yml"
FILE_NAME = "synonyms.json"
BUDDHIST_ERA_OFFSET = 543


def key(text: str) -> str:
    """Case, spaces and punctuation ignored: "กทม." and "กทม", "Nakhon Phanom" and "nakhonphanom" agree."""
    text = unicodedata.normalize("NFC", str(text)).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN")


def load_data(path: Path = DATA) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


class Table:
    """key -> the words (as written) a query word stands for, in the order they are tried."""

    def __init__(self):
        self.terms: dict[str, list[str]] = {}

    def add(self, form: str, *meanings: str) -> None:
        k = key(form)
        if not k:
            return
        words = self.terms.setdefault(k, [])
        for meaning in meanings:
            if meaning and meaning not in words:
                words.append(meaning)


def years_of(items) -> set[int]:
    return {item.date.year for item in items if getattr(item, "date", None)}


def build(site, lang: str, data: dict) -> dict:
    table = Table()
    for province in load_places():
        name = province.name(lang)
        for form in (province.name_th, province.name_en, province.slug, *province.aliases, *province.aliases_th):
            table.add(form, name)
    for partner in site.lang(lang).partners:
        short = getattr(partner, "short_name", "") or ""
        if short and key(short) != key(partner.title):
            table.add(short, short, partner.title)
            table.add(partner.title, partner.title, short)
    index = site.lang(lang)
    for year in sorted(years_of([*index.stories, *index.pages, *index.partners])):
        buddhist = year + BUDDHIST_ERA_OFFSET
        shown, other = (str(buddhist), str(year)) if lang == url_scheme.DEFAULT_LANG else (str(year), str(buddhist))
        table.add(other, shown, other)
    for group in data.get("groups", []):
        for word in group:
            table.add(word, word, *(w for w in group if w != word))
    return {
        "place_prefixes": list(data.get("place_prefixes", [])),
        "place_suffixes": list(data.get("place_suffixes", [])),
        "terms": table.terms,
    }


def write(site, output_path: str, data: dict | None = None) -> None:
    data = load_data() if data is None else data
    for lang in url_scheme.LANGUAGES:
        folder = os.path.join(output_path, url_scheme.save_as(url_scheme.page("search", lang))[:-len("index.html")])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, FILE_NAME), "w", encoding="utf-8") as fh:
            json.dump(build(site, lang, data), fh, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
