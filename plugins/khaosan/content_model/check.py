"""`make check`: validate every content file and print every problem; build nothing.

Usage: khaosan-check [CONTENT_FOLDER]  (or python -m khaosan.content_model.check)
Messages in Thai with KHAOSAN_LANG=th or a Thai system locale (content_model.messages).
"""
from __future__ import annotations

import os
import sys


from khaosan.content_model.index import build_index
from khaosan.content_model.messages import Translator, language
from khaosan.places import load_places


def main(argv: list[str]) -> int:
    root = argv[0] if argv else "content"
    index, problems = build_index(root, load_places())
    say = Translator(language())
    for problem in problems.sorted():
        sys.stdout.write(f"{say.problem(problem)}\n")
    errors, warnings, advice = len(problems.errors), len(problems.warnings), len(problems.advice)
    kinds = {}
    for entry in index.entries:
        kinds[entry.kind.name] = kinds.get(entry.kind.name, 0) + 1
    counted = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no content files"
    sys.stdout.write(say.text(f"checked {len(index.entries)} files ({counted}): {errors} error(s), {warnings} warning(s), {advice} advice") + "\n")
    return 1 if errors else 0


def run() -> None:
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    run()
