"""Gate 5, security: hostile content shows nothing executable in any page or feed; bad URLs are refused."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from quality.fixtures import PARTNER_EN, small_site_files, tiny_jpeg
from quality.security import scan_feed, scan_html, scan_site
from khaosan.content_model.index import build_index
from khaosan.places import load_places
from sitebuilder import build, front_matter, write_content

# A quality gate (docs/quality.md): `make quality` and `make test` run it, `make test-fast` does not.
pytestmark = pytest.mark.slow

XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
BODY = """\
Before the raw HTML.

<script>alert('body')</script>
<a href="javascript:alert(3)">js link</a> <a href="JaVa&#x09;ScRiPt:alert(4)">tab link</a>
<a href=" javascript:alert(5)">space link</a>
<div onclick="alert(6)" style="color:red">click</div>
<iframe src="https://example.org/"></iframe><object data="x.swf"></object><embed src="x.swf">
<svg onload="alert(7)"><circle r="1"/></svg>
<math><mtext><table><mglyph><style><img src="images/forum.jpg" onerror=alert(8)>
<form action="javascript:alert(9)"><button formaction="javascript:alert(10)">go</button></form>
<style>body{display:none}</style><meta http-equiv="refresh" content="0;url=javascript:alert(11)">
<base href="https://evil.example/">
<p title="x" onmouseover="alert(12)" lang="en">hover</p>

[markdown js link](javascript:alert(13)) [data link](data:text/html,<script>alert(14)</script>)
![an "alt" with <b>tags</b>" onerror="alert(15)](images/forum.jpg)
<a href="vbscript:msgbox(1)">vb</a> <img srcset="javascript:alert(16) 1x" alt="s">

## A heading with <script>alert(17)</script>

</script><script>alert(18)</script>
"""


def hostile_site_files() -> dict:
    files = small_site_files()
    common = dict(summary="summary " + XSS + " </script><!--", author="<b>author</b>" + XSS, location="ตำบล" + XSS,
                  cover="images/forum.jpg", cover_alt='alt" onerror="alert(19)',
                  photos=[{"src": "images/forum.jpg", "alt": '"><script>alert(20)</script>'}],
                  partners=["evil-partner"], provinces=["nakhon-phanom"], topics=["food-security"])
    files["reports/evil.th.md"] = front_matter(
        title="รายงาน " + XSS, slug="evil", date="2566-05-06", **common,
        objectives=[XSS, "<a href='javascript:alert(21)'>x</a>"], participants={"planned": 10, "actual": 5},
        outcome_rating=2, problems=XSS + "\n\n<script>alert(22)</script>", recommendations=XSS,
        followup_contact={"name": "<a href=javascript:alert(23)>call</a>", "phone": XSS, "public": True}) + BODY
    files["reports/evil.en.md"] = front_matter(title="Report " + XSS, slug="evil", date="2023-05-06", **common) + BODY
    files["news/evil-news.th.md"] = front_matter(
        title="ข่าว " + XSS, slug="evil-news", date="2566-05-07", **common,
        source={"name": XSS, "url": "https://example.org/?q=%22%3E%3Cscript%3E"}) + BODY
    files["partners/evil-partner.th.md"] = front_matter(
        title="ภาคี " + XSS, short_name='"<script>', type="civil-society", provinces=["nakhon-phanom"],
        website="https://example.org/", phone=XSS, address=XSS, line=XSS) + BODY
    files["partners/evil-partner.en.md"] = PARTNER_EN.replace("Thai Health Promotion Foundation", "Partner " + XSS)
    files["pages/evil-page.th.md"] = front_matter(title="หน้า " + XSS, slug="evil-page", menu="เมนู<script>", summary=XSS) + BODY
    files["enews/evil-edition.th.md"] = front_matter(
        title="ฉบับ " + XSS, slug="evil-edition", date="2566-06-01", period="2566-05", regions=["northeast"],
        featured=["evil"], summary=XSS) + BODY
    return files


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("hostile"), hostile_site_files()).ok()


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h1, self._in = [], False

    def handle_starttag(self, tag, attrs):
        self._in = self._in or tag == "h1"
        if tag == "h1":
            self.h1.append("")

    def handle_endtag(self, tag):
        self._in = self._in and tag != "h1"

    def handle_data(self, data):
        if self._in:
            self.h1[-1] += data


def test_hostile_content_shows_nothing_executable(hostile_site):
    problems = scan_site(hostile_site.output)
    assert not problems, "executable content in the output:\n" + "\n".join(problems)


def test_hostile_titles_are_shown_as_text(hostile_site):
    for url, title in (("reports/evil/", "รายงาน " + XSS), ("en/reports/evil/", "Report " + XSS), ("news/evil-news/", "ข่าว " + XSS)):
        parser = _Headings()
        parser.feed(hostile_site.page(url))
        assert parser.h1 == [title], (url, parser.h1)


def test_bundled_site_shows_nothing_executable(bundled_build):
    site = bundled_build.ok()
    problems = scan_site(site.output)
    assert not problems, "\n".join(problems)


REFUSED = {
    "province": ("provinces", ['นครพนม"><script>alert(1)</script>']),
    "source url": ("source", {"name": "x", "url": "javascript:alert(1)"}),
    "cover": ("cover", "javascript:alert(1)"),
    "photo": ("photos", [{"src": "data:image/png;base64,AAAA", "alt": "x"}]),
    "website with a quote": ("website", 'https://example.org/"onmouseover="alert(1)'),
    "body picture": ("body", '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="d">'),
}


def hostile_file(case: str) -> tuple[str, str]:
    """The content file of one refused case, named after the case."""
    field, value = REFUSED[case]
    kind, fields = ("partners", dict(title="ภาคี", type="media")) if field == "website" else ("news", dict(title="ข่าว", date="2566-01-01"))
    slug = "bad-" + "-".join(case.split())
    if field == "body":
        text = front_matter(slug=slug, **fields) + value + "\n"
    else:
        text = front_matter(slug=slug, **fields, **{field: value}) + "เนื้อหา\n"
    return f"{kind}/{slug}.th.md", text


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_hostile_urls_and_places_are_refused_with_one_line(tmp_path, case):
    """Each case through the content check in this process (what `make check` and every build run first)."""
    path, text = hostile_file(case)
    field = REFUSED[case][0]
    index, problems = build_index(str(write_content(tmp_path / "content", {path: text})), load_places())
    lines = [str(p) for p in problems.sorted()]
    assert problems.errors and lines and all(path in line for line in lines), lines
    assert all(f": {field}:" in line or f": {field}." in line for line in lines), lines


def test_every_hostile_file_is_refused_in_one_build(tmp_path):
    """One build of all the cases: it fails, names every file on its own line, and writes nothing."""
    files = dict(hostile_file(case) for case in REFUSED)
    site = build(tmp_path, files)
    assert site.returncode != 0
    for path in files:
        assert any(f"{path}:" in line for line in site.stderr.splitlines()), (path, site.stderr)
    assert "Traceback" not in site.stderr
    assert not site.output.exists() or not any(site.output.iterdir())


GOOD_HEAD = '<!DOCTYPE html><html lang="th"><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"><title>t</title></head><body>'
BAD_PAGES = {
    "inline script": ("<script>alert(1)</script>", "inline <script>"),
    "foreign script": ('<script src="https://cdn.example/x.js"></script>', "not one of the theme's own"),
    "event attribute": ('<img src="/a.jpg" alt="" onerror="alert(1)">', "onerror"),
    "javascript URL": ('<a href="java&#x09;script:alert(1)">x</a>', "javascript: URL"),
    "data URL": ('<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;" alt="">', "data: URL"),
    "inline style": ('<p style="color:red">x</p>', "inline style"),
    "style block": ("<style>p{}</style>", "<style>"),
    "iframe": ('<iframe src="/x/"></iframe>', "<iframe>"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=/x/">', "refresh"),
}


@pytest.mark.parametrize("case", BAD_PAGES, ids=list(BAD_PAGES))
def test_gate_fails_on_an_executable_page(small_copy, case):
    snippet, expected = BAD_PAGES[case]
    page = small_copy / "reports" / "food-forum" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", snippet + "</main>"), encoding="utf-8")
    problems = scan_site(small_copy)
    assert problems and all(p.startswith("reports/food-forum/index.html:") for p in problems), problems
    assert any(expected in p for p in problems), problems


def test_own_scripts_and_json_ld_pass():
    page = GOOD_HEAD + '<script src="/theme/js/search.js" defer></script><script type="application/ld+json">{}</script></body></html>'
    assert scan_html(page) == []


def test_gate_fails_on_a_page_without_csp():
    assert any("Content-Security-Policy" in p for p in scan_html('<!DOCTYPE html><html lang="th"><head><title>t</title></head><body></body></html>'))


def test_gate_fails_on_an_executable_feed():
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><link>/</link><description>x</description>'
            '<item><title>t</title><link>javascript:alert(1)</link><description>&lt;img src=x onerror=alert(1)&gt;</description></item>'
            '</channel></rss>').encode()
    problems = scan_feed(feed)
    assert any("onerror" in p for p in problems) and any("javascript:" in p for p in problems), problems
