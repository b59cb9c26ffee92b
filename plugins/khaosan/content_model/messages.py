"""`make check` in Thai: the problems' messages and fixes translated from the theme's own catalogues.

The checks write their problems in English, with the values they found inside (`unknown province
"นครพนมม"`). Each pattern below is a message or a fix with its values as `{placeholders}`; `make
translations` collects them into theme/translations/*/messages.po, where the Thai text uses the same
placeholders. A problem line is translated part by part (its message, then its fix): a part no pattern
matches stays in English, so a new check is never lost for want of a translation.

The language: KHAOSAN_LANG (th or en), else the system locale (LC_ALL, LC_MESSAGES, LANG) when it is Thai.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from .problems import ADVICE, WARNING, Problem, display_path, one_line


def N_(message: str) -> str:
    """Marks a pattern for `make translations` (Babel's extractor knows N_)."""
    return message


PATTERNS = [
    # labels and the summary of make check
    N_("warning"), N_("advice"),
    N_("checked {count} files ({kinds}): {errors} error(s), {warnings} warning(s), {advice} advice"),
    # values
    N_("unknown province {value}"), N_("unknown region {value}"), N_("unknown partner {value}"),
    N_("unknown topic {value}"), N_("unknown topic {value}: this content folder defines no topics"),
    N_("unknown report or news item {value}"),
    N_("did you mean {value}?"), N_("is empty"), N_("is missing"), N_("write the {field} after the colon"),
    N_("add a line '{field}: …' to the front matter"),
    N_("{value} is not a date"), N_("{value} is not a whole number"), N_("{value} is not a URL name"),
    N_("{value} is not a web address"), N_("{value} is not an e-mail address"), N_("{value} is not a period"),
    N_("{value} is not one of {choices}"), N_("use one of {choices}"),
    N_("expected text, found {value}"), N_("expected true or false, found {value}"),
    N_("{number} is outside the range {span}"), N_("use a whole number {span}"),
    N_("is {count} characters long, more than {limit}"),
    N_("shorten it; long text belongs in the body below the front matter"),
    N_("write YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2566-05-05 or 2023-05-05 23:13"),
    N_("write digits only, e.g. 350"), N_("write the full address starting with https://"),
    N_("write it as name@example.org"),
    N_("use lowercase English letters, digits and hyphens, e.g. nakhon-phanom-forum-2566"),
    N_("use a province slug such as nakhon-phanom, its Thai name or TH-48"),
    # pictures
    N_("picture {value} not found"), N_("put the file in content/images/ and check the spelling of its name"),
    N_("put the file in content/images/ and check the spelling of its name; did you mean {value}?"),
    N_("{value} is not a file in the content folder"), N_("{value} is not a picture this site shows"),
    N_("copy the picture into content/images/ and write images/NAME.jpg (pictures from other sites are not shown)"),
    N_("picture {value} is an animation ({count} frames); a news page shows still photos"),
    N_("is an animation ({count} frames); a news page shows still photos"),
    N_("save the frame you want as a JPEG or PNG, or share the animation as a video link"),
    N_("picture {value} is damaged or cut short ({detail})"),
    N_("copy the original photo again from the camera or phone"),
    # files and front matter
    N_("not valid YAML ({detail})"),
    N_("check the indentation and put text that contains ':' or starts with a quote or bracket in double quotes"),
    N_("missing"), N_("start the file with a line '---', then 'title: …' and the other fields, then a line '---'"),
    N_("has no closing '---' line"), N_("add a line '---' after the last field"),
    N_("is not UTF-8 text"), N_("save the file as UTF-8 (in most editors: Save As… → Encoding UTF-8)"),
    N_("unknown field for {kind}"), N_("the fields are: {fields}"),
    N_("{value} is already used by {other} in the same language"),
    # drafts, partners, twins
    N_("still holds the placeholder {value} from make new"),
    N_("write the real text in its place, or keep 'status: draft' until the item is finished"),
    N_("the partner {value} is still a draft, so its page is not published"),
    N_("publish it first (remove 'status: draft' from its files), or keep this item a draft too"),
    N_("{value} is the name of more than one partner: {partners}"),
    N_("write the slug of the one you mean instead (its file name without .th.md)"),
    N_("{mine} here, but {theirs} in the Thai version ({path})"),
    N_("make the two the same unless the difference is intended"),
    N_("define topics in topics.yml in the content folder (content/topics.yml), one '- {slug: …, name_th: …, name_en: …}' each"),
]

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def pattern_regex(pattern: str) -> re.Pattern:
    """`unknown province {value}` → a regex that matches the whole text and captures each value."""
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(pattern):
        parts.append(re.escape(pattern[last:match.start()]))
        parts.append(f"(?P<{match.group(1)}>.+?)")
        last = match.end()
    parts.append(re.escape(pattern[last:]))
    return re.compile("".join(parts) + r"\Z", re.S)


def language() -> str:
    chosen = os.environ.get("KHAOSAN_LANG", "").strip().lower()
    if chosen in ("th", "en"):
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "th" if value.lower().startswith("th") else "en"
    return "en"


@lru_cache(maxsize=None)
def _catalog(theme: str, lang: str):
    from khaosan import bilingual

    return bilingual.load_catalogs(theme)[lang]


@lru_cache(maxsize=None)
def _compiled():
    # Literal patterns first in length order, so "unknown topic {value}: this content folder…" wins over
    # "unknown topic {value}".
    return [(p, pattern_regex(p)) for p in sorted(PATTERNS, key=lambda p: (-len(p), p))]


def theme_folder() -> str:
    # The package lives in plugins/khaosan/ of the project (pip install -e .); the theme beside plugins/.
    return str(Path(__file__).resolve().parents[3] / "theme")


class Translator:
    def __init__(self, lang: str, theme: str | None = None):
        self.lang = lang
        self.catalog = _catalog(theme or theme_folder(), lang) if lang != "en" else None

    def text(self, text: str) -> str:
        if self.catalog is None or not text:
            return text
        for pattern, regex in _compiled():
            match = regex.match(text)
            if match:
                translated = self.catalog.gettext(pattern)
                if translated == pattern:
                    return text
                values = match.groupdict()
                return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), translated) if values else translated
        return text

    def problem(self, problem: Problem) -> str:
        if self.catalog is None:
            return str(problem)
        fix = f"; {self.text(problem.fix)}" if problem.fix else ""
        label = f"{self.text(problem.severity)}: " if problem.severity in (WARNING, ADVICE) else ""
        return one_line(f"{display_path(problem.path)}:{problem.line}: {label}{problem.field}: {self.text(problem.message)}{fix}")
