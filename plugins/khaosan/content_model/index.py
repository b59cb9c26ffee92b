"""Read every content file's front matter once per build, check it against the schema, and index it.

The index is what the build, `make check` and every page that lists content read; no page scans files.
"""
from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field

import yaml

from . import fields as f
from .problems import ADVICE, WARNING, ProblemLog
from .schema import KINDS, Kind
from .topic_table import FILE_NAME as TOPICS_FILE, load_topics

try:  # the C loader is several times faster; the pure one gives the same results
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader


class _Loader(_BaseLoader):
    """YAML without implicit timestamps: dates stay text so the Date field can read Buddhist Era years
    and explain a bad date, instead of YAML failing on 2566-13-45 with no field name."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

STATIC_EXTENSIONS = f.IMAGE_EXTENSIONS + (".pdf",)
LANG_SUFFIX = re.compile(r"^(?P<name>.+?)\.(?P<lang>th|en)$")
CONTROL_CHARACTERS = f.CONTROL_CHARACTERS
IGNORED = re.compile(r"^(\.|~|#)|(~|\.swp|\.tmp|\.bak)$")
# What `make new` writes where the communicator still has to: allowed in drafts, an error once published.
PLACEHOLDER = re.compile(r"<<[^\n]*?>>")
DRAFT = "draft"


@dataclass
class Entry:
    """One content file: its kind, language, slug and checked front matter."""
    kind: Kind
    path: str                 # absolute
    relpath: str              # relative to the content folder, with /
    lang: str
    slug: str
    meta: dict
    body: str
    body_line: int            # line number of the body's first line in the file
    images: dict = field(default_factory=dict)  # picture address in the body → (path in content, (w, h))

    @property
    def key(self):
        return (self.kind.name, self.lang, self.slug)

    @property
    def is_draft(self) -> bool:
        return self.meta.get("status") == DRAFT


@dataclass
class ContentIndex:
    root: str
    entries: list[Entry] = field(default_factory=list)
    static_files: list[str] = field(default_factory=list)
    topics: dict = field(default_factory=dict)  # slug → vocabularies.Term, from CONTENT/topics.yml

    def __post_init__(self):
        self._by_path = {}
        self._by_key = {}
        self.withheld: set[str] = set()  # paths of drafts this build does not publish

    def withhold_drafts(self) -> int:
        """Drop the drafts from this index (make site, make publish): nothing lists, links or writes them."""
        drafts = [e for e in self.entries if e.is_draft]
        self.withheld = {e.path for e in drafts}
        self.entries = [e for e in self.entries if not e.is_draft]
        self._by_path = {e.path: e for e in self.entries}
        self._by_key = {}
        for entry in self.entries:
            self._by_key.setdefault(entry.key, entry)
        return len(drafts)

    def add(self, entry: Entry):
        self.entries.append(entry)
        self._by_path[entry.path] = entry
        self._by_key.setdefault(entry.key, entry)

    def by_path(self, path: str) -> Entry | None:
        return self._by_path.get(os.path.abspath(path))

    def get(self, kind: str, lang: str, slug: str) -> Entry | None:
        return self._by_key.get((kind, lang, slug))

    def find(self, kind: str, slug: str, lang: str) -> Entry | None:
        """The item in this language, else in any language it exists in."""
        return self.get(kind, lang, slug) or next(
            (self.get(kind, other, slug) for other in ("th", "en") if self.get(kind, other, slug)), None)

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind.name == kind]

    def languages_of(self, kind: str, slug: str) -> list[str]:
        return [lang for lang in ("th", "en") if self.get(kind, lang, slug)]


def split_front_matter(text: str):
    """Return (front matter text, line where it starts, body, line where the body starts) or None."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or lines[start].strip() != "---":
        return None
    for end in range(start + 1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return ("\n".join(lines[start + 1:end]), start + 2, "\n".join(lines[end + 1:]), end + 2)
    return ("\n".join(lines[start + 1:]), start + 2, None, len(lines))


def read_text(path: str, log: ProblemLog):
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as e:
        log.add(path, 1, "file", f"cannot be read ({e.strerror})", "check the file's permissions")
        return None
    if b"\x00" in raw:
        log.add(path, 1, "file", "is not a text file", "save it as plain text (UTF-8) with the .md ending")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        log.add(path, line, "file", "is not UTF-8 text", "save the file as UTF-8 (in most editors: Save As… → Encoding UTF-8)")
        return None
    # Invisible control characters (pasted from office programs) mean nothing in Markdown and are not
    # allowed in XML, so feeds could not carry the item: they are dropped.
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def parse_yaml(source: str, path: str, first_line: int, log: ProblemLog):
    """Return (mapping of values, mapping of key → line) or None when the YAML cannot be read."""
    try:
        loader = _Loader(source)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = (e.problem or e.context or "not valid YAML").strip()
        log.add(path, line, "front matter", f"not valid YAML ({problem})",
                "check the indentation and put text that contains ':' or starts with a quote or bracket in double quotes")
        return None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as e:
        log.add(path, first_line, "front matter", f"not valid YAML ({type(e).__name__})",
                "simplify the front matter to plain 'field: value' lines")
        return None
    if not isinstance(data, dict):
        log.add(path, first_line, "front matter", f"expected fields such as 'title: …', found {f.type_name(data)}",
                "write one 'field: value' per line between the two '---' lines")
        return None
    lines = {}
    items = {}
    if node is not None:
        for key_node, value_node in node.value:
            key = str(key_node.value)
            lines[key] = first_line + key_node.start_mark.line
            item_lines = [first_line + n.start_mark.line for n in value_node.value] if isinstance(value_node, yaml.SequenceNode) else []
            items[key] = item_lines
    return {str(k): v for k, v in data.items()}, lines, items


def read_entry(path: str, root: str, kind: Kind, places, log: ProblemLog, topics: dict | None = None) -> Entry | None:
    text = read_text(path, log)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        log.add(path, 1, "front matter", "missing",
                "start the file with a line '---', then 'title: …' and the other fields, then a line '---'")
        return None
    source, first_line, body, body_line = parts
    if body is None:
        log.add(path, first_line - 1, "front matter", "has no closing '---' line", "add a line '---' after the last field")
        return None
    parsed = parse_yaml(source, path, first_line, log)
    if parsed is None:
        return None
    data, key_lines, item_lines = parsed

    stem = os.path.basename(path)[: -len(".md")]
    name_match = LANG_SUFFIX.match(stem)
    file_lang = name_match.group("lang") if name_match else None
    file_slug = name_match.group("name") if name_match else stem

    meta = {}
    placeholders = []  # (line, field, the placeholder text)
    for key, value in data.items():
        spec = kind.fields.get(key)
        line = key_lines.get(key, first_line)
        left = placeholder_in(value)
        if spec is not None and left:
            placeholders.append((line, key, left))
            if isinstance(spec, (f.Text, f.Choice)) and isinstance(value, str):
                meta[key] = value.strip()  # a draft's preview shows what is still to write
            continue
        if spec is None:
            hint = f.did_you_mean(key, kind.field_names())
            log.add(path, line, key, f'unknown field for {kind.label}s; it is ignored',
                    hint or f"the fields are: {', '.join(kind.field_names())}", WARNING)
            continue
        if value is None or value == "" or value == []:
            if spec.required:
                log.add(path, line, key, "is empty", f"write the {key} after the colon")
            continue

        def report(message, fix, item=None, name=key, key=key, line=line):
            where = item_lines.get(key, [])
            log.add(path, where[item] if item is not None and item < len(where) else line, name, message, fix)

        ctx = f.FieldContext(key, path, root, file_lang or "th", places, report, topics or {})
        checked = spec.check(value, ctx)
        if checked is not f.INVALID:
            meta[key] = checked

    for key, spec in kind.fields.items():
        if spec.required and key not in data:
            log.add(path, first_line - 1, key, "is missing", f"add a line '{key}: …' to the front matter")

    lang = meta.get("lang") or file_lang or "th"
    if file_lang and meta.get("lang") and meta["lang"] != file_lang:
        log.add(path, key_lines["lang"], "lang", f'says "{meta["lang"]}" but the file name ends in .{file_lang}.md',
                "make the two agree")
    slug = meta.get("slug") or file_slug
    if "slug" not in data and not f.SLUG_RE.match(slug):
        log.add(path, first_line - 1, "slug", f'the file name "{os.path.basename(path)}" cannot be a URL',
                "add 'slug: some-english-words' to the front matter or rename the file with English letters, digits and hyphens")
        return None
    if "slug" in data and "slug" not in meta:
        return None
    meta["lang"], meta["slug"] = lang, slug
    for number, text in enumerate(body.split("\n"), start=body_line):
        for match in PLACEHOLDER.finditer(text):
            placeholders.append((number, "body", match.group()))
    if meta.get("status") != DRAFT:
        for line, key, text in placeholders:
            log.add(path, line, key, f'still holds the placeholder "{text}" from make new',
                    "write the real text in its place, or keep 'status: draft' until the item is finished")
    relpath = os.path.relpath(path, root).replace(os.sep, "/")
    images = check_body_images(path, root, body, body_line, places, log)
    return Entry(kind, os.path.abspath(path), relpath, lang, slug, meta, body, body_line, images)


BODY_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)


def check_body_images(path, root, body, body_line, places, log) -> dict:
    """Pictures in the body must be files in the content folder, like the cover: report the ones that are not."""
    images = {}
    for match in BODY_IMAGE.finditer(body):
        src = match.group(1) or match.group(2)
        line = body_line + body.count("\n", 0, match.start())

        def report(message, fix, item=None, name=None, line=line):
            log.add(path, line, "body", message, fix)

        ctx = f.FieldContext("body", path, root, "th", places, report)
        resolved = f.Image().check(src, ctx)
        if resolved is not f.INVALID:
            size = picture_size(os.path.join(root, resolved))
            if size is None:
                report(f'"{src}" cannot be read as a picture', "save it again as JPEG or PNG")
            else:
                images[src] = (resolved, size)
    return images


def picture_size(path: str):
    """(width, height) from the file's header, so pages reserve the picture's space and do not shift."""
    from PIL import Image as PILImage, UnidentifiedImageError

    try:
        with PILImage.open(path) as picture:
            return picture.size
    except (OSError, UnidentifiedImageError, ValueError):
        return None


def build_index(root: str, places) -> tuple[ContentIndex, ProblemLog]:
    """Walk the content folder once: every file is indexed, served as a static file, or named in a problem."""
    log = ProblemLog()
    index = ContentIndex(os.path.abspath(root))
    if not os.path.isdir(root):
        log.add(root, 1, "content", "folder not found", "run the command from the project folder or name the content folder")
        return index, log
    index.topics = load_topics(root, log)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not IGNORED.search(d))
        for name in sorted(filenames):
            if IGNORED.search(name):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            top = rel.split("/", 1)[0] if "/" in rel else ""
            if rel == TOPICS_FILE:
                continue
            if name.lower().endswith(STATIC_EXTENSIONS):
                index.static_files.append(rel)
            elif name.endswith(".md") and top in KINDS:
                entry = read_entry(path, root, KINDS[top], places, log, index.topics)
                if entry is not None:
                    index.add(entry)
            elif name.endswith(".md"):
                log.add(path, 1, "file", f"is not in a content folder, so it would not be published",
                        f"move it into one of content/{', content/'.join(KINDS)}")
            else:
                log.add(path, 1, "file", "is not a Markdown (.md) file or a picture, so it would not be published",
                        "save the text as NAME.th.md or NAME.en.md, or remove the file")
    cross_check(index, log)
    return index, log


def cross_check(index: ContentIndex, log: ProblemLog):
    """Checks that need every file: duplicate slugs and references between items."""
    seen = {}
    for entry in index.entries:
        other = seen.setdefault(entry.key, entry)
        if other is not entry:
            log.add(entry.path, 1, "slug",
                    f'"{entry.slug}" is already used by {other.relpath} in the same language',
                    "give one of them another slug (or mark them as translations with different lang)")
    resolve_partner_names(index, log)
    partners = {e.slug for e in index.of_kind("partners")}
    stories = {e.slug for e in index.entries if e.kind.name in ("reports", "news")}
    published = {(e.kind.name, e.slug) for e in index.entries if not e.is_draft}
    for entry in index.entries:
        for key, known, noun, folder in (("partners", partners, "partner", "partners"), ("featured", stories, "report or news item", "reports/ or content/news")):
            for slug in entry.meta.get(key, []):
                kinds = ("partners",) if key == "partners" else ("reports", "news")
                if slug in known and not entry.is_draft and not any((k, slug) in published for k in kinds):
                    log.add(entry.path, entry_line(entry, key, slug), key, f'the {noun} "{slug}" is still a draft, so its page is not published',
                            f"publish it first (remove 'status: draft' from its files), or keep this item a draft too")
                if slug not in known:
                    match = difflib.get_close_matches(slug, sorted(known), n=1)
                    fix = f'did you mean "{match[0]}"?' if match else f"add a profile in content/{folder}/{slug}.th.md or remove it"
                    log.add(entry.path, entry_line(entry, key, slug), key, f'unknown {noun} "{slug}"', fix)
    twin_advice(index, log)


def resolve_partner_names(index: ContentIndex, log: ProblemLog):
    """`partners:` may name a partner by its short name (สสส.) or its title in either language, as
    provinces are named by their Thai names; each becomes the partner's slug. A name two partners share
    is an error that lists both."""
    slugs = {e.slug for e in index.of_kind("partners")}
    names: dict[str, set[str]] = defaultdict(set)
    for partner in index.of_kind("partners"):
        for key in ("short_name", "title"):
            if partner.meta.get(key):
                names[partner.meta[key].strip().casefold()].add(partner.slug)
    for entry in index.entries:
        if "partners" not in entry.meta:
            continue
        resolved = []
        for name in entry.meta["partners"]:
            owners = {name} if name in slugs else names.get(name.casefold(), set())
            if len(owners) > 1:
                listed = " and ".join(f"{slug} ({', '.join(p.relpath for p in index.entries if p.kind.name == 'partners' and p.slug == slug)})"
                                      for slug in sorted(owners))
                log.add(entry.path, entry_line(entry, "partners", name), "partners",
                        f'"{name}" is the name of more than one partner: {listed}',
                        "write the slug of the one you mean instead (its file name without .th.md)")
                continue
            slug = next(iter(owners), name)  # an unknown name stays as written: cross_check reports it
            if slug not in resolved:
                resolved.append(slug)
        entry.meta["partners"] = resolved


def twin_advice(index: ContentIndex, log: ProblemLog):
    """The Thai and English files of one item should agree on the facts; a difference is advice, not an error."""
    for entry in index.entries:
        if entry.lang != "en":
            continue
        thai = index.get(entry.kind.name, "th", entry.slug)
        if thai is None:
            continue
        facts = {
            "date": lambda e: e.meta["date"].date().isoformat() if e.meta.get("date") else None,
            "provinces": lambda e: sorted(p.slug for p in e.meta.get("provinces", [])),
            "partners": lambda e: sorted(e.meta.get("partners", [])),
        }
        for key, fact in facts.items():
            mine, theirs = fact(entry), fact(thai)
            if mine is None or theirs is None:  # a date missing or wrong is an error of its own
                continue
            if mine != theirs:
                shown = lambda v: ", ".join(v) if isinstance(v, list) else (v or "none")
                log.add(entry.path, entry_line_of_key(entry, key), key,
                        f"{shown(mine) or 'none'} here, but {shown(theirs) or 'none'} in the Thai version ({thai.relpath})",
                        "make the two the same unless the difference is intended", ADVICE)


def entry_line_of_key(entry: Entry, key: str) -> int:
    try:
        with open(entry.path, encoding="utf-8-sig") as fh:
            for number, line in enumerate(fh, start=1):
                if number >= entry.body_line:
                    break
                if line.startswith(f"{key}:"):
                    return number
    except OSError:
        pass
    return 1


def placeholder_in(value, depth: int = 0) -> str:
    """The first `<<…>>` placeholder in a front matter value (down to the depth fields have), or ''.

    The depth limit matters: YAML anchors can make a list that contains itself."""
    if isinstance(value, str):
        match = PLACEHOLDER.search(value)
        return match.group() if match else ""
    if depth >= 3 or not isinstance(value, (list, dict)):
        return ""
    items = value.values() if isinstance(value, dict) else value
    return next((found for found in (placeholder_in(v, depth + 1) for v in items) if found), "")


def entry_line(entry: Entry, key: str, value: str) -> int:
    """Find the line of a list value again; the index keeps values, not nodes."""
    try:
        with open(entry.path, encoding="utf-8-sig") as fh:
            for number, line in enumerate(fh, start=1):
                if number >= entry.body_line:
                    break
                if re.search(rf"(^|[\s\[,'\"-]){re.escape(value)}($|[\s\],'\"])", line):
                    return number
    except OSError:
        pass
    return 1
