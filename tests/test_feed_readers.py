"""Real feed readers over the fixture site served on 127.0.0.1: Debian's newsboat (RSS and Atom), rss2email
(RSS and Atom, mailing each item to an aiosmtpd server on 127.0.0.1) and feedparser (RSS, Atom and JSON Feed,
fetched over HTTP). Each must show the article's address as every item's link, the cover as its
enclosure (newsboat, which keeps no picture enclosures, as the content's first picture), and a field
report's fields in its content (issue 15)."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path

import feedparser
import pytest
import loopback

from feedsite import SITE_DOMAIN
from khaosan import url_scheme

pytestmark = pytest.mark.slow  # real readers: make test runs them, make test-fast does not

NEWSBOAT = shutil.which("newsboat")
R2E = Path(sys.executable).with_name("r2e")
FEEDS = ("reports/feed.xml", "reports/atom.xml", "news/feed.xml", "news/atom.xml")
# The report's fields, as the Thai page shows them (partials/report_fields.html).
REPORT_FIELDS = ("บรรลุผลมากกว่าเป้าหมาย", "จากที่ตั้งไว้ 100 คน", "สร้างเครือข่ายสุขภาวะ", "ผู้เข้าร่วมมาสาย", "ควรจัดเวทีทุกไตรมาส")


@pytest.fixture(scope="module")
def served(feed_site, server):
    """The session's fixture site and the loopback address it is served from."""
    return feed_site.output, server(feed_site)


def expected_items(output: Path, base: str, feed: str) -> dict:
    """{article URL: cover URL or None} for the items of `feed`, from the built pages. The feeds are fetched
    from `base`; their links are absolute to the address the build was made for (SITE_DOMAIN)."""
    base = SITE_DOMAIN
    kind = feed.split("/")[0]
    out = {}
    for page in sorted((output / kind).glob("*/index.html")):
        if page.parent.name in url_scheme.RESERVED_ITEM_SLUGS:
            continue  # the kind's own pages (reports/follow/, reports/page/2/), not items
        html = page.read_text(encoding="utf-8")
        url = f"{base}/{kind}/{page.parent.name}/"
        cover = 'class="cover"' in html
        out[url] = f"{base}/images/cover.png" if cover else None
    return out


def newsboat_items(url: str, folder: Path) -> dict:
    """newsboat's cache after one reload of `url`: {item link: (enclosure URL, enclosure type, content)}.
    One cache per feed: newsboat keeps one copy of an item per GUID, and a feed's RSS and Atom share them."""
    folder.mkdir()
    (folder / "urls").write_text(url + "\n", encoding="utf-8")
    (folder / "config").write_text("download-timeout 20\nreload-threads 1\n", encoding="utf-8")
    env = {**os.environ, "HOME": str(folder), "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder), "TERM": "dumb"}
    proc = subprocess.run([NEWSBOAT, "-x", "reload", "-u", str(folder / "urls"), "-c", str(folder / "cache.db"),
                           "-C", str(folder / "config")], capture_output=True, text=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    with sqlite3.connect(folder / "cache.db") as db:
        rows = db.execute("SELECT url, enclosure_url, enclosure_type, content FROM rss_item WHERE feedurl = ?", (url,))
        return {link: rest for link, *rest in rows}


@pytest.mark.skipif(NEWSBOAT is None, reason="newsboat is not installed (make test-deps installs it)")
@pytest.mark.parametrize("feed", FEEDS)
def test_newsboat_shows_links_enclosures_and_report_fields(served, tmp_path, feed):
    output, base = served
    items = newsboat_items(f"{base}/{feed}", tmp_path / "newsboat")
    expected = expected_items(output, base, feed)
    assert set(items) == set(expected), feed  # every item's link is its article's page, never the cover
    for link, cover in expected.items():
        enclosure, _, content = items[link]
        # newsboat keeps only audio and video enclosures (podcasts) and ignores pictures on purpose
        # (newsboat/newsboat#1615): the cover reaches its reader as the content's first picture, which
        # newsboat lists among the article's links. It must never take the cover's place as the link.
        assert not enclosure, (feed, link, enclosure)
        if cover:
            assert content.startswith(f'<p><img src="{cover}"'), (feed, link, content[:120])
        else:
            assert "cover.png" not in content.split("</p>", 1)[0]
    if feed.startswith("reports/"):
        content = items[f"{SITE_DOMAIN}/reports/khon-khaen-forum/"][2]
        for text in REPORT_FIELDS:
            assert text in content, (feed, text)


@pytest.fixture
def smtp_server():
    with loopback.smtp_server() as server:
        yield server


@pytest.mark.parametrize("feed", FEEDS)
def test_rss2email_mails_the_article_link_the_cover_and_the_report_fields(served, smtp_server, tmp_path, feed):
    output, base = served
    inbox, port = smtp_server
    config = tmp_path / "rss2email.cfg"
    config.write_text("[DEFAULT]\nemail-protocol = smtp\nsmtp-server = 127.0.0.1\n"
                      f"smtp-port = {port}\nsmtp-ssl = False\nsmtp-auth = False\nfrom = r2e@example.org\n"
                      "html-mail = False\nuse-8bit = True\n", encoding="utf-8")
    data = tmp_path / "rss2email.json"
    r2e = [str(R2E), "-c", str(config), "-d", str(data)]
    add = subprocess.run(r2e + ["add", "site", f"{base}/{feed}", "reader@example.org"], capture_output=True, text=True, timeout=60)
    assert add.returncode == 0, add.stderr
    run = subprocess.run(r2e + ["run"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    expected = expected_items(output, base, feed)
    bodies = {}
    for message in inbox.messages:
        body = message.get_body(("plain",)).get_content()
        link = next(line[5:] for line in body.splitlines() if line.startswith("URL: "))
        bodies[link] = body
    assert set(bodies) == set(expected), feed
    for link, cover in expected.items():
        enclosures = [line[11:] for line in bodies[link].splitlines() if line.startswith("Enclosure: ")]
        assert enclosures == ([cover] if cover else []), (feed, link, enclosures)
    if feed.startswith("reports/"):
        report = bodies[f"{SITE_DOMAIN}/reports/khon-khaen-forum/"]
        for text in REPORT_FIELDS:
            assert text in report, (feed, text)


def test_feedparser_over_http_reads_rss_atom_and_json_feed(served):
    output, base = served
    for kind in ("reports", "news"):
        expected = expected_items(output, base, f"{kind}/")
        for name in ("feed.xml", "atom.xml"):
            parsed = feedparser.parse(f"{base}/{kind}/{name}")
            assert parsed.bozo == 0 and parsed.status == 200, parsed.get("bozo_exception")
            links = {e.link: e for e in parsed.entries}
            assert set(links) == set(expected), name
            for link, cover in expected.items():
                assert [x.href for x in links[link].get("enclosures", [])] == ([cover] if cover else []), (name, link)
            if kind == "reports":
                content = links[f"{SITE_DOMAIN}/reports/khon-khaen-forum/"].content[0].value
                assert all(text in content for text in REPORT_FIELDS), name
        with urllib.request.urlopen(f"{base}/{kind}/feed.json") as response:
            doc = json.load(response)
        items = {i["url"]: i for i in doc["items"]}
        assert set(items) == set(expected)
        for link, cover in expected.items():
            assert [a["url"] for a in items[link].get("attachments", [])] == ([cover] if cover else [])
        if kind == "reports":
            content = items[f"{SITE_DOMAIN}/reports/khon-khaen-forum/"]["content_html"]
            assert all(text in content for text in REPORT_FIELDS)
