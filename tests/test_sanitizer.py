"""Raw HTML in Markdown is sanitised: no script, no event attributes, no javascript: URLs survive."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from khaosan.sanitizer import clean
from sitebuilder import build, tiny_jpeg

HOSTILE_BODY = """\
Hello <script>alert('x')</script>

<p onclick="steal()" onmouseover="x()">hover</p>

[click](javascript:alert(1)) and <a href="JaVaScRiPt:alert(2)">two</a> and <a href="data:text/html,<script>">three</a>

<img src="images/p.jpg" onerror="alert(3)" alt="pic">
<iframe src="https://evil.example"></iframe>
<style>body{display:none}</style>
<svg><script>alert(4)</script></svg>
<a href="/reports/ok/">fine link</a>
"""


@pytest.mark.parametrize("html, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ('<p onclick="x()">t</p>', "onclick"),
    ('<a href="javascript:alert(1)">t</a>', "javascript:"),
    ('<a href="data:text/html,x">t</a>', "data:"),
    ('<img src="data:image/png;base64,AAAA">', "data:"),
    ("<iframe src=x></iframe>", "<iframe"),
    ("<style>*{}</style>", "<style"),
    ('<p style="position:fixed">t</p>', "style="),
])
def test_clean_removes(html, forbidden):
    assert forbidden not in clean(html).lower()


def test_clean_keeps_ordinary_markup():
    html = '<h2 id="x">หัวข้อ</h2><p><a href="/news/a/">ลิงก์</a> <strong>ตัวหนา</strong></p><table><tr><td>1</td></tr></table>'
    out = clean(html)
    assert '<a href="/news/a/" rel="noopener noreferrer">ลิงก์</a>' in out and "<strong>" in out and "<td>1</td>" in out


class Executable(HTMLParser):
    """Collects what a browser would run: script and frame elements, event attributes, script URLs."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        # Structured data is not run, and the site's own script files are served from the site itself.
        is_data = tag == "script" and a.get("type") == "application/ld+json"
        is_own_file = tag == "script" and (a.get("src") or "").startswith("/theme/")
        if tag in ("script", "iframe", "object", "embed", "style") and not (is_data or is_own_file):
            self.problems.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append(f"{tag} {name}={value}")


def test_hostile_body_in_a_built_page(tmp_path):
    result = build(tmp_path, {"news/bad.th.md": "---\ntitle: '<script>alert(\"t\")</script> \"quoted\"'\ndate: 2023-01-01\n"
                                                 "summary: '<img src=x onerror=alert(1)>'\n---\n" + HOSTILE_BODY,
                              "images/p.jpg": tiny_jpeg()})
    assert result.returncode == 0, result.stderr
    page = result.page("/news/bad/")
    found = Executable()
    found.feed(page)
    assert found.problems == []
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in page
    assert '<a href="/reports/ok/" rel="noopener noreferrer">fine link</a>' in page
