"""`make check`: validate every content file and print every problem; build nothing.

Usage: khaosan-check [CONTENT_FOLDER] [-s SETTINGS_FILE]  (or python -m khaosan.content_model.check)

The settings file (pelicanconf.py in the folder the command runs in, when there is one) gives the rules
that settings change (PHOTO_CONSENT_REQUIRED), so the check and the build agree.
Messages in Thai with KHAOSAN_LANG=th or a Thai system locale (content_model.messages).
"""
from __future__ import annotations

import os
import sys

from khaosan.content_model.index import CheckOptions, build_index
from khaosan.content_model.messages import Translator, language
from khaosan.content_model.problems import one_line
from khaosan.places import load_places


def read_settings(path: str | None) -> dict:
    from pelican.settings import get_settings_from_file

    from khaosan import config

    settings = get_settings_from_file(path) if path else {}
    config.check(settings)
    return settings


def main(argv: list[str]) -> int:
    args = list(argv)
    settings_path = None
    if "-s" in args:
        at = args.index("-s")
        settings_path = args[at + 1] if at + 1 < len(args) else None
        del args[at:at + 2]
    elif os.path.isfile("pelicanconf.py"):
        settings_path = "pelicanconf.py"
    root = args[0] if args else "content"
    settings = read_settings(settings_path)
    options = CheckOptions(photo_consent_required=settings["PHOTO_CONSENT_REQUIRED"])
    index, problems = build_index(root, load_places(), options)
    # Every picture a page shows, decoded as the build decodes it (the build does so only for new pictures).
    from khaosan.pictures import check_sources
    check_sources(index, problems)
    say = Translator(language())
    for problem in problems.sorted():
        sys.stdout.write(f"{say.problem(problem)}\n")
    for note in index.notes:
        sys.stdout.write(one_line(say.text(note)) + "\n")
    if index.skipped:
        # Named once, so nothing is left out without a word.
        sys.stdout.write(one_line(say.text(f"skipped (editor or system files, never published): {', '.join(index.skipped)}")) + "\n")
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
