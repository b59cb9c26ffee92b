"""khaosan's settings: each one a small declarative type with its default, checked at `initialized`.

After MkDocs' config options: a misspelled or mistyped setting stops the build with one line that names
the setting, what was expected and, for a misspelling, the nearest known name. Defaults live here and
nowhere else; the modules read `settings[NAME]` after `apply` has filled them in. docs/settings.md is
generated from this table (tools/settings_doc.py), and a test fails when it drifts.

To add a setting: one line in `SCHEMA` (a type, a default, a help text), then `make docs`.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pelican.settings import DEFAULT_CONFIG

from khaosan.bilingual import BYTECODE_KEY, CATALOG_KEY
from khaosan.content_model.problems import ContentError, one_line, report_logger
from khaosan.content_model.reader import BUILD_KEY
from khaosan.pages import RECORD_KEY
from khaosan.parallel import BODIES_KEY, WRITERS_KEY

class SettingsError(ContentError):
    """A setting the build cannot use; the message is the whole report (no traceback)."""


@dataclass(frozen=True)
class Option:
    default: Any
    help: str
    expected: str = "any value"

    def validate(self, value):
        return value


@dataclass(frozen=True)
class Boolean(Option):
    expected: str = "True or False"

    def validate(self, value):
        if not isinstance(value, bool):
            raise ValueError
        return value


@dataclass(frozen=True)
class Integer(Option):
    minimum: int = 0
    expected: str = "a whole number"

    def validate(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            raise ValueError
        return value

    @property
    def expectation(self):
        return f"a whole number of at least {self.minimum}"


@dataclass(frozen=True)
class Text(Option):
    expected: str = "text"
    allow_empty: bool = True

    def validate(self, value):
        if not isinstance(value, str) or (not self.allow_empty and not value.strip()):
            raise ValueError
        return value


@dataclass(frozen=True)
class Address(Option):
    """An absolute http(s) address, or empty for none."""
    expected: str = "an address starting with https:// or http://, or \"\" for none"

    def validate(self, value):
        if value in ("", None):
            return ""
        if not isinstance(value, str):
            raise ValueError
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError
        return value


@dataclass(frozen=True)
class UnsubscribeAddress(Option):
    """A mailto: or https: address (RFC 2369 List-Unsubscribe), or empty for none."""
    expected: str = "an address starting with mailto: or https://, or \"\" for none"

    def validate(self, value):
        if value in ("", None):
            return ""
        if not isinstance(value, str) or not re.match(r"^(mailto:[^@\s]+@[^@\s]+|https://\S+)$", value):
            raise ValueError
        return value


@dataclass(frozen=True)
class Licence(Option):
    """A licence as Frictionless writes one: {"name": SPDX id, "title": ..., "path": its address}."""
    expected: str = "a dict with \"name\" (an SPDX id such as CC-BY-4.0), \"title\" and \"path\" (https://…)"

    def validate(self, value):
        if not isinstance(value, dict) or set(value) != {"name", "title", "path"} \
                or not all(isinstance(v, str) and v for v in value.values()) or not value["path"].startswith(("https://", "http://")):
            raise ValueError
        return value


@dataclass(frozen=True)
class Mapping(Option):
    expected: str = "a dict"

    def validate(self, value):
        if not isinstance(value, dict):
            raise ValueError
        return value


@dataclass(frozen=True)
class TextList(Option):
    expected: str = "a list of text"

    def validate(self, value):
        if isinstance(value, tuple):
            value = list(value)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError
        return value


def expected(option: Option) -> str:
    return getattr(option, "expectation", None) or option.expected


SCHEMA: dict[str, Option] = {
    # The site
    "SITENAME_EN": Text("Health Promotion Partner Network News", "the site's name on English pages (SITENAME is the Thai one)", allow_empty=False),
    "SITE_SHORT_NAME": Text("khaosan", "a short ASCII name for the site (web app manifest, feed generator)", allow_empty=False),
    "SITE_NAMES": Mapping({}, "the site's name per language; filled from SITENAME and SITENAME_EN when empty"),
    "SITE_DOMAIN": Address("http://127.0.0.1:8000", "where a development build (SITEURL = \"\") says it lives when a link must be absolute (feeds, e-mail, Open Graph)"),
    "CONTENT_SECURITY_POLICY": Text("default-src 'self'; img-src 'self'; style-src 'self'; font-src 'self'; script-src 'self'; "
                                    "object-src 'none'; base-uri 'self'; form-action 'self'",
                                    "the Content-Security-Policy every page carries in a meta element (the search pages add what Pagefind's WebAssembly needs: 'wasm-unsafe-eval')", allow_empty=False),
    # Lists and pages
    "HOME_ITEMS_PER_REGION": Integer(4, "stories per region on the home page", minimum=1),
    "PLACE_LATEST_ITEMS": Integer(10, "latest stories on a province, region or health-region page", minimum=1),
    # Feeds and e-news
    "FEED_TAG_AUTHORITY": Text("khaosan.github.io,2023", "the authority of the items' tag: URIs (RFC 4151), from which GUIDs are built; never change it once published", allow_empty=False),
    "FEED_JSON": Boolean(True, "also write a JSON Feed 1.1 (feed.json) beside each RSS feed"),
    "FEED_IMAGE": Text("theme/images/feed-icon.png", "the RSS channel image (at most 144 px wide), relative to the site root", allow_empty=False),
    "FEED_LOGO": Text("theme/images/logo-2x1.png", "the Atom feeds' <logo>, twice as wide as it is high (RFC 4287), relative to the site root", allow_empty=False),
    "FEED_ICON": Text("theme/images/icon-512.png", "the square icon of the Atom feeds (<icon>) and JSON Feeds (icon, 512 px), relative to the site root", allow_empty=False),
    "FEED_FAVICON": Text("theme/images/icon-192.png", "the JSON Feeds' small square favicon, relative to the site root", allow_empty=False),
    "ENEWS_FROM": Text("", "the From of each edition's edition.eml, such as \"ข่าวสารภาคีเครือข่าย <enews@example.org>\"; empty: the mail program or `make send` (SMTP_FROM) fills it in"),
    "ENEWS_LIST_UNSUBSCRIBE": UnsubscribeAddress("", "where a subscriber unsubscribes (mailto: or https:): the List-Unsubscribe header of edition.eml and its footer link; empty: the footer keeps the placeholder and `make send` needs UNSUBSCRIBE=…"),
    "ENEWS_UNSUBSCRIBE_PLACEHOLDER": Text("{{unsubscribe}}", "the unsubscribe link of email.html and email.txt, which a mailing service replaces per subscriber (Mailchimp: *|UNSUB|*, Sendy: [unsubscribe], listmonk: {{ UnsubscribeURL }}); `make send` refuses a message that still holds it", allow_empty=False),
    # Open data (/data/)
    "OPEN_DATA_LICENSE": Licence({"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                                  "path": "https://creativecommons.org/licenses/by/4.0/"},
                                 "the licence of the open data at /data/: shown on the page, in datapackage.json, the Dataset JSON-LD and ckan.json"),
    "OPEN_DATA_MAINTAINER": Text("", "who answers questions about the open data (data.go.th's maintainer, in ckan.json); empty: the site's Thai name"),
    "OPEN_DATA_MAINTAINER_EMAIL": Text("", "their e-mail address (data.go.th's maintainer_email, in ckan.json); data.go.th requires it"),
    # Build
    "BUILD_PROCESSES": Integer(0, "processes a build converts Markdown in: 0 = one per core for a site of 200 files or more, 1 = never more than one"),
    "BUILD_SHARE_WRITING": Boolean(False, "also share the writing of pages and feeds out between those processes: about half the writing time on two cores, but each writer process ends up holding its own copy of much of the site (about twice the peak memory)"),
    # Search
    "SEARCH_INDEX": Boolean(True, "build the search index with Pagefind (needs Node and npm: `make site` installs them); False skips it and the search pages, for quick previews and tests that do not search"),
    # The web editor (/admin/, plugins/khaosan/cms; docs/editor.md)
    "CMS": Boolean(False, "write the web editor (Decap CMS) at /admin/; `make cms` sets it, a team's production build may"),
    "CMS_ASSETS": Text("", "the folder of Decap CMS's built files (pelicanconf.py: cms/node_modules/decap-cms/dist, installed by `make cms-deps`)"),
    "CMS_LOCAL_BACKEND": Text("http://localhost:8081", "where decap-server (`make cms`) edits the working copy; \"\" in a production build"),
    "CMS_BACKEND": Mapping({"name": "github", "repo": "OWNER/REPOSITORY", "branch": "main"},
                           "the git host the editor saves to when no local backend runs (Decap's `backend`: github, gitlab, git-gateway, …)"),
    "CMS_CONNECT_SOURCES": TextList([], "more addresses the editor page may connect to (its CSP's connect-src), e.g. https://api.github.com"),
    # Safety
    "OUTPUT_LOCK_WAIT": Integer(120, "seconds a build waits for another build writing the same output folder before it stops", minimum=0),
    "PHOTO_CONSENT_REQUIRED": Boolean(False, "a photo marked `people: close-up` must also say `consent: true`, or the build stops (PDPA)"),
    # Subscribing (the public /subscribe/ page; docs/subscribe.md says how to set up each)
    "NEWSLETTER_FORM_ACTION": Address("", "where the subscribe page's e-mail sign-up form posts (a Mailchimp, Buttondown or listmonk form address, or any form endpoint); the page's CSP form-action then allows that one origin; \"\" hides the form"),
    "NEWSLETTER_EMAIL_FIELD": Text("email", "the name of the sign-up form's e-mail field that the service expects (Mailchimp: EMAIL)", allow_empty=False),
    "NEWSLETTER_PRIVACY_CONTACT": Text("", "who readers write to about their e-mail address (an e-mail address or office), named in the sign-up form's privacy notice"),
    "LINE_OA_URL": Address("", "the network's LINE official account (https://lin.ee/… or https://line.me/R/ti/p/@…), linked with a QR code on the subscribe page; \"\" hides it"),
    # Pictures
    "PICTURE_CACHE_PATH": Text("", "where the derived photos, logos and share cards are kept between builds, by content hash "
                               "(\"\" for a folder beside the output: OUTPUT_PATH.picture-cache); safe to delete"),
    # Development
    "LIVE_RELOAD": Boolean(False, "pages reload themselves after each rebuild (`make serve` sets it)"),
    "SHOW_DRAFTS": Boolean(False, "build drafts (`status: draft`) too, each marked as a draft (`make serve` sets it; publishconf.py never does)"),
}

# Pelican settings khaosan reads, checked with the same types (Pelican's own default where it has one).
PELICAN_OVERRIDES: dict[str, Option] = {
    "ITEMS_PER_PAGE": Integer(20, "items per page of every paginated list", minimum=1),
    "FEED_MAX_ITEMS": Integer(DEFAULT_CONFIG["FEED_MAX_ITEMS"], "how many items a feed holds, newest first (the bundled pelicanconf.py sets 50)", minimum=1),
}

# Keys the build itself keeps on the settings while it runs (not written by a person).
RUNTIME_KEYS = frozenset({BUILD_KEY, CATALOG_KEY, BYTECODE_KEY, RECORD_KEY, BODIES_KEY, WRITERS_KEY, "KHAOSAN_PICTURES"})


# Pelican reads these by pattern or without a default of its own: a *_SAVE_AS / *_URL pair for every
# direct template, a feed setting per kind of list, and the settings it requires of every site.
PELICAN_PATTERN = re.compile(r"^[A-Z0-9_]+_(SAVE_AS|URL|FEED_ATOM|FEED_RSS)$|^FEED_(ALL_)?(ATOM|RSS)$")
PELICAN_WITHOUT_DEFAULT = frozenset({"TIMEZONE", "DEFAULT_DATE", "DEBUG", "BIND", "PORT", "FEED_DOMAIN"})


def known_names() -> set[str]:
    return set(DEFAULT_CONFIG) | set(SCHEMA) | set(PELICAN_OVERRIDES) | RUNTIME_KEYS | PELICAN_WITHOUT_DEFAULT


def is_known(name: str, known: set[str]) -> bool:
    return name in known or bool(PELICAN_PATTERN.match(name))


def check(settings: dict) -> list[str]:
    """Fill in defaults and return one line per setting the build cannot use."""
    problems = []
    known = known_names()
    for name in sorted(k for k in settings if k.isupper() and not is_known(k, known)):
        near = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
        hint = f"; did you mean {near[0]}?" if near else "; remove it, or see docs/settings.md for the settings khaosan knows"
        problems.append(f"setting {name}: unknown setting{hint}")
    for table in (SCHEMA, PELICAN_OVERRIDES):
        for name, option in table.items():
            settings.setdefault(name, option.default)
            try:
                settings[name] = option.validate(settings[name])
            except (ValueError, TypeError):
                problems.append(f"setting {name}: expected {expected(option)}, got {settings[name]!r}")
    if settings.get("NEWSLETTER_FORM_ACTION") and not problems:
        settings["CONTENT_SECURITY_POLICY"] = allow_form_origin(settings["CONTENT_SECURITY_POLICY"], settings["NEWSLETTER_FORM_ACTION"])
    if not settings.get("SITE_NAMES"):
        settings["SITE_NAMES"] = {"th": settings.get("SITENAME", ""), "en": settings["SITENAME_EN"]}
    return problems


def allow_form_origin(policy: str, action: str) -> str:
    """The policy with the sign-up form's origin (and only that) added to form-action."""
    parts = urlsplit(action)
    origin = f"{parts.scheme}://{parts.netloc}"
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    for number, directive in enumerate(directives):
        if directive.split()[0] == "form-action":
            if origin not in directive.split():
                directives[number] = f"{directive} {origin}"
            break
    else:
        directives.append(f"form-action 'self' {origin}")
    return "; ".join(directives)


def apply(pelican) -> None:
    problems = check(pelican.settings)
    if problems:
        lines = [one_line(p) for p in problems] + [f"{len(problems)} setting(s) to fix in the settings file; nothing was built."]
        try:
            report_logger().error("%s", "\n".join(lines))
        except RuntimeError:
            pass  # Pelican's --fatal raises after the record is written
        raise SettingsError(f"{len(problems)} setting(s) to fix; see the lines above")
