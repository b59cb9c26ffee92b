"""What a phone really downloads: a report with a 4000×3000 cover, measured in Debian's Chromium at 375 px
and device pixel ratio 2, transfers at most 150 KB of pictures; pictures below the first screen wait."""
from __future__ import annotations

import pytest

from browser import serve
from picturesite import phone_jpeg, picture_site_files
from sitebuilder import build, settings_file

pytestmark = pytest.mark.browser
PICTURE_BUDGET = 150 * 1024


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pictures-browser")
    files = picture_site_files(cover=phone_jpeg(4000, 3000))
    result = build(folder, files, settings=str(settings_file(folder / "conf.py", "")))
    assert result.returncode == 0, result.stderr
    return result


def picture_bytes(browser, site, path: str, width: int = 375, scale: int = 2) -> dict:
    """{URL: bytes received} of every picture the page loads in the browser, scrolled to the top only."""
    received = {}
    with serve(site.output) as base:
        context = browser.new_context(viewport={"width": width, "height": 740}, device_scale_factor=scale,
                                      is_mobile=True, has_touch=True)
        page = context.new_page()

        def on_response(response):
            if response.request.resource_type == "image":
                received[response.url] = len(response.body())
        page.on("response", on_response)
        page.goto(f"{base}{path}", wait_until="networkidle")
        page.wait_for_timeout(300)
        context.close()
    return received


def test_phone_downloads_at_most_150_kb_of_pictures(browser, site):
    # The photo as uploaded is over 2 MB: what reaches the phone is one AVIF of the cover's right width.
    assert len(phone_jpeg(4000, 3000)) > 2_000_000
    received = picture_bytes(browser, site, "/reports/forum/")
    assert received, "no picture was loaded"
    assert sum(received.values()) <= PICTURE_BUDGET, received
    cover = [url for url in received if "-960." in url]
    assert cover and cover[0].endswith(".avif"), received


def test_every_picture_below_the_first_screen_is_lazy(browser, site):
    """Laid out by the browser on a phone: each picture that starts below the first screen is lazy, and the
    cover, on the first screen, is not (it is what the reader sees first)."""
    with serve(site.output) as base:
        context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
        page = context.new_page()
        page.goto(f"{base}/reports/forum/", wait_until="load")
        pictures = page.evaluate("""() => [...document.images].map(img => ({
            src: img.currentSrc, top: img.getBoundingClientRect().top + window.scrollY, loading: img.loading}))""")
        context.close()
    below = [p for p in pictures if p["top"] >= 740]
    above = [p for p in pictures if p["top"] < 740]
    assert len(below) >= 4, pictures       # the body picture and three gallery photos
    assert all(p["loading"] == "lazy" for p in below), below
    assert any(".avif" in p["src"] and p["loading"] == "auto" for p in above), above
