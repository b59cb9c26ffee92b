"""What the last build into this output learned about its pictures, so the next does not learn it again.

A picture's key is the hash of its bytes (file_key): a build after an edit would read every photo of the
site again to find the keys it already knew, and a site's photos are megabytes each. A card's or photo's
manifest (its derived files) is a JSON file per key in the picture cache, read for every key on every
build. So the build cache's folder keeps, in one pickle:

- each source picture's key, with the name, size and modification time it had (any change reads it again);
- each key's manifest, used only while every file it names is still in the picture cache (one listing of
  the folder, not one look-up per file).

With `--ignore-cache` nothing is read from here (every picture is hashed again); the memo is written either way.
"""
from __future__ import annotations

import logging
import os
import pickle

from khaosan.build_cache import write_pickle

logger = logging.getLogger(__name__)

FILE = "pictures.pickle"
FORMAT = 1


class PictureMemo:
    def __init__(self, folder: str | None, use: bool, cache_dir: str):
        self.path = os.path.join(folder, FILE) if folder else None
        self.keys: dict = {}
        self.manifests: dict = {}
        self.changed = False
        if use and self.path is not None:
            try:
                with open(self.path, "rb") as fh:
                    data = pickle.load(fh)
                if data.get("format") == FORMAT and data.get("cache_dir") == cache_dir:
                    self.keys, self.manifests = data["keys"], data["manifests"]
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError, KeyError):
                pass
        self.cache_dir = cache_dir
        self._present: set | None = None
        self.used_keys: dict = {}
        self.used_manifests: dict = {}

    def key(self, role: str, source: str, compute) -> str:
        """The key of `source` as `role`: remembered while the file's name, size and time are the same."""
        try:
            found = os.stat(source)
            stamp = (found.st_size, found.st_mtime_ns)
        except OSError:
            return compute(role, source)   # its error comes from the hashing, as without the memo
        kept = self.keys.get((role, source))
        if kept is not None and kept[0] == stamp:
            key = kept[1]
        else:
            key = compute(role, source)
            self.changed = True
        self.used_keys[(role, source)] = (stamp, key)
        return key

    def manifest(self, key: str, read):
        """The manifest of `key`, from memory while the picture cache holds every file it names, else `read(key)`."""
        manifest = self.manifests.get(key)
        if manifest is not None:
            if self._present is None:
                try:
                    self._present = set(os.listdir(self.cache_dir))
                except OSError:
                    self._present = set()
            names = [name for files in manifest.get("variants", {}).values() for _w, _h, name in files]
            if not all(name in self._present for name in names):
                manifest = None
        if manifest is None:
            manifest = read(key)
            if manifest is not None:
                self.changed = True
        if manifest is not None:
            self.used_manifests[key] = manifest
        return manifest

    def made(self, key: str, manifest: dict) -> None:
        self.used_manifests[key] = manifest
        self.changed = True

    def save(self) -> None:
        """Only what this build used is kept (pictures no page shows any more are forgotten)."""
        if self.path is None:
            return
        if not self.changed and self.used_keys.keys() == self.keys.keys() and self.used_manifests.keys() == self.manifests.keys():
            return
        write_pickle(self.path, {"format": FORMAT, "cache_dir": self.cache_dir, "keys": self.used_keys,
                                 "manifests": self.used_manifests})
        logger.debug("picture memo: %d keys, %d manifests", len(self.used_keys), len(self.used_manifests))
