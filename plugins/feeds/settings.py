"""The feeds' settings, with their defaults, read in one place (the e-news editions read them too)."""
from __future__ import annotations

from url_scheme import site_address  # noqa: F401  (the feeds and e-news read the address from here)

DEFAULTS = {
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

def setting(settings, name: str):
    return settings.get(name, DEFAULTS[name])


