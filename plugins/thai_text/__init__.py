"""Thai-aware word counts, reading times and excerpts.

Thai has no spaces between words, and Pelican's summary counts each vowel or tone mark as a word end,
cutting words in half. PyThaiNLP's dictionary segmenter finds real word boundaries instead.
"""
from __future__ import annotations

import html
import logging
import os
import re

if "PYTHAINLP_READ_MODE" not in os.environ:
    # Never write or download data at build time. PyThaiNLP 5 renamed READ_MODE to READ_ONLY and refuses both at once.
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from pythainlp.tokenize import word_tokenize  # noqa: E402

logger = logging.getLogger(__name__)

THAI = re.compile(r"[\u0E00-\u0E7F]")
TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|td|th|div)>|<br\s*/?>", re.I)
SPACE = re.compile(r"\s+")
# Silent reading speeds for adult readers: Thai words from PyThaiNLP's segmenter, English words by spaces.
WORDS_PER_MINUTE = {"th": 200, "en": 230}
# An excerpt only needs its first words; segmenting the whole body for it would cost every page.
EXCERPT_WINDOW = 1200


def plain_text(markup: str) -> str:
    text = BLOCK_END.sub(" ", markup)
    text = TAG.sub("", text)
    return SPACE.sub(" ", html.unescape(text)).strip()


def words(text: str) -> list[str]:
    """Word tokens, with runs of Thai segmented by dictionary and other text split on spaces."""
    if not THAI.search(text):
        return text.split()
    return [w for w in word_tokenize(text, engine="newmm", keep_whitespace=True)]


def word_count(text: str) -> int:
    return sum(1 for w in words(text) if w.strip() and any(ch.isalnum() for ch in w))


def reading_minutes(text: str, lang: str) -> int:
    return max(1, round(word_count(text) / WORDS_PER_MINUTE.get(lang, 200)))


def excerpt(text: str, max_words: int = 40, max_chars: int = 280) -> str:
    """The opening of `text`, cut at a word boundary, with an ellipsis when anything was cut."""
    text = SPACE.sub(" ", text).strip()
    if len(text) <= max_chars:
        return text
    tokens = words(text[:EXCERPT_WINDOW])
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


def register():
    """Nothing to connect: the content reader calls these functions while it reads each file."""
