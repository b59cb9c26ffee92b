"""Gate 9, page weight: home, a report and a province page load in ≤ 100 KB compressed (images excepted),
and their HTML + render-blocking CSS fit in 14 KB compressed. (Reading without JavaScript is checked in a
real browser in test_quality_browser.py.)"""
from __future__ import annotations

import pytest

import os

from quality.site import html_pages
from quality.weight import FIRST_LOAD_BUDGET, over_budget, weigh

# A quality gate (docs/quality.md): `make quality` and `make test` run it, `make test-fast` does not.
pytestmark = pytest.mark.slow


def budget_pages(output):
    pages = html_pages(output)
    chosen = ["", "en/"]
    for kind in ("item:reports", "item:provinces"):
        of_kind = [p for p in pages if p.kind == kind]
        # The heaviest page of the kind: the one that would break the budget first.
        chosen += [max(of_kind, key=lambda p: p.path.stat().st_size).url] if of_kind else []
    return chosen


def test_bundled_pages_fit_the_budget(bundled_build):
    output = bundled_build.ok().output
    urls = budget_pages(output)
    assert any(u.startswith("reports/") for u in urls), "no report page to weigh"
    assert any(u.startswith("provinces/") for u in urls), "no province page to weigh"
    weights = [weigh(output, u) for u in urls]
    report = "\n".join(f"/{w.url}: first load {w.total:,} B, first paint {w.first_paint:,} B" for w in weights)
    problems = [p for w in weights for p in over_budget(w)]
    assert not problems, "\n".join(problems) + "\n" + report
    print(report)


def test_weight_counts_fonts_and_stylesheets(small_site):
    output = small_site.ok().output
    weight = weigh(output, "reports/food-forum/")
    assert any(k.endswith(".css") for k in weight.files) and any(k.endswith(".woff2") for k in weight.files), weight.files


def test_gate_fails_on_a_heavy_asset(small_copy):
    css = small_copy / "theme" / "css" / "site.css"
    heavy = small_copy / "theme" / "fonts" / "heavy.woff2"
    heavy.write_bytes(os.urandom(FIRST_LOAD_BUDGET))         # random bytes do not compress
    css.write_text(css.read_text(encoding="utf-8") + '\n@font-face{font-family:H;src:url(../fonts/heavy.woff2) format("woff2")}\n', encoding="utf-8")
    problems = over_budget(weigh(small_copy, "reports/food-forum/"))
    assert any("first load" in p and "heavy.woff2" in p for p in problems), problems


def test_gate_fails_on_a_heavy_script(small_copy):
    js = small_copy / "theme" / "js" / "big.js"
    js.parent.mkdir(parents=True, exist_ok=True)
    js.write_text("var x='" + os.urandom(80_000).hex() + "';", encoding="utf-8")
    page = small_copy / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</head>", '<script src="/theme/js/big.js" defer></script></head>'), encoding="utf-8")
    assert any("first load" in p for p in over_budget(weigh(small_copy, "")))


def test_gate_fails_on_a_page_too_big_for_first_paint(small_copy):
    page = small_copy / "reports" / "food-forum" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>" + os.urandom(12_000).hex() + "</p></main>"), encoding="utf-8")
    problems = over_budget(weigh(small_copy, "reports/food-forum/"))
    assert any("first paint" in p for p in problems) or any("blocking CSS" in p for p in problems), problems
