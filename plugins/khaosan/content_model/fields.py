"""Declarative field types for front matter (after MkDocs' config options).

Each type turns the YAML value into the value the build uses, or reports what was expected through
`ctx.problem(message, fix, item=index)`; it never raises for bad input.
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from zoneinfo import ZoneInfo

from . import pictures

BANGKOK = ZoneInfo("Asia/Bangkok")
BUDDHIST_ERA_OFFSET = 543
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
# HEIC/HEIF (iPhone photos) are converted by khaosan.pictures; the original itself is never published.
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".heic", ".heif")
# Invisible control characters mean nothing in text and are not allowed in XML (feeds): always dropped.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
INVALID = object()  # the value could not be used; a problem has been reported


@dataclass
class FieldContext:
    """What a field type may consult while checking one value of one file."""
    name: str
    path: str
    content_root: str
    lang: str
    places: Any
    report: Callable[..., None]
    topics: dict = field(default_factory=dict)  # this content folder's topics.yml (content_model.topic_table)

    def problem(self, message: str, fix: str = "", item: int | None = None):
        self.report(message, fix, item, self.name)
        return INVALID


# Editor and system litter: backups, swap files, dotfiles, desktop thumbnails. Never published; `make check`
# names what it skipped, and Pelican's IGNORE_FILES gets the names it found.
LITTER = re.compile(r"^[.#~]|(~|\.bak|\.swp|\.swo|\.tmp|\.orig|\.rej|\.part|\.crdownload)$|^(thumbs\.db|desktop\.ini|ehthumbs\.db|__macosx)$", re.I)


def is_litter(name: str) -> bool:
    return bool(LITTER.search(name))


def describe(value) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "…"


@dataclass
class Field:
    required: bool = False
    help: str = ""
    help_th: str = ""  # the same hint in Thai (make new, the Thai field reference, the web editor)

    def check(self, value, ctx: FieldContext):
        return value


@dataclass
class Text(Field):
    """One piece of plain text. Numbers are accepted as text (a title may be a year)."""
    max_length: int = 20000
    # A title or a name is one line wherever it goes (an e-mail subject, a <title>, a CSV cell).
    one_line: bool = False

    def check(self, value, ctx):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return ctx.problem(f"expected text, found {type_name(value)}",
                               "write the text on the same line after the colon, in quotes if it has a colon")
        text = CONTROL_CHARACTERS.sub("", str(value)).strip()
        if self.one_line:
            text = " ".join(text.split())
        if self.required and not text:
            return ctx.problem("is empty", f"write the {ctx.name} after the colon")
        if len(text) > self.max_length:
            return ctx.problem(f"is {len(text)} characters long, more than {self.max_length}",
                               "shorten it; long text belongs in the body below the front matter")
        return text


@dataclass
class TextList(Field):
    def check(self, value, ctx):
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list):
            return ctx.problem(f"expected a list of texts, found {type_name(value)}",
                               f"write each item on its own line starting with '- '")
        out = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                ctx.problem(f"item {i + 1} should be text, found {type_name(item)}", "write plain text after '- '", i)
                continue
            text = CONTROL_CHARACTERS.sub("", str(item)).strip()
            if text:
                out.append(text)
        return out


@dataclass
class Slug(Field):
    def check(self, value, ctx):
        if not isinstance(value, str) or not SLUG_RE.match(value):
            return ctx.problem(f"{describe(value)} is not a URL name",
                               "use lowercase English letters, digits and hyphens, e.g. nakhon-phanom-forum-2566")
        return value


@dataclass
class Choice(Field):
    choices: tuple = ()

    def check(self, value, ctx):
        if value in self.choices:
            return value
        return ctx.problem(f"{describe(value)} is not one of {', '.join(map(str, self.choices))}",
                           did_you_mean(value, self.choices) or f"use one of {', '.join(map(str, self.choices))}")


@dataclass
class Lang(Choice):
    choices: tuple = ("th", "en")


@dataclass
class Bool(Field):
    def check(self, value, ctx):
        if isinstance(value, bool):
            return value
        return ctx.problem(f"expected true or false, found {describe(value)}", "write true or false")


@dataclass
class Integer(Field):
    minimum: int | None = None
    maximum: int | None = None

    def check(self, value, ctx):
        number = whole_number(value)
        if number is None:
            return ctx.problem(f"{describe(value)} is not a whole number", "write digits only, e.g. 350")
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            span = f"from {self.minimum} to {self.maximum}" if self.maximum is not None else f"{self.minimum} or more"
            return ctx.problem(f"{number} is outside the range {span}", f"use a whole number {span}")
        return number


def whole_number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,12}\s*", value.replace(",", "")):
        return int(value.replace(",", ""))
    return None


@dataclass
class Date(Field):
    """A Bangkok date and time; years of 2400 and later are Buddhist Era years."""

    def check(self, value, ctx):
        parsed = parse_date(value)
        if parsed is None:
            return ctx.problem(f"{describe(value)} is not a date",
                               "write YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2566-05-05 or 2023-05-05 23:13")
        return parsed


class DateOnly(dt.datetime):
    """A date written without a time, read as 00:00 Bangkok time; the feeds stamp it at noon instead
    (khaosan.feeds.items.feed_date), so that no reader shows the day before."""
    __slots__ = ()


def parse_date(value):
    date_only = False
    if isinstance(value, dt.datetime):
        parts = (value.year, value.month, value.day, value.hour, value.minute)
    elif isinstance(value, dt.date):
        parts = (value.year, value.month, value.day, 0, 0)
        date_only = True
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?\s*", value)
        if not match:
            return None
        parts = tuple(int(g) if g else 0 for g in match.groups())
        date_only = match.group(4) is None
    else:
        return None
    year, month, day, hour, minute = parts
    if year >= 2400:
        year -= BUDDHIST_ERA_OFFSET
    if not 1900 <= year <= 2200:
        return None
    try:
        return (DateOnly if date_only else dt.datetime)(year, month, day, hour, minute, tzinfo=BANGKOK)
    except ValueError:
        return None


@dataclass
class Period(Field):
    """`2023-05` (a month), `2566` (a year) or `{from: DATE, to: DATE}`; returns (first day, last day)."""

    def check(self, value, ctx):
        fix = "write a month as YYYY-MM (2023-05), or a range as {from: 2023-04-01, to: 2023-06-30}"
        if isinstance(value, dict):
            start, end = parse_date(value.get("from")), parse_date(value.get("to"))
            if start is None or end is None or set(value) - {"from", "to"}:
                return ctx.problem(f"{describe(value)} is not a date range", fix)
            if end < start:
                return ctx.problem("the range ends before it starts", "swap the from and to dates")
            return (start.date(), end.date())
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        month = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        year = re.fullmatch(r"(\d{4})", text)
        if month or year:
            y = int((month or year).group(1))
            y = y - BUDDHIST_ERA_OFFSET if y >= 2400 else y
            if 1900 <= y <= 2200:
                if year:
                    return (dt.date(y, 1, 1), dt.date(y, 12, 31))
                m = int(month.group(2))
                if 1 <= m <= 12:
                    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
                    return (dt.date(y, m, 1), nxt - dt.timedelta(days=1))
        return ctx.problem(f"{describe(value)} is not a period", fix)


@dataclass
class Provinces(Field):
    """Province references in any form a communicator writes them; returns Province objects."""

    def check(self, value, ctx):
        value = as_list(value, ctx, "provinces", "write each province on its own line starting with '- ', e.g. - nakhon-phanom")
        if value is INVALID:
            return value
        found = []
        for i, item in enumerate(value):
            text = str(item).strip() if isinstance(item, (str, int)) and not isinstance(item, bool) else None
            province = ctx.places.resolve(text) if text else None
            if province is None:
                suggestions = ctx.places.suggest(text or str(item))
                hint = (f'did you mean "{suggestions[0].name(ctx.lang)}" ({suggestions[0].slug})?'
                        if suggestions else "use a province slug such as nakhon-phanom, its Thai name or TH-48")
                ctx.problem(f"unknown province {describe(item)}", hint, i)
            elif province not in found:
                found.append(province)
        return found


@dataclass
class Regions(Field):
    def check(self, value, ctx):
        value = as_list(value, ctx, "regions", "write - northeast")
        if value is INVALID:
            return value
        slugs = [r.slug for r in ctx.places.regions]
        out = []
        for i, item in enumerate(value):
            if item in slugs:
                out.append(ctx.places.region(item))
            else:
                ctx.problem(f"unknown region {describe(item)}", did_you_mean(item, slugs) or f"use one of {', '.join(slugs)}", i)
        return out


@dataclass
class Topics(Field):
    """A list of topic slugs (or names) from the content folder's topics.yml."""

    def check(self, value, ctx):
        value = as_list(value, ctx, "topics", "write each on its own line starting with '- '")
        if value is INVALID:
            return value
        table = ctx.topics
        out = []
        for i, item in enumerate(value):
            text = item.strip() if isinstance(item, str) else None
            slug = text if text in table else next(
                (s for s, term in table.items() if text and text.lower() in (term.name_th, term.name_en.lower())), None)
            if slug:
                if slug not in out:
                    out.append(slug)
                continue
            if not table:
                ctx.problem(f"unknown topic {describe(item)}: this content folder defines no topics",
                            "define topics in topics.yml in the content folder (content/topics.yml), "
                            "one '- {slug: …, name_th: …, name_en: …}' each", i)
            else:
                ctx.problem(f"unknown topic {describe(item)}",
                            did_you_mean(item, list(table)) or f"use one of {', '.join(table)}, or add it to content/topics.yml", i)
        return out


@dataclass
class SlugList(Field):
    """Slugs of other content items; whether they exist is checked once every file is read."""
    noun: str = "item"

    def check(self, value, ctx):
        value = as_list(value, ctx, f"{self.noun} slugs", "write each slug on its own line starting with '- '")
        if value is INVALID:
            return value
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and SLUG_RE.match(item.strip()):
                if item.strip() not in out:
                    out.append(item.strip())
            else:
                ctx.problem(f"{describe(item)} is not a {self.noun} slug",
                            f"use the {self.noun}'s file name without .th.md, e.g. thaihealth", i)
        return out


@dataclass
class PartnerRefs(Field):
    """Partners by slug, short name (สสส.) or full name; which partner each names is settled once every
    file is read (index.cross_check), where the short names are known."""

    def check(self, value, ctx):
        value = as_list(value, ctx, "partners", "write each partner on its own line starting with '- ', e.g. - สสส.")
        if value is INVALID:
            return value
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                if item.strip() not in out:
                    out.append(item.strip())
            else:
                ctx.problem(f"{describe(item)} is not a partner", "write the partner's short name (สสส.) or its file name (thaihealth)", i)
        return out


@dataclass
class Url(Field):
    def check(self, value, ctx):
        if isinstance(value, str) and re.fullmatch(r"https?://[^\s<>\"']+\.[^\s<>\"']+", value.strip()):
            return value.strip()
        return ctx.problem(f"{describe(value)} is not a web address", "write the full address starting with https://")


@dataclass
class Email(Field):
    def check(self, value, ctx):
        if isinstance(value, str) and EMAIL_RE.match(value.strip()):
            return value.strip()
        return ctx.problem(f"{describe(value)} is not an e-mail address", "write it as name@example.org")


@dataclass
class Image(Field):
    """A picture inside the content folder; returns its path relative to the content folder."""

    def check(self, value, ctx):
        if not isinstance(value, str) or not value.strip():
            return ctx.problem(f"expected the path of a picture, found {describe(value)}", "write e.g. images/forum-2566.jpg")
        text = value.strip()
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text) or text.startswith("//"):
            return ctx.problem(f"{describe(text)} is not a file in the content folder",
                               "copy the picture into content/images/ and write images/NAME.jpg (pictures from other sites are not shown)")
        if not text.lower().endswith(IMAGE_EXTENSIONS):
            return ctx.problem(f"{describe(text)} is not a picture this site shows",
                               f"use a {', '.join(e.lstrip('.') for e in IMAGE_EXTENSIONS)} file")
        root = os.path.realpath(ctx.content_root)
        outside = False
        for base in (os.path.dirname(ctx.path), ctx.content_root):
            candidate = os.path.realpath(os.path.join(base, text.lstrip("/")))
            if not candidate.startswith(root + os.sep):
                outside = outside or os.path.exists(candidate)
                continue
            if os.path.isfile(candidate) and not is_litter(os.path.basename(candidate)):
                picture = pictures.inspect(candidate)
                if picture.problem:
                    return ctx.problem(f"picture {describe(text)} {picture.problem}", picture.fix)
                return os.path.relpath(candidate, root).replace(os.sep, "/")
        if outside:
            return ctx.problem(f"picture {describe(text)} is outside the content folder, which is never published",
                               "copy the picture into content/images/ and write images/NAME.jpg")
        return ctx.problem(f"picture {describe(text)} not found",
                           "put the file in content/images/ and check the spelling of its name" + (
                               f"; did you mean {nearby_image(ctx, text)}?" if nearby_image(ctx, text) else ""))


def nearby_image(ctx, text):
    folder = os.path.join(ctx.content_root, "images")
    names = os.listdir(folder) if os.path.isdir(folder) else []
    match = difflib.get_close_matches(os.path.basename(text), names, n=1)
    return f"images/{match[0]}" if match else ""


PHOTO_KEYS = ("src", "alt", "caption", "people", "consent")
# A close-up shows a person who can be recognised; under the PDPA it needs that person's consent.
PHOTO_PEOPLE = ("close-up", "crowd", "none")


@dataclass
class Photos(Field):
    def check(self, value, ctx):
        if not isinstance(value, list):
            return ctx.problem(f"expected a list of photos, found {type_name(value)}", "write each as - {src: images/a.jpg, alt: what it shows}")
        out = []
        for i, item in enumerate(value):
            src, alt = (item, "") if isinstance(item, str) else ((item.get("src"), item.get("alt", "")) if isinstance(item, dict) else (None, None))
            caption = item.get("caption", "") if isinstance(item, dict) else ""
            path = Image().check(src, _item_ctx(ctx, i)) if src is not None else ctx.problem(
                f"photo {i + 1} has no src", "write - {src: images/a.jpg, alt: what it shows}", i)
            if path is INVALID:
                continue
            photo = {"src": path, "alt": str(alt or "").strip(), "caption": str(caption or "").strip()}
            if isinstance(item, dict):
                for key in item:
                    if key not in PHOTO_KEYS:
                        ctx.problem(f'photo {i + 1}: unknown field "{key}"',
                                    did_you_mean(key, PHOTO_KEYS) or f"use only {', '.join(PHOTO_KEYS)}", i)
                people = item.get("people")
                if people is not None and people not in PHOTO_PEOPLE:
                    ctx.problem(f"photo {i + 1}: people: {describe(people)} is not one of {', '.join(PHOTO_PEOPLE)}",
                                "write people: close-up for a photo where a person can be recognised, people: crowd otherwise", i)
                elif people is not None:
                    photo["people"] = people
                consent = item.get("consent")
                if consent is not None and not isinstance(consent, bool):
                    ctx.problem(f"photo {i + 1}: consent: expected true or false, found {describe(consent)}", "write consent: true", i)
                elif consent is not None:
                    photo["consent"] = consent
            out.append(photo)
        return out


@dataclass
class Mapping(Field):
    """A nested group of fields, such as participants or the source credit."""
    fields: dict = field(default_factory=dict)
    example: str = ""

    def check(self, value, ctx):
        if not isinstance(value, dict):
            return ctx.problem(f"expected fields inside, found {type_name(value)}", f"write it as {self.example}")
        out = {}
        for key, sub in self.fields.items():
            sub_ctx = FieldContext(f"{ctx.name}.{key}", ctx.path, ctx.content_root, ctx.lang, ctx.places, ctx.report)
            if key in value and value[key] is not None:
                checked = sub.check(value[key], sub_ctx)
                if checked is not INVALID:
                    out[key] = checked
            elif sub.required:
                sub_ctx.problem("is missing", f"write it as {self.example}")
        for key in value:
            if key not in self.fields:
                ctx.problem(f'unknown field "{key}"', did_you_mean(key, list(self.fields)) or f"use only {', '.join(self.fields)}")
        return out


@dataclass
class Source(Mapping):
    """Where a news item first appeared: a plain name, or {name, url}."""

    def check(self, value, ctx):
        if isinstance(value, str):
            return {"name": value.strip()}
        return super().check(value, ctx)


@dataclass
class Contact(Mapping):
    """A person to contact: plain text is read as the name. Published only with `public: true` (PDPA)."""

    def check(self, value, ctx):
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            value = {"name": value}
        return super().check(value, ctx)


def _item_ctx(ctx, index):
    return FieldContext(ctx.name, ctx.path, ctx.content_root, ctx.lang, ctx.places,
                        lambda message, fix, item=None, name=None: ctx.report(message, fix, index, name or ctx.name))


def as_list(value, ctx, noun: str, fix: str):
    """One value where a list is expected counts as a list of one; anything else is a problem."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        return ctx.problem(f"expected a list of {noun}, found {type_name(value)}", fix)
    return value


def type_name(value) -> str:
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value}"
    return f"{describe(value)}"


def did_you_mean(value, choices) -> str:
    if not isinstance(value, str):
        return ""
    match = difflib.get_close_matches(value.strip().lower(), [str(c) for c in choices], n=1, cutoff=0.6)
    return f'did you mean "{match[0]}"?' if match else ""
