"""The language of every page, and of every passage in the other language inside it, is marked."""
from __future__ import annotations

import re
from html.parser import HTMLParser

THAI = re.compile(r"[\u0E00-\u0E7F]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP = {"script", "style", "template", "code", "pre", "kbd", "samp"}


class _Langs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.html_lang = None
        self.texts: list[tuple[str, str, int]] = []

    def current(self):
        return next((lang for _, lang in reversed(self.stack) if lang), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag not in VOID:
            self.stack.append((tag, attrs.get("lang")))
        # Text a reader hears read aloud from attributes.
        for name in ("alt", "title", "aria-label"):
            if attrs.get(name):
                self.texts.append((attrs[name], attrs.get("lang") or self.current() or "", self.getpos()[0]))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip() and not any(tag in SKIP for tag, _ in self.stack):
            self.texts.append((data.strip(), self.current() or "", self.getpos()[0]))


ADDRESS = re.compile(r"\S*[./@:]\S*[A-Za-z]\S*")   # web and e-mail addresses, file names: no language


def language_of(text: str) -> str | None:
    """"en" for a passage of three or more Latin words with no Thai, "th" for Thai with no Latin word."""
    text = ADDRESS.sub(" ", text)
    if THAI.search(text):
        return "th" if not LATIN_WORD.search(text) else None
    return "en" if len(LATIN_WORD.findall(text)) >= 3 else None


# The spans and <wbr> that keep Thai words whole in headings (reader_aids) carry no text and no language:
# a heading is read as the one passage it is.
KEPT_WORD = re.compile(r'<span class="w">([^<]*)</span>|<wbr>')


def unmarked_passages(html: str, expected_lang: str) -> list[str]:
    parser = _Langs()
    parser.feed(KEPT_WORD.sub(lambda m: m.group(1) or "", html))
    parser.close()
    problems = []
    if parser.html_lang != expected_lang:
        problems.append(f"1: <html lang> is {parser.html_lang!r}, expected {expected_lang!r}")
    for text, marked, line in parser.texts:
        found = language_of(text)
        if found and not (marked or "").startswith(found):
            problems.append(f"{line}: {found} passage not marked lang=\"{found}\": {text[:80]!r}")
    return problems
