"""The web editor (/admin/, Decap CMS) through `make cms` on a copy of the project's content, driven by
Debian's Chromium: it creates a bilingual report that passes make check and builds, and edits the title of
an existing Thai report, which the rebuilt page then shows."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess

import pytest
import yaml

from loopback import dev_server_status, fetch, free_port, wait_for
from sitebuilder import ROOT, build

pytestmark = pytest.mark.browser

EXISTING = "nakhon-si-thammarat-food-security-editorial-meeting"




@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """`make cms` on a copy of the content: the site with /admin/ and decap-server on free ports."""
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "content", project / "content")
    port, backend_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHAINLP_READ_MODE", "MAKEFLAGS", "MAKELEVEL")}
    log = open(project / "cms.log", "w")
    proc = subprocess.Popen(["make", "-s", "cms", f"CONTENT={project / 'content'}", f"PORT={port}", f"CMS_PORT={backend_port}",
                             f"SERVE_OUTPUT={project / 'preview'}"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(f"{base}/admin/config.yml"), 300)
        yield base, project
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()




def open_editor(browser, base, route):
    # Decap writes dates in the browser's time zone: the communicators' own.
    context = browser.new_context(timezone_id="Asia/Bangkok", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)  # Decap is 5 MB of script: slow to start on a busy machine
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()  # the local backend needs no account
    page.goto(f"{base}/admin/#/{route}")
    # Without the proxy Decap would quietly fall back to another backend.
    wait_for(lambda: any("Detected Decap CMS Proxy Server" in line for line in console), 120)
    return page


def publish(page):
    page.get_by_role("button", name="เผยแพร่").first.click()
    page.get_by_text("เผยแพร่ตอนนี้").click()


def test_the_editor_config_comes_from_the_schema_and_the_content(editor):
    base, _ = editor
    config = yaml.safe_load(fetch(f"{base}/admin/config.yml"))
    assert config["locale"] == "th" and config["local_backend"]["url"].startswith("http://localhost:")
    assert config["i18n"]["structure"] == "multiple_files"
    reports = next(c for c in config["collections"] if c["name"] == "reports")
    assert reports["folder"] == "content/reports" and reports["slug"] == "{{fields.slug}}"
    fields = {f["name"]: f for f in reports["fields"]}
    assert fields["title"]["required"] and not fields["summary"]["required"]
    assert {o["value"] for o in fields["partners"]["options"]} >= {"thaihealth", "nhco"}
    assert len(fields["provinces"]["options"]) == 77
    assert fields["cover"]["widget"] == "image" and config["media_folder"] == "content/images"
    page = fetch(f"{base}/admin/").replace("&#39;", "'")
    assert "script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; connect-src 'self' blob: http://localhost:" in page
    # The looser policy is the editor's alone (docs/quality.md, gate 5).
    for url in ("/", "/en/", "/reports/", f"/reports/{EXISTING}/"):
        assert "unsafe-eval" not in fetch(base + url) and "unsafe-inline" not in fetch(base + url)


def test_creating_a_report_in_the_editor_writes_files_that_pass_make_check_and_build(editor, browser):
    base, project = editor
    # the session's one Chromium (tests/conftest.py)
    page = open_editor(browser, base, "collections/reports/new")
    titles = page.locator("input[id^='title-field']")
    titles.nth(0).fill("เวทีสุขภาวะชุมชนนครพนม")
    titles.nth(1).fill("Nakhon Phanom community health forum")
    page.locator("input[id^='slug-field']").first.fill("nakhon-phanom-community-forum")
    page.get_by_test_id("now-button").first.click()
    bodies = page.locator("[data-slate-editor='true']")
    bodies.nth(0).click()
    page.keyboard.type("ชาวบ้านร่วมวางแผนสุขภาพของชุมชน")
    bodies.nth(1).click()
    page.keyboard.type("Villagers planned the health of their community.")
    publish(page)
    thai = project / "content" / "reports" / "nakhon-phanom-community-forum.th.md"
    wait_for(lambda: thai.exists() and (project / "content" / "reports" / "nakhon-phanom-community-forum.en.md").exists(), 120)
    page.context.close()
    text = thai.read_text(encoding="utf-8")
    assert "title: เวทีสุขภาวะชุมชนนครพนม" in text and "ชาวบ้านร่วมวางแผนสุขภาพของชุมชน" in text
    check = subprocess.run([str(ROOT / ".venv" / "bin" / "khaosan-check"), str(project / "content")],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout
    (project / "build").mkdir()
    built = build(project / "build", content=project / "content", env={"KHAOSAN_SHOW_DRAFTS": "1"})
    assert built.returncode == 0, built.stderr
    assert "เวทีสุขภาวะชุมชนนครพนม" in built.page("/reports/nakhon-phanom-community-forum/")
    assert "Nakhon Phanom community health forum" in built.page("/en/reports/nakhon-phanom-community-forum/")


def test_editing_a_thai_title_in_the_editor_shows_in_the_rebuilt_page(editor, browser):
    base, project = editor
    before = dev_server_status(base)["builds"]
    # the session's one Chromium (tests/conftest.py)
    page = open_editor(browser, base, f"collections/reports/entries/{EXISTING}")
    title = page.locator("input[id^='title-field']").first
    title.wait_for()
    title.fill("ประชุมกอง บก. ความมั่นคงทางอาหาร (แก้ไขในเครื่องมือเขียน)")
    publish(page)
    wait_for(lambda: "แก้ไขในเครื่องมือเขียน" in (project / "content" / "reports" / f"{EXISTING}.th.md").read_text(encoding="utf-8"), 120)
    page.context.close()
    wait_for(lambda: dev_server_status(base)["builds"] > before and dev_server_status(base)["ok"]
             and "แก้ไขในเครื่องมือเขียน" in (fetch(f"{base}/reports/{EXISTING}/") or ""), 300)
    assert dev_server_status(base)["ok"], dev_server_status(base)["problems"]
