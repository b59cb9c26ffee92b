"""Checked entries remembered between builds, so a build after an edit checks only the files that changed.

Checking a file's front matter and body (YAML, every field, links, nesting, pictures) is the same work for
the same inputs; at 4,000 × 2 items it was half of a one-file rebuild (docs/benchmarks.md). A file's check
reads its own bytes and, besides, the content folder's pictures and files (a cover must exist and be
readable), topics.yml, the places table and the rules' code, and the build's date. So an entry is kept under
the hash of its bytes, and the whole memory is valid only for one `context`: the code, the content folder,
the settings that change the rules, topics.yml and the name, size and modification time of every file that is
not an item. Any change there checks every file again (when in doubt, check more). An item dated after the
build's moment is never remembered (it becomes public on its own date), and neither is a file that could not
be read or gave no entry. The problems and notes of a remembered entry are reported again on every build, like the others'.

A file is not even read again when its status is as it was (size, modification and change times, inode:
`signature`), as git and make tell an unchanged file; its change time cannot be set back by a program, so
an edit that keeps the size and the modification time is still seen. A status younger than two seconds at
the build (a coarse file system's clock tick) is never trusted: the file could change again within the tick.

The memory holds no bodies: a recalled entry reads its own from its file when a stage asks for it (only the
items a build converts again do), and fails plainly if the file changed since the check.

The memory is one pickle in the build cache's folder (khaosan.build_cache), written only when it changed;
the dev server keeps it in memory between its builds.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import time
from dataclasses import dataclass, field

from khaosan.build_cache import digest as digest_of, write_pickle

logger = logging.getLogger(__name__)

FORMAT = 2
# On a recalled entry: the digest of the file's bytes its body is read from when a stage asks for `body`.
BODY_FROM = "_body_from"
# A file's status this recent (nanoseconds) may not show a change made in the same clock tick.
UNSETTLED_NS = 2_000_000_000


def signature(found: os.stat_result, now_ns: int) -> tuple | None:
    """The status that stands for a file's bytes, or None while it may still change unseen."""
    if max(found.st_mtime_ns, found.st_ctime_ns) > now_ns - UNSETTLED_NS:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)


@dataclass
class Remembered:
    entry: object            # index.Entry
    problems: list
    notes: list


@dataclass
class EntryMemory:
    """`path`: the pickle (None keeps it in memory only); `base`: what every entry's check depends on
    besides the folder (code, settings); the folder's part is added by `begin`."""
    path: str | None
    base: str
    old: dict = field(default_factory=dict)
    new: dict = field(default_factory=dict)
    context: str = ""
    hits: int = 0
    loaded_context: str = ""
    now_ns: int = field(default_factory=time.time_ns)

    @classmethod
    def load(cls, path: str | None, base: str, kept: "EntryMemory | None" = None) -> "EntryMemory":
        memory = cls(path, base)
        if kept is not None and kept.base == base:
            memory.old, memory.loaded_context = kept.new, kept.context
            return memory
        if path is None:
            return memory
        try:
            with open(path, "rb") as fh:
                data = pickle.load(fh)
            if data.get("format") == FORMAT and data.get("base") == base:
                memory.old, memory.loaded_context = data["entries"], data["context"]
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            memory.old = {}
        return memory

    def begin(self, folder_digest: str) -> None:
        self.context = digest_of(self.base, folder_digest)
        if self.context != self.loaded_context:
            self.old = {}

    def status(self, path: str, found: os.stat_result) -> tuple | None:
        """This file's signature, when it stands for its bytes now."""
        return signature(found, self.now_ns)

    def recall_unread(self, path: str, status: tuple | None, kind) -> Remembered | None:
        """What the check gave for this file, when its status is the one it had then (nothing read)."""
        kept = self.old.get(path)
        if status is None or kept is None or kept[2] != status:
            return None
        return self._recalled(path, kept, kind)

    def recall(self, path: str, raw_digest: str, kind, status: tuple | None = None) -> Remembered | None:
        """A fresh copy of what the check gave (later stages change an entry's meta: partners' names
        become slugs), with the schema's own `kind`."""
        kept = self.old.get(path)
        if kept is None or kept[0] != raw_digest:
            return None
        return self._recalled(path, (kept[0], kept[1], status), kind)

    def _recalled(self, path: str, kept: tuple, kind) -> Remembered:
        self.hits += 1
        self.new[path] = kept
        remembered = pickle.loads(kept[1])
        remembered.entry.kind = kind
        remembered.entry.__dict__[BODY_FROM] = kept[0]
        return remembered

    def keep(self, path: str, raw_digest: str, remembered: Remembered, status: tuple | None = None) -> None:
        """Kept as the check left it, before anything else touches the entry; without its body, which the
        entry reads again from its file if a stage asks for it (index.Entry): a build after an edit reads the
        bodies of the changed files only, and keeping every body made the memory 90 MB at 4,000 × 2 items."""
        entry = dataclasses.replace(remembered.entry, kind=None)
        del entry.__dict__["body"]
        blob = pickle.dumps(Remembered(entry, remembered.problems, remembered.notes), protocol=pickle.HIGHEST_PROTOCOL)
        self.new[path] = (raw_digest, blob, status)

    def source_digests(self) -> dict[str, str]:
        """For each file this build remembers: its bytes with everything its check read besides
        (build_cache.read_items names the content objects made from it by this)."""
        return {path: digest_of(self.context, kept[0]) for path, kept in self.new.items()}

    @property
    def changed(self) -> bool:
        return (self.context != self.loaded_context or self.new.keys() != self.old.keys() or self.hits != len(self.new)
                or any(kept[2] != self.old[path][2] for path, kept in self.new.items()))

    def save(self) -> None:
        """Written (when it changed), then let go of: a build needs it only while it checks the content;
        the dev server keeps what this build checked for its next one."""
        try:
            self._write()
        finally:
            self.old = {}
            if self.path is not None:
                self.new = {}

    def _write(self) -> None:
        if self.path is None or not self.changed:
            return
        write_pickle(self.path, {"format": FORMAT, "base": self.base, "context": self.context, "entries": self.new})
        logger.debug("remembered %d checked entries (%d recalled)", len(self.new), self.hits)

