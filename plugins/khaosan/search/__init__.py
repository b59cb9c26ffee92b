"""Search that understands Thai: the /search/ pages, what each item tells the index, and the index itself.

- Every item's own article (reports, news, partners, editions, pages) carries `data-pagefind-body` and a
  hidden record of its filters and result line (theme/templates/partials/search_record.html, filled from
  `search_record` below); lists, feeds and place tables carry nothing, so Pagefind skips them.
- `SearchPagesGenerator` writes /search/ and /en/search/ (theme/templates/search.html) and each
  language's synonyms.json beside them (synonyms.py).
- `index_site`, a `finalized` stage before atomic_output's swap, runs Pagefind over the staging folder
  (engine.py; one index per <html lang>). On a build that writes every page, `EarlyIndexGenerator` has
  started it already, as soon as the items' pages were written; `index_site` then waits for it.
- theme/static/js/search.js asks the index (Thai marks exact), reads only the pages it is about to show and
  keeps those holding the query's Thai words whole, expands names and years from the synonyms, and draws
  results and facets (counts from Pagefind's filter index).
"""
from __future__ import annotations

import logging
import time

from jinja2 import pass_context
from pelican.generators import Generator
from pythainlp.util import thai_strftime

from khaosan import url_scheme
from khaosan.build_cache import SEARCH_DEFERRED_KEY
from khaosan.content_model.problems import one_line, report_logger
from khaosan.pages import PageWriter, in_every_language
from khaosan.places import load_places
from khaosan.search import engine, synonyms

logger = logging.getLogger(__name__)

TEMPLATE = "search"
# What Pagefind's WebAssembly needs beyond 'self': compiling WebAssembly (not JavaScript eval). search.js
# runs it on the page, without Pagefind's worker. Only the search pages carry this.
SEARCH_POLICY = {"script-src": ("'wasm-unsafe-eval'",)}
# The sections whose items are indexed; standing pages (about/, project/) sit one folder below the root.
INDEXED_SECTIONS = ("reports", "news", "partners", "enews")
# The directories the no-JavaScript message links to, in this order.
INDEX_SECTIONS = ("reports", "news", "partners", "provinces", "enews")
# The Pagefind run EarlyIndexGenerator started in this build, on the run's settings.
SEARCH_RUN_KEY = "KHAOSAN_SEARCH_RUN"


def search_policy(policy: str) -> str:
    """The site's Content-Security-Policy with what Pagefind needs added to its directives."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    names = [d.split()[0] for d in directives]
    for name, sources in SEARCH_POLICY.items():
        if name in names:
            i = names.index(name)
            missing = [s for s in sources if s not in directives[i].split()[1:]]
            directives[i] = " ".join([directives[i], *missing])
        else:
            directives.append(" ".join([name, *sources]))
    return "; ".join(directives)


def local_year(date, lang: str) -> str:
    """The year as a reader of `lang` writes it: Buddhist Era on Thai pages, Common Era on English ones."""
    return thai_strftime(date, "%Y") if lang == url_scheme.DEFAULT_LANG else str(date.year)


@pass_context
def search_record(ctx, item, lang: str) -> dict:
    """The filters of one item for the index, each a list of values in the page's language."""
    places = load_places()
    provinces = list(getattr(item, "provinces", None) or [])
    regions = list(getattr(item, "regions", None) or [])
    for province in provinces:
        region = places.region_of(province)
        if region not in regions:
            regions.append(region)
    health_regions = []
    for province in provinces:
        health_region = places.health_region_of(province)
        if health_region not in health_regions:
            health_regions.append(health_region)
    date = getattr(item, "date", None)
    topics = ctx.get("TOPICS") or {}  # this build's content/topics.yml
    return {
        "province": [p.name(lang) for p in provinces],
        "region": [r.short_name(lang) for r in regions],
        "health_region": [h.name(lang) for h in health_regions],
        "topic": [topics[slug].name(lang) for slug in getattr(item, "topics", None) or [] if slug in topics],
        "year": [local_year(date, lang)] if date else [],
    }


def item_glob() -> str:
    """The pages that can hold an item, for Pagefind: SECTION/SLUG/index.html and SLUG/index.html in each
    language (a partner's later pages, place pages, topic pages and e-mail editions are never read)."""
    folders = []
    for lang in url_scheme.LANGUAGES:
        prefix = url_scheme.prefix(lang)
        folders.append(f"{prefix}*")
        folders += [f"{url_scheme.section(section, lang)}*" for section in INDEXED_SECTIONS]
    return "{" + ",".join(folders) + "}/index.html"


def expose_helpers(generator):
    generator.env.globals.update(search_record=search_record, SEARCH_ENABLED=generator.settings["SEARCH_INDEX"])


class SearchPagesGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        pages = PageWriter(self, writer)
        urls = in_every_language(lambda lang: url_scheme.page("search", lang))
        policy = search_policy(self.settings["CONTENT_SECURITY_POLICY"])
        for lang in url_scheme.LANGUAGES:
            # The page shows no content (search.js asks the index), so it depends on nothing but the site.
            pages.write(TEMPLATE, urls[lang], lang, urls, page_csp=policy, index_sections=INDEX_SECTIONS,
                        search_page=True)
        synonyms.write(self.context["SITE"], self.output_path)


class EarlyIndexGenerator(Generator):
    """Comes right after the generators that write items' pages (wiring.py): once every item's page is
    in the staging folder, Pagefind starts indexing them while the build writes the lists, feeds, place
    and topic pages it never reads, on the core the build leaves idle. `index_site` waits for it."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        if not every_item_written(self.settings):
            return  # index_site runs Pagefind once the staging folder is complete
        self.settings[SEARCH_RUN_KEY] = reported(lambda: engine.Indexing(self.output_path, item_glob()))


def every_item_written(settings) -> bool:
    """True when this process has written every item's page by now: not on an incremental build (pages
    nothing touched come from the output at the end) nor when forked writers share the pages out."""
    from khaosan import build_cache, parallel
    cache = build_cache.cache_of(settings)
    return not (cache is not None and cache.incremental) and settings.get(parallel.WRITERS_KEY) is None


def get_generators(pelican):
    if pelican.settings["SEARCH_INDEX"]:
        return SearchPagesGenerator


def get_early_index(pelican):
    if pelican.settings["SEARCH_INDEX"]:
        return EarlyIndexGenerator


def end_unfinished_index(pelican):
    """A build that failed after Pagefind started never waited for it (the dev server then builds again
    in the same process): it is stopped before this build's staging folder exists."""
    indexing = pelican.settings.pop(SEARCH_RUN_KEY, None)
    if indexing is not None:
        indexing.stop()


def reported(step):
    """`step()`, its SearchEngineError written to the build's report first."""
    try:
        return step()
    except engine.SearchEngineError as err:
        try:
            report_logger().error("%s", one_line(str(err)))
        except RuntimeError:
            pass  # Pelican's --fatal raises after the record is written
        raise


def index_site(pelican) -> None:
    """Build the search index of the finished pages in the staging folder, before it is swapped in (or
    wait for the run EarlyIndexGenerator started)."""
    indexing = pelican.settings.pop(SEARCH_RUN_KEY, None)
    if not pelican.settings["SEARCH_INDEX"] or pelican.settings.get(SEARCH_DEFERRED_KEY):
        if indexing is not None:
            indexing.stop()
        return  # (deferred: make serve indexes the output once the changed pages are in)
    started = time.perf_counter()
    if indexing is not None:
        reported(indexing.finish)
        logger.info("search index ready %.2f s after the last page (started with the lists still to write)",
                    time.perf_counter() - started)
        return
    reported(lambda: engine.run(pelican.output_path, item_glob()))
    logger.info("search index built in %.2f s", time.perf_counter() - started)
