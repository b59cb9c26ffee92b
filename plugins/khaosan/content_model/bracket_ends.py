"""Python-Markdown's bracket matching, the same answer in fewer steps.

Python-Markdown 3.11 finds, for a paragraph's text, where the bracket open before each position closes
(`LinkInlineProcessor._findBracketEnds`, which keeps link parsing linear); it walks every character of the
paragraph in a Python loop, and walks it again each time an inline pattern changes the paragraph (every
link, every emphasis). That was a quarter of the Markdown time of the bench corpus's reports. The depth
changes only at a bracket, so every position between two brackets has the same answer: this version visits
the brackets alone and fills each run between them in one slice. tests/test_content_model.py checks it against
the library's own on random text.
"""
from __future__ import annotations

import re

BRACKET = re.compile(r"[\[\]]")


def bracket_ends(data: str) -> list[int | None]:
    """For each index of `data` (and one past its end): the index just past the `]` that closes a bracket
    opened before it, or None when none does (LinkInlineProcessor._findBracketEnds)."""
    ends: list[int | None] = [None] * (len(data) + 1)
    # Runs of positions at one depth still waiting for a lower depth: (first, last, depth), the depths
    # strictly increasing from the bottom.
    waiting: list[tuple[int, int, int]] = []
    first, depth = 0, 0
    for match in BRACKET.finditer(data):
        at = match.start()
        waiting.append((first, at, depth))
        depth += 1 if data[at] == "[" else -1
        first = at + 1
        while waiting and depth < waiting[-1][2]:
            start, last, _ = waiting.pop()
            ends[start:last + 1] = [first] * (last + 1 - start)
    return ends


def use_in(converter) -> None:
    """Give the converter's link patterns this bracket matching (the library looks it up on the pattern)."""
    for pattern in converter.inlinePatterns:
        if callable(getattr(pattern, "_findBracketEnds", None)):
            pattern._findBracketEnds = bracket_ends
