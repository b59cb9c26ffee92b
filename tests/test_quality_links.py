"""Gate 3, links: a crawl of the site served on 127.0.0.1 finds every internal reference in both languages."""
from __future__ import annotations

import pytest

from quality.links import crawl
from quality.serve import serve
from quality.site import html_pages

# A quality gate (docs/quality.md): `make quality` and `make test` run it, `make test-fast` does not.
pytestmark = pytest.mark.slow


def check_links(output):
    with serve(output) as base:
        state = crawl(base)
    reached = {url[len(base):] for url in state.visited}
    return state, reached


def assert_no_broken_links(output):
    state, reached = check_links(output)
    assert not state.broken, "broken links:\n" + "\n".join(sorted(state.broken))
    pages = {p.url for p in html_pages(output)}
    assert {"", "en/"} <= reached
    unreached = sorted(pages - reached)
    assert not unreached, f"pages no link or sitemap entry leads to: {unreached}"
    assert any(u.startswith("en/") and u != "en/" for u in reached), "no English page beyond the home page was reached"


def test_bundled_site_has_no_broken_links(bundled_build):
    assert_no_broken_links(bundled_build.ok().output)


def test_small_site_has_no_broken_links(small_site):
    assert_no_broken_links(small_site.ok().output)


PAGE = '<!DOCTYPE html><html lang="th"><head><title>x</title>{head}</head><body><p id="here">{body}</p></body></html>'
BAD = {
    "page link": ("", '<a href="/reports/no-such-report/">x</a>', "/reports/no-such-report/: HTTP 404"),
    "English page link": ("", '<a href="/en/news/missing/">x</a>', "/en/news/missing/: HTTP 404"),
    "image": ("", '<img src="/images/missing.jpg" alt="x">', "<img src> /images/missing.jpg: HTTP 404"),
    "srcset": ("", '<img src="/images/forum.jpg" srcset="/images/forum-2x.jpg 2x" alt="x">', "/images/forum-2x.jpg: HTTP 404"),
    "stylesheet": ('<link rel="stylesheet" href="/theme/css/missing.css">', "x", "<link href> /theme/css/missing.css: HTTP 404"),
    "script": ('<script src="/theme/js/missing.js"></script>', "x", "<script src> /theme/js/missing.js: HTTP 404"),
    "feed": ('<link rel="alternate" type="application/rss+xml" href="/provinces/nowhere/feed.xml">', "x", "/provinces/nowhere/feed.xml: HTTP 404"),
    "anchor on the same page": ("", '<a href="#nowhere">x</a>', "#nowhere: no such id"),
    "anchor on another page": ("", '<a href="/reports/food-forum/#no-such-heading">x</a>', "/reports/food-forum/#no-such-heading: no such id"),
    "relative link": ("", '<a href="../nothing-here/">x</a>', "/nothing-here/: HTTP 404"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_gate_fails_on_a_broken_reference(small_copy, case):
    head, body, expected = BAD[case]
    page = small_copy / "news" / "bad" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE.format(head=head, body=body), encoding="utf-8")
    # Linked from the home page, so the crawl reaches it the way a reader would.
    home = small_copy / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</main>", '<a href="/news/bad/">bad</a></main>'), encoding="utf-8")
    state, _ = check_links(small_copy)
    assert any(expected in b and b.startswith("/news/bad/") for b in state.broken), state.broken


def test_gate_fails_on_a_feed_readers_reject(small_copy):
    (small_copy / "feed.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</channel></rss>', encoding="utf-8")
    home = small_copy / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace(
        "</head>", '<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'), encoding="utf-8")
    state, _ = check_links(small_copy)
    assert any("/feed.xml: not well-formed XML" in b for b in state.broken), state.broken


def test_gate_fails_on_a_feed_item_that_leads_nowhere(small_copy):
    (small_copy / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title><link>/</link>'
        '<description>x</description><item><title>gone</title><link>/reports/gone/</link>'
        '<description>x</description></item></channel></rss>', encoding="utf-8")
    home = small_copy / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace(
        "</head>", '<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'), encoding="utf-8")
    state, _ = check_links(small_copy)
    assert any(b.startswith("/feed.xml: <link> /reports/gone/: HTTP 404") for b in state.broken), state.broken


def test_gate_finds_pages_nothing_leads_to(small_copy):
    orphan = small_copy / "en" / "orphan" / "index.html"
    orphan.parent.mkdir(parents=True)
    orphan.write_text(PAGE.format(head="", body="x"), encoding="utf-8")
    with pytest.raises(AssertionError, match="en/orphan/"):
        assert_no_broken_links(small_copy)
