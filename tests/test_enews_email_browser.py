"""The e-mail version of the bundled editions in Chromium at 600 px (a mail client's reading pane), and
the subscribe and edition pages at phone width, in Thai and English. Screenshots go to tests/artifacts/."""
from __future__ import annotations

import json

import pytest

from browser import ARTIFACTS, horizontal_overflow, serve
from sitebuilder import ROOT, build

pytestmark = pytest.mark.browser
EDITIONS = ("isan-2022-2023", "south-2016-2023")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The bundled content, built with its absolute links pointing at the local server that serves it."""
    tmp = tmp_path_factory.mktemp("enews-browser")
    output = tmp / "output"
    with serve(output) as base:
        result = build(tmp, content=ROOT / "content", output=output,
                       extra_args=["-e", f"SITE_DOMAIN={json.dumps(base)}"])
        assert result.returncode == 0, result.stderr
        yield base, result


def test_email_edition_fits_600_px_and_100_kb(served, browser):
    base, result = served
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 600, "height": 900})
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    for slug in EDITIONS:
        for prefix, lang in (("", "th"), ("en/", "en")):
            url = f"{prefix}enews/{slug}/email.html"
            assert (result.output / url).stat().st_size < 100 * 1024
            page.goto(f"{base}/{url}", wait_until="load")
            assert horizontal_overflow(page) == 0, f"{url} is wider than 600 px"
            # Every picture loads from the site's absolute address and is at most the column's width.
            images = page.evaluate("[...document.images].map(i => [i.src, i.naturalWidth, i.getBoundingClientRect().right])")
            assert images, url
            for src, natural, right in images:
                assert src.startswith(base + "/") and natural > 0 and right <= 600, (url, src)
            assert failed == []
            page.screenshot(path=str(ARTIFACTS / f"enews-email-{slug}-{lang}-600.png"), full_page=True)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_subscribe_and_edition_pages_at_phone_width(served, lang, browser):
    base, _ = served
    prefix = "" if lang == "th" else "en/"
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/{prefix}subscribe/")
    assert horizontal_overflow(page) == 0
    # Without JavaScript the copy link is a plain link to the feed.
    copy = page.locator("a[data-copy]").first
    assert copy.get_attribute("href") == f"{base}/{prefix}feed.xml"
    details = page.locator("details.region-feeds").first
    details.locator("summary").click()
    assert details.locator("a[data-copy]").count() >= 2
    page.screenshot(path=str(ARTIFACTS / f"subscribe-{lang}-360.png"), full_page=True)
    page.goto(f"{base}/{prefix}enews/{EDITIONS[0]}/")
    assert horizontal_overflow(page) == 0
    assert page.locator("main .card").count() >= 2
    page.screenshot(path=str(ARTIFACTS / f"enews-edition-{lang}-360.png"), full_page=True)
    context.close()


def test_copy_link_copies_the_feed_address_with_javascript(served, browser):
    base, _ = served
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/en/subscribe/")
    link = page.locator("a[data-copy]").first
    link.click()
    assert page.url == f"{base}/en/subscribe/"  # copied, not followed
    assert page.evaluate("navigator.clipboard.readText()") == f"{base}/en/feed.xml"
    assert link.text_content() == "Copied"
    assert errors == []
    context.close()
