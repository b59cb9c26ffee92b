"""Every core for a cold build: the Markdown bodies in a process pool, the pages in forked writers.

A build spends its time in two places that do not depend on each other item by item:

1. **Reading** (Markdown, sanitising, Thai segmentation of each body): before Pelican's generators read
   anything, `render_bodies` converts every body, in chunks, in the build's process and one forked process
   per extra core (each chunk claimed on a board in shared memory, see below), and keeps the results on the
   run's settings (`BODIES_KEY`) by source path; the reader takes its body from there (and converts it
   itself when nothing was converted beforehand). The output does not depend on which process converted
   a body.
2. **Writing** (templates, feeds), with `BUILD_SHARE_WRITING = True`: once every item is read and indexed,
   `fork_writers` forks the build into one more process per extra core. Every process walks the same generators; each page (a file
   Pelican's writer renders, a feed khaosan writes) is *claimed* by name on a board in shared memory,
   and only the process that claims it first renders it, so the faster process takes more pages and every
   page is written exactly once. Generators that write files some other way (static files, open data,
   e-news text, anything not known to claim) run whole in the build's own process only. The forked
   writers finish before the build's `finalized` stages run (`join_writers`): those (the sitemap, photo
   privacy, the swap into place) see every page, and a writer that failed fails the build, nothing
   swapped in.

The same pool (`share_out`) makes the build's pictures and share cards (khaosan.pictures), one job per claim.

A page may not leave behind state the build reads later (it may be rendered in another process); what
the build needs after writing it reads from the output folder or records before rendering.

Sharing the writing is off by default: Python's reference counts make a forked writer copy most of the
pages of memory it shares with the build, so it about doubles the peak memory (docs/benchmarks.md).
One process does it all when the machine (or `BUILD_PROCESSES = 1`) has one core, where `fork` does not
exist, inside a daemon process, and for small sites when `BUILD_PROCESSES` is 0 (automatic).
"""
from __future__ import annotations

import gc
import hashlib
import logging
import mmap
import multiprocessing
import os
import pickle
import signal
import struct
import sys
import traceback

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer

from khaosan import thai_text

logger = logging.getLogger(__name__)

BODIES_KEY = "KHAOSAN_BODIES"
WRITERS_KEY = "KHAOSAN_WRITERS"
# Below this many content files the pool costs more than it saves (with BUILD_PROCESSES = 0, automatic).
SMALL_SITE = 200
CHUNKS_PER_PROCESS = 6
# The garbage collector's pace while a build runs (collect_last_build) and the process's own, given back after.
BUILD_GC_THRESHOLDS = (200_000, 30, 30)
PROCESS_GC_THRESHOLDS = gc.get_threshold()
# The claim board: an open-addressing hash table of 8-byte name digests in shared memory.
BOARD_SLOTS = 1 << 19


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (not Linux)
        return os.cpu_count() or 1


def processes_for(settings, jobs: int, small: int = SMALL_SITE) -> int:
    """How many processes share `jobs` pieces of work: 1 means the build's own process does them all.
    `small`: below this many jobs, BUILD_PROCESSES = 0 (automatic) keeps them in one process."""
    configured = settings["BUILD_PROCESSES"]
    if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon:
        return 1
    if configured == 0:
        return 1 if jobs < small else usable_cores()
    return max(1, configured)


# -- the pool: chunks of jobs claimed by the build's process and its forked children ---------------------

def _work_claimed(chunks, board, work) -> dict:
    done = {}
    for number, chunk in enumerate(chunks):
        if board.claim(f"chunk {number}"):
            done[number] = work(chunk)
    return done


def _exit_child(work) -> None:
    """Run a forked child's work and leave the process: exit 0 when it finished, 1 (with the traceback)
    when it raised; the build's process sees the status and fails the build. Never returns."""
    code = 1
    try:
        work()
        code = 0
    except BaseException:  # noqa: BLE001 - the build's process reports it and fails the build
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _work_in_child(chunks, board, work, write_end):
    def child():
        with os.fdopen(write_end, "wb") as out:
            pickle.dump(_work_claimed(chunks, board, work), out, protocol=pickle.HIGHEST_PROTOCOL)
    _exit_child(child)


def share_out(count: int, work, jobs: list, what: str, chunks_per_process: int = CHUNKS_PER_PROCESS) -> list:
    """`work(chunk)` (a list of results, one per job) over chunks of `jobs`, in this process and `count - 1`
    forked ones: each chunk is claimed by the first process free to take it, so a slow chunk never holds the
    others back. The results in the jobs' order; a process that failed fails the build (`what` says doing what).
    Jobs and results cross between processes pickled; `work` itself is inherited by the fork."""
    size = max(1, -(-len(jobs) // (count * chunks_per_process)))
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    if count == 1 or len(chunks) < 2:
        return [result for chunk in chunks for result in work(chunk)]
    board = ClaimBoard()
    children = []
    gc.freeze()
    for _ in range(min(count, len(chunks)) - 1):
        read_end, write_end = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _work_in_child(chunks, board, work, write_end)  # never returns
        os.close(write_end)
        children.append((pid, read_end))
    gc.unfreeze()
    done = _work_claimed(chunks, board, work)
    failed = 0
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as results:
            data = results.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            failed += 1
            continue
        done.update(pickle.loads(data))
    if failed:
        raise RuntimeError(f"{failed} of the build's processes {what} failed (see the lines above)")
    return [result for number in range(len(chunks)) for result in done[number]]


# -- 1. reading ------------------------------------------------------------------------------------------

def _render_chunk(jobs):
    # Imported here so the module stays importable before the content model (the reader imports us).
    from khaosan.content_model.reader import new_converter, render_body
    converter = new_converter()
    return [(path, render_body(converter, body, images, lang, with_excerpt))
            for path, body, images, lang, with_excerpt in jobs]


def render_bodies(pelican):
    """Convert every body of the content index in this process and one forked process per extra core,
    before the generators read them: each chunk of bodies is claimed by the first process free to take it."""
    from khaosan.content_model.reader import BUILD_KEY  # here: the reader imports this module
    settings = pelican.settings
    from khaosan.build_cache import cache_of
    settings[BODIES_KEY] = {}
    cache = cache_of(settings)
    # Bodies the build cache holds are read back from it by the reader, not converted again.
    entries = [e for e in settings[BUILD_KEY].index.entries if cache is None or not cache.has_body(e.path)]
    count = processes_for(settings, len(entries))
    if count == 1:
        return
    # The segmenter loads its dictionary on first use: loaded here, the forked processes share its pages
    # with this one instead of each loading a copy of its own.
    thai_text.words("ภาคีเครือข่าย")
    jobs = [(e.path, e.body, e.images, e.lang, "summary" not in e.meta) for e in entries]
    settings[BODIES_KEY] = dict(share_out(count, _render_chunk, jobs, "converting Markdown"))
    logger.debug("converted %d bodies in %d processes", len(jobs), count)


def rendered_body(settings, path: str):
    """The body the pool converted for `path`, or None (the reader then converts it itself)."""
    return (settings.get(BODIES_KEY) or {}).get(path)


# -- 2. writing ------------------------------------------------------------------------------------------

class ClaimBoard:
    """Names claimed by the build's processes, in shared memory: the first to claim a name writes it."""

    def __init__(self):
        self.table = mmap.mmap(-1, BOARD_SLOTS * 8)
        self.lock = multiprocessing.get_context("fork").Lock()
        self.won = 0  # names this process claimed (each process has its own count)

    def claim(self, name: str) -> bool:
        digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
        if digest == bytes(8):
            digest = b"\x01" + digest[1:]
        slot = struct.unpack("<Q", digest)[0] % BOARD_SLOTS
        with self.lock:
            for _ in range(BOARD_SLOTS):
                offset = slot * 8
                held = self.table[offset:offset + 8]
                if held == digest:
                    return False
                if held == bytes(8):
                    self.table[offset:offset + 8] = digest
                    self.won += 1
                    return True
                slot = (slot + 1) % BOARD_SLOTS
        raise RuntimeError("the claim board is full")


class Writers:
    """The forked writers of one run: the board they share and the processes to wait for."""

    def __init__(self, board: ClaimBoard):
        self.board = board
        self.children: list[int] = []
        self.is_child = False


def claim(writer, name: str) -> bool:
    """True when this process writes `name`: always, unless the build's writing is shared out."""
    board = getattr(writer, "claim_board", None)
    return board is None or not writer.claiming or board.claim(name)


class ClaimingWriter(Writer):
    """Pelican's writer, rendering a page only when this process claims it."""

    claim_board: ClaimBoard | None = None
    claiming = False

    def write_file(self, name, template, context, *args, **kwargs):
        if name and self.claiming and not self.claim_board.claim(name):
            return
        return super().write_file(name, template, context, *args, **kwargs)


def writes_only_through_writer(generator) -> bool:
    """Generators whose every file goes through Pelican's writer (or `claim`): their pages can be shared."""
    from khaosan.feeds import FeedsGenerator
    from khaosan.partners import PartnersGenerator
    from khaosan.place_pages import PlacePagesGenerator
    from khaosan.site_pages import SitePagesGenerator
    from khaosan.topics import TopicsGenerator
    shared = (ArticlesGenerator, PagesGenerator, FeedsGenerator, PartnersGenerator, PlacePagesGenerator,
              SitePagesGenerator, TopicsGenerator)
    return type(generator) in shared


def _claiming(generate_output):
    def generate(writer):
        writer.claiming = isinstance(writer, ClaimingWriter)
        try:
            return generate_output(writer)
        finally:
            writer.claiming = False
    return generate


def fork_writers(generators):
    """Fork one writer process per extra core; each shares the pages of the sharable generators."""
    from khaosan.content_model.reader import BUILD_KEY
    settings = generators[0].settings
    settings[WRITERS_KEY] = None
    from khaosan.build_cache import cache_of
    count = processes_for(settings, len(settings[BUILD_KEY].index.entries))
    cache = cache_of(settings)
    # An incremental build renders a handful of pages: not worth a process, and the skipping writer
    # (build_cache) lives in this one.
    if count == 1 or not settings["BUILD_SHARE_WRITING"] or (cache is not None and cache.incremental):
        return
    writers = Writers(ClaimBoard())
    shared = [g for g in generators if writes_only_through_writer(g)]
    for generator in shared:
        generator.generate_output = _claiming(generator.generate_output)
    # Objects that exist now are never collected in the children: the collector would touch (and so copy)
    # every page of memory they share with this process.
    gc.freeze()
    for _ in range(count - 1):
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            writers.is_child = True
            _write_in_child(shared, writers)  # never returns
        writers.children.append(pid)
    gc.unfreeze()
    settings[WRITERS_KEY] = writers


def _write_in_child(generators, writers: Writers):
    def work():
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        writer = ClaimingWriter(generators[0].output_path, settings=generators[0].settings)
        writer.claim_board = writers.board
        for generator in generators:
            generator.generate_output(writer)
        logger.debug("this writer process wrote %d pages", writers.board.won)
    _exit_child(work)


def writer_class(pelican):
    """Pelican's `get_writer` signal: the claiming writer when the build's writing is shared out."""
    writers = pelican.settings.get(WRITERS_KEY)
    if writers is None:
        return None
    return type("BoundClaimingWriter", (ClaimingWriter,), {"claim_board": writers.board})


def end_unfinished_writers(pelican):
    """A build that failed after forking its writers never waited for them (the dev server then builds
    again in the same process): they are stopped before this build's staging folder exists, so none of
    them can write a page of the failed build into it."""
    writers = pelican.settings.get(WRITERS_KEY)
    pelican.settings[WRITERS_KEY] = None
    for pid in writers.children if writers is not None else ():
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def join_writers(pelican):
    """Wait for the forked writers; one that failed fails the build before anything is swapped in."""
    writers = pelican.settings.get(WRITERS_KEY)
    if writers is None:
        return
    pelican.settings[WRITERS_KEY] = None
    logger.debug("this writer process wrote %d pages", writers.board.won)
    failed = []
    for pid in writers.children:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            failed.append(pid)
    if failed:
        raise RuntimeError(f"{len(failed)} of the build's writer processes failed (see the lines above); "
                           "nothing was swapped into the output folder")


def leave_to_exit(pelican):
    """The build's last stage. Every object the build made is put out of the garbage collector's reach
    (gc.freeze): when `pelican` exits, Python would otherwise walk and free them all, a second after a
    one-file rebuild at 4,000 × 2, for memory the operating system takes back at once anyway. A process
    that builds again (make serve, the tests) hands them back to the collector when its next build starts
    (`collect_last_build`), so nothing stays held for longer than one build. The collector's own pace
    comes back too."""
    gc.set_threshold(*PROCESS_GC_THRESHOLDS)
    gc.freeze()


def collect_last_build(pelican):
    """The build's first stage: what an earlier build in this process left frozen is collected now, not
    frozen again with this build's objects at its end. Then the collector runs rarely while the build
    makes its objects (as mypy does for its builds): with its usual pace it walked every object of the
    build again and again as they grew in number (80 collections of the middle generation and 7 of all of
    them in a one-file rebuild at 4,000 × 2: nine tenths of a second). A build's garbage is nearly all
    freed by reference counts; its peak memory did not change."""
    gc.unfreeze()
    gc.collect()
    gc.set_threshold(*BUILD_GC_THRESHOLDS)
