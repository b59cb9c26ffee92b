"""The content model: one schema per kind, a reader for Markdown with YAML front matter, and the index.

Every file is read and checked before Pelican generates anything, so a build reports every problem at
once and stops before it writes a single page.
"""
from __future__ import annotations

import glob
import logging
import os
from dataclasses import dataclass


from pelican.generators import StaticGenerator

from khaosan import build_cache
from khaosan.places import load_places

from .fields import is_litter
from .index import CheckOptions, ContentIndex, build_index
from .problems import ContentError, ProblemLog, emit
from .reader import BUILD_KEY, KhaosanReader
from .remembered import EntryMemory
from .schema import KINDS
from .vocabularies import OUTCOME_RATINGS, PARTNER_TYPES

logger = logging.getLogger(__name__)

ENTRIES_FILE = "entries.pickle"


@dataclass
class Build:
    """What one build knows about its content; made anew for each run (the dev server runs many)."""
    index: ContentIndex
    problems: ProblemLog
    memory: EntryMemory | None = None    # which checked entries were recalled from the last build


def index_content(pelican):
    settings = pelican.settings
    options = CheckOptions(photo_consent_required=settings["PHOTO_CONSENT_REQUIRED"])
    memory = entry_memory(pelican)
    index, problems = build_index(settings["PATH"], load_places(), options, memory)
    logger.debug("content check: %d files recalled from the last build, %d checked", memory.hits,
                 len(index.entries) - memory.hits)
    emit(problems)
    if not settings["SHOW_DRAFTS"]:
        withheld = index.withhold_drafts()
        if withheld:
            logger.info("%d draft file(s) left out; make serve shows them", withheld)
    # Pelican's own walks (static files, articles, pages) skip the same editor and system litter: by the
    # names this walk found, not by the 19 litter patterns, which Pelican would match against every file
    # of every walk (650,000 fnmatch calls, half a second, at 4,000 × 2 items).
    given = settings.setdefault(build_cache.GIVEN_IGNORES_KEY, list(settings.get("IGNORE_FILES") or ()))
    found = {glob.escape(rel.rstrip("/").rsplit("/", 1)[-1]) for rel in index.skipped}
    found |= {glob.escape(name) for name in theme_litter(settings.get("THEME", ""))}   # its static files are copied too
    settings["IGNORE_FILES"] = sorted(set(given) | found)
    settings[BUILD_KEY] = Build(index, problems, memory)
    for note in index.notes:
        logger.info("%s", note)
    logger.debug("indexed %d content files; skipped %s", len(index.entries), ", ".join(index.skipped) or "nothing")


def theme_litter(theme: str) -> set[str]:
    names = set()
    for _dirpath, dirnames, filenames in os.walk(os.path.join(theme, "static")) if theme else ():
        names.update(name for name in dirnames + filenames if is_litter(name))
    return names


def entry_memory(pelican) -> EntryMemory:
    """The checked entries of the last build into this output (content_model.remembered): in the build
    cache's folder, or the dev server's memory; forgotten with --ignore-cache (LOAD_CONTENT_CACHE = False)."""
    from khaosan import atomic_output
    settings = pelican.settings
    server = settings.get(build_cache.MEMORY_KEY)
    # The server keeps it in memory: nothing to read or write each edit.
    path = None if server is not None else os.path.join(
        build_cache.folder_for(settings, atomic_output.final_path(pelican)), ENTRIES_FILE)
    base = build_cache.code_digest()
    if not settings.get("LOAD_CONTENT_CACHE", True):
        memory = EntryMemory(path, base)
    else:
        memory = EntryMemory.load(path, base, getattr(server, "entries", None))
    if server is not None:
        server.entries = memory
    return memory


def keep_checked_static_files(generators):
    """Pelican copies every file a body links with {static}/{attach} and every file under STATIC_PATHS,
    from wherever it is. Only files the content check walked and passed go out: never one outside the
    content folder, a backup, a dotfile, or a file behind a link that leaves the folder."""
    for generator in generators:
        if not isinstance(generator, StaticGenerator):
            continue
        build = generator.settings.get(BUILD_KEY)
        if build is None:
            continue
        kept = [s for s in generator.staticfiles if build.index.is_approved_static(s.source_path)]
        for dropped in generator.staticfiles:
            if dropped not in kept:
                logger.debug("not published (not a checked file in the content folder): %s", dropped.source_path)
                generator.context["static_content"].pop(dropped.get_relative_source_path(), None)
        generator.staticfiles = kept
        generator.context["staticfiles"] = kept


def topics_of(settings) -> dict:
    """This build's topics ({slug: Term}), read from the content folder's topics.yml by the content check."""
    return settings[BUILD_KEY].index.topics


def expose_vocabularies(generator):
    generator.env.globals.update(TOPICS=topics_of(generator.settings), PARTNER_TYPES=PARTNER_TYPES,
                                 OUTCOME_RATINGS=OUTCOME_RATINGS)


def register_withheld_drafts(generator):
    """Drafts left out of this build still count as content files, so the static generator never copies
    their Markdown into the output (Pelican's own record of a source it did not build: None)."""
    build = generator.settings.get(BUILD_KEY)
    for path in build.index.withheld if build else ():
        generator.context["generated_content"].setdefault(os.path.relpath(path, generator.path).replace(os.sep, "/"), None)


def _checked_already() -> None:
    return None


def skip_disabled_reader_walk(generator):
    """Pelican walks the content folder once more per generator for files only a disabled reader would read,
    to warn about them. The content check names every file that is neither Markdown nor a picture, with
    its fix, and stops the build, so that walk (a tenth of a second each at 4,000 × 2) finds nothing."""
    if generator.settings.get(BUILD_KEY) is not None and hasattr(generator, "check_disabled_readers"):
        generator.check_disabled_readers = _checked_already


def use_reader(readers):
    readers.reader_classes["md"] = KhaosanReader


class _HideContentErrorTraceback(logging.Filter):
    """A content problem is the writer's to fix, not a crash: Pelican's final log line needs no traceback."""

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, ContentError) or (isinstance(exc, RuntimeError) and "Warning or error encountered" in str(exc)):
            record.exc_info = None
            record.exc_text = None
        return True


def install_traceback_filter():
    pelican_logger = logging.getLogger("pelican")
    if not any(isinstance(f, _HideContentErrorTraceback) for f in pelican_logger.filters):
        pelican_logger.addFilter(_HideContentErrorTraceback())
