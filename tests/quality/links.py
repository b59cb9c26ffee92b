"""Links: crawl a site served on 127.0.0.1 from both home pages and report every internal link, image,
stylesheet, script, font, feed or #anchor that does not resolve."""
from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import feedparser

# Attributes that load or link to something, by element.
URL_ATTRIBUTES = {
    "a": ("href",), "link": ("href",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "script": ("src",), "iframe": ("src",), "video": ("src", "poster"), "audio": ("src",),
    "form": ("action",), "area": ("href",), "object": ("data",), "embed": ("src",), "track": ("src",),
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class PageParser(HTMLParser):
    """The URLs a page refers to (with the element that refers), and the ids it defines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if attrs.get(name):
                self.ids.add(attrs[name])
        for name in URL_ATTRIBUTES.get(tag, ()):
            value = attrs.get(name)
            if not value:
                continue
            if name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.refs.append((f"<{tag} {name}>", candidate.strip().split()[0]))
            else:
                self.refs.append((f"<{tag} {name}>", value.strip()))

    handle_startendtag = handle_starttag


@dataclass
class Crawl:
    base: str
    visited: dict = field(default_factory=dict)      # url → (status, content type, body)
    broken: list = field(default_factory=list)       # "page: <a href> target: problem"
    ids: dict = field(default_factory=dict)          # page url → ids
    anchors: list = field(default_factory=list)      # (page, ref, target page, fragment)

    def internal(self, url: str) -> bool:
        return url.startswith(self.base)

    def fetch(self, url: str):
        if url not in self.visited:
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    self.visited[url] = (response.status, response.headers.get_content_type(), response.read())
            except urllib.error.HTTPError as e:
                self.visited[url] = (e.code, "", b"")
        return self.visited[url]


def crawl(base: str, starts=("", "en/")) -> Crawl:
    """Follow every internal reference from the start pages (and the sitemap); check each target once."""
    state = Crawl(base)
    queue = [(base + s, "(start)", "") for s in starts] + [(base + "sitemap.xml", "(start)", ""), (base + "404.html", "(start)", "")]
    seen = set()
    while queue:
        url, referrer, how = queue.pop(0)
        target, fragment = urldefrag(url)
        if fragment:
            state.anchors.append((referrer, how, target, unquote(fragment)))
        if target in seen:
            continue
        seen.add(target)
        status, ctype, body = state.fetch(target)
        path = urlsplit(target).path
        if status != 200:
            state.broken.append(f"{short(referrer, base)}: {how} {path}: HTTP {status}")
            continue
        refs: list[tuple[str, str]] = []
        if ctype == "text/html":
            parser = PageParser()
            parser.feed(body.decode("utf-8", errors="replace"))
            state.ids[target] = parser.ids
            refs = parser.refs
        elif ctype == "text/css":
            refs = [("url()", a or b) for a, b in CSS_URL.findall(body.decode("utf-8", errors="replace"))]
        elif path.endswith(".xml"):
            refs, problem = xml_refs(body)
            if problem:
                state.broken.append(f"{short(referrer, base)}: {how} {path}: {problem}")
        if path.endswith("/email.html"):
            # E-mail HTML links to the production address, and its footer holds the mailing service's
            # unsubscribe placeholder: tests/test_enews_email.py checks its links (absolute, to the site).
            refs = []
        for how_ref, ref in refs:
            scheme = urlsplit(ref).scheme
            if scheme and scheme not in ("http", "https"):
                continue   # mailto:, tel:; javascript: and data: are the security gate's business
            absolute = urljoin(target, ref)
            if state.internal(absolute):
                queue.append((absolute, target, how_ref))
    for page, how, target, fragment in state.anchors:
        ids = state.ids.get(target)
        if ids is not None and fragment not in ids and fragment != "top":
            state.broken.append(f"{short(page, base)}: {how} {urlsplit(target).path}#{fragment}: no such id on the page")
    return state


def xml_refs(body: bytes):
    """Links in a sitemap or feed; a feed must also be one that feed readers accept."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        return [], f"not well-formed XML ({e})"
    refs = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("loc", "link") and element.text and element.text.strip():
            refs.append((f"<{tag}>", element.text.strip()))
        if element.get("href"):
            refs.append((f"<{tag} href>", element.get("href")))
        if tag == "enclosure" and element.get("url"):
            refs.append(("<enclosure>", element.get("url")))
    tag = root.tag.rsplit("}", 1)[-1]
    if tag in ("rss", "feed"):
        parsed = feedparser.parse(body)
        if parsed.bozo:
            return refs, f"feed readers reject it ({parsed.bozo_exception})"
    return refs, ""


def short(url: str, base: str) -> str:
    return "/" + url[len(base):] if url.startswith(base) else url
