"""`make serve`'s fast render: the page of an edited item is shown at once, then the build catches up.

A one-file incremental build still reads every item through Pelican (about 10 s at 4,000 × 2 items,
docs/benchmarks.md), so a writer previewing a large archive would wait that long for every save. As
`hugo server` does in its fast render mode, the server first renders just the edited items' own pages from
the last good build it keeps in memory (its generators, their context and the content index), with the
edited file checked and its body converted again, and puts them in place; the incremental build then runs
as always and brings everything else up to date (lists, feeds, place pages, the search index) and writes
the same pages again, byte for byte what a cold build writes. Until it has, lists may show the old title.

The fast path is taken only for item files that were already built, whose new text passes the content
check and keeps the item's address, language, date of publication and draft status; anything else
(a new or deleted file, a picture, the theme, a settings file, a content problem) goes straight to the
build, which reports it. A page written here is a new file moved over the old one, never written in place
(the output may share files with the build cache through hard links).
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass

from pelican.contents import Article
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer

from khaosan import reader_aids
from khaosan.build_cache import CACHE_KEY, MEMORY_KEY
from khaosan.content_model.index import CheckOptions, read_entry, resolve_partner_names
from khaosan.content_model.problems import ProblemLog
from khaosan.content_model.reader import BUILD_KEY
from khaosan.parallel import BODIES_KEY
from khaosan.places import load_places

logger = logging.getLogger(__name__)

# Fields whose pictures the build makes (sizes, formats): an edit of one waits for the build.
PICTURE_FIELDS = ("cover", "photos", "logo")
# What a content object keeps from the last build when its file is read again: what the build's later
# stages gave it (its twins, its frozen address), not what the file says.
KEPT_ATTRIBUTES = frozenset({"translations", "override_url", "override_save_as", "_context", "settings"})


@dataclass
class LastBuild:
    """The last build's generators, kept by the dev server until the next build replaces them."""
    settings: dict
    generators: list


def keep(generators):
    """all_generators_finalized: in the dev server, the generators this build made, for a fast render
    after the next edit (the server keeps them only once the build succeeded)."""
    settings = generators[0].settings
    memory = settings.get(MEMORY_KEY)
    if memory is not None:
        memory.built = LastBuild(settings, list(generators))


def content_of(last: LastBuild, path: str):
    """(generator, content object) of the item built from `path`, or (None, None)."""
    for generator in last.generators:
        if isinstance(generator, ArticlesGenerator):
            pools = (generator.articles, generator.translations, generator.hidden_articles, generator.hidden_translations)
        elif isinstance(generator, PagesGenerator):
            pools = (generator.pages, generator.translations, generator.hidden_pages, generator.hidden_translations,
                     generator.draft_pages, generator.draft_translations)
        else:
            continue
        for pool in pools:
            for content in pool:
                if os.path.abspath(content.source_path) == path:
                    return generator, content
    return None, None


def render(last: LastBuild | None, paths: list[str], output: str) -> list[str]:
    """Render the pages of the edited item files `paths` into `output`; the addresses rendered, or []
    when the edit needs the whole build first (nothing is written then)."""
    if last is None or not paths:
        return []
    settings = last.settings
    index = settings[BUILD_KEY].index
    places = load_places()
    planned = []
    for path in (os.path.abspath(p) for p in paths):
        entry = index.by_path(path)
        generator, content = content_of(last, path)
        if entry is None or content is None:
            return []
        log = ProblemLog()
        options = CheckOptions(photo_consent_required=settings["PHOTO_CONSENT_REQUIRED"])
        fresh = read_entry(path, index.root, entry.kind, places, log, options, index.topics)
        if (fresh is None or log.errors or fresh.key != entry.key or fresh.held_until != entry.held_until
                or fresh.is_draft != entry.is_draft or fresh.images != entry.images
                or any(fresh.meta.get(key) != entry.meta.get(key) for key in PICTURE_FIELDS)):
            return []   # (pictures are made by the build: a new one has no sizes yet)
        planned.append((path, entry, fresh, generator, content))

    for path, entry, fresh, generator, content in planned:
        entry.__dict__.update(fresh.__dict__)
        settings.get(BODIES_KEY, {}).pop(path, None)
    resolve_partner_names(index, ProblemLog())   # `partners:` names become slugs, as in the build

    cache = settings.pop(CACHE_KEY, None)   # the last build's cache knows the old body under this path
    try:
        for path, entry, fresh, generator, content in planned:
            again = generator.readers.read_file(base_path=generator.path, path=os.path.relpath(path, generator.path),
                                                content_class=type(content), context=generator.context)
            for key, value in again.__dict__.items():
                if key not in KEPT_ATTRIBUTES:
                    content.__dict__[key] = value
        # Pelican remembers each object's content and summary by the object (one memo for all): forget them.
        planned[0][4].get_content.cache.clear()
        planned[0][4].get_summary.cache.clear()
        return [write_page(generator, content, output) for _p, _e, _f, generator, content in planned]
    finally:
        if cache is not None:
            settings[CACHE_KEY] = cache


def write_page(generator, content, output: str) -> str:
    """Write the content's page as Pelican's generator writes it, with its headings' words kept whole
    (reader_aids), into a scratch folder, then move it over the served file."""
    settings = generator.settings
    scratch = tempfile.mkdtemp(prefix=".fast-render-", dir=output)
    try:
        writer = Writer(scratch, settings=settings)
        if isinstance(content, Article):    # as ArticlesGenerator.generate_articles writes it
            extra = {"article": content, "category": getattr(content, "category", None), "blog": True}
        else:                                # as PagesGenerator.generate_output writes it
            extra = {"page": content}
        writer.write_file(content.save_as, generator.get_template(content.template), generator.context,
                          relative_urls=settings["RELATIVE_URLS"], override_output=hasattr(content, "override_save_as"),
                          url=content.url, **extra)
        written = os.path.join(scratch, content.save_as)
        with open(written, encoding="utf-8") as fh:
            page = fh.read()
        kept = reader_aids.with_heading_words(page, {})
        with open(written, "w", encoding="utf-8") as fh:
            fh.write(kept)
        target = os.path.join(output, content.save_as)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(written, target)
        return content.url
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

