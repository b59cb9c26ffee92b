"""Lighthouse on the home page, a report, a province page and the partner directory in both languages:
accessibility, best practices and SEO at least 95 (performance is timing: `make bench` records it)."""
from __future__ import annotations

import pytest

from quality.lighthouse import URLS, audit, published_site

MINIMUM = 95
CATEGORIES = ("accessibility", "best-practices", "seo")


@pytest.fixture(scope="module")
def site_base():
    with published_site() as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("name, path", URLS, ids=[name for name, _ in URLS])
def test_lighthouse_scores(site_base, name, path):
    result = audit(f"{site_base}/{path}", CATEGORIES)
    low = {category: score for category, score in result["scores"].items() if score < MINIMUM}
    assert set(result["scores"]) == set(CATEGORIES)
    assert not low, f"/{path}: {low}\n" + "\n".join(result["failing"])
