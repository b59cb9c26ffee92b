"""Write docs/fields.md from the content schema, so the field reference cannot drift from the checks.

    .venv/bin/python tools/schema_doc.py          # rewrite docs/fields.md
    .venv/bin/python tools/schema_doc.py --check  # exit 1 when docs/fields.md is out of date
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from khaosan.content_model.schema import KINDS
from khaosan.content_model.vocabularies import OUTCOME_RATINGS, PARTNER_TYPES, TOPICS

TARGET = os.path.join(ROOT, "docs", "fields.md")


def render() -> str:
    lines = ["# Content fields", "",
             "Generated from `plugins/content_model/schema.py` by `tools/schema_doc.py`; do not edit by hand.", ""]
    for kind in KINDS.values():
        lines += [f"## `content/{kind.name}/`: {kind.label}s", "", "| field | required | what to write |", "| --- | --- | --- |"]
        for name, spec in kind.fields.items():
            lines.append(f"| `{name}` | {'yes' if spec.required else ''} | {spec.help or type(spec).__name__.lower()} |")
        lines.append("")
    for title, table in (("Topics (`topics`)", TOPICS), ("Partner types (`type`)", PARTNER_TYPES)):
        lines += [f"## {title}", "", "| slug | ไทย | English |", "| --- | --- | --- |"]
        lines += [f"| `{slug}` | {term.name_th} | {term.name_en} |" for slug, term in table.items()]
        lines.append("")
    lines += ["## Outcome ratings (`outcome_rating`)", "", "| value | ไทย | English |", "| --- | --- | --- |"]
    lines += [f"| {value} | {term.name_th} | {term.name_en} |" for value, term in OUTCOME_RATINGS.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        with open(TARGET, encoding="utf-8") as fh:
            sys.exit(0 if fh.read() == text else 1)
    with open(TARGET, "w", encoding="utf-8") as fh:
        fh.write(text)
