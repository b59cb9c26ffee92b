"""The kinds of content and the sections of the site, in one table.

Everything that differs between reports, news, partner profiles, e-news editions and standing pages (the
folder under content/, the template, the Pelican class and its URL pattern, whether the items are listed
and fed, their label) is a column here; the field schema (content_model/schema.py), the reader, the URL
scheme, the list pages, structured data and the templates read it. Labels are gettext message ids: the
theme catalogues (theme/translations) give each one in Thai and English; `N_` marks them for
`make translations`.
"""
from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Marks a message id for extraction; the catalogue of the page's language translates it."""
    return message


@dataclass(frozen=True)
class Section:
    name: str          # the folder of the section's pages: /NAME/ and /en/NAME/
    label: str         # its name in the menu, its list's heading and breadcrumbs (a message id)


@dataclass(frozen=True)
class ContentKind:
    folder: str               # content/FOLDER/
    noun: str                 # what `make check` calls one file of the kind
    label: str | None         # one item's label on cards and in e-mail (a message id), None when never shown
    template: str             # the theme template of an item's page
    pelican_class: str        # the class Pelican builds (its *_URL settings are named after it)
    url_pattern: str          # an item's address below the language prefix
    section: str | None       # the Section its items live in (None: standing pages at the top level)
    listed: bool              # on the home page, in the section's paginated list and in e-news digests
    feed: str | None          # "stories": in the site, place and topic feeds; "own": a feed of its own
    schema_type: str | None = None  # the schema.org type of an item's JSON-LD (structured_data)


SECTIONS: dict[str, Section] = {s.name: s for s in (
    Section("reports", N_("Field reports")),
    Section("news", N_("News")),
    Section("partners", N_("Partners")),
    Section("enews", N_("E-news editions")),
    Section("provinces", N_("Provinces")),
    Section("regions", N_("Regions")),
    Section("health-regions", N_("Health regions")),
    Section("topics", N_("Topics")),
)}

KINDS: dict[str, ContentKind] = {k.folder: k for k in (
    ContentKind("reports", "activity report", N_("Field report"), "report", "Article", "reports/{slug}/",
                "reports", listed=True, feed="stories", schema_type="Report"),
    ContentKind("news", "news item", N_("News"), "news", "Article", "news/{slug}/",
                "news", listed=True, feed="stories", schema_type="NewsArticle"),
    ContentKind("partners", "partner profile", None, "partner", "Partner", "partners/{slug}/",
                "partners", listed=False, feed=None, schema_type="Organization"),
    ContentKind("enews", "e-news edition", None, "edition", "Edition", "enews/{slug}/",
                "enews", listed=False, feed="own"),
    ContentKind("pages", "page", None, "page", "Page", "{slug}/",
                None, listed=False, feed=None),
)}

LISTED_KINDS: tuple[str, ...] = tuple(name for name, kind in KINDS.items() if kind.listed)
# The sections of the main menu, in order (standing pages with a `menu` name and Subscribe follow).
MENU_SECTIONS: tuple[str, ...] = ("reports", "news", "enews", "partners", "provinces")


def _translate(ctx, message: str) -> str:
    # The theme's gettext, which picks the catalogue of the page being rendered (khaosan.bilingual).
    return ctx.call(ctx.environment.globals["gettext"], message)


def expose(generator):
    """`item.kind|kind_label` (Field report) and `name|section_label` (Field reports) for the templates."""
    from jinja2 import pass_context

    @pass_context
    def kind_label(ctx, kind: str) -> str:
        return _translate(ctx, KINDS[kind].label)

    @pass_context
    def section_label(ctx, section: str) -> str:
        return _translate(ctx, SECTIONS[section].label)

    generator.env.filters.update(kind_label=kind_label, section_label=section_label)
    generator.env.globals["MENU_SECTIONS"] = MENU_SECTIONS
