"""What every page shows of a partner: one view model, made once per build for each language.

Lists, the directory, topic and place pages and the partners an item names all get a `PartnerView`; only
the partner's own page gets the Pelican content object (its body). A partner without a profile in the page's
language shows its other one: `lang` is the language its name is written in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

THAI_LETTERS = re.compile(r"[\u0e01-\u0e5b]")


def text_lang(text: str, fallback: str) -> str:
    """The language of a short text such as a name: Thai when it is written in Thai letters (an English
    profile may give its Thai abbreviation, สสส.), otherwise `fallback`, the language of its profile."""
    return "th" if THAI_LETTERS.search(text or "") else fallback


@dataclass(frozen=True)
class PartnerView:
    slug: str
    name: str
    short_name: str | None
    lang: str                 # the language of the profile shown (the page's, or the partner's only one)
    short_lang: str           # the language the short name is written in
    url: str                  # the partner's page in `lang`
    type: str
    topics: tuple
    provinces: tuple          # places.Province
    sort_key: tuple           # Thai dictionary order of the name
    logo: str | None = None   # the logo's path in the content folder (khaosan.pictures serves it squared)

    kind = "partners"

    @property
    def title(self) -> str:
        return self.name

    @classmethod
    def of(cls, partner) -> "PartnerView":
        """From the partner's Pelican content object (plugins/khaosan/partners reads them)."""
        short_name = getattr(partner, "short_name", None)
        return cls(slug=partner.slug, name=partner.title, short_name=short_name, lang=partner.lang,
                   short_lang=text_lang(short_name, partner.lang), url=partner.url,
                   type=getattr(partner, "type", None), topics=tuple(getattr(partner, "topics", None) or ()),
                   provinces=tuple(getattr(partner, "provinces", None) or ()),
                   sort_key=getattr(partner, "sort_key", (partner.title, partner.title)),
                   logo=getattr(partner, "logo", None))
