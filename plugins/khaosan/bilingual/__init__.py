"""Thai first, English second: theme strings from gettext catalogues, dates in both calendars,
the language switch and hreflang alternates.

Templates never test the language: `_()` picks the catalogue of the page being rendered (its `lang`
variable), and `local_date` picks the calendar.
"""
from __future__ import annotations

import io
import logging
import os
from functools import partial

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import BytecodeCache, pass_context
from pythainlp.util import thai_strftime

from khaosan import url_scheme

logger = logging.getLogger(__name__)

CATALOG_KEY = "KHAOSAN_CATALOGS"
BYTECODE_KEY = "KHAOSAN_JINJA_BYTECODE"
DOMAIN = "messages"
# Open Graph and HTML language tags for each content language.
LOCALES = {"th": "th_TH", "en": "en_US"}
LANGUAGE_NAMES = {"th": "ไทย", "en": "English"}


def catalog_path(theme: str, lang: str) -> str:
    return os.path.join(theme, "translations", lang, "LC_MESSAGES", f"{DOMAIN}.po")


def load_catalogs(theme: str) -> dict[str, Translations]:
    """Compile each .po with Babel in memory: a fresh clone needs no compiled .mo, and none goes stale."""
    catalogs = {}
    for lang in url_scheme.LANGUAGES:
        with open(catalog_path(theme, lang), "rb") as fh:
            catalog = read_po(fh, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        catalogs[lang] = Translations(buffer, domain=DOMAIN)
    return catalogs


def current_lang(ctx) -> str:
    return ctx.get("lang") or url_scheme.DEFAULT_LANG


def make_gettext(catalogs):
    @pass_context
    def gettext(ctx, message):
        return catalogs[current_lang(ctx)].gettext(message)

    @pass_context
    def ngettext(ctx, singular, plural, n):
        return catalogs[current_lang(ctx)].ngettext(singular, plural, n)

    return gettext, ngettext


# Parsed once: Babel parses a locale given by name on every call (a tenth of a second per build at 4,000 × 2).
ENGLISH = Locale.parse("en")


def local_date(value, lang: str) -> str:
    """5 พฤษภาคม 2566 on Thai pages (Buddhist Era), 5 May 2023 on English ones."""
    if value is None:
        return ""
    if lang == "th":
        return thai_strftime(value, "%-d %B %Y")
    return format_date(value, "d MMMM y", locale=ENGLISH)


def number(value) -> str:
    """1,234: thousands grouped with commas, as Thai and English pages both write them."""
    return f"{value:,}"


def percent(part, whole) -> int:
    """`part` as a whole percentage of `whole` (0 when there is no whole)."""
    return int(round(part * 100 / whole, 0)) if whole else 0


def kilobytes(size: int) -> str:
    """A file size in kB with one decimal: 12.3."""
    return str(round(size / 1024, 1))


def iso_datetime(value) -> str:
    """ISO 8601 with the Bangkok offset, for <time datetime> and structured data."""
    return value.isoformat(timespec="seconds") if hasattr(value, "hour") else value.isoformat()


def language_links(urls: dict[str, str], lang: str, fallback: dict[str, str] | None = None):
    """The switch target in each other language: the same item, or the nearest page that exists."""
    links = []
    for other in url_scheme.LANGUAGES:
        if other == lang:
            continue
        target = urls.get(other) or (fallback or {}).get(other) or url_scheme.home(other)
        links.append({"lang": other, "name": LANGUAGE_NAMES[other], "url": target, "same_item": other in urls})
    return links


class SharedBytecodeCache(BytecodeCache):
    """Each Pelican generator has its own Jinja environment and would compile base.html and every partial
    again (about a fifth of a build's time); compiled code is shared instead, and kept between builds by
    the file cache the settings name (`backing`, build_cache.TemplateCache). Jinja checks each template's
    source checksum, so an edited template is compiled anew."""

    def __init__(self, backing: BytecodeCache | None = None):
        self._code = {}
        self._backing = backing

    def load_bytecode(self, bucket):
        code = self._code.get(bucket.key)
        if code is not None and code[0] == bucket.checksum:
            bucket.code = code[1]
        elif self._backing is not None:
            self._backing.load_bytecode(bucket)
            if bucket.code is not None:
                self._code[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = (bucket.checksum, bucket.code)
        if self._backing is not None:
            self._backing.dump_bytecode(bucket)


def install(generator):
    settings = generator.settings
    shared = settings.get(BYTECODE_KEY)
    if shared is None:
        # The first environment has the settings' own cache (JINJA_ENVIRONMENT): the shared one keeps to it.
        shared = settings[BYTECODE_KEY] = SharedBytecodeCache(generator.env.bytecode_cache)
    generator.env.bytecode_cache = shared
    catalogs = settings.get(CATALOG_KEY)
    if catalogs is None:
        catalogs = settings[CATALOG_KEY] = load_catalogs(settings["THEME"])
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    gettext, ngettext = make_gettext(catalogs)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters["local_date"] = local_date
    env.filters["iso_datetime"] = iso_datetime
    env.filters.update(number=number, kilobytes=kilobytes)
    env.globals["percent"] = percent
    env.globals["language_links"] = language_links
    env.globals["LOCALES"] = LOCALES
    env.globals["LANGUAGES"] = url_scheme.LANGUAGES
    env.globals["urls"] = url_scheme


def refresh_catalogs(pelican):
    # The dev server rebuilds in one process: a changed .po must be read again on the next run.
    pelican.settings.pop(CATALOG_KEY, None)
