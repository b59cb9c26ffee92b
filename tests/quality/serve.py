"""Serve a built site on 127.0.0.1 with Python's http.server, as a reader's browser would see it."""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".xml": "application/xml", ".woff2": "font/woff2", ".json": "application/json",
                      ".csv": "text/csv; charset=utf-8", ".txt": "text/plain; charset=utf-8",
                      ".webmanifest": "application/manifest+json"}

    def log_message(self, format, *args):  # the tests read statuses, not the server's log
        pass


@contextlib.contextmanager
def serve(root: Path, port: int = 0):
    """Yield the base URL ("http://127.0.0.1:PORT/") of a server on `port` (0: a free one); stop it afterwards."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
