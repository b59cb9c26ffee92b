"""A real HTTP server on 127.0.0.1 and Debian's Chromium through Playwright (never a downloaded browser).

The server and the browser launch are the quality gates' own (tests/quality/); this module gives the
feature tests the same ones with a base URL without a trailing slash.
"""
from __future__ import annotations

import contextlib
from pathlib import Path

from quality.browser import ARGS as CHROMIUM_ARGS  # noqa: F401
from quality.browser import CHROMIUM, chromium  # noqa: F401
from quality.serve import serve as _serve

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@contextlib.contextmanager
def serve(folder: Path):
    """Serve a built site on a free loopback port; yields the base URL, e.g. http://127.0.0.1:PORT."""
    with _serve(folder) as base:
        yield base.rstrip("/")


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing overflows)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
