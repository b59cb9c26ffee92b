"""The URL scheme of the site, in one place: Thai at the root, English under /en/, every page PATH/index.html.

Pelican's own *_URL settings, the place, partner and feed generators and the templates all take their
paths from here.
"""
from __future__ import annotations

from khaosan.kinds import KINDS, SECTIONS as SECTION_TABLE

DEFAULT_LANG = "th"
LANGUAGES = ("th", "en")
SECTIONS = tuple(SECTION_TABLE)
SINGLE_PAGES = ("search", "subscribe", "data")
# Folders the build writes besides pages: content pictures, their derived files, the theme's files, the search index.
ASSET_FOLDERS = ("images", "pictures", "theme", "static", "feeds", "pagefind")
# The folder of a list's second and later pages: /reports/page/2/ (site_pages.page_url).
PAGINATION_FOLDER = "page"
# Folders other parts of the site write at the top besides those: the web editor, drafts.
TOP_FOLDERS = ASSET_FOLDERS + ("admin", "drafts")
# A feed's page for people (what it holds, its latest items, its address): FOLDER/follow/ beside FOLDER/feed.xml.
FOLLOW = "follow"
# Names a standing page may not take: its page /SLUG/ would replace a section, a page of the site, a
# language folder, a folder of files or a feed's page, in either language (an English page /en/SLUG/
# likewise). Checked by the content check.
RESERVED_SLUGS = frozenset(SECTIONS + SINGLE_PAGES + LANGUAGES + TOP_FOLDERS + (PAGINATION_FOLDER, FOLLOW))
# Names an item in a section (/reports/SLUG/) may not take: the section's own generated folders (a
# kind's feed has its page for people at /reports/follow/).
RESERVED_ITEM_SLUGS = frozenset((PAGINATION_FOLDER, FOLLOW))


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def home(lang: str) -> str:
    return prefix(lang)


def section(name: str, lang: str) -> str:
    return f"{prefix(lang)}{name}/"


def item(section_name: str, slug, lang: str) -> str:
    return f"{prefix(lang)}{section_name}/{slug}/"


def page(slug: str, lang: str) -> str:
    return f"{prefix(lang)}{slug}/"


def first_page(url: str) -> str:
    """The list's own address for any of its pages (`…/page/3/` → `…/`): what a reader shares."""
    head, sep, number = (url or "").rstrip("/").rpartition(f"{PAGINATION_FOLDER}/")
    return head if sep and number.isdigit() and (not head or head.endswith("/")) else url


def save_as(url: str) -> str:
    return f"{url}index.html"


def site_address(settings) -> str:
    """SITEURL when it is absolute (production), else SITE_DOMAIN (khaosan.config); never with a trailing slash."""
    if is_production(settings):
        return settings["SITEURL"].rstrip("/")
    return str(settings["SITE_DOMAIN"]).rstrip("/")


def is_production(settings) -> bool:
    """A production build has an absolute SITEURL (publishconf.py); a development build links to SITE_DOMAIN."""
    return (settings.get("SITEURL") or "").lower().startswith(("http://", "https://"))


def pelican_settings() -> dict:
    """Pelican's content URL settings, expressed in the scheme above."""
    settings = {}
    by_class: dict[str, list] = {}
    for kind in KINDS.values():
        by_class.setdefault(kind.pelican_class, []).append(kind)
    for pelican_class, kinds in by_class.items():
        klass = pelican_class.upper()
        # Kinds that share a class (reports and news are Articles) are told apart by their category, which
        # the reader sets to the kind's folder.
        pattern = kinds[0].url_pattern if len(kinds) == 1 else "{category}/{slug}/"
        settings[f"{klass}_URL"] = pattern
        settings[f"{klass}_SAVE_AS"] = save_as(pattern)
        settings[f"{klass}_LANG_URL"] = "{lang}/" + pattern
        settings[f"{klass}_LANG_SAVE_AS"] = save_as("{lang}/" + pattern)
    settings["DRAFT_URL"] = settings["DRAFT_SAVE_AS"] = settings["DRAFT_LANG_URL"] = settings["DRAFT_LANG_SAVE_AS"] = ""
    settings["DRAFT_PAGE_URL"] = settings["DRAFT_PAGE_SAVE_AS"] = settings["DRAFT_PAGE_LANG_URL"] = settings["DRAFT_PAGE_LANG_SAVE_AS"] = ""
    return settings


def apply(pelican):
    pelican.settings.update(pelican_settings())
    pelican.settings["DEFAULT_LANG"] = DEFAULT_LANG


# Pelican's lists of one category, tag or author, by the setting that gives them an address.
PELICAN_GROUP_PAGES = (("generate_categories", "CATEGORY_SAVE_AS"), ("generate_tags", "TAG_SAVE_AS"),
                       ("generate_authors", "AUTHOR_SAVE_AS"))


def _no_pages(write) -> None:
    return None


def skip_unaddressed_groups(generator) -> None:
    """article_generator_init: the groups the URL scheme gives no address are not gathered at all. Pelican
    gathers each group's articles by date before it finds nothing to write, in time that grows with the
    square of the number of articles (a fifth of a second at 4,000 × 2, on every build)."""
    for method, setting in PELICAN_GROUP_PAGES:
        if not generator.settings.get(setting):
            setattr(generator, method, _no_pages)

