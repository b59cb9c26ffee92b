"""`make new KIND=report SLUG=…`: write both language files of a new item as a draft.

Every field of the kind is written from the schema with a one-line Thai and English hint, so a new field
never has to be added here too. Required text the communicator must write is a `<<…>>` placeholder:
allowed while `status: draft`, an error once the item is published (content_model.index).

Usage: khaosan-new KIND SLUG [CONTENT_FOLDER]
"""
from __future__ import annotations

import datetime as dt
import os
import sys

from .fields import BANGKOK, BUDDHIST_ERA_OFFSET, SLUG_RE
from .schema import KINDS

# The names a communicator types, singular as in the contract (make new KIND=report).
KIND_NAMES = {"report": "reports", "news": "news", "partner": "partners", "edition": "enews"}
LANGS = ("th", "en")

TITLE = {"th": "<<ชื่อเรื่อง>>", "en": "<<the headline>>"}
PARTNER_TYPE = "<<government, academic, civil-society, local-government, health-service, media, private, international>>"
HEADER = ("# ฉบับร่างจาก make new: เขียนแทนที่ทุก <<…>> และเติมช่องที่ต้องการ ช่องที่ไม่ใช้ปล่อยว่างได้\n"
          "# เมื่อพร้อมเผยแพร่ ให้เปลี่ยน status: draft เป็น status: published ในทั้งสองไฟล์\n"
          "# A draft from make new: replace every <<…>>, fill the fields you need and leave the others empty;\n"
          "# when it is ready, change status: draft to status: published in both files.\n")
BODY = {
    "reports": {
        "th": "## กิจกรรมตามแผน\n\n<<กิจกรรมที่วางแผนไว้>>\n\n## กิจกรรมที่ปฏิบัติจริง\n\n<<สิ่งที่ทำจริง>>\n\n"
              "## ผลผลิตและผลลัพธ์\n\n<<ผลที่เกิดขึ้น>>\n",
        "en": "## Planned activities\n\n<<what was planned>>\n\n## Activities carried out\n\n<<what was done>>\n\n"
              "## Outputs and outcomes\n\n<<what came of it>>\n",
    },
    "news": {"th": "<<เนื้อข่าว>>\n", "en": "<<the story>>\n"},
    "partners": {"th": "<<แนะนำภาคี: งานที่ทำและพื้นที่ที่ทำงาน>>\n", "en": "<<about the partner: its work and where it works>>\n"},
    "enews": {"th": "<<บทนำของจดหมายข่าวฉบับนี้>>\n", "en": "<<the introduction of this edition>>\n"},
}


def today_be(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(BANGKOK)
    return f"{now.year + BUDDHIST_ERA_OFFSET:04d}-{now.month:02d}-{now.day:02d}"


def value_for(name: str, spec, kind_name: str, slug: str, lang: str, today: str) -> str:
    """The YAML value a new file starts with: known facts, a placeholder for required text, else empty."""
    if name == "slug":
        return slug
    if name == "lang":
        return lang
    if name == "status":
        return "draft"
    if name == "date":
        return today
    if name == "title":
        return f'"{TITLE[lang]}"'
    if name == "type" and kind_name == "partners":
        return f'"{PARTNER_TYPE}"'
    if name == "period":
        return today[:7]
    if spec.required:
        return f'"<<{spec.help_th if lang == "th" else spec.help}>>"'
    return ""


def render(kind_name: str, slug: str, lang: str, today: str) -> str:
    kind = KINDS[kind_name]
    rows = []
    for name, spec in kind.fields.items():
        value = value_for(name, spec, kind_name, slug, lang, today)
        hint = f"{spec.help_th or spec.help} / {spec.help}"
        rows.append((f"{name}: {value}".rstrip(), hint))
    width = max(len(text) for text, _ in rows) + 2
    lines = [f"{text.ljust(width)}# {hint}" for text, hint in rows]
    return "---\n" + HEADER + "\n".join(lines) + "\n---\n\n" + BODY[kind_name][lang]


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in KIND_NAMES:
        sys.stderr.write(f"usage: make new KIND=… SLUG=…  (KIND is one of {', '.join(KIND_NAMES)}; "
                         "SLUG is the URL name, e.g. SLUG=nakhon-phanom-forum-2566)\n")
        return 2
    kind_name, slug = KIND_NAMES[argv[0]], argv[1]
    root = argv[2] if len(argv) > 2 else "content"
    if not SLUG_RE.match(slug):
        sys.stderr.write(f'SLUG: "{slug}" is not a URL name; use lowercase English letters, digits and hyphens, '
                         "e.g. SLUG=nakhon-phanom-forum-2566\n")
        return 2
    folder = os.path.join(root, kind_name)
    paths = [os.path.join(folder, f"{slug}.{lang}.md") for lang in LANGS]
    existing = [p for p in paths if os.path.exists(p)]
    if existing:
        sys.stderr.write(f"{existing[0]}: already exists; nothing was written. Choose another SLUG or edit that file.\n")
        return 1
    os.makedirs(folder, exist_ok=True)
    today = today_be()
    for path, lang in zip(paths, LANGS):
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(render(kind_name, slug, lang, today))
        sys.stdout.write(f"wrote {path}\n")
    sys.stdout.write("Fill in the fields, check with `make check`, preview with `make serve`; "
                     "set status: published in both files when it is ready.\n")
    return 0


def run() -> None:
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    run()
