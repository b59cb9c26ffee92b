"""Every page of a build, planned, written and recorded in one place.

Generators do not call Pelican's writer themselves: they call `PageWriter.write` (or `write_list` for a
paginated list) with the page's address, its language twins ({lang: url} of the versions that exist, itself
included) and its inputs (the content and lists it shows). The writer records each page in the build's
`PageRecord` before rendering it; Pelican's own article and page files are recorded from the site index
(`record_content`) before Pelican writes them. Whatever needs to know about the pages of a build reads
the record instead of deriving it again from a URL or the output folder:

- templates: base.html takes the page's address, language, alternates and fallbacks from it
  (`page_record(output_file)`), so a page has one way to get its URL;
- the sitemap lists the recorded pages with their twins (`write_site_files`);
- the feeds' autodiscovery links take the page's own feed from it (`Page.feed`);
- structured data takes the breadcrumb trail from it (`Page.section`).

Inputs are strings (see the *_key functions), so the record is a plain JSON document (`to_json`): a later
build can load it and ask which pages an edit touches (`touched_by`). Every page also depends on
`GLOBAL_INPUTS` (settings, theme, code, the menu of standing pages): when one of those changes, every page
does.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from khaosan import url_scheme

logger = logging.getLogger(__name__)

RECORD_KEY = "KHAOSAN_PAGES"
# What every page depends on besides its own inputs.
GLOBAL_INPUTS = ("settings", "theme", "code", "menu")


def item_key(kind: str, slug: str, lang: str) -> str:
    """One content file: `reports/phiman-mou@th`."""
    return f"{kind}/{slug}@{lang}"


def list_key(name: str, lang: str) -> str:
    """Which items a list holds and in what order: `list:reports@th`, `list:province/bangkok@en`. An edit that
    adds an item to a list, removes it or moves it (a new date) touches every page that shows the list."""
    return f"list:{name}@{lang}"


def data_key(name: str) -> str:
    """A table that is not content (the places table, the topics vocabulary): `data:places`."""
    return f"data:{name}"


@dataclass(frozen=True)
class Page:
    url: str                         # the site-relative address: "" (Thai home), "en/reports/page/2/", "404.html"
    lang: str
    twins: dict                      # {lang: url} of the versions of this page that exist, itself included
    inputs: frozenset                # keys of what the page shows (item_key, list_key, data_key)
    section: str | None = None       # the section the page belongs to (its breadcrumb parent), if any
    section_index: bool = False      # the page is (a page of) that section's own list
    feed: tuple | None = None        # (kind, key) of the page's own feed in feeds.catalog, if it has one
    fallbacks: dict = field(default_factory=dict)  # {lang: url}: where the language switch goes without a twin

    @property
    def save_as(self) -> str:
        return url_scheme.save_as(self.url) if self.url == "" or self.url.endswith("/") else self.url

    @property
    def in_sitemap(self) -> bool:
        return self.url == "" or self.url.endswith("/")

    def to_dict(self) -> dict:
        return {"url": self.url, "lang": self.lang, "twins": self.twins, "inputs": sorted(self.inputs),
                "section": self.section, "section_index": self.section_index,
                "feed": list(self.feed) if self.feed else None, "fallbacks": self.fallbacks}

    @classmethod
    def from_dict(cls, data: dict) -> "Page":
        return cls(data["url"], data["lang"], dict(data["twins"]), frozenset(data["inputs"]), data["section"],
                   data["section_index"], tuple(data["feed"]) if data["feed"] else None, dict(data["fallbacks"]))


class PageRecord:
    """The pages of one build by address; made anew for each run (the dev server runs many)."""

    def __init__(self):
        self.pages: dict[str, Page] = {}
        self._by_file: dict[str, Page] = {}

    def add(self, page: Page) -> Page:
        if page.url in self.pages:
            raise ValueError(f"two pages were written at /{page.url}")
        self.pages[page.url] = page
        self._by_file[page.save_as] = page
        return page

    def get(self, url: str) -> Page | None:
        return self.pages.get(url)

    def of_file(self, save_as: str) -> Page:
        page = self._by_file.get(save_as)
        if page is None:
            raise LookupError(f"{save_as} was written without khaosan.pages: write it with PageWriter.write")
        return page

    def find_file(self, save_as: str) -> Page | None:
        return self._by_file.get(save_as)

    def sitemap(self) -> list[Page]:
        return [self.pages[url] for url in sorted(self.pages) if self.pages[url].in_sitemap]

    def touched_by(self, keys) -> set[str]:
        """The addresses of the pages that show any of `keys` (every page for a global input)."""
        keys = set(keys)
        if keys & set(GLOBAL_INPUTS):
            return set(self.pages)
        return {url for url, page in self.pages.items() if page.inputs & keys}

    def to_json(self) -> str:
        return json.dumps([self.pages[url].to_dict() for url in sorted(self.pages)], ensure_ascii=False,
                          sort_keys=True, indent=0)

    @classmethod
    def from_json(cls, text: str) -> "PageRecord":
        record = cls()
        for data in json.loads(text):
            record.add(Page.from_dict(data))
        return record


def record_of(settings) -> PageRecord:
    return settings[RECORD_KEY]


def start_record(pelican):
    """A fresh record for this run, before any generator plans a page."""
    pelican.settings[RECORD_KEY] = PageRecord()


# -- planning ------------------------------------------------------------------------------------------------

def paginate(items: list, per_page: int) -> list[list]:
    return [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


@dataclass(frozen=True)
class ListPage:
    url: str
    items: list
    pagination: dict
    twins: dict


def page_plan(items_by_lang: dict, base_by_lang: dict, lang: str, per_page: int):
    """Each page of `lang`'s list. A page's twins are the same page number in the languages whose lists are
    that long; the language switch falls back to page 1."""
    pages = paginate(items_by_lang.get(lang, []), per_page)
    counts = {other: len(paginate(items_by_lang.get(other, []), per_page)) for other in base_by_lang}
    base = base_by_lang[lang]
    for number, chunk in enumerate(pages, start=1):
        pagination = {
            "number": number,
            "count": len(pages),
            "previous": page_url(base, number - 1) if number > 1 else None,
            "next": page_url(base, number + 1) if number < len(pages) else None,
        }
        twins = {other: page_url(other_base, number) for other, other_base in base_by_lang.items()
                 if number <= counts[other]}
        yield ListPage(page_url(base, number), chunk, pagination, twins)


def in_every_language(address) -> dict[str, str]:
    """{lang: address(lang)} for a page that exists in every language."""
    return {lang: address(lang) for lang in url_scheme.LANGUAGES}


def section_urls(section_name: str) -> dict[str, str]:
    return in_every_language(lambda lang: url_scheme.section(section_name, lang))


def item_inputs(items) -> set[str]:
    return {item_key(item.kind, item.slug, item.lang) for item in items}


def twin_inputs(content) -> set[str]:
    """A content item's page shows its own file and knows which translations exist."""
    versions = [content, *getattr(content, "translations", [])]
    return {item_key(kind_of(v), v.slug, v.lang) for v in versions}


def kind_of(content) -> str:
    return getattr(content, "kind", None) or "pages"


# -- writing -------------------------------------------------------------------------------------------------

class PageWriter:
    """Writes one generator's pages through Pelican's writer, recording each."""

    def __init__(self, generator, writer):
        self.generator, self.writer = generator, writer
        self.record = record_of(generator.settings)

    def write(self, template, url: str, lang: str, twins: dict, inputs=(), *, section: str | None = None,
              section_index: bool = False, feed: tuple | None = None, fallbacks: dict | None = None,
              **variables) -> Page:
        page = self.record.add(Page(url, lang, dict(twins), frozenset(inputs), section, section_index, feed,
                                    dict(fallbacks or {})))
        if isinstance(template, str):
            template = self.generator.get_template(template)
        self.writer.write_file(page.save_as, template, self.generator.context, lang=lang, **variables)
        return page

    def write_list(self, template, base_by_lang: dict, lang: str, items_by_lang: dict, per_page: int, inputs=(),
                   *, list_name: str, section: str | None = None, section_index: bool = False,
                   feed: tuple | None = None, fallbacks: dict | None = None, first_page: dict | None = None,
                   items_name: str = "items", **variables) -> int:
        """A list as pages of `per_page`, each with links to its neighbours; `first_page` adds variables to
        page 1 only. Every page shows the list in its own and its twins' languages (for the counts)."""
        lists = {list_key(list_name, other) for other in base_by_lang}
        written = 0
        for planned in page_plan(items_by_lang, base_by_lang, lang, per_page):
            extra = first_page if (first_page and planned.pagination["number"] == 1) else {}
            self.write(template, planned.url, lang, planned.twins,
                       {*inputs, *lists, *item_inputs(planned.items)}, section=section, section_index=section_index,
                       feed=feed,
                       fallbacks=base_by_lang if fallbacks is None else fallbacks,
                       pagination=planned.pagination, **{items_name: planned.items}, **extra, **variables)
            written += 1
        return written


def record_content(generators):
    """Record the pages Pelican's own generators write (reports, news, standing pages), once their URLs are
    final (site_index freezes them)."""
    from pelican.generators import ArticlesGenerator, PagesGenerator

    record = None
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            from khaosan.reader_aids import stories_shown_with  # the story page's own helpers decide what it shows

            record = record_of(generator.settings)
            site = generator.context["SITE"]
            fallbacks = {}   # one per section: the same for each of its items
            for article in generator.articles + generator.translations:
                inputs = twin_inputs(article) | item_inputs(stories_shown_with(site, article))
                if article.kind not in fallbacks:
                    fallbacks[article.kind] = section_urls(article.kind)
                record.add(Page(article.url, article.lang, content_twins(article), frozenset(inputs),
                                section=article.kind, fallbacks=fallbacks[article.kind]))
        elif isinstance(generator, PagesGenerator):
            record = record_of(generator.settings)
            for page in generator.pages + generator.translations:
                record.add(Page(page.url, page.lang, content_twins(page), frozenset(twin_inputs(page))))


def content_twins(content) -> dict[str, str]:
    """{lang: url} of every language an item exists in, itself included."""
    urls = {content.lang: content.url}
    for translation in getattr(content, "translations", []):
        urls.setdefault(translation.lang, translation.url)
    return urls


def install(generator):
    """`page_record(output_file)` for base.html: the record of the page being rendered."""
    settings = generator.settings

    def page_record(output_file: str) -> Page:
        return record_of(settings).of_file(output_file)

    generator.env.globals["page_record"] = page_record
