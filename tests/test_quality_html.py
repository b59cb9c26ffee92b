"""Gate 2, HTML validity: the Nu HTML Checker finds no error in any page (one run per site)."""
from __future__ import annotations

import pytest

from quality.html import errors, validate
from quality.site import html_pages

pytestmark = pytest.mark.slow


def test_bundled_site_is_valid_html(bundled_build):
    site = bundled_build.ok()
    assert html_pages(site.output), "the build wrote no pages"
    problems = errors(validate(site.output), site.output)
    assert not problems, "vnu found errors:\n" + "\n".join(problems)


def test_small_site_is_valid_html(small_site):
    site = small_site.ok()
    problems = errors(validate(site.output), site.output)
    assert not problems, "\n".join(problems)


def test_gate_fails_on_an_invalid_page(small_copy):
    bad = small_copy / "reports" / "broken" / "index.html"
    bad.parent.mkdir(parents=True)
    # A second <main>, an attribute <p> does not have, a <div> inside <span> and a missing <title>.
    bad.write_text('<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"></head><body>'
                   '<main><p align="left">x</p></main><main><span><div>y</div></span></main></body></html>',
                   encoding="utf-8")
    problems = errors(validate(small_copy), small_copy)
    assert problems and all(p.startswith("reports/broken/index.html:") for p in problems), problems
    assert any("title" in p for p in problems), problems
