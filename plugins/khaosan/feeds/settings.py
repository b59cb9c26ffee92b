"""The feeds' settings (defaults and types in khaosan.config); the e-news editions read them too."""
from __future__ import annotations

from khaosan.url_scheme import site_address  # noqa: F401  (the feeds and e-news read the address from here)


def setting(settings, name: str):
    return settings[name]
