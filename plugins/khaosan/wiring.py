"""Which code runs on which Pelican signal, and in what order: the one place that says so.

Blinker calls a signal's receivers in the order they were connected, so the order of `WIRING` is the
order a build runs in. Each stage names the stages it needs to have run before it (`needs`); the tests
check those against this table (tests/test_wiring.py), so a reordering that breaks a dependency fails
there rather than in a built site.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from pelican import signals

from khaosan import (
    atomic_output,
    bilingual,
    build_cache,
    cms,
    config,
    content_model,
    enews,
    feeds,
    figures,
    kinds,
    live_reload,
    open_data,
    pages,
    parallel,
    partners,
    photo_privacy,
    pictures,
    place_pages,
    places,
    reader_aids,
    search,
    site_index,
    site_pages,
    structured_data,
    topics,
    url_scheme,
)
from khaosan.bilingual import twins
from khaosan.dev_server import fast_render

# The order Pelican sends its signals in one run (Pelican.run): settings are final at `initialized`;
# `get_generators` is sent once before any generator exists; each generator's Readers sends
# `readers_init` and then the generator sends `generator_init` (the articles' and the pages' generators then
# `article_generator_init` and `page_generator_init`, their caches ready); `all_generators_finalized` follows the
# reading of all content; `finalized` comes after every page is written.
SIGNAL_ORDER = (
    "initialized",
    "get_generators",
    "readers_init",
    "generator_init",
    "article_generator_init",
    "page_generator_init",
    "all_generators_finalized",
    "get_writer",
    "finalized",
)


@dataclass(frozen=True)
class Stage:
    name: str
    signal: str
    receiver: Callable
    needs: tuple[str, ...] = ()
    why: str = ""


WIRING: tuple[Stage, ...] = (
    Stage("collect_last_build", "initialized", parallel.collect_last_build,
          why="the objects a build in this process left to its exit (leave_to_exit) go back to the garbage collector, which then runs rarely until the build ends"),
    Stage("settings", "initialized", config.apply,
          why="every khaosan setting gets its default and its type checked before anything reads it"),
    Stage("url_scheme", "initialized", url_scheme.apply, needs=("settings",),
          why="every *_URL / *_SAVE_AS setting comes from the one URL scheme before anything reads them"),

    Stage("translation_pairs", "initialized", twins.install,
          why="Pelican pairs each item with its twin one group at a time, not by a scan of every original for every item"),
    Stage("kept_bodies", "initialized", build_cache.read_items.install,
          why="an item kept from the last build reads its body's HTML only when a stage asks for it"),
    Stage("template_cache", "initialized", build_cache.cache_templates, needs=("settings",),
          why="compiled templates are kept between builds (checked against their source): an edit does not compile the theme again"),

    # get_generators: the content check first, so a content error stops the run before staging exists.
    Stage("content_index", "get_generators", content_model.index_content, needs=("url_scheme",),
          why="read and check every content file once; every problem at once; nothing written on error"),
    Stage("build_cache", "get_generators", build_cache.open_cache, needs=("content_index",),
          why="the last build's state is compared with this one's before any body is converted: unchanged bodies come from the cache"),
    Stage("bodies", "get_generators", parallel.render_bodies, needs=("content_index", "build_cache"),
          why="every Markdown body converted on every core before the generators read them"),
    Stage("catalogs", "get_generators", bilingual.refresh_catalogs,
          why="compile the theme's .po catalogues for this run (the dev server rebuilds after edits)"),
    Stage("page_record", "get_generators", pages.start_record,
          why="a fresh record of this run's pages, before any generator writes one"),
    Stage("pictures", "get_generators", pictures.prepare, needs=("content_index", "catalogs"),
          why="every photo, logo and share card made (or found in the cache) before a page names its files; "
              "a picture the site cannot show stops the build like any content problem"),
    Stage("qr_codes", "get_generators", reader_aids.qr.prepare, needs=("content_index",),
          why="every shared page's QR code drawn on every core (or found in the picture cache) before a page is written"),
    # Generators write in this order: those that write items' pages first, so that Pagefind can start on them.
    Stage("enews_generator", "get_generators", enews.get_generators, needs=("content_index",)),
    Stage("partners_generator", "get_generators", partners.get_generators, needs=("content_index",)),
    Stage("early_search_index", "get_generators", search.get_early_index, needs=("enews_generator", "partners_generator"),
          why="Pagefind starts on the items' pages once they are written, while the lists, feeds and place pages are written"),
    Stage("site_pages_generator", "get_generators", site_pages.get_generators, needs=("content_index",)),
    Stage("feeds_generator", "get_generators", feeds.get_generators, needs=("content_index",)),
    Stage("topics_generator", "get_generators", topics.get_generators, needs=("content_index",)),
    Stage("open_data_generator", "get_generators", open_data.get_generators, needs=("content_index",)),
    Stage("place_pages_generator", "get_generators", place_pages.get_generators, needs=("content_index",)),
    Stage("search_pages_generator", "get_generators", search.get_generators, needs=("content_index",)),
    Stage("cms_generator", "get_generators", cms.get_generators, needs=("content_index",),
          why="the web editor's config is generated from the schema and this build's partners and topics"),
    Stage("end_unfinished_index", "get_generators", search.end_unfinished_index,
          why="a Pagefind run a failed build left going (dev server) must not write into the new staging folder"),
    Stage("end_unfinished_writers", "get_generators", parallel.end_unfinished_writers,
          why="writer processes a failed build left running (dev server) must not write into the new staging folder"),
    Stage("start_staging", "get_generators", atomic_output.start_staging, needs=("content_index", "end_unfinished_writers", "end_unfinished_index"),
          why="only a build whose content passed the check gets a staging folder; generators write there"),

    Stage("reader", "readers_init", content_model.use_reader, needs=("content_index",),
          why="the Markdown reader takes each file's checked front matter from the index"),

    # generator_init: what every generator's templates can use.
    Stage("vocabularies", "generator_init", content_model.expose_vocabularies),
    Stage("withheld_drafts", "generator_init", content_model.register_withheld_drafts, needs=("content_index",),
          why="drafts a build leaves out are never copied into the output as static files"),
    Stage("disabled_reader_walk", "generator_init", content_model.skip_disabled_reader_walk, needs=("content_index",),
          why="Pelican's walk for files of disabled readers is left out: the content check names every such file and stops the build"),
    Stage("places_context", "generator_init", places.add_to_context),
    Stage("gettext", "generator_init", bilingual.install, needs=("catalogs",),
          why="installs _(), the date filters and the language switch into each generator's Jinja env"),
    Stage("page_record_lookup", "generator_init", pages.install,
          why="base.html takes each page's address, language and alternates from the page record"),
    Stage("kind_labels", "generator_init", kinds.expose, needs=("gettext",),
          why="the kinds table's labels, translated, for cards, lists, the menu and breadcrumbs"),
    Stage("site_helpers", "generator_init", site_pages.expose_helpers, needs=("gettext",)),
    Stage("feed_links", "generator_init", feeds.install, needs=("gettext",)),
    Stage("partner_filters", "generator_init", partners.add_filters, needs=("gettext",)),
    Stage("structured_data", "generator_init", structured_data.install, needs=("gettext",)),
    Stage("picture_helpers", "generator_init", pictures.install, needs=("pictures",)),
    Stage("figures", "generator_init", figures.expose, needs=("places_context",)),
    Stage("search_helpers", "generator_init", search.expose_helpers, needs=("gettext",)),
    Stage("reader_aids", "generator_init", reader_aids.install, needs=("gettext",),
          why="Thai words kept whole in headings, share links, QR codes, Thai order"),

    Stage("unaddressed_groups", "article_generator_init", url_scheme.skip_unaddressed_groups, needs=("url_scheme",),
          why="Pelican's category, tag and author pages, which the URL scheme leaves out, are not gathered"),
    Stage("offer_read_articles", "article_generator_init", build_cache.read_items.offer, needs=("build_cache", "kept_bodies"),
          why="articles unchanged since the last build come as Pelican read them then: their files are not read again"),
    Stage("offer_read_pages", "page_generator_init", build_cache.read_items.offer, needs=("build_cache", "kept_bodies"),
          why="standing pages likewise"),

    Stage("static_guard", "all_generators_finalized", content_model.keep_checked_static_files, needs=("content_index",),
          why="only files the content check passed are copied: nothing from outside content/, no backups or dotfiles"),
    Stage("site_index", "all_generators_finalized", site_index.make_index, needs=("reader",),
          why="group the read items once per language; every list on every page reads from it"),
    Stage("keep_read_items", "all_generators_finalized", build_cache.read_items.keep, needs=("site_index",),
          why="every item read in this build is kept for the next as it is now, addresses fixed, before any later stage touches it"),
    Stage("content_pages", "all_generators_finalized", pages.record_content, needs=("site_index", "page_record"),
          why="records the pages Pelican writes itself (reports, news, standing pages) once their URLs are final"),
    Stage("changed_inputs", "all_generators_finalized", build_cache.find_changes, needs=("site_index", "content_pages", "build_cache"),
          why="which items and lists changed since the last build is known before any page is written"),
    Stage("fork_writers", "all_generators_finalized", parallel.fork_writers, needs=("site_index", "content_pages", "build_cache"),
          why="with BUILD_SHARE_WRITING, the pages are shared out between one process per core once every item is read and recorded"),
    Stage("fast_render_source", "all_generators_finalized", fast_render.keep, needs=("site_index", "content_pages"),
          why="make serve keeps this build's generators, to render an edited item's page at once after the next save"),
    Stage("claiming_writer", "get_writer", build_cache.writer_class, needs=("fork_writers", "changed_inputs"),
          why="the writer renders only the pages this process claims (parallel) and, on an incremental build, only the pages an edit touched"),

    # finalized: everything that writes into the staging folder, then the swap, last.
    Stage("join_writers", "finalized", parallel.join_writers, needs=("fork_writers",),
          why="every page is written (or the build fails) before anything reads the staging folder"),
    Stage("site_files", "finalized", site_pages.write_site_files, needs=("content_pages", "join_writers"),
          why="the sitemap lists every page of the record, complete once every page is written"),
    Stage("heading_words", "finalized", reader_aids.keep_heading_words_in_output, needs=("start_staging", "join_writers"),
          why="headings of every page written keep their Thai words whole; before the swap, like the others"),
    Stage("live_reload_token", "finalized", live_reload.write_token),
    Stage("picture_files", "finalized", pictures.publish, needs=("pictures", "start_staging"),
          why="the derived pictures the pages use, linked from the cache into the staging folder"),
    Stage("photo_privacy", "finalized", photo_privacy.strip_output, needs=("picture_files",),
          why="cleans every picture in the staging folder before it becomes public"),
    Stage("keep_unchanged", "finalized", build_cache.keep_unchanged, needs=("site_files", "live_reload_token", "photo_privacy", "join_writers"),
          why="pages not rendered are linked in from the output, and unchanged files keep the output's copy, once nothing else writes into staging but the search index"),
    Stage("search_index", "finalized", search.index_site, needs=("site_files", "photo_privacy", "start_staging", "join_writers", "keep_unchanged"),
          why="Pagefind indexes the finished pages in the staging folder, so a failed index leaves output/ as it was"),
    Stage("swap_in", "finalized", atomic_output.swap_in,
          needs=("site_files", "heading_words", "live_reload_token", "picture_files", "photo_privacy", "search_index", "start_staging", "join_writers"),
          why="the finished build replaces output/ only after everything has written into staging"),
    Stage("save_cache", "finalized", build_cache.save_cache, needs=("swap_in", "keep_unchanged"),
          why="the cache describes the output only once the output is in place"),
    Stage("leave_to_exit", "finalized", parallel.leave_to_exit, needs=("save_cache",),
          why="last: the build's objects are not walked and freed one by one when the command exits (a second at 4,000 × 2); the collector's pace comes back"),
)


def connect(skip: frozenset[str] = frozenset()) -> None:
    """Connect every stage but those named in `skip` (a test proves a gate fails without its stage)."""
    content_model.install_traceback_filter()
    for stage in WIRING:
        if stage.name not in skip:
            getattr(signals, stage.signal).connect(stage.receiver)


def register() -> None:
    connect()
