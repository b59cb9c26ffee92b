"""Both cores for a cold build (khaosan.parallel): the same bytes as one process, every page written once."""
from __future__ import annotations

import os
import re
import shutil
import time

import pytest

from khaosan import parallel
from quality.tree import differences, snapshot
from sitebuilder import ROOT, build, front_matter, settings_file

PROVINCES = ["nakhon-phanom", "bangkok", "chiang-mai", "songkhla", "khon-kaen", "phuket"]
TOPICS = ["food-security", "media", "road-safety", "community-health"]


def many_items(content, count: int):
    """The bundled content plus `count` generated reports and news in both languages (Thai bodies with
    headings, lists and links), so every generator has pages to share out."""
    shutil.copytree(ROOT / "content", content)
    sentence = ("ภาคีเครือข่ายสร้างเสริมสุขภาพจัดเวทีแลกเปลี่ยนเรียนรู้ร่วมกับชุมชน เพื่อพัฒนาความมั่นคงทางอาหาร "
                "และสื่อสารผลการดำเนินงานให้สาธารณะได้รับรู้อย่างต่อเนื่อง ")
    for number in range(count):
        kind = "reports" if number % 2 else "news"
        for lang in ("th", "en"):
            fields = dict(title=f"{'รายงาน' if lang == 'th' else 'Report'} {number}", date=f"2023-{1 + number % 12:02d}-{1 + number % 27:02d}",
                          provinces=[PROVINCES[number % len(PROVINCES)]], partners=["thaihealth"],
                          topics=[TOPICS[number % len(TOPICS)]])
            body = (f"## {'หัวข้อ' if lang == 'th' else 'Heading'} {number}\n\n" + sentence * (3 + number % 5)
                    + "\n\n- ข้อแรก\n- ข้อสอง\n\n[ลิงก์](https://www.thaihealth.or.th/)\n")
            (content / kind / f"generated-{number}.{lang}.md").write_text(front_matter(**fields) + body, encoding="utf-8")
    return content


def test_two_processes_write_the_same_bytes_as_one(tmp_path):
    content = many_items(tmp_path / "content", 40)
    one = build(tmp_path, content=content, output=tmp_path / "one",
                settings=str(settings_file(tmp_path / "one.py", "BUILD_PROCESSES = 1\n")))
    two = build(tmp_path, content=content, output=tmp_path / "two", extra_args=["-D"],
                settings=str(settings_file(tmp_path / "two.py", "BUILD_PROCESSES = 2\nBUILD_SHARE_WRITING = True\n")))
    assert one.returncode == 0, one.stderr[-3000:]
    assert two.returncode == 0, two.stderr[-3000:]
    log = two.stdout + two.stderr
    # The parallel path really ran: bodies in a pool, and the forked writer wrote part of the pages.
    assert re.search(r"converted \d+ bodies in 2 processes", log), log[-3000:]
    shares = [int(n) for n in re.findall(r"this writer process wrote (\d+) pages", log)]
    assert len(shares) == 2 and all(n > 0 for n in shares), log[-3000:]
    diff = differences(snapshot(one.output), snapshot(two.output))
    assert not diff, "one process and two differ:\n" + "\n".join(diff[:50])


def test_each_name_is_claimed_by_exactly_one_process():
    board = parallel.ClaimBoard()
    names = [f"reports/item-{n}/index.html" for n in range(3000)]
    readers = []
    for _ in range(2):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            won = [name for name in names if board.claim(name)]
            os.write(write_end, "\n".join(won).encode())
            os._exit(0)
        os.close(write_end)
        readers.append((pid, read_end))
    claimed = []
    for pid, read_end in readers:
        with os.fdopen(read_end, "rb") as fh:
            claimed.append(set(fh.read().decode().split("\n")) - {""})
        os.waitpid(pid, 0)
    assert claimed[0].isdisjoint(claimed[1])
    assert claimed[0] | claimed[1] == set(names)
    assert not board.claim(names[0]), "a name claimed in a child stays claimed for the parent"


class _Run:
    def __init__(self, writers):
        self.settings = {parallel.WRITERS_KEY: writers}


def test_a_failed_writer_process_fails_the_build():
    writers = parallel.Writers(parallel.ClaimBoard())
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    writers.children.append(pid)
    with pytest.raises(RuntimeError, match="writer processes failed"):
        parallel.join_writers(_Run(writers))


def test_writers_a_failed_build_left_running_are_stopped_before_the_next_build_stages():
    writers = parallel.Writers(parallel.ClaimBoard())
    pid = os.fork()
    if pid == 0:
        time.sleep(120)
        os._exit(0)
    writers.children.append(pid)
    run = _Run(writers)
    started = time.monotonic()
    parallel.end_unfinished_writers(run)
    assert time.monotonic() - started < 30
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # stopped and already waited for
    assert run.settings[parallel.WRITERS_KEY] is None


def test_writing_stays_in_one_process_unless_asked(tmp_path):
    content = many_items(tmp_path / "content", 4)
    two = build(tmp_path, content=content, output=tmp_path / "two", extra_args=["-D"],
                settings=str(settings_file(tmp_path / "two.py", "BUILD_PROCESSES = 2\n")))
    assert two.returncode == 0, two.stderr[-3000:]
    log = two.stdout + two.stderr
    assert re.search(r"converted \d+ bodies in 2 processes", log)
    assert "this writer process wrote" not in log


def test_one_process_where_there_is_one_core_or_a_small_site(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    assert parallel.processes_for({"BUILD_PROCESSES": 0}, 10_000) == 1
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    assert parallel.processes_for({"BUILD_PROCESSES": 0}, 10_000) == 2
    assert parallel.processes_for({"BUILD_PROCESSES": 0}, parallel.SMALL_SITE - 1) == 1
    assert parallel.processes_for({"BUILD_PROCESSES": 1}, 10_000) == 1


def test_a_build_leaves_its_objects_to_the_exit_and_the_next_build_takes_them_back(tmp_path):
    """The last stage freezes what the build made, so the command's exit does not free it object by object;
    the next build in the same process (make serve, the tests) collects them: garbage the first build made
    (in a reference cycle, as a build's objects are) outlives a collection after it and not the next build."""
    import gc
    import weakref

    from pelican import signals

    from sitebuilder import build_in_process
    content = many_items(tmp_path / "content", 2)
    made = []

    class Garbage:
        pass

    def make_garbage(generators):
        garbage = Garbage()
        garbage.itself = garbage
        made.append(weakref.ref(garbage))
        paces.append(gc.get_threshold())
    paces = []

    signals.all_generators_finalized.connect(make_garbage)
    gc.disable()  # only the build's own stages collect
    try:
        build_in_process(content, tmp_path / "first")
        signals.all_generators_finalized.disconnect(make_garbage)
        assert gc.get_freeze_count() > 0
        gc.collect()
        assert made[0]() is not None, "the first build's objects are frozen"
        build_in_process(content, tmp_path / "second")
        assert made[0]() is None, "the second build collected them"
        # The collector runs rarely while a build makes its objects, at its usual pace after.
        assert paces[0] == parallel.BUILD_GC_THRESHOLDS and gc.get_threshold() == parallel.PROCESS_GC_THRESHOLDS
    finally:
        signals.all_generators_finalized.disconnect(make_garbage)
        gc.enable()
