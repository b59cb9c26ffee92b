"""Write docs/fields.md from the content schema, so the field reference cannot drift from the checks.

    .venv/bin/python tools/schema_doc.py          # rewrite docs/fields.md
    .venv/bin/python tools/schema_doc.py --check  # exit 1 when docs/fields.md is out of date
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from khaosan.content_model.schema import KINDS
from khaosan.content_model.topic_table import load_topics
from khaosan.content_model.vocabularies import OUTCOME_RATINGS, PARTNER_TYPES

TOPICS = load_topics(os.path.join(ROOT, "content"))

TARGET = os.path.join(ROOT, "docs", "fields.md")
TARGET_TH = os.path.join(ROOT, "docs", "th", "fields.md")
KIND_TH = {"reports": "รายงานจากพื้นที่", "news": "ข่าว", "partners": "ภาคีเครือข่าย", "enews": "จดหมายข่าว", "pages": "หน้าเว็บ"}


def render() -> str:
    lines = ["# Content fields", "",
             "Generated from `plugins/content_model/schema.py` by `tools/schema_doc.py`; do not edit by hand.", ""]
    for kind in KINDS.values():
        lines += [f"## `content/{kind.name}/`: {kind.label}s", "", "| field | required | what to write |", "| --- | --- | --- |"]
        for name, spec in kind.fields.items():
            lines.append(f"| `{name}` | {'yes' if spec.required else ''} | {spec.help or type(spec).__name__.lower()} |")
        lines.append("")
    lines += vocabulary_tables("Topics (`topics`, defined in `content/topics.yml`)", "Partner types (`type`)",
                               "Outcome ratings (`outcome_rating`)", "value")
    return "\n".join(lines) + "\n"


def vocabulary_tables(topics_title: str, types_title: str, ratings_title: str, value_heading: str) -> list[str]:
    """The topics, partner types and outcome ratings with both their names: the same tables in both references."""
    lines = []
    for title, table in ((topics_title, TOPICS), (types_title, PARTNER_TYPES)):
        lines += [f"## {title}", "", "| slug | ไทย | English |", "| --- | --- | --- |"]
        lines += [f"| `{slug}` | {term.name_th} | {term.name_en} |" for slug, term in table.items()]
        lines.append("")
    lines += [f"## {ratings_title}", "", f"| {value_heading} | ไทย | English |", "| --- | --- | --- |"]
    lines += [f"| {value} | {term.name_th} | {term.name_en} |" for value, term in OUTCOME_RATINGS.items()]
    return lines


def render_th() -> str:
    """The same reference for Thai readers: every field with its Thai and its English hint."""
    lines = ["# ช่องข้อมูลของเนื้อหา (Content fields)", "",
             "สร้างจาก `plugins/khaosan/content_model/schema.py` ด้วย `make docs` ห้ามแก้ไฟล์นี้เอง",
             "(Generated from the schema by `make docs`; do not edit by hand.)", "",
             "ช่องที่ไม่บังคับปล่อยว่างได้ · `make new` เขียนทุกช่องพร้อมคำอธิบายให้", ""]
    for kind in KINDS.values():
        lines += [f"## `content/{kind.name}/`: {KIND_TH[kind.name]} ({kind.label}s)", "",
                  "| ช่อง (field) | ต้องมี | เขียนอะไร | what to write |", "| --- | --- | --- | --- |"]
        for name, spec in kind.fields.items():
            lines.append(f"| `{name}` | {'ต้องมี' if spec.required else ''} | {spec.help_th} | {spec.help} |")
        lines.append("")
    lines += vocabulary_tables("ประเด็น (`topics`) จาก `content/topics.yml`", "ประเภทภาคี (`type`)",
                               "ผลการดำเนินงาน (`outcome_rating`)", "ค่า")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    outputs = {TARGET: render(), TARGET_TH: render_th()}
    if "--check" in sys.argv:
        for target, text in outputs.items():
            with open(target, encoding="utf-8") as fh:
                if fh.read() != text:
                    sys.exit(1)
        sys.exit(0)
    for target, text in outputs.items():
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(text)
