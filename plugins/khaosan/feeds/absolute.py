"""Make every link and picture in a piece of HTML absolute, for feed readers and mail clients."""
from __future__ import annotations

import re
from urllib.parse import urljoin

# The sanitiser leaves only href and src as URL attributes, always double-quoted.
URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)"', re.I)


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
    return URL_ATTRIBUTE.sub(repl, html)
