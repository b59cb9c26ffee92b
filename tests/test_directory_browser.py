"""The partner directory's filters in Chromium: choosing a type and a province narrows the list to the right
partners, the address carries the choice, and reloading that address restores it. Without JavaScript the page
is the complete list."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from browser import ARTIFACTS, horizontal_overflow
from partnersite import PARTNERS

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(partner_site):
    return partner_site


def visible_slugs(page) -> set[str]:
    return set(page.eval_on_selector_all(".partner-entry", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.slug)"))


def expected(type_=None, province=None, lang="en") -> set[str]:
    out = set()
    for slug, versions in PARTNERS.items():
        fields = versions.get(lang) or next(iter(versions.values()))
        if (type_ is None or fields["type"] == type_) and (province is None or province in (fields.get("provinces") or [])):
            out.add(slug)
    return out


def test_filters_narrow_the_list_keep_the_url_and_survive_a_reload(site, browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    base = server(site)
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "/en/partners/")
    assert page.is_visible("#partner-filters")
    assert visible_slugs(page) == set(PARTNERS)
    page.select_option("#filter-type", "academic")
    assert visible_slugs(page) == expected(type_="academic") == {"alpha-university", "delta-college"}
    page.select_option("#filter-province", "nakhon-phanom")
    want = expected(type_="academic", province="nakhon-phanom")
    assert want == {"alpha-university"}
    assert visible_slugs(page) == want
    query = parse_qs(urlparse(page.url).query)
    assert query == {"type": ["academic"], "province": ["nakhon-phanom"]}
    assert page.text_content("#directory-status") == f"Showing 1 of {len(PARTNERS)} partners"
    # Only the chosen province's group is shown, with its count of what is shown.
    assert page.eval_on_selector_all(".directory-group", "els => els.filter(e => !e.hidden).map(e => e.dataset.province)") == ["nakhon-phanom"]
    assert page.text_content('[data-province="nakhon-phanom"] h3 .count') == "(1)"
    page.screenshot(path=str(ARTIFACTS / "directory-en-filtered-phone.png"), full_page=True)
    assert horizontal_overflow(page) == 0

    page.reload()
    assert page.input_value("#filter-type") == "academic"
    assert page.input_value("#filter-province") == "nakhon-phanom"
    assert visible_slugs(page) == want

    # A shared address opens filtered; a filter nobody matches says so.
    page.goto(base + "/partners/?type=local-government&topic=road-safety")
    assert visible_slugs(page) == {"epsilon-town"}
    page.select_option("#filter-region", "north")
    assert visible_slugs(page) == set()
    assert page.is_visible("#directory-empty")
    assert parse_qs(urlparse(page.url).query)["region"] == ["north"]
    page.goto(base + "/partners/")
    page.screenshot(path=str(ARTIFACTS / "directory-th-phone.png"), full_page=True)
    assert horizontal_overflow(page) == 0


def test_without_javascript_the_directory_is_the_complete_list(site, browser, server):
    base = server(site)
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base + "/en/partners/?type=academic")
    assert not page.is_visible("#partner-filters")
    assert visible_slugs(page) == set(PARTNERS)
    context.close()
