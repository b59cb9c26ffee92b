"""The feeds' settings, with their defaults, read in one place (the e-news editions read them too)."""
from __future__ import annotations

import re

DEFAULTS = {
    # The address feeds and e-mail editions write into their links when SITEURL is not absolute (a
    # development build has SITEURL = ""): feed readers and mail clients need absolute links.
    "SITE_DOMAIN": "http://127.0.0.1:8000",
    # How many items a feed holds, newest first (Pelican's own setting, whose default of 100 pelicanconf.py
    # lowers to 50).
    "FEED_MAX_ITEMS": 50,
    # The authority of the items' tag: URIs (RFC 4151). GUIDs are built from it, the item's kind, slug
    # and language, never from its URL, so a reader never sees an item twice after an edit or a move.
    # Change it never once the site is published.
    "FEED_TAG_AUTHORITY": "khaosan.github.io,2023",
    # Also write a JSON Feed 1.1 (feed.json) beside each RSS feed.
    "FEED_JSON": True,
    # The channel image, relative to the site root.
    "FEED_IMAGE": "theme/images/feed-icon.png",
}

_ABSOLUTE = re.compile(r"^https?://", re.I)


def setting(settings, name: str):
    return settings.get(name, DEFAULTS[name])


def site_address(settings) -> str:
    """SITEURL when it is absolute (production), else SITE_DOMAIN; never with a trailing slash."""
    siteurl = settings.get("SITEURL") or ""
    if _ABSOLUTE.match(siteurl):
        return siteurl.rstrip("/")
    return str(setting(settings, "SITE_DOMAIN")).rstrip("/")
