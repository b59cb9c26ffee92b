"""Incremental builds: re-read only the sources that changed and re-render only the pages an edit touches.

A build keeps, in its cache folder (`folder_for`: `<CACHE_PATH>/khaosan/<output>-<hash>` when the settings
name a CACHE_PATH, else `.khaosan-cache/<output>/` beside the output folder):

- `bodies/`: each Markdown body as converted (HTML, excerpt, reading minutes), one file per body, named by
  the hash of everything the conversion reads (the body, its pictures' sizes, the language, whether it
  has a summary, and the code that converts it). A body is read back only when its item is read.
- `items/`: each article and standing page as Pelican read it, for the next build (read_items.py);
- `state.pickle`: the build's fingerprint (settings, theme, plugin code, package versions and the content
  folder's data files such as topics.yml), the fingerprint of every item (front matter and body), a
  signature of every list (which items it holds, with their front matter), the page record of the
  build, and a manifest of the output files (hash and size).

The next build with the same fingerprint is incremental: the content is still indexed and checked in full
(every problem at once), but bodies come from the cache, and a page is rendered only when it is new, its
record (address, twins, inputs, fallbacks) changed, or one of its inputs changed (`pages.PageRecord`):
an item whose file changed, with its twins and the items naming a changed partner, a list whose
membership or members' front matter changed. Any other difference (settings, theme, code, data files,
the menu of standing pages) gives a cold build: when in doubt, rebuild more. A feed is kept when it holds
the same unchanged items (`keep_feed`), the open data files when the front matter they show is the same
(`keep_front_matter_files`); the sitemap and every other file a generator writes outside the page record
are written on every build.

The output stays whole: the build still writes into the staging folder (atomic_output). Without a search
index to make, an incremental build then moves in only the files whose bytes differ from the output's and
deletes the files of pages that are gone (`plan_moves`, atomic_output.move_in, journalled: a build killed
halfway is finished by the next one). With the search index, which needs every page in one folder, every page
not rendered is hard-linked into staging from the output and files written with the bytes the output has are
replaced by links to the output's (`keep_unchanged`), and the folder is swapped in as a cold build's is. Either
way a file that did not change keeps its inode and modification time. A build that fails or is killed leaves
the output as it was; its cache state is written only once the output is in place (until then a pending
marker makes the next build cold).

Pelican's own content cache (CACHE_CONTENT, LOAD_CONTENT_CACHE with CHECK_MODIFIED_METHOD) caches each
reader's result per source file, stamped with the file's mtime or hash. khaosan's reader result also
depends on things outside the file (the content index: pictures' sizes, the build date for held-back
items, the theme's ids) and Pelican's cache is one pickle per generator, loaded whole. So the bodies are
cached here by the hash of their own inputs instead, and Pelican's `--ignore-cache` (LOAD_CONTENT_CACHE =
False) is honoured: it makes the build cold and reads nothing from this cache.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import sys
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from khaosan import url_scheme
from khaosan.pages import GLOBAL_INPUTS, PageRecord, item_key, record_of

from .read_items import ReadItems

logger = logging.getLogger(__name__)

CACHE_KEY = "KHAOSAN_CACHE"
# The dev server keeps one MemoryCache per output folder between its builds (settings[MEMORY_KEY]).
MEMORY_KEY = "_khaosan_memory"  # not upper case: a runtime object, not a setting config checks
# The dev server lets an incremental build's search index follow the build (SEARCH_LATER_KEY): the build
# then moves its changed pages in and says so (SEARCH_DEFERRED_KEY); the server indexes the output after.
SEARCH_LATER_KEY = "_khaosan_search_later"
SEARCH_DEFERRED_KEY = "_khaosan_search_deferred"
STATE_FILE = "state.pickle"   # pickle: at 4,000 × 2 items JSON took a second each way
PENDING_FILE = "state.pending.json"
FORMAT = 1
PELICAN_DEFAULT_CACHE_PATH = "cache"
# Settings a build puts on its own settings (runtime objects), and the cache switch itself.
RUNTIME_SETTINGS = ("KHAOSAN_", "_khaosan", "LOAD_CONTENT_CACHE", "WRITE_SELECTED")
# Packages whose version changes what a build writes.
PACKAGES = ("pelican", "markdown", "jinja2", "nh3", "pythainlp", "babel", "pyyaml", "feedgen", "segno", "pillow")
# Data keys whose changes the fingerprint already covers (the places table is code; topics.yml is a data file).
COVERED_DATA = frozenset({"data:places", "data:topics"})
CHUNK = 1 << 20
# The IGNORE_FILES the settings gave, before the content check adds the litter it found (content_model): the
# fingerprint reads this one, since litter in the content folder changes nothing that is built.
GIVEN_IGNORES_KEY = "KHAOSAN_IGNORE_FILES_GIVEN"


def digest(*parts) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def file_digest(path: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def tree_digest(root: str, skip_dirs=("__pycache__",)) -> str:
    h = hashlib.blake2b(digest_size=16)
    if root and os.path.isdir(root):
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in skip_dirs)
            for name in sorted(filenames):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = os.path.join(dirpath, name)
                h.update(os.path.relpath(path, root).encode("utf-8", "surrogatepass") + b"\x00")
                h.update(file_digest(path).encode("ascii"))
    return h.hexdigest()


def code_digest() -> str:
    """The plugin's code and data (places tables, maps), the packages that render, and Python itself."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return digest(FORMAT, sys.version, *versions, tree_digest(str(Path(__file__).resolve().parents[1])))


def settings_digest(settings) -> str:
    kept = {k: v for k, v in settings.items() if not k.startswith(RUNTIME_SETTINGS)}
    kept["IGNORE_FILES"] = settings.get(GIVEN_IGNORES_KEY, settings.get("IGNORE_FILES"))
    if isinstance(kept.get("JINJA_ENVIRONMENT"), dict):   # the template cache is where, not what
        kept["JINJA_ENVIRONMENT"] = {k: v for k, v in kept["JINJA_ENVIRONMENT"].items() if k != "bytecode_cache"}
    return digest(json.dumps(kept, sort_keys=True, default=repr, ensure_ascii=False))


def content_data_digest(index) -> str:
    """Files of the content folder that are neither an item nor a static file (topics.yml, and whatever
    data file a later version reads): any change to one of them is a cold build."""
    items = {e.path for e in index.entries} | set(getattr(index, "withheld", ()))
    static = {os.path.join(index.root, rel) for rel in index.static_files}
    # Editor and system litter (a swap file, .DS_Store) is never published: it changes nothing.
    litter = {os.path.join(index.root, rel.rstrip("/")) for rel in index.skipped}
    h = hashlib.blake2b(digest_size=16)
    for dirpath, dirnames, filenames in os.walk(index.root):
        dirnames[:] = sorted(d for d in dirnames if os.path.join(dirpath, d) not in litter)
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if path in items or path in static or path in litter or name.endswith(".md"):
                continue
            h.update(os.path.relpath(path, index.root).encode("utf-8", "surrogatepass") + b"\x00")
            try:
                h.update(file_digest(path).encode("ascii"))
            except OSError:
                h.update(b"?")
    return h.hexdigest()


def folder_for(settings, final: str) -> str:
    configured = settings.get("CACHE_PATH") or PELICAN_DEFAULT_CACHE_PATH
    name = os.path.basename(final.rstrip(os.sep)) or "output"
    if os.path.normpath(configured) == PELICAN_DEFAULT_CACHE_PATH:
        return os.path.join(os.path.dirname(final), ".khaosan-cache", name)
    return os.path.join(os.path.abspath(configured), "khaosan", f"{name}-{digest(final)[:8]}")


def _plain(value):
    """A front matter value JSON lacks a form for: a province by its slug, the rest (dates) as text."""
    slug = getattr(value, "slug", None)
    return slug if isinstance(slug, str) else str(value)


# One encoder for every item: json.dumps makes one per call.
_META_JSON = json.JSONEncoder(sort_keys=True, default=_plain, ensure_ascii=False)


def meta_fingerprint(entry, root: str) -> str:
    return digest(entry.relpath, _META_JSON.encode(entry.meta), entry.held_until, entry.is_draft,
                  *picture_stamps(entry, root))


def picture_stamps(entry, root: str) -> list[str]:
    """Each picture the item shows, by name, size and modification time: a picture replaced by another of
    the same size has new derived files (named by its bytes), so the pages that show it change."""
    from khaosan.pictures import shown_pictures
    stamps = []
    for rel in shown_pictures(entry):
        try:
            found = os.stat(os.path.join(root, rel))
            stamps.append(f"{rel}:{found.st_size}:{found.st_mtime_ns}")
        except OSError:
            stamps.append(f"{rel}:-")
    return stamps


def body_key(code: str, entry) -> str:
    return digest(code, entry.body, json.dumps(sorted(entry.images.items()), default=str), entry.lang,
                  "summary" not in entry.meta)


class MemoryCache:
    """What the dev server keeps between its builds of one output folder: the last state and the bodies
    it converted, so a rebuild reads neither back from disk."""

    def __init__(self):
        self.state: dict | None = None
        self.record: PageRecord | None = None
        self.bodies: dict = {}
        self.entries = None     # content_model.remembered.EntryMemory: the last build's checked entries
        self.built = None       # dev_server.fast_render.LastBuild: the last build's generators


class State:
    """What the last build left: read from state.json (or the dev server's memory)."""

    def __init__(self, data: dict, record: PageRecord):
        self.fingerprint = data["fingerprint"]
        self.items: dict = data["items"]
        self.lists: dict = data["lists"]
        self.manifest: dict = data["manifest"]
        self.feeds: dict = data.get("feeds", {})
        self.record = record


class BuildCache:
    """This run's cache: made anew for each build, on settings[CACHE_KEY]."""

    def __init__(self, settings, final: str, index, sources: dict | None = None):
        self.settings = settings
        self.final = final
        self.folder = folder_for(settings, final)
        self.memory: MemoryCache | None = settings.get(MEMORY_KEY)
        self.code = code_digest()
        self.fingerprint = digest(self.code, settings_digest(settings),
                                  tree_digest(settings.get("THEME", "")), content_data_digest(index))
        self.items: dict[str, list] = {}
        self.body_keys: dict[str, str] = {}
        for entry in index.entries:
            key = item_key(entry.kind.name, entry.slug, entry.lang)
            known = entry.body_key
            bkey = known[1] if known is not None and known[0] == self.code else body_key(self.code, entry)
            self.body_keys[entry.path] = bkey
            meta = meta_fingerprint(entry, index.root)
            self.items[key] = [digest(meta, bkey), meta]
        self.kinds = {item_key(e.kind.name, e.slug, e.lang): e.kind.name for e in index.entries}
        self.load_cache = bool(settings.get("LOAD_CONTENT_CACHE", True))
        self.previous: State | None = self._previous() if self.load_cache else None
        self.changed: set | None = None
        self.unknown_lists_changed = True
        self.lists: dict = {}
        self.kept: set[str] = set()
        self.feeds: dict[str, str] = {}
        self.rendered = 0
        self.manifest: dict = {}
        # Items as Pelican read them at the last builds (read_items), named from `sources`: the content
        # check's digest of each file it remembers.
        self.read_items = ReadItems(self.folder, self.load_cache)
        self.read_items.name_items(self, sources or {}, index)

    # -- the last build --------------------------------------------------------------------------------

    @property
    def incremental(self) -> bool:
        return self.previous is not None

    def _previous(self) -> State | None:
        if os.path.exists(os.path.join(self.folder, PENDING_FILE)):
            logger.info("build cache: the last build did not finish saving its cache; building everything")
            return None
        if not os.path.isdir(self.final):
            return None
        memory = self.memory
        if memory is not None and memory.state is not None:
            data, record = memory.state, memory.record
        else:
            try:
                with open(os.path.join(self.folder, STATE_FILE), "rb") as fh:
                    data = pickle.load(fh)
                record = data["record"]
            except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError, ImportError, pickle.UnpicklingError):
                return None
            if not isinstance(record, PageRecord):
                return None
        if data.get("format") != FORMAT or data.get("output") != self.final:
            return None
        if data.get("fingerprint") != self.fingerprint:
            logger.info("build cache: settings, theme, code or data files changed; building everything")
            return None
        return State(data, record)

    # -- bodies ----------------------------------------------------------------------------------------

    def _body_path(self, key: str) -> str:
        return os.path.join(self.folder, "bodies", key[:2], key)

    def has_body(self, path: str) -> bool:
        key = self.body_keys.get(path)
        if key is None or not self.load_cache:
            return False
        if self.memory is not None and key in self.memory.bodies:
            return True
        return os.path.exists(self._body_path(key))

    def body(self, path: str):
        key = self.body_keys.get(path)
        if key is None or not self.load_cache:
            return None
        if self.memory is not None and key in self.memory.bodies:
            return self.memory.bodies[key]
        try:
            with open(self._body_path(key), "rb") as fh:
                found = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            return None
        if self.memory is not None:
            self.memory.bodies[key] = found
        return found

    def store_body(self, path: str, rendered) -> None:
        """Bodies are named by the hash of their inputs, so one written by a build that fails later is still right."""
        key = self.body_keys.get(path)
        if key is None:
            return
        if self.memory is not None:
            self.memory.bodies[key] = rendered
        target = self._body_path(key)
        if not os.path.exists(target):
            write_pickle(target, tuple(rendered))

    # -- what changed ----------------------------------------------------------------------------------

    def find_changes(self, site) -> None:
        self.lists = list_signatures(site, self.items, self.kinds)
        if not self.incremental:
            return
        previous = self.previous
        keys = self.items.keys() | previous.items.keys()
        changed = {k for k in keys if self.items.get(k) != previous.items.get(k)}
        meta_changed = {k for k in keys if (self.items.get(k) or [None, None])[1] != (previous.items.get(k) or [None, None])[1]}
        page_kinds = {name for name, kind in _kinds().items() if kind.pelican_class == "Page"}
        if any(_kind_of_key(k) in page_kinds for k in meta_changed):
            changed.add("menu")  # the menu of standing pages is on every page
        # An item's page knows which translations it has: every language of a changed item.
        for key in list(changed):
            if "@" in key:
                base = key.rsplit("@", 1)[0]
                changed.update(f"{base}@{lang}" for lang in url_scheme.LANGUAGES)
        # A page that shows an item shows its partners' names.
        from khaosan.partners import KIND as PARTNER_KIND
        partners = {k.rsplit("@", 1)[0].split("/", 1)[1] for k in changed if _kind_of_key(k) == PARTNER_KIND}
        if partners:
            for lang in url_scheme.LANGUAGES:
                for item in site.lang(lang).stories:
                    if partners & set(getattr(item, "partners", ())):
                        changed.add(item_key(item.kind, item.slug, item.lang))
        lists = self.lists.keys() | previous.lists.keys()
        changed |= {k for k in lists if self.lists.get(k) != previous.lists.get(k)}
        self.changed = changed
        self.unknown_lists_changed = bool(meta_changed)
        logger.debug("build cache: %d changed inputs", len(changed))

    def clean(self, page) -> bool:
        """True when the output already holds this page as this build would render it."""
        if self.changed is None:
            return False
        old = self.previous.record.get(page.url)
        if old is None or old != page:
            return False
        if not self.changed.isdisjoint(GLOBAL_INPUTS):
            return False
        inputs = page.inputs
        if inputs & self.changed:
            return False
        for key in inputs:
            if key.startswith("list:") and key not in self.lists and self.unknown_lists_changed:
                return False
            if key.startswith("data:") and key not in COVERED_DATA:
                return False
        return self._in_output(page.save_as)

    def skip(self, name: str) -> bool:
        page = record_of(self.settings).find_file(name)
        if page is not None and self.clean(page):
            self.kept.add(page.save_as)
            return True
        self.rendered += 1
        return False

    def keep_feed(self, names: list[str], articles, newest) -> bool:
        """A feed (its files `names`) is written again unless it holds the same items, none of them changed,
        with the same date, and the output has its files."""
        keys = [item_key(a.kind, a.slug, a.lang) for a in articles]
        signature = digest(newest, *(f"{k}={(self.items.get(k) or [''])[0]}" for k in keys))
        if self.changed is not None and self.changed.intersection(keys):
            self.feeds[names[0]] = signature
            return False
        return self.keep_files(names, signature)

    def keep_files(self, names: list[str], signature: str) -> bool:
        """Files a generator writes outside the page record (`names`, the first naming them all) are kept as
        the output has them when what they are made of has the same `signature` as at the last build."""
        self.feeds[names[0]] = signature
        if self.changed is None or not self.changed.isdisjoint(GLOBAL_INPUTS):
            return False
        if self.previous.feeds.get(names[0]) != signature or not all(self._in_output(n) for n in names):
            return False
        self.kept.update(names)
        return True

    def front_matter_signature(self, kinds) -> str:
        """What the front matter of every item of these kinds says (partners' names resolved)."""
        return digest(*sorted(f"{key}={item[1]}" for key, item in self.items.items() if self.kinds[key] in kinds))

    def kept_size(self, name: str) -> int:
        return self.previous.manifest[name][1]

    def _in_output(self, name: str) -> bool:
        known = self.previous.manifest.get(name)
        if known is None:
            return False
        try:
            return os.stat(os.path.join(self.final, name)).st_size == known[1]
        except OSError:
            return False

    # -- keeping the output ----------------------------------------------------------------------------

    def plan_moves(self, staging: str) -> tuple[list[str], list[str]]:
        """An incremental build without a search index to make: which staged files differ from the
        output's (to be moved in) and which of the output's files no page of this build has (to delete)."""
        old = self.previous.manifest
        staged = {}
        for dirpath, _dirnames, filenames in os.walk(staging):
            for name in filenames:
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, staging).replace(os.sep, "/")
                staged[rel] = self._known_entry(rel, path) or [file_digest(path), os.path.getsize(path)]
        moves = sorted(rel for rel, entry in staged.items()
                       if old.get(rel) != entry or not os.path.isfile(os.path.join(self.final, rel)))
        self.manifest = {**{rel: old[rel] for rel in self.kept}, **staged}
        deletes = sorted(rel for rel in old if rel not in self.manifest)
        logger.info("build cache: %d pages rendered, %d kept; %d files to move in, %d to delete",
                    self.rendered, len(self.kept), len(moves), len(deletes))
        self._pending()
        return moves, deletes

    def moves_in_only(self, settings) -> bool:
        """True when this build moves only its changed files into the output (plan_moves): an incremental
        build with no search index to make now, which needs every page in one folder."""
        return self.incremental and (not settings.get("SEARCH_INDEX") or bool(settings.get(SEARCH_LATER_KEY)))

    def output_holds(self, rel: str) -> bool:
        """For a build that moves only its changed files in: the output's file `rel`, which the caller found
        to be the picture cache's own file (a derived picture linked from it), is kept where it is, not
        staged again, when the last build wrote it."""
        if rel not in self.previous.manifest:
            return False
        self.kept.add(rel)
        return True

    def _known_entry(self, rel: str, staged: str) -> list | None:
        """The manifest entry of a staged file that is the output's own file (a picture both link to in the
        picture cache): its bytes are the output's, known without reading them."""
        known = self.previous.manifest.get(rel) if self.incremental else None
        if known is None:
            return None
        try:
            return known if os.path.samefile(staged, os.path.join(self.final, rel)) else None
        except OSError:
            return None

    def _pending(self) -> None:
        os.makedirs(self.folder, exist_ok=True)
        _write_json(os.path.join(self.folder, PENDING_FILE), {"pending": True})

    def keep_unchanged(self, staging: str) -> None:
        old = self.previous.manifest if self.incremental else {}
        manifest = {}
        relinked = 0
        for dirpath, _dirnames, filenames in os.walk(staging):
            for name in filenames:
                path = os.path.join(dirpath, name)
                if os.path.islink(path):
                    continue
                rel = os.path.relpath(path, staging).replace(os.sep, "/")
                entry = self._known_entry(rel, path) or [file_digest(path), os.path.getsize(path)]
                manifest[rel] = entry
                if old.get(rel) == entry and _link_over(os.path.join(self.final, rel), path):
                    relinked += 1
        for rel in sorted(self.kept):
            target = os.path.join(staging, rel)
            if rel in manifest or os.path.exists(target):
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            source = os.path.join(self.final, rel)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
            manifest[rel] = old[rel]
        self.manifest = manifest
        logger.info("build cache: %d pages rendered, %d kept, %d files unchanged",
                    self.rendered, len(self.kept), relinked + len(self.kept))
        self._pending()

    def save(self) -> None:
        record = record_of(self.settings)
        data = {"format": FORMAT, "output": self.final, "fingerprint": self.fingerprint, "items": self.items,
                "lists": self.lists, "manifest": self.manifest, "feeds": self.feeds}
        if self.memory is not None:
            self.memory.state, self.memory.record = data, record
            live = set(self.body_keys.values())
            for key in [k for k in self.memory.bodies if k not in live]:
                del self.memory.bodies[key]
        write_pickle(os.path.join(self.folder, STATE_FILE), {**data, "record": record})
        os.remove(os.path.join(self.folder, PENDING_FILE))
        self._forget_bodies()
        self.read_items.forget_others()

    def _forget_bodies(self) -> None:
        """Bodies no item has any more (edited or deleted) are removed, so the cache does not grow forever."""
        forget_files(os.path.join(self.folder, "bodies"), set(self.body_keys.values()))


def _kinds():
    from khaosan.kinds import KINDS
    return KINDS


def _kind_of_key(key: str) -> str:
    return key.split("/", 1)[0]


def _link_over(source: str, target: str) -> bool:
    """Replace `target` by a hard link to `source` (same bytes): the output's file keeps its inode."""
    if not os.path.isfile(source) or os.path.islink(source):
        return False
    if os.path.exists(target) and os.path.samefile(source, target):
        # Already one file (the derived pictures are links to the picture cache); rename() would do nothing
        # and leave the temporary name behind.
        return True
    tmp = f"{target}.khaosan-link"
    try:
        os.link(source, tmp)
        os.replace(tmp, target)
        return True
    except OSError:
        try:
            os.remove(tmp)
        except OSError:
            pass
        return False


@contextmanager
def atomic_file(path: str):
    """A file written under a temporary name and renamed into place: a reader never sees half of it."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        yield fh
    os.replace(tmp, path)


def write_pickle(path: str, data) -> None:
    with atomic_file(path) as fh:
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)


def forget_files(root: str, live: set[str]) -> None:
    """Remove the files of a sharded cache folder (`root/xx/name`) whose names are not in `live`."""
    if not os.path.isdir(root):
        return
    for shard in os.listdir(root):
        folder = os.path.join(root, shard)
        for name in os.listdir(folder):
            if name not in live and not name.endswith(".tmp"):
                try:
                    os.remove(os.path.join(folder, name))
                except OSError:
                    pass


def _write_json(path: str, data) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, sort_keys=True)
    os.replace(tmp, path)


def list_signatures(site, items: dict, kinds: dict) -> dict[str, str]:
    """A signature per list key (pages.list_key) the site index can name: which items the list holds,
    with each one's front matter, so a list changes when an item joins, leaves, moves or changes what a
    list shows of it. Lists not named here count as changed whenever any item's front matter changed."""
    from khaosan.pages import list_key

    # Each item's line, made once: an item is in a dozen lists (its kind, places, partners, topics).
    lines = {k: f"{k}={item[1]}" for k, item in items.items()}
    key_of: dict[int, str] = {}

    def signature(members) -> str:
        # digest(*parts), with the parts joined first: the same bytes, one call.
        return digest("\x00".join(sorted(lines.get(k) or f"{k}=" for k in members)))

    def keys_of(contents):
        keys = []
        for c in contents:
            key = key_of.get(id(c))
            if key is None:
                key = key_of[id(c)] = item_key(c.kind, c.slug, c.lang)
            keys.append(key)
        return keys

    found = {}
    by_kind_lang: dict = {}
    for key, kind in kinds.items():
        by_kind_lang.setdefault((kind, key.rsplit("@", 1)[1]), []).append(key)
    from khaosan.partners import KIND as PARTNER_KIND
    every_partner = [k for k, kind in kinds.items() if kind == PARTNER_KIND]
    for lang in url_scheme.LANGUAGES:
        index = site.lang(lang)
        for (kind, kind_lang), members in by_kind_lang.items():
            if kind_lang == lang:
                found[list_key(kind, lang)] = signature(members)
        found[list_key("stories", lang)] = signature(keys_of(index.stories))
        for name, groups in (("", index.by_kind), ("province/", index.by_province), ("region/", index.by_region),
                             ("health_region/", index.by_health_region), ("partner/", index.by_partner),
                             ("topic/", index.by_topic)):
            for slug, members in groups.items():
                found[list_key(f"{name}{slug}", lang)] = signature(keys_of(members))
        # A partner appears in every language's directory, in its other language when it has only one.
        found[list_key(PARTNER_KIND, lang)] = signature(every_partner)
    return found


# -- the stages ------------------------------------------------------------------------------------------

def cache_of(settings) -> BuildCache | None:
    return settings.get(CACHE_KEY)


def open_cache(pelican):
    """get_generators, after the content check: this run's cache, incremental when the last build's
    state matches."""
    from khaosan.atomic_output import lock_output
    from khaosan.content_model.reader import BUILD_KEY
    settings = pelican.settings
    # The lock is taken before the last state is read: another build into the same folder finishes first.
    final = lock_output(pelican)
    build = settings[BUILD_KEY]
    sources = build.memory.source_digests() if build.memory is not None else {}
    if build.memory is not None:   # saved here, once the output folder is known to be a right one
        build.memory.save()
    cache = BuildCache(settings, final, build.index, sources)
    settings[CACHE_KEY] = cache
    if cache.incremental:
        logger.info("build cache: incremental build (%s)", cache.folder)


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's own file cache, whose folder is made with the first template compiled: after the output
    folder passed its check, never for a build that is refused."""

    def dump_bytecode(self, bucket):
        os.makedirs(self.directory, exist_ok=True)
        super().dump_bytecode(bucket)


def cache_templates(pelican):
    """initialized: Jinja keeps each template compiled (checked against its source) in the cache folder,
    so a build after an edit does not compile the theme again. Not with --ignore-cache (nothing read)."""
    from khaosan.atomic_output import final_path
    settings = pelican.settings
    if not settings.get("LOAD_CONTENT_CACHE", True):
        return
    environment = {k: v for k, v in settings["JINJA_ENVIRONMENT"].items() if k != "bytecode_cache"}
    # Compiled code depends on the environment's options (trim_blocks, extensions), which Jinja's key leaves out.
    options = digest(json.dumps(environment, sort_keys=True, default=repr))[:12]
    folder = os.path.join(folder_for(settings, final_path(pelican)), "templates", options)
    settings["JINJA_ENVIRONMENT"] = {**environment, "bytecode_cache": TemplateCache(folder)}


def find_changes(generators):
    """all_generators_finalized, once the site index exists: which inputs changed since the last build."""
    from khaosan.site_index import SITE_KEY
    cache = cache_of(generators[0].settings)
    if cache is not None:
        cache.find_changes(generators[0].context[SITE_KEY])


def keep_feed(settings, names: list[str], articles, newest) -> bool:
    """For the feeds generator: True when this build keeps the output's copy of the feed `names`."""
    cache = cache_of(settings)
    return cache is not None and cache.keep_feed(names, articles, newest)


def keep_front_matter_files(settings, names: list[str], kinds) -> dict[str, int] | None:
    """For a generator whose files show only the front matter of the items of `kinds` (open data): the size
    of each file when this build keeps the output's copies, else None (the generator writes them)."""
    cache = cache_of(settings)
    if cache is None or not cache.keep_files(names, cache.front_matter_signature(kinds)):
        return None
    return {name: cache.kept_size(name) for name in names}


class SkippingWriter:
    """Mixed into Pelican's writer: a page the output already holds as it would be rendered is not rendered."""

    build_cache: BuildCache | None = None

    def write_file(self, name, template, context, *args, **kwargs):
        if name and self.build_cache is not None and self.build_cache.skip(name):
            return None
        return super().write_file(name, template, context, *args, **kwargs)


def writer_class(pelican):
    """Pelican's `get_writer` signal has one answer: the claiming writer when the writing is shared out
    (khaosan.parallel), and on an incremental build a writer that skips the pages nothing touched."""
    from pelican.writers import Writer

    from khaosan import parallel
    base = parallel.writer_class(pelican)
    cache = cache_of(pelican.settings)
    if cache is None or not cache.incremental:
        return base
    return type("IncrementalWriter", (SkippingWriter, base or Writer), {"build_cache": cache})


def keep_unchanged(pelican):
    """finalized, after everything but the search index has written into staging: pages not rendered
    come from the output, unchanged files keep the output's copy."""
    from khaosan.atomic_output import MOVES_KEY
    cache = cache_of(pelican.settings)
    if cache is None or os.path.abspath(pelican.output_path) == cache.final:
        return
    search = pelican.settings.get("SEARCH_INDEX")
    if cache.moves_in_only(pelican.settings):
        # Only the changed files are moved in (atomic_output.move_in): no folder of links to build and
        # no old folder to delete. The search index needs every page in staging: then the folder swaps,
        # unless the index may follow the build (make serve).
        pelican.settings[MOVES_KEY] = cache.plan_moves(pelican.output_path)
        pelican.settings[SEARCH_DEFERRED_KEY] = bool(search)
        return
    cache.keep_unchanged(pelican.output_path)


def save_cache(pelican):
    """finalized, after the swap: the state of the output now in place."""
    cache = cache_of(pelican.settings)
    if cache is not None and cache.manifest is not None and os.path.exists(os.path.join(cache.folder, PENDING_FILE)):
        cache.save()
