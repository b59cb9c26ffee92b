"""Development settings. Paths resolve relative to this file, so any content folder builds from anywhere:
    .venv/bin/pelican CONTENT -s pelicanconf.py -o OUT
"""
import os

here = os.path.dirname(os.path.abspath(__file__))
if "PYTHAINLP_READ_MODE" not in os.environ:  # PyThaiNLP's data stays in the package: no writes, no downloads
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

SITENAME = "ข่าวสารภาคีเครือข่ายสร้างเสริมสุขภาพ"
SITENAME_EN = "Health Promotion Partner Network News"
SITE_SHORT_NAME = "khaosan"
SITEURL = ""
PATH = os.path.join(here, "content")
OUTPUT_PATH = os.path.join(here, "output")
THEME = os.path.join(here, "theme")
TIMEZONE = "Asia/Bangkok"
DEFAULT_LANG = "th"

# One plugin, installed as a package by `pip install -e .`; the order its parts run in is written in
# plugins/khaosan/wiring.py.
PLUGINS = ["khaosan"]

# Only khaosan's Markdown reader: content is Markdown with YAML front matter (docutils would also warn
# that it has no Thai localisation).
READERS = {"rst": None, "html": None, "htm": None}
ARTICLE_PATHS = ["reports", "news"]
PAGE_PATHS = ["pages"]
# Pictures may sit in content/images/ or beside the Markdown that shows them.
STATIC_PATHS = ["images", "reports", "news", "partners", "enews", "pages"]
ARTICLE_TRANSLATION_ID = "slug"
PAGE_TRANSLATION_ID = "slug"
USE_FOLDER_AS_CATEGORY = True
# Front matter gives slug and lang (content_model reads NAME.th.md itself), never the file's date.
FILENAME_METADATA = r"(?!)"
SLUGIFY_SOURCE = "basename"
DEFAULT_DATE = None

JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []}

# khaosan writes its own indexes, place pages and feeds; Pelican's built-in ones are switched off.
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {}
INDEX_SAVE_AS = ""
TAG_SAVE_AS = TAG_URL = TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORY_URL = CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHOR_URL = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = FEED_ATOM = FEED_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TAG_FEED_ATOM = TAG_FEED_RSS = None
# khaosan's own settings (SITE_DOMAIN, ITEMS_PER_PAGE, ...) have their defaults and types in
# plugins/khaosan/config.py and are listed in docs/settings.md; set one here only to change it.
FEED_MAX_ITEMS = 50
DELETE_OUTPUT_DIRECTORY = True
# khaosan's build cache (plugins/khaosan/build_cache) is used unless --ignore-cache is given; Pelican's own
# content cache stays off (khaosan caches the converted bodies itself, see that module for why).
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = True
RELATIVE_URLS = False

# Warnings Pelican raises that do not apply to this site, each with its reason (builds use --fatal warnings).
LOG_FILTER = []


# The web editor (/admin/): `make cms` sets KHAOSAN_CMS=1; Decap's files come from `make cms-deps`.
CMS = os.environ.get("KHAOSAN_CMS") == "1"
CMS_ASSETS = os.path.join(here, "cms", "node_modules", "decap-cms", "dist")
CMS_LOCAL_BACKEND = os.environ.get("KHAOSAN_CMS_BACKEND", "http://localhost:8081")

# `make serve` sets KHAOSAN_LIVE_RELOAD=1: pages then reload themselves after each rebuild.
# Derived photos and share cards, kept by content hash between builds (khaosan.pictures). The tests point
# every small site they build at one shared cache through this variable; "" is a folder beside the output.
PICTURE_CACHE_PATH = os.environ.get("KHAOSAN_PICTURE_CACHE", "")

LIVE_RELOAD = os.environ.get("KHAOSAN_LIVE_RELOAD") == "1"
# `make serve` also sets KHAOSAN_SHOW_DRAFTS=1: drafts are built and marked, into the preview folder only.
SHOW_DRAFTS = os.environ.get("KHAOSAN_SHOW_DRAFTS") == "1"
