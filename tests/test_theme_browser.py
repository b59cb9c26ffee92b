"""The Thai report page and its English twin at phone width: screenshots, and no horizontal overflow."""
from __future__ import annotations

import pytest

from browser import ARTIFACTS, horizontal_overflow

REPORT = "reports/nakhon-si-thammarat-food-security-editorial-meeting/"
PAGES = [REPORT, "en/" + REPORT, "", "en/", "news/", "news/southern-happiness-forum-13/", "about/"]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_phone_width_without_overflow(bundled_site, browser, server, path):
    ARTIFACTS.mkdir(exist_ok=True)
    base = server(bundled_site)
    page = browser.new_page(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    response = page.goto(f"{base}/{path}")
    assert response.status == 200
    page.evaluate("document.fonts.ready")
    name = (path.strip("/").replace("/", "_") or "home") + "_375.png"
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    assert horizontal_overflow(page) <= 0, f"{path} is wider than a 375 px phone"
    # The Thai text is set in the site's own Sarabun, not a fallback.
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ภาษาไทย')")
    page.close()
