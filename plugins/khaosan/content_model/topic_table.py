"""Topics (ประเด็น) are content: CONTENT/topics.yml names each topic in both languages with a short
description. The check, the pages, the feeds, the search filters and the web editor read this one table,
so a communicator adds a topic without touching Python.
"""
from __future__ import annotations

import os

import yaml

from . import fields as f
from .problems import WARNING, ProblemLog
from .vocabularies import Term

FILE_NAME = "topics.yml"
COLUMNS = ("slug", "name_th", "name_en", "description_th", "description_en")
REQUIRED = ("slug", "name_th", "name_en")
EXAMPLE = "- {slug: road-safety, name_th: ความปลอดภัยทางถนน, name_en: Road safety, description_th: …, description_en: …}"


def topics_path(content_root: str) -> str:
    return os.path.join(content_root, FILE_NAME)


def load_topics(content_root: str, log: ProblemLog | None = None) -> dict[str, Term]:
    """{slug: Term} in the file's order; {} when the content folder has no topics.yml.

    Problems in the file go to `log` (a throwaway log when none is given) with their line.
    """
    log = log if log is not None else ProblemLog()
    path = topics_path(content_root)
    if not os.path.isfile(path):
        return {}
    try:
        with open(path, encoding="utf-8-sig") as fh:
            root = yaml.compose(fh)
    except (OSError, UnicodeDecodeError) as e:
        log.add(path, 1, "topics", f"cannot be read ({e})", "save the file as UTF-8 text")
        return {}
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        log.add(path, (mark.line + 1) if mark else 1, "topics", f"not valid YAML ({(e.problem or '').strip()})",
                "check the indentation: each topic starts with '- slug: …' under 'topics:'")
        return {}
    rows = None
    if isinstance(root, yaml.MappingNode):
        rows = next((value for key, value in root.value if key.value == "topics"), None)
    if not isinstance(rows, yaml.SequenceNode):
        log.add(path, 1, "topics", "expected a list under 'topics:'", f"write 'topics:' and then one line per topic: {EXAMPLE}")
        return {}
    table: dict[str, Term] = {}
    for node in rows.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            log.add(path, line, "topics", "each topic needs a slug and two names", f"write it as {EXAMPLE}")
            continue
        values = {key.value: value.value for key, value in node.value if isinstance(value, yaml.ScalarNode)}
        unknown = [k for k in values if k not in COLUMNS]
        for key in unknown:
            log.add(path, line, f"topics.{key}", "unknown field; it is ignored", f"the fields are: {', '.join(COLUMNS)}", WARNING)
        missing = [k for k in REQUIRED if not str(values.get(k) or "").strip()]
        if missing:
            log.add(path, line, "topics", f"the topic has no {' and no '.join(missing)}", f"write it as {EXAMPLE}")
            continue
        slug = str(values["slug"]).strip()
        if not f.SLUG_RE.match(slug):
            log.add(path, line, "topics.slug", f'"{slug}" is not a URL name',
                    "use lowercase English letters, digits and hyphens, e.g. road-safety")
            continue
        if slug in table:
            log.add(path, line, "topics.slug", f'"{slug}" is defined twice', "keep one of the two topics")
            continue
        table[slug] = Term(slug, *(str(values.get(k) or "").strip() for k in COLUMNS[1:]))
    return table
