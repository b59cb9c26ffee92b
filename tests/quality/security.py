"""Nothing executable in a page or a feed: scripts only from our own files (or JSON-LD data), no event
handler attributes, no javascript:/data:/vbscript: URLs, no inline styles, a CSP meta tag on every page."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from .links import URL_ATTRIBUTES

URL_ATTRS = {a for attrs in URL_ATTRIBUTES.values() for a in attrs} | {"formaction", "xlink:href", "action", "background", "ping", "cite", "longdesc"}
# Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
DANGEROUS_SCHEMES = {"javascript", "data", "vbscript", "livescript"}
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "applet", "base", "frame", "frameset", "style"}
OWN_SCRIPT = re.compile(r"^(/|\.\./|\./)?([\w\-./]*/)?theme/js/[\w\-.]+\.js$")


def url_scheme(value: str) -> str:
    cleaned = "".join(ch for ch in value if ord(ch) > 0x20).lower()
    match = SCHEME.match(cleaned)
    return match.group(1) if match else ""


class _Scanner(HTMLParser):
    def __init__(self, allow_inline_style: bool):
        super().__init__(convert_charrefs=True)
        self.allow_inline_style = allow_inline_style
        self.problems: list[str] = []
        self.csp = False
        self.in_script = None

    def problem(self, message):
        self.problems.append(f"{self.getpos()[0]}: {message}")

    def handle_starttag(self, tag, attrs):
        names = {}
        for name, value in attrs:
            names[name] = value or ""
            if name.startswith("on"):
                self.problem(f"<{tag} {name}=…> runs a script")
            if name in URL_ATTRS and value:
                for candidate in (value.split(",") if name == "srcset" else [value]):
                    scheme = url_scheme(candidate.strip())
                    if scheme in DANGEROUS_SCHEMES:
                        self.problem(f"<{tag} {name}> has a {scheme}: URL")
            if name == "style" and not self.allow_inline_style:
                self.problem(f"<{tag} style=…> is an inline style the Content-Security-Policy blocks")
            if name == "srcdoc":
                self.problem(f"<{tag} srcdoc> embeds a document")
        if tag in FORBIDDEN_ELEMENTS and not (tag == "style" and self.allow_inline_style):
            self.problem(f"<{tag}> is not allowed in a page")
        if tag == "meta" and names.get("http-equiv", "").lower() == "refresh":
            self.problem("<meta http-equiv=refresh> redirects the reader")
        if tag == "meta" and names.get("http-equiv", "").lower() == "content-security-policy":
            policy = names.get("content", "")
            # 'wasm-unsafe-eval' (the search page's WebAssembly) compiles no JavaScript; 'unsafe-eval' would.
            if "default-src 'self'" in policy and "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy:
                self.csp = True
        if tag == "script":
            src, kind = names.get("src"), names.get("type", "").lower()
            if src is not None:
                if not OWN_SCRIPT.match(src):
                    self.problem(f"<script src={src!r}> is not one of the theme's own script files")
            elif kind != "application/ld+json":
                self.problem("inline <script> (only the theme's own files and ld+json data may be scripts)")
            self.in_script = tag

    handle_startendtag = handle_starttag


def scan_html(text: str, email: bool = False) -> list[str]:
    """Problems in one HTML document. An e-mail edition (email.html) is read by mail programs, which
    need inline styles and ignore a CSP; everything executable is still forbidden there."""
    scanner = _Scanner(allow_inline_style=email)
    scanner.feed(text)
    scanner.close()
    if not email and not scanner.csp and "<html" in text.lower():
        scanner.problems.append("1: no Content-Security-Policy meta tag with default-src 'self' and no unsafe-inline")
    return scanner.problems


def scan_fragment(text: str) -> list[str]:
    """An HTML fragment (a feed entry's content): the same rules, no page-level CSP needed."""
    scanner = _Scanner(allow_inline_style=False)
    scanner.feed(text)
    scanner.close()
    return scanner.problems


# Feed elements whose text readers render as HTML (RSS description, content:encoded; Atom content, summary
# and subtitle unless type="text"). RSS and Atom text titles are shown as text.
ATOM = "{http://www.w3.org/2005/Atom}"
HTML_FEED_ELEMENTS = {"description", "encoded", "content", "summary", "subtitle"}


def scan_feed(data: bytes) -> list[str]:
    """Every text of a feed that a reader shows as HTML, and every link it carries."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        return [f"not well-formed XML ({e})"]
    problems = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        for attr in ("href", "url", "src"):
            if url_scheme(element.get(attr, "")) in DANGEROUS_SCHEMES:
                problems.append(f"<{tag} {attr}> has a {url_scheme(element.get(attr))}: URL")
        text = element.text or ""
        if tag in ("link", "loc", "guid", "id", "url", "comments") and url_scheme(text.strip()) in DANGEROUS_SCHEMES:
            problems.append(f"<{tag}> is a {url_scheme(text.strip())}: URL")
        # Atom's text constructs are plain text unless they say type="html"; RSS description is HTML.
        default_type = "text" if element.tag.startswith(ATOM) else "html"
        html_text = tag in HTML_FEED_ELEMENTS and element.get("type", default_type) in ("html", "xhtml")
        if html_text and text:
            problems += [f"<{tag}> {p}" for p in scan_fragment(text)]
    return problems


def scan_json_feed(data: bytes) -> list[str]:
    """A JSON Feed's items: content_html is rendered as HTML, url and external_url are followed."""
    try:
        feed = json.loads(data)
    except ValueError as e:
        return [f"not valid JSON ({e})"]
    if not (isinstance(feed, dict) and "jsonfeed.org" in str(feed.get("version", ""))):
        return []   # open data files are data, not rendered
    problems = []
    for number, item in enumerate(feed.get("items", []), start=1):
        problems += [f"item {number} content_html {p}" for p in scan_fragment(item.get("content_html", ""))]
        for key in ("url", "external_url", "image", "banner_image"):
            if url_scheme(str(item.get(key, ""))) in DANGEROUS_SCHEMES:
                problems.append(f"item {number} {key} is a {url_scheme(item[key])}: URL")
    return problems


def scan_site(output: Path) -> list[str]:
    """Every problem in every page and feed of a build, as path:line: problem."""
    problems = []
    for path in sorted(output.rglob("*")):
        rel = path.relative_to(output).as_posix()
        if path.suffix == ".html":
            problems += [f"{rel}:{p}" for p in scan_html(path.read_text(encoding="utf-8"), email=path.name == "email.html")]
        elif path.suffix == ".xml":
            problems += [f"{rel}: {p}" for p in scan_feed(path.read_bytes())]
        elif path.suffix == ".json":
            problems += [f"{rel}: {p}" for p in scan_json_feed(path.read_bytes())]
    return problems
