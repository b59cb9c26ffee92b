"""`make serve`: build, serve on 127.0.0.1, rebuild once per change, and show content problems on every page.

Pelican's own `--autoreload` re-runs a failed build at once, without waiting for a change, so a content
error made it print the same problem over and over at full speed. Here a build runs once at start and
then once per batch of changes that watchfiles reports (it groups the writes of one save), whatever the
outcome. While the last build failed, the server keeps serving the last good pages and adds an overlay
with the `path:line` problems to every HTML page it sends; live-reload.txt changes after every build, so
open pages reload to show the overlay and again when it is gone.

The build runs in this process (a warm interpreter: a one-file edit rebuilds the bundled site in about a
second), into its own output folder (`make serve` uses .preview/, never the deployed output/), with
drafts shown (SHOW_DRAFTS). The site keeps the last build's cache (build_cache.MemoryCache: its state,
every converted body and checked entry) between builds, so an edit re-reads that one body and re-renders
only the pages it touches, without loading the cache back from disk. Before that build, an edit to items
already built shows at once: their own pages are rendered from the last build (fast_render), and the
build that follows brings the lists, feeds and place pages up to date. The search index is made last, in
the background, and a new change stops it (Pagefind cannot index only what changed; it starts again after
the next build), at a lower priority. The HTTP server runs in a process of its own, forked at the start
(`serve_apart`): the builder's process is busy for seconds at a time, and a page asked for meanwhile
would wait for it. It reads the output folder (`read_output`) and a copy of the build state that the
builder sends after each change.

Usage: python -m khaosan.dev_server CONTENT -s SETTINGS -o OUTPUT [--port 8000]
"""
from __future__ import annotations

import argparse
import html
import http.server
import json
import logging
import mimetypes
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from khaosan.build_cache import MEMORY_KEY, SEARCH_DEFERRED_KEY, SEARCH_LATER_KEY, MemoryCache
from khaosan.dev_server import fast_render

logger = logging.getLogger(__name__)

ASSET_PREFIX = "/__khaosan__/"
# The preview's search index runs behind everything else: it takes both cores for a minute at 4,000 × 2
# items, and the writer's next save must still show within a second.
PREVIEW_INDEX_NICENESS = 10
TOKEN_PATH = "/live-reload.txt"
OVERLAY_CSS = """\
#khaosan-problems{position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;
background:#3b0a0a;color:#fff;border-top:4px solid #ff6b6b;padding:1rem 1.2rem;font:15px/1.5 system-ui,sans-serif}
#khaosan-problems h2{margin:0 0 .5rem;font-size:1.1rem;color:#fff}
#khaosan-problems p{margin:.3rem 0}
#khaosan-problems pre{white-space:pre-wrap;margin:.5rem 0 0;font:14px/1.5 ui-monospace,monospace;color:#ffe3e3}
"""


@dataclass
class BuildState:
    """What the server knows of the builds so far; shared by the builder and the request threads."""
    builds: int = 0
    ok: bool = True
    problems: list = field(default_factory=list)
    seconds: float = 0.0
    building: bool = False     # a build is running (its pages are not all in place yet)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Told every new snapshot: the serving process keeps its own copy (serve_apart).
    on_change: Callable[[dict], None] | None = field(default=None, repr=False)

    def record(self, ok: bool, problems: list, seconds: float, building: bool = False):
        with self.lock:
            self.builds += 1
            self.building = building
            self.ok, self.problems, self.seconds = ok, problems, seconds
        self._changed()

    def started(self):
        with self.lock:
            self.building = True
        self._changed()

    def snapshot(self) -> dict:
        with self.lock:
            return {"builds": self.builds, "ok": self.ok, "problems": list(self.problems), "seconds": round(self.seconds, 3),
                    "building": self.building}

    def replace(self, snapshot: dict) -> None:
        """Take the builder's snapshot (in the serving process)."""
        with self.lock:
            self.builds, self.ok, self.building = snapshot["builds"], snapshot["ok"], snapshot["building"]
            self.problems, self.seconds = list(snapshot["problems"]), snapshot["seconds"]

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.snapshot())


class _Collect(logging.Handler):
    """Keeps the problems one build logs, for the overlay."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        if record.levelno >= logging.ERROR or record.name == "khaosan.content":
            for line in record.getMessage().splitlines():
                if line.strip():
                    self.lines.append(line)


@dataclass
class Site:
    content: str
    settings_file: str
    output: str
    state: BuildState = field(default_factory=BuildState)
    # The last build's cache state and converted bodies, kept in this process between builds (build_cache).
    memory: MemoryCache = field(default_factory=MemoryCache)
    # The generators of the last build that succeeded, for fast_render; None while the content has problems.
    last_good: object = None
    search: "BackgroundSearch" = field(default_factory=lambda: BackgroundSearch())

    def show_edit(self, paths: list[str]) -> bool:
        """Render the pages of edited items at once (fast_render); True when they are served now."""
        started = time.monotonic()
        try:
            urls = fast_render.render(self.last_good, paths, self.output)
        except Exception as error:   # noqa: BLE001 - the build that follows says what is wrong
            logger.debug("fast render skipped: %s", error)
            urls = []
        if not urls:
            return False
        self.state.record(True, [], time.monotonic() - started, building=True)   # the build follows at once
        logger.warning("shown at once in %.2f s: /%s (the rest follows)", time.monotonic() - started, ", /".join(urls))
        return True

    def build(self) -> bool:
        from pelican import Pelican
        from pelican.settings import read_settings

        started = time.monotonic()
        self.state.started()
        collect = _Collect()
        watched = [logging.getLogger(), logging.getLogger("khaosan.content")]
        for log in watched:
            log.addHandler(collect)
        ok = search_later = False
        try:
            settings = read_settings(self.settings_file, override={
                "PATH": self.content, "OUTPUT_PATH": self.output, "LIVE_RELOAD": True, "SHOW_DRAFTS": True,
                MEMORY_KEY: self.memory, SEARCH_LATER_KEY: True})
            self.search.stop()     # Pagefind must not read the output while this build moves files into it
            Pelican(settings).run()
            ok = True
            search_later = settings.get(SEARCH_DEFERRED_KEY)
            self.last_good = self.memory.built
        except Exception as error:  # a content problem, a template error: shown on the pages, never fatal here
            self.last_good = None
            if not collect.lines:
                collect.lines.append(f"{type(error).__name__}: {error}")
        finally:
            for log in watched:
                log.removeHandler(collect)
        seconds = time.monotonic() - started
        self.state.record(ok, [] if ok else collect.lines, seconds)
        logger.warning("build %d %s in %.2f s", self.state.builds, "done" if ok else "FAILED (see the messages above; the pages show them too)", seconds)
        self.memory.built = None
        if search_later:
            self.search.start(self.output)
        return ok

    def watched_paths(self) -> list[str]:
        from pelican.settings import read_settings

        theme = read_settings(self.settings_file).get("THEME")
        return [p for p in (self.content, theme, self.settings_file) if p and os.path.exists(p)]

    def watch(self, stop_event=None):
        """Rebuild once per batch of changes until stopped."""
        import watchfiles
        output = os.path.abspath(self.output)
        content = os.path.abspath(self.content)

        def relevant(change, path):
            return (watchfiles.DefaultFilter()(change, path)
                    and not os.path.abspath(path).startswith(output)
                    and not os.path.basename(path).startswith("."))

        for changes in watchfiles.watch(*self.watched_paths(), watch_filter=relevant, debounce=1600, step=50,
                                        stop_event=stop_event, raise_interrupt=False):
            logger.warning("changed: %s", ", ".join(sorted(os.path.relpath(p) for _, p in changes)))
            self.search.stop()
            edited = sorted({os.path.abspath(p) for _, p in changes})
            if all(change == watchfiles.Change.modified and path.endswith(".md") and path.startswith(content + os.sep)
                   for change, path in changes):
                self.show_edit(edited)
            self.build()

def read_output(output: str, url_path: str) -> tuple[bytes, str] | None:
    """(body, content type) of the file of the last good build (`output`) that `url_path` names, or None."""
    path = os.path.normpath(os.path.join(output, url_path.lstrip("/")))
    if not (path + os.sep).startswith(os.path.abspath(output) + os.sep) and path != os.path.abspath(output):
        return None
    if os.path.isdir(path):
        path = os.path.join(path, "index.html")
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as fh:
        body = fh.read()
    kind = "text/yaml" if path.endswith((".yml", ".yaml")) else (mimetypes.guess_type(path)[0] or "application/octet-stream")
    if kind.startswith("text/") or kind in ("application/javascript", "application/json", "application/xml"):
        kind += "; charset=utf-8"
    return body, kind


class BackgroundSearch:
    """Pagefind over the preview in a thread of its own, so a save is never kept waiting for the index of
    the save before; `stop` ends a run that is still going (the next build starts another)."""

    def __init__(self):
        self.thread: threading.Thread | None = None
        self.process = None
        self.stopped = threading.Event()
        self.lock = threading.Lock()

    def start(self, output: str) -> None:
        self.stop()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(output, self.stopped), daemon=True)
        self.thread.start()

    def _run(self, output: str, stopped: threading.Event) -> None:
        from khaosan.search import engine, item_glob

        def started(process):
            with self.lock:
                self.process = process
            if stopped.is_set():
                process.terminate()

        began = time.monotonic()
        try:
            engine.run(output, item_glob(), started=started, niceness=PREVIEW_INDEX_NICENESS)
        except engine.SearchEngineError as error:
            if not stopped.is_set():
                logger.warning("search index not refreshed: %s", error)
            return
        finally:
            with self.lock:
                self.process = None
        if not stopped.is_set():
            logger.warning("search index refreshed in %.2f s", time.monotonic() - began)

    def stop(self) -> None:
        self.stopped.set()
        with self.lock:
            if self.process is not None:
                self.process.terminate()
        self.wait()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None


def overlay(problems: list[str]) -> str:
    lines = "\n".join(html.escape(p) for p in problems)
    return (f'<link rel="stylesheet" href="{ASSET_PREFIX}overlay.css">'
            '<div id="khaosan-problems" role="alert" lang="th">'
            "<h2>เนื้อหามีปัญหา · The content has problems</h2>"
            "<p>หน้านี้ยังแสดงผลจากครั้งล่าสุดที่สร้างได้ แก้ไขตามบรรทัดด้านล่างแล้วบันทึกไฟล์ หน้าจะโหลดใหม่เอง · "
            "This page shows the last good build. Fix the lines below and save; the page reloads by itself.</p>"
            f"<pre>{lines}</pre></div>")


def with_overlay(body: bytes, problems: list[str]) -> bytes:
    text = body.decode("utf-8", errors="replace")
    block = overlay(problems)
    at = text.rfind("</body>")
    text = text[:at] + block + text[at:] if at >= 0 else text + block
    return text.encode("utf-8")


def handler_for(output: str, state: BuildState):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            shown = state.snapshot()
            if path == TOKEN_PATH:
                return self.send(f"{shown['builds']}-{int(shown['ok'])}\n".encode(), "text/plain; charset=utf-8")
            if path == ASSET_PREFIX + "overlay.css":
                return self.send(OVERLAY_CSS.encode(), "text/css; charset=utf-8")
            if path == ASSET_PREFIX + "status.json":
                return self.send(json.dumps(shown, ensure_ascii=False).encode(), "application/json; charset=utf-8")
            found = read_output(output, path)
            status = 200
            if found is None and not path.endswith("/") and os.path.isdir(os.path.join(output, path.lstrip("/"))):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return None
            if found is None:
                status = 404
                found = read_output(output, "/404.html") or (b"<!DOCTYPE html><html><body><h1>404</h1></body></html>", "text/html; charset=utf-8")
            body, kind = found
            if kind.startswith("text/html") and not shown["ok"]:
                body = with_overlay(body, shown["problems"])
            return self.send(body, kind, status)

        def send(self, body: bytes, kind: str, status: int = 200):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # requests are not news; problems are printed by the build
            pass

    return Handler


def serve_apart(output: str, bind: str, port: int, updates, answer, builders_ends=()) -> None:
    """The HTTP server, in a process of its own: a build holds the interpreter for whole seconds (one call
    may load megabytes of cache), and a page asked for meanwhile waited for it, though the fast render had
    put it in place. The builder sends each new state over `updates`; the port opens once the first build
    has ended, and `answer` gets "" or why it could not open; the process ends when the builder does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is for the builder, which ends this process
    for end in builders_ends:     # the fork's copies: `updates` ends only once the builder's end is closed
        end.close()
    state = BuildState()
    try:
        snapshot = updates.recv()
        while snapshot["builds"] < 1:
            snapshot = updates.recv()
    except EOFError:
        return
    state.replace(snapshot)
    try:
        server = http.server.ThreadingHTTPServer((bind, port), handler_for(output, state))
    except OSError as error:
        answer.send(f"the preview cannot listen on {bind}:{port}: {error.strerror or error}")
        return
    answer.send("")

    def follow():
        try:
            while True:
                state.replace(updates.recv())
        except EOFError:          # the builder has ended
            server.shutdown()
    threading.Thread(target=follow, daemon=True).start()
    server.serve_forever()


@dataclass
class Serving:
    """The serving process, seen from the builder."""
    process: multiprocessing.Process
    answer: object     # the read end of its one answer
    updates: object    # the write end of the states sent to it

    def opened(self) -> str:
        """Wait for the port: "" once it listens, or why it could not."""
        try:
            return self.answer.recv()
        except EOFError:
            return f"the preview's server stopped (exit code {self.process.exitcode})"

    def stop(self) -> None:
        self.updates.close()       # it ends when the states stop coming
        self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()


def start_serving(site: Site, bind: str, port: int) -> Serving:
    """Fork the serving process while this one is still small and has no other thread."""
    context = multiprocessing.get_context("fork")
    updates_out, updates_in = context.Pipe(duplex=False)
    answer_out, answer_in = context.Pipe(duplex=False)
    process = context.Process(target=serve_apart, args=(site.output, bind, port, updates_out, answer_in, (updates_in, answer_out)),
                              name="khaosan-serve", daemon=True)
    process.start()
    updates_out.close()
    answer_in.close()

    def send(snapshot: dict) -> None:
        try:
            updates_in.send(snapshot)
        except OSError:           # the serving process has gone: its exit code says why
            pass
    site.state.on_change = send
    return Serving(process, answer_out, updates_in)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("content")
    parser.add_argument("-s", "--settings", required=True)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    site = Site(os.path.abspath(args.content), os.path.abspath(args.settings), os.path.abspath(args.output))
    serving = start_serving(site, args.bind, args.port)
    site.build()
    problem = serving.opened()
    if problem:
        logger.error("make serve: %s; give another port: make serve PORT=8001", problem)
        site.search.stop()
        serving.stop()
        return 1
    logger.warning("serving %s on http://%s:%d/ (drafts shown); Ctrl-C stops", args.output, args.bind, args.port)
    try:
        site.watch()
    except KeyboardInterrupt:
        pass
    finally:
        site.search.stop()
        serving.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
