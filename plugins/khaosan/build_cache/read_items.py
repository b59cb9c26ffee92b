"""Items as Pelican read them, kept between builds: a build after an edit reads again only what changed.

Reading an item into Pelican's content object (the reader's result, the content object's metadata, dates and
addresses) is the same work for the same inputs; at 4,000 × 2 items it was a third of a one-file rebuild
(docs/benchmarks.md). So each article and page, once its address is fixed (site_index), is kept in the build
cache's folder, named by everything it was made from:

- the build's fingerprint (settings, theme, code, data files: khaosan.build_cache);
- the content check's memory of its file (content_model.remembered): its bytes, and the context every
  check depends on (the content folder's other files, by name, size and modification time);
- the item's own fingerprint (front matter as checked, with partners' short names resolved; its body's key).

A later build whose names match gets the kept object from Pelican's own cache hook (the generator's
`get_cached_data`, which Pelican asks before it reads a file); any other file is read as usual. What a
content object holds of the build (its settings, the generators' shared context, its translations) is left
out and given back from the build that uses it. Objects are kept as they were before any later stage of the
build touched them, so every stage after runs on a kept object as on a fresh one. A kept file holds the
object's state, then its body's HTML, which is read only when a page or feed asks for it (`install` gives
Pelican's content objects that lazy `_content`). The names of the last
build's objects are the only ones kept: the rest are removed once the build's output is in place.

With `--ignore-cache` nothing is read from here (the build reads every file) but the objects are written,
for the next build.
"""
from __future__ import annotations

import io
import logging
import os
import pickle

from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator

logger = logging.getLogger(__name__)

FOLDER = "items"
# What a content object holds of the build that made it: given back by the build that uses it.
OF_THE_BUILD = ("settings", "_context", "translations")
SETTINGS_ID, CONTEXT_ID = "settings", "context"
HEAD_SIZE = 8           # a kept file: the head's length, the head (pickled state), the body's HTML
FIRST_READ = 8192       # most heads are 2-3 KB
BODY_AT = "_khaosan_kept_body"            # (kept file, offset of the body): on a kept object until read
STATIC_LINKS = "_khaosan_static_links"    # Content.get_static_links of the body, worked out when kept
_PELICAN_STATIC_LINKS = Content.get_static_links
_PELICAN_RELATIVE_SOURCE_PATH = Content.get_relative_source_path
# The kinds whose files Pelican's own generators read (kinds.Kind.pelican_class).
PELICAN_READS = ("Article", "Page")


class _Pickler(pickle.Pickler):
    def __init__(self, file, settings, context):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._shared = {id(settings): SETTINGS_ID, id(context): CONTEXT_ID}

    def persistent_id(self, obj):
        # Categories and authors hold the settings too: one reference, never a copy of the whole build.
        return self._shared.get(id(obj)) if isinstance(obj, dict) else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, settings, context):
        super().__init__(file)
        self._shared = {SETTINGS_ID: settings, CONTEXT_ID: context}

    def persistent_load(self, pid):
        return self._shared[pid]


def dumps(content, settings, context) -> bytes:
    """The object's state (with the files its body links, which Pelican asks of every item), then its body's
    HTML apart, read only when a stage asks for it: a build after an edit renders the pages of a few items,
    and decoding every kept body was half the time Pelican's generators took to gather the items."""
    state = {k: v for k, v in vars(content).items() if k not in OF_THE_BUILD and k != "_content"}
    state[STATIC_LINKS] = sorted(content.get_static_links())
    buffer = io.BytesIO()
    _Pickler(buffer, settings, context).dump((type(content), state))
    head = buffer.getvalue()
    return len(head).to_bytes(HEAD_SIZE, "little") + head + content._content.encode("utf-8", "surrogatepass")


def loads(blob: bytes, settings, context, body_at: tuple | None = None):
    """The object from the head `blob` of a kept file; its body from `body_at` (path, offset) when asked."""
    cls, state = _Unpickler(io.BytesIO(blob), settings, context).load()
    content = cls.__new__(cls)
    content.__dict__.update(state)
    content.__dict__[BODY_AT] = body_at
    content.settings, content._context, content.translations = settings, context, []
    return content


def read_head(path: str) -> tuple[bytes, int]:
    """A kept file's head (the pickled state) and where its body starts: one read for most heads, without
    Python's buffered file (a build after an edit reads 8,000 of them at 4,000 × 2 items)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        first = os.read(fd, FIRST_READ)
        size = int.from_bytes(first[:HEAD_SIZE], "little")
        head = first[HEAD_SIZE:HEAD_SIZE + size]
        if len(head) < size:
            head += os.pread(fd, size - len(head), HEAD_SIZE + len(head))
    finally:
        os.close(fd)
    if len(head) != size:
        raise OSError(f"{path} is cut short")
    return head, HEAD_SIZE + size


def _kept_body(content) -> str | None:
    body_at = content.__dict__.get(BODY_AT)
    if body_at is None:
        return None
    path, offset = body_at
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            body = fh.read().decode("utf-8", "surrogatepass")
    except OSError as err:
        raise RuntimeError(f"the build cache lost {path} while this build used it ({err.strerror}): "
                           "another build into the same output ran at the same time; build again") from None
    content.__dict__["_content"] = body
    return body


class _KeptBody:
    """Content._content: the body's HTML, which a kept object reads from its file the first time it is asked
    for (a descriptor, not __getattr__, so that Pelican's and the templates' look-ups of attributes an item
    lacks stay as fast as before)."""

    def __get__(self, content, owner=None):
        if content is None:
            return self
        try:
            return content.__dict__["_content"]
        except KeyError:
            body = _kept_body(content)
            if body is None:
                raise AttributeError(f"{type(content).__name__!r} object has no attribute '_content'") from None
            return body

    def __set__(self, content, value):
        content.__dict__["_content"] = value

    def __delete__(self, content):
        content.__dict__.pop("_content", None)


def _static_links(content) -> set[str]:
    known = content.__dict__.get(STATIC_LINKS)
    return set(known) if known is not None else _PELICAN_STATIC_LINKS(content)


def _relative_source_path(content, source_path=None):
    # A kept object's own path, worked out when it was read (Pelican asks again for every item).
    if not source_path and BODY_AT in content.__dict__:
        return content.relative_source_path
    return _PELICAN_RELATIVE_SOURCE_PATH(content, source_path)


def install(pelican) -> None:
    """initialized: Pelican's content objects read a kept body when asked for it, and give the files it
    links and their own path from what was kept (the same functions for every build in the process: they
    keep nothing)."""
    Content.get_relative_source_path = _relative_source_path
    if not isinstance(Content.__dict__.get("_content"), _KeptBody):
        Content._content = _KeptBody()
    Content.get_static_links = _static_links


class ReadItems:
    """This build's kept items: which exist (`names`, by source path), which were used, which to write."""

    def __init__(self, folder: str, use: bool):
        # Files, in the dev server too: it keeps the last build's content objects already (fast_render).
        self.folder = os.path.join(folder, FOLDER)
        self.use = use            # False with --ignore-cache: nothing is read from here
        self.names: dict[str, str] = {}      # absolute source path -> this build's name for its object
        self.used: set[str] = set()          # source paths whose kept object this build uses
        self.kept = 0

    def name_items(self, cache, sources: dict, index) -> None:
        """Each item's name from what it is made of; an item the content check did not remember
        (a file dated in the future) has none and is read every time."""
        from khaosan.build_cache import digest
        from khaosan.kinds import KINDS
        from khaosan.pages import item_key
        for entry in index.entries:
            if KINDS[entry.kind.name].pelican_class not in PELICAN_READS:
                continue   # partners: read by khaosan.partners, not by Pelican's generators
            source = sources.get(entry.path)
            item = cache.items.get(item_key(entry.kind.name, entry.slug, entry.lang))
            if source is not None and item is not None:
                self.names[os.path.abspath(entry.path)] = digest(cache.fingerprint, source, item[0])

    def _path(self, name: str) -> str:
        return os.path.join(self.folder, name[:2], name)

    def head(self, source_path: str) -> tuple[bytes, tuple] | None:
        """The kept object's head and where its body is, or None."""
        name = self.names.get(source_path)
        if name is None or not self.use:
            return None
        path = self._path(name)
        try:
            head, offset = read_head(path)
        except OSError:
            return None
        return head, (path, offset)

    def keep(self, content, settings, context) -> None:
        source = os.path.abspath(content.source_path)
        name = self.names.get(source)
        if name is None or source in self.used:
            return
        path = self._path(name)
        if not os.path.exists(path):
            from khaosan.build_cache import atomic_file
            with atomic_file(path) as fh:
                fh.write(dumps(content, settings, context))
        self.kept += 1

    def forget_others(self) -> None:
        """Objects no item of this build has (edited, deleted, or of other settings) are removed."""
        from khaosan.build_cache import forget_files
        forget_files(self.folder, set(self.names.values()))


class _Current:
    """The stamp given with a kept object. Pelican compares it with the file's stamp (its modification
    time) to tell a stale entry: a kept object is named by the file's bytes already, which says more."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None


_CURRENT = _Current()


class _KeptObjects(dict):
    """Pelican's generator cache (`generator._cache`: file -> (stamp, object)), answered from the kept
    items when Pelican asks for a file; Pelican then skips reading it."""

    def __init__(self, generator, items: ReadItems):
        super().__init__()
        self._generator = generator
        self._items = items

    def get(self, filename, default=None):
        generator, items = self._generator, self._items
        source = os.path.abspath(os.path.join(generator.path, filename))
        found = items.head(source)
        if found is None:
            return default
        try:
            content = loads(found[0], generator.settings, generator.context, found[1])
        except Exception as err:   # a kept object that does not load (another Pelican) is read again
            logger.debug("read items: %s could not be loaded (%s); reading it", filename, err)
            return default
        items.used.add(source)
        return _CURRENT, content


def offer(generator) -> None:
    """article_generator_init / page_generator_init: Pelican asks its generator cache before it reads
    each file; with Pelican's own content cache off (CACHE_CONTENT), that cache is the kept items."""
    from khaosan.build_cache import cache_of
    cache = cache_of(generator.settings)
    items = getattr(cache, "read_items", None)
    if items is None or not items.use or generator.settings.get("CACHE_CONTENT"):
        return
    if not (hasattr(generator, "_cache") and hasattr(generator, "_get_file_stamp")):
        logger.debug("read items: this Pelican has no generator cache to answer from; every file is read")
        return
    generator._cache = _KeptObjects(generator, items)


def keep(generators) -> None:
    """all_generators_finalized, once addresses are fixed and before any later stage touches an item:
    every item read in this build is kept for the next."""
    from khaosan.build_cache import cache_of
    items = getattr(cache_of(generators[0].settings), "read_items", None)
    if items is None:
        return
    for generator in generators:
        if isinstance(generator, (ArticlesGenerator, PagesGenerator)):
            for content in contents_of(generator):
                items.keep(content, generator.settings, generator.context)


def contents_of(generator) -> list:
    if isinstance(generator, ArticlesGenerator):
        return [*generator.articles, *generator.translations, *generator.drafts, *generator.drafts_translations,
                *generator.hidden_articles, *generator.hidden_translations]
    return [*generator.pages, *generator.translations, *generator.hidden_pages, *generator.hidden_translations,
            *generator.draft_pages, *generator.draft_translations]
