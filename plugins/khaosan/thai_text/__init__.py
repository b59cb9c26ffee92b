"""Thai-aware word counts, reading times and excerpts.

Thai has no spaces between words, and Pelican's summary counts each vowel or tone mark as a word end,
cutting words in half. PyThaiNLP's dictionary segmenter finds real word boundaries instead.
"""
from __future__ import annotations

import html
import importlib.metadata
import importlib.util
import logging
import os
import re

if "PYTHAINLP_READ_MODE" not in os.environ:
    # Never write or download data at build time. PyThaiNLP 5 renamed READ_MODE to READ_ONLY and refuses both at once.
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from pythainlp.tokenize import word_tokenize  # noqa: E402
from pythainlp.util import collate  # noqa: E402

logger = logging.getLogger(__name__)

THAI = re.compile(r"[\u0E00-\u0E7F]")
TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|td|th|div)>|<br\s*/?>", re.I)
SPACE = re.compile(r"\s+")
# Silent reading speeds for adult readers: Thai words from PyThaiNLP's segmenter, English words by spaces.
WORDS_PER_MINUTE = {"th": 200, "en": 230}
# Segmenting costs about 0.4 ms per 1,000 Thai characters even in Rust, more than the rest of a page's build:
# excerpts and word counts segment one opening window, and longer texts are counted from its words per
# character (reading times are whole minutes, so the estimate changes nothing a reader sees).
WINDOW = 1500
# PyThaiNLP's newmm dictionary segmenter; nlpo3 is the same algorithm in Rust, about six times faster.
ENGINE = "nlpo3" if importlib.util.find_spec("nlpo3") else "newmm"
# What decides where words split: cached results made from them (share cards' lines) name it.
SEGMENTER_VERSION = f"{ENGINE} pythainlp={importlib.metadata.version('pythainlp')}" + (
    f" nlpo3={importlib.metadata.version('nlpo3')}" if ENGINE == "nlpo3" else "")


def plain_text(markup: str) -> str:
    text = BLOCK_END.sub(" ", markup)
    text = TAG.sub("", text)
    return SPACE.sub(" ", html.unescape(text)).strip()


def words(text: str) -> list[str]:
    """Word tokens, with runs of Thai segmented by dictionary and other text split on spaces."""
    if not THAI.search(text):
        return text.split()
    return word_tokenize(text, engine=ENGINE, keep_whitespace=True)


WORDLIKE = re.compile(r"[^\W_]")


def _counted(tokens) -> int:
    """Tokens that hold a letter or digit: spaces and punctuation are not words."""
    return sum(1 for w in tokens if WORDLIKE.search(w))


def _opening(text: str) -> str:
    """The window that is segmented, ending at a space so no word is cut in two."""
    if len(text) <= WINDOW:
        return text
    head = text[:WINDOW]
    cut = head.rfind(" ")
    return head[:cut] if cut > WINDOW // 2 else head


def word_count(text: str, opening_tokens: list[str] | None = None) -> int:
    if len(text) <= 2 * WINDOW:
        return _counted(words(text))
    head = _opening(text)
    tokens = opening_tokens if opening_tokens is not None else words(head)
    # Words per character of the opening itself: tokens of Latin text leave out the spaces between them.
    return round(_counted(tokens) * len(text) / len(head))


def reading_minutes(text: str, lang: str, opening_tokens: list[str] | None = None) -> int:
    return max(1, round(word_count(text, opening_tokens) / WORDS_PER_MINUTE.get(lang, 200)))


def summarise(text: str, lang: str, with_excerpt: bool = True) -> tuple[str | None, int]:
    """(excerpt, reading minutes) of a body's plain text, segmenting its opening once for both."""
    text = SPACE.sub(" ", text).strip()
    tokens = words(_opening(text)) if len(text) > 2 * WINDOW else None
    return (excerpt(text, tokens=tokens) if with_excerpt else None), reading_minutes(text, lang, tokens)


def excerpt(text: str, max_words: int = 40, max_chars: int = 280, tokens: list[str] | None = None) -> str:
    """The opening of `text`, cut at a word boundary, with an ellipsis when anything was cut."""
    text = SPACE.sub(" ", text).strip()
    if len(text) <= max_chars:
        return text
    tokens = tokens if tokens is not None else words(_opening(text))
    out, count, length = [], 0, 0
    for token in tokens:
        if length + len(token) > max_chars or count >= max_words:
            break
        out.append(token)
        length += len(token)
        if token.strip():
            count += 1
    cut = "".join(out) if THAI.search(text) else " ".join(t for t in out)
    cut = cut.rstrip(" ,;:-–—(")
    return cut + " …" if cut else text[:max_chars]


def in_reading_order(things, lang: str, name=lambda thing, lang: thing.name(lang)) -> list:
    """Things (provinces, topics, …) in the order a reader of `lang` looks them up: Thai dictionary order
    on Thai pages (PyThaiNLP's collation: a word is filed under its first consonant, so เชียงใหม่ comes
    among the ช words, not after every other word as in code-point order), alphabetical on English ones.
    The places table's order (by region, then English name) puts บุรีรัมย์ before ขอนแก่น."""
    things = list(things)
    names = [name(thing, lang) for thing in things]
    ordered = collate(names) if lang == "th" else sorted(names, key=str.casefold)
    rank = {text: i for i, text in enumerate(ordered)}
    return sorted(things, key=lambda thing: rank[name(thing, lang)])


# Line breaking. Chromium's own Thai dictionary misses many compounds ("ภาคีเครือข่าย" broke as
# "ภาคีเครือ / ข่าย"), so headings, titles, cards and the site name carry the segmenter's words: each Thai
# word in a span that does not wrap, a <wbr> between words. Neither adds a character to the text, so
# copy-paste, search and screen readers see the same words.
THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+")
MARKUP_TAG = re.compile(r"(<[^>]*>)")
# Marks that belong to the word before them: the repetition mark and the abbreviation sign.
ATTACHED = ("ๆ", "ฯ")
KEPT_WORD = '<span class="w">{}</span>'
HEADING = re.compile(r"(<h[1-6][^>]*>)(.*?)(</h[1-6]>)", re.S)


def _kept_run(match: re.Match) -> str:
    tokens = []
    for token in word_tokenize(match.group(0), engine=ENGINE, keep_whitespace=True):
        if tokens and (token.startswith(ATTACHED) or not token.strip()):
            tokens[-1] += token
        else:
            tokens.append(token)
    if len(tokens) == 1:
        return KEPT_WORD.format(tokens[0])
    return "<wbr>".join(KEPT_WORD.format(token) for token in tokens)


def keep_words_in_markup(markup: str) -> str:
    """HTML whose Thai text nodes are wrapped word by word; tags and their attributes are left as they are."""
    parts = MARKUP_TAG.split(markup)
    return "".join(part if part.startswith("<") else THAI_RUN.sub(_kept_run, part) for part in parts)


def keep_headings_words(markup: str) -> str:
    """A body's HTML with the words of its headings kept whole."""
    return HEADING.sub(lambda m: m.group(1) + keep_words_in_markup(m.group(2)) + m.group(3), markup)
