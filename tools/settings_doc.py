"""Write docs/settings.md from khaosan's settings schema (plugins/khaosan/config.py).

    .venv/bin/python tools/settings_doc.py          # rewrite docs/settings.md
    .venv/bin/python tools/settings_doc.py --check  # exit 1 when docs/settings.md is out of date
"""
import sys
from pathlib import Path

from khaosan.config import PELICAN_OVERRIDES, SCHEMA, expected

TARGET = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


def render() -> str:
    lines = ["# Settings", "",
             "Generated from `plugins/khaosan/config.py` by `tools/settings_doc.py` (`make docs`); do not edit by hand.", "",
             "Set any of these in `pelicanconf.py` (or `publishconf.py` for production) only to change its default.",
             "Every setting is checked when a build starts: a misspelled name or a value of the wrong type stops",
             "the build with one line naming the setting and what was expected.", ""]
    for title, table in (("khaosan's settings", SCHEMA), ("Pelican settings whose default khaosan changes", PELICAN_OVERRIDES)):
        lines += [f"## {title}", "", "| setting | default | expected | what it does |", "| --- | --- | --- | --- |"]
        for name, option in table.items():
            default = repr(option.default)
            if len(default) > 60:
                default = default[:57] + "..."
            lines.append(f"| `{name}` | `{default}` | {expected(option)} | {option.help} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if TARGET.is_file() and TARGET.read_text(encoding="utf-8") == text else 1)
    TARGET.write_text(text, encoding="utf-8")
