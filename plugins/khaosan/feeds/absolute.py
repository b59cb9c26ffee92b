"""Make every link and picture in a piece of HTML absolute, for feed readers and mail clients."""
from __future__ import annotations

import re
from urllib.parse import urljoin

# The sanitiser leaves only href and src as URL attributes, always double-quoted.
URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)"', re.I)
SRCSET_ATTRIBUTE = re.compile(r'(\ssrcset=")([^"]*)"', re.I)


def absolute_url(site: str, path: str) -> str:
    """A site path ('news/x/', '/images/a.jpg') or an absolute URL, as an absolute URL."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I) or path.startswith("//"):
        return path
    return f"{site}/{path.lstrip('/')}"


def absolutize(html: str, site: str, base: str) -> str:
    """Rewrite href and src: `site` is the site's absolute address, `base` the absolute URL of the page
    the HTML belongs to (relative links resolve against it, site-rooted ones against `site`)."""
    def repl(match):
        value = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I) or value.startswith("//"):
            return match.group(0)
        if value.startswith("/"):
            return f'{match.group(1)}{site}{value}"'
        return f'{match.group(1)}{urljoin(base, value)}"'
    def repl_set(match):
        # srcset of the body's <picture> (khaosan.pictures): "URL 480w, URL 960w"
        entries = [entry.strip().split(" ", 1) for entry in match.group(2).split(",") if entry.strip()]
        rewritten = ", ".join(" ".join([absolute_url(site, parts[0]) if parts[0].startswith("/") else urljoin(base, parts[0]), *parts[1:]])
                              for parts in entries)
        return f'{match.group(1)}{rewritten}"'
    return SRCSET_ATTRIBUTE.sub(repl_set, URL_ATTRIBUTE.sub(repl, html))
