"""Read every content file's front matter once per build, check it against the schema, and index it.

The index is what the build, `make check` and every page that lists content read; no page scans files.
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import stat
import sys
from collections import defaultdict
from dataclasses import dataclass, field

import yaml

from khaosan import url_scheme

from . import fields as f
from . import pictures
from .problems import ADVICE, WARNING, ContentError, ProblemLog
from .remembered import BODY_FROM, EntryMemory, Remembered, digest_of
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
IGNORED = f.LITTER  # names never published (editor and system litter); `IGNORED.search(name)`
# Front matter is a handful of fields: these bounds are far above any real file and far below harm.
YAML_MAX_DEPTH = 20
YAML_MAX_NODES = 20_000          # after expanding every alias (*name): an alias bomb is refused here
BODY_LINK = re.compile(r"[{|](static|attach|filename)[|}]([^\s\"'<>)\]]*)")
MAX_FUTURE = dt.timedelta(days=366)
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
    held_until: dt.date | None = None  # dated after the build's date: published by the first build on/after it
    # (code digest, build_cache.body_key): worked out once with the check and remembered with the entry.
    body_key: tuple | None = field(default=None, compare=False, repr=False)

    def __getattr__(self, name):
        # Only for attributes the instance lacks: a remembered entry's body (content_model.remembered).
        if name == "body" and BODY_FROM in self.__dict__:
            body = self.__dict__["body"] = body_of(self.path, self.__dict__[BODY_FROM])
            return body
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

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
    skipped: list[str] = field(default_factory=list)    # editor and system litter, never published
    notes: list[str] = field(default_factory=list)      # what `make check` tells besides problems

    def __post_init__(self):
        self._by_path = {}
        self._by_key = {}
        self.withheld: set[str] = set()  # paths of drafts this build does not publish
        self._static = set()

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

    def add_static(self, rel: str):
        self.static_files.append(rel)
        self._static.add(rel)

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

    def of_kind(self, kind: str, include_held: bool = False) -> list[Entry]:
        """The items of a kind this build publishes (and, when asked, those held back for a later date)."""
        return [e for e in self.entries if e.kind.name == kind and (include_held or e.held_until is None)]

    def is_approved_static(self, path: str) -> bool:
        """A file Pelican may copy into the output: one the walk found and checked, inside the folder."""
        real = os.path.realpath(path)
        root = os.path.realpath(self.root)
        if not real.startswith(root + os.sep):
            return False
        return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/") in self._static

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


def body_of(path: str, raw_digest: str) -> str:
    """The body of a file the check passed, read again: as the check read it, or an error if it changed since."""
    log = ProblemLog()
    raw = read_bytes(path, log)
    text = read_text(path, log, raw) if raw is not None and digest_of(raw) == raw_digest else None
    parts = split_front_matter(text) if text is not None else None
    if parts is None or parts[2] is None:
        raise ContentError(f"{display(path)}: changed while the site was being built; build it again")
    return parts[2]


def read_bytes(path: str, log: ProblemLog) -> bytes | None:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            log.add(path, 1, "file", "is not a regular file (a device, pipe or socket)", "remove it from the content folder")
            return None
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as e:
        log.add(path, 1, "file", f"cannot be read ({e.strerror})", "check the file's permissions")
        return None


def read_text(path: str, log: ProblemLog, raw: bytes | None = None):
    """The file's text (`raw`: its bytes, when the caller has read them already), or None with a problem."""
    raw = read_bytes(path, log) if raw is None else raw
    if raw is None:
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
        too_deep = yaml_depth_problem(source)
        if too_deep:
            line, depth = too_deep
            log.add(path, first_line + line, "front matter", f"nests lists or groups {depth} deep, more than {YAML_MAX_DEPTH}",
                    "write plain 'field: value' lines; a list needs one level, a group of fields one more")
            return None
        loader = _Loader(source)
        try:
            node = loader.get_single_node()
            if node is not None and expanded_size(node, {}) > YAML_MAX_NODES:
                log.add(path, first_line + node.start_mark.line, "front matter",
                        f"expands to more than {YAML_MAX_NODES:,} values through aliases (*name)",
                        "write each value out instead of repeating it with &anchor and *alias")
                return None
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


def yaml_depth_problem(source: str):
    """(line, depth) where the front matter nests deeper than YAML_MAX_DEPTH, read as a stream of events:
    the composer is recursive, and thousands of '[' would exhaust the stack before Python could stop it."""
    depth = 0
    for event in yaml.parse(source, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > YAML_MAX_DEPTH:
                return event.start_mark.line, depth
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def expanded_size(node, sizes: dict) -> int:
    """How many values the node stands for once every alias is written out (each node counted once, so
    this is quick even for an alias bomb that stands for billions)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = 1  # a node that refers back to itself counts once
    if isinstance(node, yaml.SequenceNode):
        total = 1 + sum(expanded_size(child, sizes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total = 1 + sum(expanded_size(k, sizes) + expanded_size(v, sizes) for k, v in node.value)
    else:
        total = 1
    sizes[id(node)] = min(total, YAML_MAX_NODES + 1)
    return sizes[id(node)]


def build_moment(environ=os.environ) -> dt.datetime:
    """The build's date and time: SOURCE_DATE_EPOCH when set (so builds stay reproducible), else now."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=f.BANGKOK)
    return dt.datetime.now(tz=f.BANGKOK)


def is_blank(value) -> bool:
    """A field left empty. The web editor writes a group the communicator left alone with its parts empty
    and its switches off ({name: "", public: false}): that is a field not given, not a half-written one."""
    if isinstance(value, dict):
        return all(is_blank(v) or v is False for v in value.values())
    return value is None or value == "" or value == []


def read_entry(path: str, root: str, kind: Kind, places, log: ProblemLog, options: "CheckOptions" = None,
               topics: dict | None = None, raw: bytes | None = None) -> Entry | None:
    options = options or CheckOptions()
    text = read_text(path, log, raw)
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
            log.add(path, line, key, f'unknown field for {kind.label}s',
                    hint or f"the fields are: {', '.join(kind.field_names())}")
            continue
        if is_blank(value):
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
    check_body_links(path, root, body, body_line, log)
    check_body_nesting(path, body, body_line, log)
    check_photo_consent(path, meta, item_lines.get("photos", []), key_lines.get("photos", first_line), options, log)
    held_until = None
    if isinstance(meta.get("date"), dt.datetime):
        date, today = meta["date"], options.moment
        if date - today > MAX_FUTURE:
            log.add(path, key_lines.get("date", first_line), "date",
                    f"{date:%Y-%m-%d} is more than a year after the build's date ({today:%Y-%m-%d})",
                    "check the year: Buddhist Era years are 543 more than Common Era ones (2567 is 2024)")
        elif date > today:
            held_until = date.date()
            options.notes.append(f"{display(path)}:{key_lines.get('date', first_line)}: held back until {date:%Y-%m-%d}:"
                                 " the first build on or after that day publishes it")
    contact = meta.get("followup_contact")
    if isinstance(contact, dict) and contact.get("public") is not True:
        options.notes.append(f"{display(path)}:{key_lines.get('followup_contact')}: followup_contact: not published; a person's"
                             " name and number are shown only with public: true, once they agreed (PDPA)")
    return Entry(kind, os.path.abspath(path), relpath, lang, slug, meta, body, body_line, images, held_until)


def display(path: str) -> str:
    from .problems import display_path
    return display_path(path)


@dataclass
class CheckOptions:
    """What a check needs besides the files: the build's date and the settings that change the rules."""
    moment: dt.datetime = field(default_factory=build_moment)
    photo_consent_required: bool = False
    notes: list[str] = field(default_factory=list)


def check_body_links(path, root, body, body_line, log):
    """Files a body links with {static}, {attach} or {filename} must be inside the content folder:
    Pelican copies what they name, from wherever it is, and {static}/../x even writes outside the output."""
    from urllib.parse import unquote, urlsplit

    real_root = os.path.realpath(root)
    for match in BODY_LINK.finditer(body):
        what, value = match.groups()
        target = unquote(urlsplit(value).path)
        if not target:
            continue
        base = root if target.startswith("/") else os.path.dirname(path)
        resolved = os.path.realpath(os.path.join(base, target.lstrip("/")))
        line = body_line + body.count("\n", 0, match.start())
        if not resolved.startswith(real_root + os.sep):
            log.add(path, line, "body", f'the link "{{{what}}}{value}" names a file outside the content folder',
                    "copy the file into content/ (pictures into content/images/) and link it from there")
        elif any(f.is_litter(part) for part in os.path.relpath(resolved, real_root).split(os.sep)):
            log.add(path, line, "body", f'the link "{{{what}}}{value}" names a hidden or backup file, which is never published',
                    "link the file itself, not its backup or a hidden copy")


MARKUP_RUN = re.compile(r"[*_\[>]")
# A run of this many * or _ means nothing in Markdown, and a few thousand make it recurse past Python's limit.
LONG_EMPHASIS_RUN = re.compile(r"[*_]{100,}")


def check_body_nesting(path, body, body_line, log):
    """Thousands of nested * or _ make Markdown recurse until Python gives up: such a paragraph is tried
    here, so the problem gets its line (the reader would only be able to say which file)."""
    import markdown

    offset = 0
    for paragraph in re.split(r"(\n\s*\n)", body):
        line = body_line + body.count("\n", 0, offset)
        run = LONG_EMPHASIS_RUN.search(paragraph)
        if run:
            log.add(path, line + paragraph.count("\n", 0, run.start()), "body",
                    f"has a run of {len(run.group())} '{run.group()[0]}' characters, which Markdown cannot read",
                    "remove the run, or put it in `code` or after a backslash (\\*) to show the characters themselves")
        elif len(MARKUP_RUN.findall(paragraph)) > 400:
            # Tried with less room than the build's reader has (it runs deeper inside Pelican), so whatever
            # passes here also converts there.
            limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(limit - 200, 200))
            try:
                markdown.markdown(paragraph, extensions=["extra", "sane_lists", "toc"])
            except RecursionError:
                log.add(path, line, "body", "nests emphasis, links or quotes too deeply to read",
                        "remove the long run of repeated *, _, [ or > characters")
            finally:
                sys.setrecursionlimit(limit)
        offset += len(paragraph)


def check_photo_consent(path, meta, photo_lines, line, options, log):
    """PDPA: with PHOTO_CONSENT_REQUIRED, a close-up of a person needs that person's consent."""
    if not options.photo_consent_required:
        return
    for i, photo in enumerate(meta.get("photos", [])):
        if photo.get("people") == "close-up" and photo.get("consent") is not True:
            log.add(path, photo_lines[i] if i < len(photo_lines) else line, "photos",
                    f'photo {i + 1} ({photo["src"]}) is a close-up of people without consent: true',
                    "add consent: true once the people shown agreed in writing, or use a crowd photo instead")


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
            # The size from the header, so pages reserve the picture's space and do not shift.
            size = pictures.inspect(os.path.join(root, resolved)).size
            if size is None:
                report(f'"{src}" cannot be read as a picture', "save it again as JPEG or PNG")
            else:
                images[src] = (resolved, size)
    return images


def build_index(root: str, places, options: CheckOptions | None = None,
                memory: "EntryMemory | None" = None) -> tuple[ContentIndex, ProblemLog]:
    """Walk the content folder once: every file is indexed, served as a static file, or named in a problem.
    With `memory` (content_model.remembered), an item file whose bytes and surroundings are as at the last
    build is not checked again: its entry and problems are recalled."""
    log = ProblemLog()
    options = options or CheckOptions()
    index = ContentIndex(os.path.abspath(root))
    index.notes = options.notes
    if not os.path.isdir(root):
        log.add(root, 1, "content", "folder not found", "run the command from the project folder or name the content folder")
        return index, log
    index.topics = load_topics(root, log)
    items: list[tuple[str, Kind]] = []   # item files, checked once the walk has seen every other file
    stamps: list[str] = []
    real_root = os.path.realpath(root)
    visited = {real_root}
    # Links are followed as Pelican follows them, but only while they stay inside the content folder.
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        kept = []
        for d in sorted(dirnames):
            full = os.path.join(dirpath, d)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            if f.is_litter(d):
                index.skipped.append(rel + "/")
                continue
            real = os.path.realpath(full)
            if os.path.islink(full):
                # Pelican would follow it and publish what it holds a second time, or from outside the folder.
                if not real.startswith(real_root + os.sep):
                    log.add(full, 1, "folder", f"is a link to {real}, outside the content folder; nothing in it is published",
                            "copy what should be published into the content folder instead of linking it")
                else:
                    log.add(full, 1, "folder", "is a link to a folder that is already in the content folder",
                            "remove the link; each file is published once, from where it is")
                continue
            if real in visited:
                continue
            visited.add(real)
            kept.append(d)
        dirnames[:] = kept
        folder_rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = name if folder_rel == "." else f"{folder_rel}/{name}"
            if f.is_litter(name):
                index.skipped.append(rel)
                continue
            # The folder is inside (the walk above): only a link can lead out (realpath is a third of the walk).
            real = os.path.realpath(path) if os.path.islink(path) else None
            if real is not None and not real.startswith(real_root + os.sep):
                log.add(path, 1, "file", f"is a link to {real}, outside the content folder, which is never published",
                        "copy the file into the content folder instead of linking it")
                continue
            try:
                file_stat = os.stat(path)
                regular = stat.S_ISREG(file_stat.st_mode)
            except OSError:
                log.add(path, 1, "file", "is a link to a file that does not exist", "remove the link or copy the file here")
                continue
            if not regular:
                log.add(path, 1, "file", "is not a regular file (a device, pipe or socket)", "remove it from the content folder")
                continue
            top = rel.split("/", 1)[0] if "/" in rel else ""
            # What an item's check may read besides its own file: other files' names (links), and the
            # bytes of every other file (pictures, topics.yml), seen through their size and time.
            stamps.append(f"{rel}\x00md" if name.endswith(".md") else
                          f"{rel}\x00{file_stat.st_size}\x00{file_stat.st_mtime_ns}")
            if rel == TOPICS_FILE:
                continue
            if name.lower().endswith(STATIC_EXTENSIONS):
                if name.lower().endswith(f.IMAGE_EXTENSIONS):
                    picture = pictures.inspect(path)
                    if picture.problem:
                        log.add(path, 1, "picture", picture.problem, picture.fix)
                        continue
                    if picture.format in pictures.CONVERTED_ONLY:
                        continue   # read by khaosan.pictures only: the original keeps its camera data
                index.add_static(rel)
            elif name.endswith(".md") and top in KINDS:
                items.append((path, KINDS[top], file_stat))
            elif name.endswith(".md"):
                log.add(path, 1, "file", f"is not in a content folder, so it would not be published",
                        f"move it into one of content/{', content/'.join(KINDS)}")
            else:
                log.add(path, 1, "file", "is not a Markdown (.md) file or a picture, so it would not be published",
                        "save the text as NAME.th.md or NAME.en.md, or remove the file")
    if memory is not None:
        memory.begin(digest_of(os.path.abspath(root), options.photo_consent_required, *sorted(stamps)))
    for path, kind, file_stat in items:
        entry = read_entry_remembered(path, root, kind, places, log, options, index.topics, memory, file_stat)
        if entry is not None:
            index.add(entry)
    cross_check(index, log)
    return index, log


def read_entry_remembered(path, root, kind, places, log, options, topics, memory, found=None):
    """read_entry, or what it gave for the same bytes at the last build (content_model.remembered);
    `found`: the file's status, as the walk saw it."""
    if memory is None:
        return read_entry(path, root, kind, places, log, options, topics)
    if found is None:
        try:
            found = os.stat(path)
        except OSError:
            found = None    # read_bytes says why
    status = memory.status(path, found) if found is not None and stat.S_ISREG(found.st_mode) else None
    recalled = memory.recall_unread(path, status, kind)
    if recalled is not None:
        log.problems.extend(recalled.problems)
        options.notes.extend(recalled.notes)
        return recalled.entry
    raw = read_bytes(path, log)
    if raw is None:
        return None
    raw_digest = digest_of(raw)
    recalled = memory.recall(path, raw_digest, kind, status)
    if recalled is None:
        own_log, own_notes = ProblemLog(), []
        own_options = CheckOptions(options.moment, options.photo_consent_required, own_notes)
        entry = read_entry(path, root, kind, places, own_log, own_options, topics, raw)
        recalled = Remembered(entry, own_log.problems, own_notes)
        date = entry.meta.get("date") if entry is not None else None
        # A date still to come changes what the check says as the days pass: such a file is checked each time.
        if entry is not None and not (isinstance(date, dt.datetime) and date > options.moment):
            from khaosan.build_cache import body_key
            entry.body_key = (memory.base, body_key(memory.base, entry))
            memory.keep(path, raw_digest, recalled, status)
    log.problems.extend(recalled.problems)
    options.notes.extend(recalled.notes)
    return recalled.entry


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
    for entry in index.of_kind("pages", include_held=True):
        if entry.slug in url_scheme.RESERVED_SLUGS:
            log.add(entry.path, entry_line(entry, "slug", entry.slug) if "slug" in entry.meta else 1, "slug",
                    f'"{entry.slug}" is the address of a part of the site (/{entry.slug}/), which this page would replace',
                    f"choose another slug, e.g. about-{entry.slug}")
    for entry in index.entries:
        if entry.kind.name != "pages" and entry.slug in url_scheme.RESERVED_ITEM_SLUGS:
            log.add(entry.path, entry_line(entry, "slug", entry.slug), "slug",
                    f'"{entry.slug}" is the address of a generated page in /{entry.kind.name}/, which this item would replace',
                    f"choose another slug, e.g. {entry.slug}-{entry.kind.name}")
    partners = {e.slug for e in index.of_kind("partners", include_held=True)}
    stories = {e.slug for e in index.entries if e.kind.name in ("reports", "news") and e.held_until is None}
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
