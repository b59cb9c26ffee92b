"""Running Pagefind over the staging folder: finding the program, checking its version, cleaning up.

Pagefind comes from npm, pinned by the Makefile (PAGEFIND_VERSION) and installed into the project's own
folder (.venv/pagefind). Only 1.6 splits Thai words exactly as the browser's Intl.Segmenter('th') does,
so the index and the reader's query agree (docs/search.md); another version is refused.
"""
from __future__ import annotations

import atexit
import glob
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from khaosan.content_model.problems import ContentError

logger = logging.getLogger(__name__)

REQUIRED_VERSION = "1.6."
# The project folder: plugins/khaosan/search/engine.py -> the checkout (an editable install).
PROJECT = Path(__file__).resolve().parents[3]
INSTALLED = PROJECT / ".venv" / "pagefind" / "node_modules"
# Pagefind's own npm wrapper honours this variable; so do we (a machine with Pagefind elsewhere).
BINARY_VARIABLE = "PAGEFIND_BINARY_PATH"
OUTPUT_SUBDIR = "pagefind"
# Pagefind writes ready-made interfaces beside its index; the site has its own (theme/js/search.js).
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# Thai vowel and tone marks: both Pagefind versions fold them away (ข่าว, ขาว and ข้าว become one word).
# Kept as word characters, the index ranks the exact spelling first; search.js then keeps only pages
# that hold the query as typed.
THAI_MARKS = "".join(chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))


class SearchEngineError(ContentError):
    """The search index cannot be built; the message says why and what to do."""


def find_binary() -> str:
    chosen = os.environ.get(BINARY_VARIABLE)
    if chosen:
        if os.path.isfile(chosen) and os.access(chosen, os.X_OK):
            return chosen
        raise SearchEngineError(
            f"search index: ${BINARY_VARIABLE} names {chosen}, which is not a program; unset it to use the "
            "Pagefind that `make site` installs, or set SEARCH_INDEX = False in the settings file to build without search")
    for name in ("pagefind_extended", "pagefind"):
        for path in sorted(glob.glob(str(INSTALLED / "@pagefind" / "*" / "bin" / name))):
            if os.access(path, os.X_OK):
                return path
    raise SearchEngineError(
        f"search index: Pagefind {REQUIRED_VERSION}x was not found in {INSTALLED.relative_to(PROJECT)}; "
        "run `make site` once (it installs Node, npm and Pagefind), "
        "or set SEARCH_INDEX = False in the settings file to build without search")


def check_version(binary: str) -> None:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True,
                             env=pagefind_environment()).stdout.strip()
    except OSError as err:
        raise SearchEngineError(f"search index: {binary} could not run ({err}); run `make site` to reinstall it") from None
    if not out.startswith("pagefind " + REQUIRED_VERSION):
        raise SearchEngineError(
            f"search index: {binary} is {out or 'not Pagefind'}, but khaosan needs Pagefind {REQUIRED_VERSION}x "
            "(other versions split Thai words differently from the browser); run `make site` to install it")


def pagefind_environment() -> dict:
    """Pagefind is a static (musl) program: a preloaded glibc library, such as the faketime the
    reproducibility gate uses, cannot load into it and stops it from starting. It reads no clock for
    its output, so it runs without one."""
    return {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")}


class Indexing:
    """One Pagefind run over a site folder, started in the background: the build goes on writing the
    pages Pagefind does not read (lists, feeds, place pages) while it indexes the items."""

    def __init__(self, site_folder: str, glob_pattern: str, niceness: int = 0):
        binary = find_binary()
        check_version(binary)
        self.site_folder = site_folder
        self.target = os.path.join(site_folder, OUTPUT_SUBDIR)
        shutil.rmtree(self.target, ignore_errors=True)
        command = [binary, "--site", site_folder, "--output-subdir", OUTPUT_SUBDIR,
                   "--include-characters", THAI_MARKS, "--glob", glob_pattern, "--silent"]
        # Files, not pipes: nobody reads Pagefind's output until it ends, and a full pipe would stop it.
        self._output = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.process = subprocess.Popen(command, stdout=self._output, stderr=subprocess.STDOUT, text=True,
                                        env=pagefind_environment(),
                                        preexec_fn=(lambda: os.nice(niceness)) if niceness else None)
        # A build that fails in between (the command line exits) must not leave it writing.
        atexit.register(self.stop)

    def finish(self) -> None:
        """Wait for the index; a failed run raises with Pagefind's last line."""
        try:
            returncode = self.process.wait()
            self._output.seek(0)
            detail = self._output.read().strip().splitlines()
        finally:
            self._close()
        if returncode != 0:
            raise SearchEngineError("search index: Pagefind failed: " + (detail[-1] if detail else f"exit status {returncode}")
                                    + "; the last good output was left as it was")
        for name in UNUSED_FILES:
            path = os.path.join(self.target, name)
            if os.path.exists(path):
                os.remove(path)
        logger.debug("indexed %s", self.site_folder)

    def stop(self) -> None:
        """End the run unfinished (the build it belonged to failed)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._close()

    def _close(self) -> None:
        atexit.unregister(self.stop)
        self._output.close()


def run(site_folder: str, glob_pattern: str = "**/*.html", started=None, niceness: int = 0) -> None:
    """Index the pages of the finished build that mark an item's article (data-pagefind-body); only the
    files `glob_pattern` names are read (place pages, lists and feeds are most of a build). `started`
    gets Pagefind's process (the dev server stops a run that a new edit makes useless); `niceness` lowers
    its priority (the dev server's index must not slow the next save's page)."""
    indexing = Indexing(site_folder, glob_pattern, niceness)
    if started is not None:
        started(indexing.process)
    indexing.finish()
