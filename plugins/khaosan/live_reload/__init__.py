"""Live reload for `make serve`: open pages reload themselves when a rebuild finishes.

Only when LIVE_RELOAD is set (make serve sets KHAOSAN_LIVE_RELOAD=1): each build writes a new token to
live-reload.txt, and theme/static/js/live-reload.js (a file of the site, allowed by the CSP's
script-src 'self', unlike the usual injected livereload script from another port) polls it.
"""
from __future__ import annotations

import logging
import os
import time


logger = logging.getLogger(__name__)

TOKEN_FILE = "live-reload.txt"


def write_token(pelican):
    if not pelican.settings["LIVE_RELOAD"]:
        return
    # A development-only file: a fresh token per build is the point, so the clock is fine here.
    with open(os.path.join(pelican.output_path, TOKEN_FILE), "w", encoding="ascii") as fh:
        fh.write(f"{time.time_ns()}\n")
    logger.info("live reload: pages open in a browser will reload")
