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

The memory is one pickle in the build cache's folder (khaosan.build_cache), written only when it changed;
the dev server keeps it in memory between its builds.
"""
from __future__ import annotations

import dataclasses
import logging
import pickle
from dataclasses import dataclass, field

from khaosan.build_cache import digest as digest_of, write_pickle

logger = logging.getLogger(__name__)

FORMAT = 1


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

    def recall(self, path: str, raw_digest: str, kind) -> Remembered | None:
        """A fresh copy of what the check gave (later stages change an entry's meta: partners' names
        become slugs), with the schema's own `kind`."""
        kept = self.old.get(path)
        if kept is None or kept[0] != raw_digest:
            return None
        self.hits += 1
        self.new[path] = kept
        remembered = pickle.loads(kept[1])
        remembered.entry.kind = kind
        return remembered

    def keep(self, path: str, raw_digest: str, remembered: Remembered) -> None:
        """Kept as the check left it, before anything else touches the entry."""
        entry = dataclasses.replace(remembered.entry, kind=None)
        blob = pickle.dumps(Remembered(entry, remembered.problems, remembered.notes), protocol=pickle.HIGHEST_PROTOCOL)
        self.new[path] = (raw_digest, blob)

    def source_digests(self) -> dict[str, str]:
        """For each file this build remembers: its bytes with everything its check read besides
        (build_cache.read_items names the content objects made from it by this)."""
        return {path: digest_of(self.context, kept[0]) for path, kept in self.new.items()}

    @property
    def changed(self) -> bool:
        return self.context != self.loaded_context or self.new.keys() != self.old.keys() or self.hits != len(self.new)

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

