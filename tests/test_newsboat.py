"""A real feed reader reads the feeds: Debian's newsboat fetches a province feed and the e-news feed
from a local HTTP server and keeps their items in its cache (SQLite)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

import pytest

from browser import serve

pytestmark = pytest.mark.slow

NEWSBOAT = shutil.which("newsboat")


@pytest.mark.skipif(NEWSBOAT is None, reason="newsboat is not installed (make test-deps installs it)")
def test_newsboat_reads_a_province_feed_and_the_enews_feed(tmp_path, feed_site):
    result = feed_site
    reader = tmp_path / "reader"
    reader.mkdir()
    with serve(result.output) as base:
        province, enews = f"{base}/provinces/nakhon-phanom/feed.xml", f"{base}/enews/feed.xml"
        english = f"{base}/en/provinces/yala/atom.xml"
        (reader / "urls").write_text(f"{province}\n{enews}\n{english}\n", encoding="utf-8")
        (reader / "config").write_text("download-timeout 20\nreload-threads 1\nshow-read-feeds yes\n", encoding="utf-8")
        env = {**os.environ, "HOME": str(reader), "XDG_CONFIG_HOME": str(reader), "XDG_DATA_HOME": str(reader),
               "TERM": "dumb"}
        proc = subprocess.run([NEWSBOAT, "-x", "reload", "-u", str(reader / "urls"), "-c", str(reader / "cache.db"),
                               "-C", str(reader / "config")], capture_output=True, text=True, env=env, timeout=120,
                              stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    with sqlite3.connect(reader / "cache.db") as db:
        feeds = dict(db.execute("SELECT rssurl, title FROM rss_feed"))
        items = {}
        for url, title, guid in db.execute("SELECT feedurl, title, guid FROM rss_item ORDER BY pubDate DESC"):
            items.setdefault(url, []).append((title, guid))
    assert feeds[province] == "นครพนม · ข่าวสารภาคีเครือข่ายสร้างเสริมสุขภาพ"
    assert [t for t, _ in items[province]] == ["ข่าวนครพนมนอกช่วง", "สสส. หารือมหาวิทยาลัยนครพนม", "ลงนาม MOU ตำบลพิมาน"]
    assert [g for _, g in items[province]][1] == "tag:khaosan.github.io,2023:news/npu-meeting/th"
    assert [t for t, _ in items[enews]] == ["ทุกภาค 2566", "จดหมายข่าวอีสาน"]
    # The newest 50 of the 55 notes; note 55 is dated 28 January 2021 07:00, the latest.
    assert len(items[english]) == 50 and items[english][0][0] == "Yala note 55"
