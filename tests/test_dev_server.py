"""make serve: Pelican's dev server rebuilds on change, keeps serving the last good build through a content
error, and open pages learn of each rebuild through live-reload.txt."""
from __future__ import annotations

import pytest

import os
import signal
import socket
import subprocess
import time
import urllib.request

from sitebuilder import PELICAN, ROOT, write_content

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out waiting for the dev server")


def test_serve_rebuilds_and_survives_errors(tmp_path):
    content = write_content(tmp_path / "content", {"news/a.th.md": "---\ntitle: ข่าวแรก\ndate: 2023-01-01\n---\nเนื้อ\n"})
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHAINLP_READ_MODE"}
    env.update(PYTHAINLP_READ_ONLY="1", KHAOSAN_LIVE_RELOAD="1")
    server = subprocess.Popen(
        [str(PELICAN), str(content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(tmp_path / "output"),
         "--autoreload", "--listen", "--bind", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        page = wait_for(lambda: fetch(f"{base}/news/a/"))
        assert "ข่าวแรก" in page and "/theme/js/live-reload.js" in page
        first_token = wait_for(lambda: fetch(f"{base}/live-reload.txt"))

        (content / "news" / "a.th.md").write_text("---\ntitle: ข่าวแก้ไข\ndate: 2023-01-01\n---\nเนื้อ\n", encoding="utf-8")
        wait_for(lambda: "ข่าวแก้ไข" in (fetch(f"{base}/news/a/") or ""))
        assert fetch(f"{base}/live-reload.txt") != first_token

        # A content error: the server goes on serving the last good build.
        (content / "news" / "a.th.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
        time.sleep(4)
        assert "ข่าวแก้ไข" in (fetch(f"{base}/news/a/") or "")

        (content / "news" / "a.th.md").write_text("---\ntitle: ข่าวที่สาม\ndate: 2023-01-01\n---\nเนื้อ\n", encoding="utf-8")
        wait_for(lambda: "ข่าวที่สาม" in (fetch(f"{base}/news/a/") or ""))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
