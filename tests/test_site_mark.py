"""The site's mark: the icons every page links and the web app manifest exist, are the sizes they say,
and carry no ASCII site name for readers to see (the mark is a picture, the names are Thai and English)."""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from PIL import Image

from sitebuilder import ROOT

IMAGES = ROOT / "theme" / "static" / "images"


def test_every_page_links_the_mark_and_the_manifest(bundled_site):
    for path in ("", "en/", "reports/nakhon-si-thammarat-food-security-editorial-meeting/"):
        page = bundled_site.page(path)
        links = dict(re.findall(r'<link rel="(icon|manifest|apple-touch-icon)" href="/([^"]+)"', page))
        assert set(links) == {"icon", "manifest", "apple-touch-icon"}, path
        for target in re.findall(r'<link rel="(?:icon|manifest|apple-touch-icon)" href="/([^"]+)"', page):
            assert (bundled_site.output / target).is_file(), target


def test_manifest_icons_exist_at_their_sizes(bundled_site):
    manifest_url = "theme/manifest.webmanifest"
    manifest = json.loads((bundled_site.output / manifest_url).read_text(encoding="utf-8"))
    # Relative to the manifest: the app's scope is the whole site, not the theme folder.
    assert urljoin("/" + manifest_url, manifest["start_url"]) == "/"
    assert urljoin("/" + manifest_url, manifest["scope"]) == "/"
    for icon in manifest["icons"]:
        path = bundled_site.output / urljoin(manifest_url, icon["src"])
        assert path.is_file(), icon["src"]
        if icon["type"] == "image/png":
            width, height = (int(n) for n in icon["sizes"].split("x"))
            assert Image.open(path).size == (width, height), icon["src"]
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


def test_feed_pictures_have_the_shapes_feeds_want():
    assert Image.open(IMAGES / "icon-512.png").size == (512, 512)  # JSON Feed "icon": square, 512
    width, height = Image.open(IMAGES / "logo-2x1.png").size  # Atom <logo>: 2:1 (RFC 4287 4.2.8)
    assert width == 2 * height
    assert {size for size in Image.open(IMAGES / "favicon.ico").info["sizes"]} == {(16, 16), (32, 32), (48, 48)}


def test_the_mark_shows_no_text():
    svg = (IMAGES / "mark.svg").read_text(encoding="utf-8")
    assert "<text" not in svg and "khaosan" not in svg.lower()
    assert 'aria-label="' in svg  # its name for screen readers is the Thai site name
