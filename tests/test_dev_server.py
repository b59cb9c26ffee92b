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
from sitebuilder import ROOT, front_matter, write_content

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
