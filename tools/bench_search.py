"""The search rows of `make bench` (issue 12): what the index costs a build, what a first search downloads,
and how soon results show after the last keystroke, in Debian's Chromium.

Kept apart from tools/bench.py, which only lists `measure_search` among its measurements:

- indexing: CPU time (user + system, every process of the build) of a full build with and without
  `SEARCH_INDEX`, runs alternating, on the bundled site and on the bench's generated corpus; the row is the
  difference as a percentage of the build without search (budget: at most 10%);
- first search: a new browser context (empty cache, a phone's viewport) opens /search/?q=…; Chromium's
  requests (the page's and its worker's) name the files fetched for search: script, WebAssembly, index,
  filters, synonyms and the shown pages' text (Pagefind fragments); each is counted gzip as a server sends
  it (Pagefind's index files are gzip already and go as they are) (budget: at most 150 KB). Chromium's
  own byte counts were not used: it reports a few hundred bytes for the worker's 43 KB script;
- latency: on an opened search page whose engine has loaded, the query is typed key by key (50 ms apart)
  and the time from the last key to the result list being drawn is read in the page (`performance.now`;
  it includes search.js's 60 ms pause after a key) (budget: under 300 ms).
"""
from __future__ import annotations

import contextlib
import gzip
import http.server
import io
import shutil
import statistics
import threading
from functools import partial
from pathlib import Path
from urllib.parse import quote, urlsplit

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
# Queries over each site: broad ones (many pages hold them) and narrow ones, Thai and English.
BUNDLED_QUERIES = [("th", "สสส."), ("th", "เหล้า"), ("th", "โคราช"), ("th", "สุขภาพ"), ("th", "ชุมชน"), ("en", "health")]
CORPUS_QUERIES = [("th", "สุขภาพ"), ("th", "ชุมชน"), ("th", "เครือข่าย"), ("th", "งานบุญ"), ("en", "health"),
                  ("en", "community")]
SEARCH_URL = {"th": "search/", "en": "en/search/"}
NO_SEARCH = "SEARCH_INDEX = False\n"
COMPRESSED = (".js", ".json", ".html", ".css", ".pf_meta")
# The page-side clock: the last key the reader pressed (an input event: Thai letters are typed as text, no keydown), and when the answer to the query was drawn.
RECORDER = """
window.__lastKey = 0; window.__drawn = 0; window.__want = null;
document.addEventListener('input', () => { window.__lastKey = performance.now(); }, true);
new MutationObserver(() => {
  const root = document.getElementById('search');
  if (root && window.__want !== null && root.getAttribute('data-answered') === window.__want
      && !root.hasAttribute('aria-busy') && !window.__drawn) window.__drawn = performance.now();
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-answered', 'aria-busy']});
"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that compresses text as a web server would; gzip files go as they are."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or not path.name.endswith(COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def is_search_file(url: str) -> bool:
    return "/pagefind/" in url or url.endswith(("/search.js", "/synonyms.json"))


def answered(page, query: str) -> None:
    value = query.replace("\\", "\\\\").replace('"', '\\"')
    page.wait_for_selector(f'#search[data-answered="{value}"]:not([aria-busy])', state="attached", timeout=60000)


def sent_size(data: bytes) -> int:
    """Bytes over the wire: Pagefind's index files are gzip already and go as they are; the rest gzipped."""
    return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6, mtime=0))


def first_search_kib(browser, site: Path, base: str, lang: str, query: str) -> tuple[float, int]:
    """KiB a first search in an empty cache downloads for search (the files the page and its worker asked
    for, as Chromium reports the requests; each file's size gzip as a server sends it), and pages read."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    finished = []
    context.on("requestfinished", lambda request: finished.append(request.url))
    page.goto(f"{base}/{SEARCH_URL[lang]}?q={quote(query)}")
    answered(page, query)
    page.wait_for_timeout(300)   # the last requestfinished events
    context.close()
    paths = sorted({urlsplit(url).path for url in finished if is_search_file(url)})
    total = sum(sent_size((site / p.lstrip("/")).read_bytes()) for p in paths)
    return total / 1024, sum(1 for p in paths if p.startswith("/pagefind/fragment/"))


def keystroke_ms(browser, base: str, lang: str, query: str) -> float:
    """From the last key of `query`, typed into a search page whose engine has loaded, to its results."""
    context = browser.new_context()
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.goto(f"{base}/{SEARCH_URL[lang]}")
    page.wait_for_selector("#search[data-ready]", state="attached", timeout=60000)
    page.focus("#search-q")
    page.evaluate("(q) => { window.__want = q; }", query)
    page.keyboard.type(query, delay=50)
    answered(page, query)
    page.wait_for_function("window.__drawn > 0", timeout=60000)
    ms = page.evaluate("window.__drawn - window.__lastKey")
    context.close()
    return ms


def browser_rows(site: Path, queries, runs: int, log) -> tuple[list, list, list]:
    from playwright.sync_api import sync_playwright
    kib, latency, fragments = [], [], []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for lang, query in queries:
                size, read = first_search_kib(browser, site, base, lang, query)
                kib.append(size)
                fragments.append(read)
                times = [keystroke_ms(browser, base, lang, query) for _ in range(runs)]
                latency.append(statistics.median(times))
                log(f"  search {site.name} {lang} {query!r}: first search {size:.0f} KiB ({read} pages' text), "
                    f"last key to results {statistics.median(times):.0f} ms ({', '.join(f'{t:.0f}' for t in times)})")
        finally:
            browser.close()
    return kib, latency, fragments


def indexing_percent(content: Path, root: Path, scratch: Path, runs: int, run, log, name: str) -> list[float]:
    """CPU time a full build spends more with the search index than without, in % of the build without."""
    settings = scratch / "no-search.py"
    settings.write_text("from pelican.settings import get_settings_from_file\n"
                        f"globals().update(get_settings_from_file({str(root / 'pelicanconf.py')!r}))\n" + NO_SEARCH,
                        encoding="utf-8")
    plain, search = [], []
    for number in range(runs):
        for with_search in ((True, False) if number % 2 == 0 else (False, True)):
            out = scratch / f"search-{name}-{'with' if with_search else 'without'}"
            shutil.rmtree(out, ignore_errors=True)
            cmd = ["env", f"PYTHONPATH={root / 'plugins'}", str(root / ".venv" / "bin" / "pelican"), str(content),
                   "-s", str(root / "pelicanconf.py") if with_search else str(settings), "-o", str(out), "-q",
                   "--ignore-cache"]
            cpu = run(cmd).cpu_seconds
            (search if with_search else plain).append(cpu)
            log(f"  search {name}: build {'with' if with_search else 'without'} the index: {cpu:.2f} CPU-s")
    percent = [100 * (s - p) / p for s, p in zip(search, plain)]
    log(f"  search {name}: indexing adds {', '.join(f'{v:.0f}%' for v in percent)}")
    return percent


def measure_search(bench, Row, run, root: Path) -> list:
    content = bench.sites.folder["khaosan"] / "content"
    if not (content / "topics.yml").exists():   # the corpus's topics are the bundled site's
        shutil.copy(root / "content" / "topics.yml", content / "topics.yml")
    bundled = indexing_percent(root / "content", root, bench.scratch, bench.runs, run, bench.log, "bundled")
    corpus = indexing_percent(content, root, bench.scratch, bench.runs, run, bench.log, f"corpus-{bench.sites.count}")
    rows = [Row("search: indexing, CPU added to a full build of the bundled site", "%", {"khaosan": bundled},
                note="budget at most 10%; user + system of every process, runs alternating with and without SEARCH_INDEX"),
            Row("search: indexing, CPU added to a full build of the corpus", "%", {"khaosan": corpus},
                note="budget at most 10%")]
    for name, site, queries in (("bundled site", bench.scratch / "search-bundled-with", BUNDLED_QUERIES),
                                ("corpus", bench.scratch / f"search-corpus-{bench.sites.count}-with", CORPUS_QUERIES)):
        kib, latency, fragments = browser_rows(site, queries, bench.runs, bench.log)
        rows += [Row(f"search: first search downloads, {name}, most over {len(queries)} queries", "KiB", {"khaosan": [max(kib)]},
                     note="budget at most 150 KB compressed: script, WebAssembly, index, filters, synonyms and the "
                          f"shown pages' text (at most {max(fragments)} pages read), the files Chromium fetched, gzip"),
                 Row(f"search: last keystroke to results, {name}, median over {len(queries)} queries", "ms",
                     {"khaosan": [statistics.median(latency)]}, note=f"budget under 300 ms; slowest query {max(latency):.0f} ms"),
                 ]
    return rows
