"""make serve: one rebuild per change (never a loop), the last good pages kept through a content error with
an overlay of the path:line problems on every page, gone once the file is fixed; its own output folder,
drafts shown."""
from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from loopback import dev_server_status, fetch, free_port, wait_for
from sitebuilder import ROOT, front_matter, keep_words_removed, tiny_jpeg, write_content

GOOD = "---\ntitle: ข่าวแรก\ndate: 2023-01-01\n---\nเนื้อ\n"
BROKEN = "---\ntitle: ข่าวแรก\ndate: 2023-01-01\nprovinces: [นครพนมม]\n---\nเนื้อ\n"
FIXED = "---\ntitle: ข่าวที่แก้แล้ว\ndate: 2023-01-01\nprovinces: [นครพนม]\n---\nเนื้อ\n"

pytestmark = pytest.mark.slow




@pytest.fixture
def server(tmp_path):
    content = write_content(tmp_path / "content", {
        "news/a.th.md": GOOD,
        "news/plan.th.md": front_matter(title="ข่าวฉบับร่าง", date="2023-01-02", status="draft") + "ร่าง\n"})
    port = free_port()
    preview = tmp_path / "preview"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHAINLP_READ_MODE", "MAKEFLAGS", "MAKELEVEL")}
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen(["make", "-s", "serve", f"CONTENT={content}", f"SERVE_OUTPUT={preview}", f"PORT={port}"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(f"{base}/news/a/"))
        yield base, content, preview, tmp_path
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()




@pytest.mark.browser
def test_serve_builds_once_per_change_and_shows_problems_on_every_page(server, browser):
    base, content, preview, tmp_path = server
    assert dev_server_status(base)["builds"] == 1 and dev_server_status(base)["ok"]
    # The preview has its own folder, with the drafts; the deployed output/ is never written.
    assert (preview / "news" / "plan" / "index.html").is_file()
    assert not (ROOT / "output" / "news" / "plan").exists()
    assert "/theme/js/live-reload.js" in fetch(f"{base}/news/a/")

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{base}/news/a/")
        assert page.locator("#khaosan-problems").count() == 0

        (content / "news" / "a.th.md").write_text(BROKEN, encoding="utf-8")
        wait_for(lambda: not dev_server_status(base)["ok"])
        time.sleep(4)  # long enough for a loop to show itself
        assert dev_server_status(base)["builds"] <= 3, "one save is at most two builds, never a loop"
        builds_after_error = dev_server_status(base)["builds"]

        # The open page reloads itself and shows the problem, with its file and line.
        overlay = page.locator("#khaosan-problems")
        overlay.wait_for(timeout=20000)
        assert 'news/a.th.md:4: provinces: unknown province "นครพนมม"' in overlay.inner_text()
        assert "ข่าวแรก" in page.locator("h1").inner_text()  # the last good page is still served
        # Every page, not only the broken item's.
        page.goto(f"{base}/")
        assert page.locator("#khaosan-problems").count() == 1

        (content / "news" / "a.th.md").write_text(FIXED, encoding="utf-8")
        wait_for(lambda: dev_server_status(base)["ok"])
        assert dev_server_status(base)["builds"] <= builds_after_error + 2
        page.locator("#khaosan-problems").wait_for(state="detached", timeout=20000)
        page.goto(f"{base}/news/a/")
        assert page.locator("h1").inner_text() == "ข่าวที่แก้แล้ว"
        assert page.locator("#khaosan-problems").count() == 0
    finally:
        context.close()

    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert log.count("unknown province") <= 2, log


# -- an edit shown at once (fast_render), then the build -------------------------------------------------------

def _in_process_site(tmp_path, files):
    from khaosan.dev_server import Site
    from sitebuilder import settings_file
    content = write_content(tmp_path / "content", files)
    settings = settings_file(tmp_path / "conf.py", "SEARCH_INDEX = False\nBUILD_PROCESSES = 1\n")
    site = Site(str(content), str(settings), str(tmp_path / "preview"))
    assert site.build()
    return site, content


def _story(title, body, **fields):
    return front_matter(title=title, date="2566-05-05", provinces=["nakhon-phanom"], **fields) + f"\n{body}\n"


def test_an_edited_story_is_shown_before_the_build_and_the_build_writes_what_a_cold_build_does(tmp_path):
    from sitebuilder import build_in_process
    from test_incremental import assert_same_output
    site, content = _in_process_site(tmp_path, {
        "reports/forum.th.md": _story("เวทีชุมชน", "เนื้อหาเดิม"),
        "reports/forum.en.md": _story("Community forum", "Old text"),
        "reports/other.th.md": _story("อีกเรื่อง", "เรื่องอื่น"),
        "pages/about.th.md": front_matter(title="เกี่ยวกับเรา") + "\nเครือข่ายภาคี\n"})
    page = tmp_path / "preview" / "reports" / "forum" / "index.html"
    other = tmp_path / "preview" / "reports" / "other" / "index.html"
    other_before = other.read_bytes()
    edited = content / "reports" / "forum.th.md"
    edited.write_text(_story("เวทีชุมชนใหม่", "ย่อหน้าที่เพิ่งเขียน"), encoding="utf-8")
    builds = site.state.snapshot()["builds"]

    assert site.show_edit([str(edited)])
    shown = page.read_text(encoding="utf-8")
    assert "ย่อหน้าที่เพิ่งเขียน" in shown and "เนื้อหาเดิม" not in shown
    assert "เวทีชุมชนใหม่" in keep_words_removed(shown)
    assert '<span class="w">' in shown            # headings keep their Thai words whole, as in the build
    assert other.read_bytes() == other_before      # nothing else is touched before the build
    assert site.state.snapshot()["builds"] == builds + 1   # open pages reload
    assert not list((tmp_path / "preview").glob(".fast-render-*"))

    assert site.build()
    # Saved again as it is: the build finds nothing changed and keeps the page the fast render wrote, so
    # that page must be the build's own, byte for byte.
    about = content / "pages" / "about.th.md"
    for source, built in ((edited, "reports/forum"), (about, "about")):
        source.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        (tmp_path / "preview" / built / "index.html").unlink()
        (tmp_path / "preview" / built / "index.html").write_text("stale", encoding="utf-8")
    assert site.show_edit([str(edited), str(about)])
    assert site.build()
    cold = build_in_process(content, tmp_path / "cold", {"SEARCH_INDEX": False, "BUILD_PROCESSES": 1,
                                                         "SHOW_DRAFTS": True, "LIVE_RELOAD": True,
                                                         "LOAD_CONTENT_CACHE": False})
    assert cold
    drop_token = lambda folder: (folder / "live-reload.txt").unlink(missing_ok=True)
    drop_token(tmp_path / "preview"), drop_token(tmp_path / "cold")
    assert_same_output(tmp_path / "preview", tmp_path / "cold")


def test_an_edit_the_fast_render_cannot_show_waits_for_the_build(tmp_path):
    site, content = _in_process_site(tmp_path, {"reports/forum.th.md": _story("เวที", "เนื้อหา")})
    page = tmp_path / "preview" / "reports" / "forum" / "index.html"
    before = page.read_bytes()
    edited = content / "reports" / "forum.th.md"
    # A content problem: the build reports it (and the overlay shows it); nothing is written at once.
    edited.write_text(_story("เวที", "เนื้อหา").replace("nakhon-phanom", "นครพนมม"), encoding="utf-8")
    assert not site.show_edit([str(edited)])
    # A new picture: its sizes are made by the build.
    (content / "reports" / "cover.jpg").write_bytes(tiny_jpeg(64, 48))
    edited.write_text(_story("เวที", "เนื้อหา", cover="cover.jpg"), encoding="utf-8")
    assert not site.show_edit([str(edited)])
    # A file the last build did not have.
    fresh = content / "reports" / "new.th.md"
    fresh.write_text(_story("ใหม่", "ใหม่"), encoding="utf-8")
    assert not site.show_edit([str(fresh)])
    assert page.read_bytes() == before
    # After a failed build there is nothing to render from until a build succeeds.
    edited.write_text(_story("เวที", "เนื้อหา").replace("nakhon-phanom", "นครพนมม"), encoding="utf-8")
    assert not site.build() and site.last_good is None
    edited.write_text(_story("เวทีแก้แล้ว", "เนื้อหา"), encoding="utf-8")
    assert not site.show_edit([str(edited)])
    assert site.build() and site.show_edit([str(edited)]) is True


def test_the_search_index_follows_in_the_background_and_a_new_edit_stops_it(tmp_path):
    from khaosan.dev_server import BackgroundSearch
    from khaosan.search import engine
    folder = tmp_path / "site"
    (folder / "reports" / "x").mkdir(parents=True)
    (folder / "reports" / "x" / "index.html").write_text("<html><body><main data-pagefind-body><h1>ทดสอบ</h1></main></body></html>",
                                       encoding="utf-8")
    search = BackgroundSearch()
    search.start(str(folder))
    search.wait()
    assert (folder / engine.OUTPUT_SUBDIR / "pagefind.js").is_file()
    # A run stopped halfway ends at once and says nothing; the next build starts another.
    search.start(str(folder))
    search.stop()
    assert search.thread is None and search.process is None


# -- the HTTP server in a process of its own ---------------------------------------------------------------

CLIENT = """
import sys, time, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/news/a/", timeout=10) as response:
    body = response.read().decode("utf-8")
print(time.monotonic())
print(body)
"""


def test_pages_are_served_while_the_builder_holds_the_interpreter(tmp_path):
    """A build holds Python's interpreter for whole seconds at a time (loading its cache); the page the fast
    render put in place must be served meanwhile, so the server cannot be a thread of the builder."""
    import ctypes
    import sys
    from khaosan.dev_server import Site, start_serving
    output = tmp_path / "preview"
    (output / "news" / "a").mkdir(parents=True)
    (output / "news" / "a" / "index.html").write_text("<html><body><p>หน้าที่แก้แล้ว</p></body></html>", encoding="utf-8")
    site = Site(str(tmp_path / "content"), str(tmp_path / "conf.py"), str(output))
    port = free_port()
    serving = start_serving(site, "127.0.0.1", port)
    try:
        site.state.record(True, [], 0.5)          # the first build has ended: the port opens
        assert serving.opened() == ""
        base = f"http://127.0.0.1:{port}"
        client = subprocess.Popen([sys.executable, "-c", CLIENT, base], stdout=subprocess.PIPE, text=True)
        # libc's sleep called through ctypes.pythonapi keeps the interpreter lock, as a long C call of a build does
        ctypes.PyDLL(None).sleep(3)
        held_until = time.monotonic()
        answered, body = client.communicate(timeout=20)[0].split("\n", 1)
        assert "หน้าที่แก้แล้ว" in body
        assert float(answered) < held_until - 1, "the page waited for the builder"

        site.state.record(False, ["content/news/a.th.md:4: จังหวัด 'นครพนมม' ไม่มีในรายชื่อ"], 0.2)
        wait_for(lambda: dev_server_status(base)["ok"] is False, 10)
        page = fetch(f"{base}/news/a/")
        assert "khaosan-problems" in page and "a.th.md:4" in page
        assert fetch(base + "/live-reload.txt").strip() == "2-0"
    finally:
        serving.stop()
    assert serving.process.exitcode == 0, "the serving process ends when the builder closes its end"


def test_a_port_in_use_is_named_and_the_preview_ends(tmp_path):
    import socket
    from khaosan.dev_server import Site, start_serving
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        site = Site(str(tmp_path / "content"), str(tmp_path / "conf.py"), str(tmp_path / "preview"))
        serving = start_serving(site, "127.0.0.1", port)
        site.state.record(True, [], 0.1)
        problem = serving.opened()
        serving.stop()
    assert f"127.0.0.1:{port}" in problem and "in use" in problem
