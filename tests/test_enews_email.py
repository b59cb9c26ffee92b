"""E-mail editions for real mail programs (plugins/khaosan/enews): email.html held to e-mail rules (it is
exempt from the HTML checker, docs/quality.md), edition.eml read back with Python's email package, and
`make send` delivering to a real SMTP server (aiosmtpd) on 127.0.0.1."""
from __future__ import annotations

import email
import email.policy
import html as html_module
from email.header import decode_header, make_header
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import loopback

from feedsite import SITE_DOMAIN, files
from sitebuilder import ROOT, build

MAX_EMAIL_BYTES = 100 * 1024
PRODUCTION = "https://news.example.org"
PLACEHOLDER = "{{unsubscribe}}"
DEV_LINE = {"th": "ฉบับทดลอง (development build): ลิงก์ชี้มาที่เครื่องนี้",
            "en": "Development build: links point to this computer"}


def publish_settings(folder: Path, extra: str = "") -> Path:
    """Production settings (publishconf.py) with `extra` lines on top, as a deploy script would write them."""
    path = folder / "publish_settings.py"
    path.write_text("from pelican.settings import get_settings_from_file\n"
                    f"globals().update(get_settings_from_file({str(ROOT / 'publishconf.py')!r}))\n" + extra,
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def development(feed_site):
    """The session's fixture site: a development build (no absolute SITEURL)."""
    return feed_site


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A production build whose network has no List-Unsubscribe address: the placeholder stays."""
    tmp = tmp_path_factory.mktemp("prod")
    settings = publish_settings(tmp, 'ENEWS_FROM = "ข่าวสารภาคีเครือข่าย <enews@news.example.org>"\n')
    result = build(tmp, files(), settings=str(settings), env={"KHAOSAN_SITEURL": PRODUCTION})
    assert result.returncode == 0, result.stderr
    result.settings = settings
    return result


class Tree(HTMLParser):
    """Start tags with their attributes, the comments, and the text, in order."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.comments, self.text = [], [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        self.text.append(data)


def email_rule_problems(html: str, site: str, placeholder: str = PLACEHOLDER) -> list[str]:
    """What a mail program would get wrong in this e-mail HTML, one line each."""
    problems = []
    if len(html.encode("utf-8")) >= MAX_EMAIL_BYTES:
        problems.append(f"{len(html.encode('utf-8'))} bytes: Gmail clips a message of 102 KB")
    tree = Tree(html)
    tags = [t for t, _ in tree.tags]
    for banned in ("style", "link", "script"):
        if banned in tags:
            problems.append(f"<{banned}>: mail programs drop it; put the layout in style attributes")
    tables = [a for t, a in tree.tags if t == "table"]
    if not tables:
        problems.append("no <table>: mail programs need table layout")
    for attrs in tables:
        if attrs.get("width") not in ("100%", "600") or "style" not in attrs:
            problems.append(f"table {attrs}: needs width=\"600\" (or the 100% wrapper) and inline style")
    if not any(a.get("width") == "600" for a in tables):
        problems.append("no fixed-width (600) table: Outlook ignores max-width")
    if not any("[if mso]" in c and 'width="600"' in c for c in tree.comments):
        problems.append("no Outlook conditional table (<!--[if mso]>…width=\"600\"…<![endif]-->)")
    for tag, attrs in tree.tags:
        if "class" in attrs:
            problems.append(f"<{tag} class=…>: classes need a style sheet; use inline style")
        if tag in ("td", "p", "h1", "h2", "h3") and "style" not in attrs:
            problems.append(f"<{tag}> without inline style")
        if tag == "img" and (not attrs.get("alt") or not (attrs.get("width") or "").isdigit()):
            problems.append(f"<img {attrs}>: every picture needs alt and a width in pixels")
        for name in ("href", "src"):
            value = attrs.get(name)
            if value is not None and value != placeholder and not value.startswith(site + "/"):
                problems.append(f"<{tag} {name}={value!r}>: links must be absolute, to {site}")
    if not re.search(r'<meta name="color-scheme" content="light">', html):
        problems.append("no color-scheme meta")
    preheader = next((a for t, a in tree.tags if t == "div"), {})
    if "display:none" not in preheader.get("style", ""):
        problems.append("no hidden preheader as the body's first element")
    return problems


def test_email_html_follows_the_email_rules(development, production):
    checked = 0
    for result, site in ((development, SITE_DOMAIN), (production, PRODUCTION)):
        for path in result.output.rglob("email.html"):
            html = path.read_text(encoding="utf-8")
            assert not email_rule_problems(html, site), (path, email_rule_problems(html, site))
            checked += 1
    assert checked == 6


def test_the_email_rules_catch_what_mail_programs_break(development):
    good = (development.output / "enews/isan-test/email.html").read_text(encoding="utf-8")
    assert not email_rule_problems(good, SITE_DOMAIN)
    broken = {
        "max-width only": good.replace('width="600"', 'width="100%"'),
        "a style sheet": good.replace("</head>", "<style>p{margin:0}</style></head>"),
        "a class": good.replace("<h1 style", '<h1 class="title" style', 1),
        "a picture without width": re.sub(r'<img ([^>]*?)width="560"', r"<img \1", good, count=1),
        "a relative link": good.replace(f'href="{SITE_DOMAIN}/news/', 'href="/news/', 1),
        "no preheader": re.sub(r'<div style="display:none[^>]*>.*?</div>', "", good, count=1, flags=re.S),
        "too big": good.replace("</body>", "<!--" + "x" * MAX_EMAIL_BYTES + "--></body>"),
    }
    for name, html in broken.items():
        assert email_rule_problems(html, SITE_DOMAIN), name


def test_preheader_color_scheme_footer_and_development_line(development, production):
    dev = (development.output / "enews/isan-test/email.html").read_text(encoding="utf-8")
    preheader = re.search(r'<div style="display:none[^>]*>(.*?)&', dev, re.S).group(1)
    assert preheader == "ฉบับทดสอบภาคอีสาน"  # the edition's summary
    assert f'href="{PLACEHOLDER}"' in dev and "ยกเลิกการรับจดหมายข่าว" in dev
    assert DEV_LINE["th"] in dev and SITE_DOMAIN in dev
    assert DEV_LINE["en"] in (development.output / "en/enews/isan-test/email.html").read_text(encoding="utf-8")
    assert DEV_LINE["th"] in (development.output / "enews/isan-test/email.txt").read_text(encoding="utf-8")
    prod = (production.output / "enews/isan-test/email.html").read_text(encoding="utf-8")
    assert DEV_LINE["th"] not in prod and "127.0.0.1" not in prod
    assert f'href="{PRODUCTION}/news/npu-meeting/"' in prod
    text = (production.output / "enews/isan-test/email.txt").read_text(encoding="utf-8")
    assert f"ยกเลิกการรับจดหมายข่าว: {PLACEHOLDER}" in text and "127.0.0.1" not in text


def read_eml(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def test_edition_eml_is_text_and_html_with_the_thai_subject(production):
    path = production.output / "enews/isan-test/edition.eml"
    raw = path.read_bytes()
    assert b"\r\n" in raw and raw.isascii()  # 7-bit, CRLF: safe through any mail server
    assert re.search(rb"^Subject: =\?utf-8\?b\?", raw, re.M)  # RFC 2047
    message = read_eml(path)
    assert message["Subject"] == "จดหมายข่าวอีสาน"
    # RFC 2047 joins adjacent encoded words without a space (Python's address parser adds one: read raw).
    raw_from = email.message_from_bytes(raw)["From"]
    assert str(make_header(decode_header(raw_from))) == "ข่าวสารภาคีเครือข่าย <enews@news.example.org>"
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["X-Unsent"] == "1" and message["Date"] == "Thu, 01 Jun 2023 12:00:00 +0700"
    assert message["List-Unsubscribe"] is None  # no ENEWS_LIST_UNSUBSCRIBE in these settings
    # MIME text has CRLF line ends (RFC 2046 4.1.1); the files on the web have LF.
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content().replace("\r\n", "\n")
    assert text.rstrip() == (production.output / "enews/isan-test/email.txt").read_text(encoding="utf-8").rstrip()
    assert html.rstrip() == (production.output / "enews/isan-test/email.html").read_text(encoding="utf-8").rstrip()
    assert message["X-Khaosan-Development-Build"] is None


def test_list_unsubscribe_fills_the_footer(tmp_path):
    settings = publish_settings(tmp_path, 'ENEWS_LIST_UNSUBSCRIBE = "mailto:leave@news.example.org?subject=unsubscribe"\n'
                                          'ENEWS_UNSUBSCRIBE_PLACEHOLDER = "*|UNSUB|*"\n')
    result = build(tmp_path, files(), settings=str(settings), env={"KHAOSAN_SITEURL": PRODUCTION})
    assert result.returncode == 0, result.stderr
    message = read_eml(result.output / "en/enews/isan-test/edition.eml")
    assert message["List-Unsubscribe"] == "<mailto:leave@news.example.org?subject=unsubscribe>"
    html = message.get_body(("html",)).get_content()
    assert 'href="mailto:leave@news.example.org?subject=unsubscribe"' in html and "*|UNSUB|*" not in html
    # The web file keeps the mailing service's placeholder.
    assert 'href="*|UNSUB|*"' in (result.output / "en/enews/isan-test/email.html").read_text(encoding="utf-8")


def test_a_bad_list_unsubscribe_setting_stops_the_build(tmp_path):
    settings = publish_settings(tmp_path, 'ENEWS_LIST_UNSUBSCRIBE = "leave@news.example.org"\n')
    result = build(tmp_path, files(), settings=str(settings), env={"KHAOSAN_SITEURL": PRODUCTION})
    assert result.returncode != 0
    assert "setting ENEWS_LIST_UNSUBSCRIBE: expected an address starting with mailto: or https://" in result.stderr + result.stdout


def test_every_bundled_edition_eml_parses(bundled_site):
    emls = sorted(bundled_site.output.rglob("edition.eml"))
    assert len(emls) == 4
    for path in emls:
        message = read_eml(path)
        html = message.get_body(("html",)).get_content()
        title = re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1)
        assert message["Subject"] == html_module.unescape(title), path
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
        assert message.get_body(("plain",)).get_content().strip()
        # The bundled site is a development build: it says so, and make send would refuse it.
        assert message["X-Khaosan-Development-Build"]
    thai = read_eml(bundled_site.output / "enews/isan-2022-2023/edition.eml")
    assert thai["Subject"].startswith("จดหมายข่าวภาคีเครือข่ายสุขภาวะภาคอีสาน")


@pytest.fixture
def smtp_server():
    with loopback.smtp_server() as server:
        yield server


def make_send(output: Path, settings: Path, to: str, port: int, **env):
    smtp = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_SECURITY": "none", **env}
    import os
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "UNSUBSCRIBE"))}
    return subprocess.run(["make", "-s", "send", "EDITION=isan-test", f"TO={to}", f"OUTPUT={output}", f"SETTINGS={settings}"],
                          cwd=ROOT, capture_output=True, text=True, env={**full_env, **smtp}, timeout=120)


def test_make_send_delivers_to_each_address(production, smtp_server, tmp_path):
    inbox, port = smtp_server
    addresses = tmp_path / "subscribers.txt"
    addresses.write_text("# the Isan network\nsomchai@example.org\n\nmalee@example.net\n", encoding="utf-8")
    proc = make_send(production.output, production.settings, str(addresses), port,
                     UNSUBSCRIBE=f"{PRODUCTION}/unsubscribe?email={{email}}")
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert [e.rcpt_tos for e in inbox.envelopes] == [["somchai@example.org"], ["malee@example.net"]]
    assert all(e.mail_from == "enews@news.example.org" for e in inbox.envelopes)
    received = email.message_from_bytes(inbox.envelopes[0].content, policy=email.policy.default)
    assert received["Subject"] == "จดหมายข่าวอีสาน" and received["To"] == "somchai@example.org"
    assert received["Message-ID"] and received["X-Unsent"] is None
    # A long header is folded before the address (valid RFC 5322 folding white space).
    assert received["List-Unsubscribe"].strip() == f"<{PRODUCTION}/unsubscribe?email=somchai@example.org>"
    html = received.get_body(("html",)).get_content()
    text = received.get_body(("plain",)).get_content()
    assert f'href="{PRODUCTION}/unsubscribe?email=somchai@example.org"' in html and PLACEHOLDER not in html
    assert PLACEHOLDER not in text and "ลงนาม MOU ตำบลพิมาน" in text
    second = email.message_from_bytes(inbox.envelopes[1].content, policy=email.policy.default)
    assert "malee@example.net" in second.get_body(("html",)).get_content()


def test_make_send_refuses_an_unfilled_placeholder(production, smtp_server):
    inbox, port = smtp_server
    proc = make_send(production.output, production.settings, "somchai@example.org", port)
    assert proc.returncode != 0
    assert "the unsubscribe placeholder {{unsubscribe}} would go out unfilled" in proc.stderr
    assert inbox.envelopes == []


def test_make_send_refuses_a_development_build(development, smtp_server, tmp_path):
    inbox, port = smtp_server
    settings = publish_settings(tmp_path)
    proc = make_send(development.output, settings, "somchai@example.org", port, UNSUBSCRIBE=f"{PRODUCTION}/u")
    assert proc.returncode != 0
    assert "a development build (links point to http://127.0.0.1:8000)" in proc.stderr and "make publish" in proc.stderr
    assert inbox.envelopes == []


def test_make_send_refuses_a_bad_address(production, smtp_server, tmp_path):
    inbox, port = smtp_server
    addresses = tmp_path / "list.txt"
    addresses.write_text("somchai@example.org\nnot an address\n", encoding="utf-8")
    proc = make_send(production.output, production.settings, str(addresses), port, UNSUBSCRIBE=f"{PRODUCTION}/u")
    assert proc.returncode != 0
    assert f"{addresses}:2: 'not an address' is not an e-mail address" in proc.stderr
    assert inbox.envelopes == []
