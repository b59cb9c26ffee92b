"""/provinces/ and a region page in Debian's Chromium: screenshots at phone and desktop width, no horizontal
overflow, no Content-Security-Policy violations, and map areas that are links with names."""
from __future__ import annotations

import re

import pytest

import placesite
from browser import ARTIFACTS, horizontal_overflow

# /provinces/ and a region page in both languages at phone and desktop width; a province and a health
# region at phone width.
VIEWS = [(path, width) for path in ("provinces/", "en/provinces/", "regions/northeast/", "en/regions/central/")
         for width in (375, 1280)] + [("provinces/nakhon-phanom/", 375), ("en/health-regions/8/", 375)]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(place_site):
    return place_site


@pytest.fixture(scope="module")
def base(site, server):
    return server(site)


@pytest.mark.parametrize("path, width", VIEWS)
def test_no_overflow_at_phone_and_desktop_width(base, browser, path, width):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(f"{base}/{path}")
    assert response.status == 200
    page.evaluate("document.fonts.ready")
    name = f"places_{path.strip('/').replace('/', '_')}_{width}.png"
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    assert horizontal_overflow(page) <= 0, f"/{path} is wider than {width} px"
    assert page.locator("svg.map").first.is_visible()
    box = page.locator("svg.map").first.bounding_box()
    assert box["width"] > 100 and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert not violations, violations
    page.close()


def test_map_provinces_are_named_links(base, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/en/provinces/")
    areas = page.locator("svg.map a")
    assert areas.count() == 77
    # The accessible name a screen reader announces comes from each shape's <title>.
    link = page.get_by_role("link", name=re.compile(r"^Nakhon Phanom: 2 field reports, \d+ news, \d+ partners$"))
    assert link.count() == 1
    link.focus()  # by keyboard: the shapes are in the tab order
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/en/provinces/nakhon-phanom/")
    assert page.locator("h1").inner_text() == "Nakhon Phanom"
    page.close()


def test_thai_map_names_and_colours(base, browser):
    page = browser.new_page(viewport={"width": 375, "height": 812})
    page.goto(f"{base}/provinces/")
    assert page.get_by_role("link", name=re.compile(r"^สตูล: รายงานจากพื้นที่ 0 เรื่อง ข่าว \d+ เรื่อง ภาคี \d+ องค์กร$")).count() == 1
    # Colour comes from the stylesheet's classes: a province with reports is drawn darker than one without.
    fill = lambda slug: page.locator(f'svg.map a[href="/provinces/{slug}/"] path').evaluate("p => getComputedStyle(p).fill")
    assert fill("khon-kaen") != fill("satun")
    assert fill("satun") != "rgb(0, 0, 0)"  # the stylesheet applied, not the SVG default
    page.close()
