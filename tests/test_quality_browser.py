"""Gates 4, 5 and 9 in a real browser: axe-core WCAG 2.1 A/AA, zero CSP violations and reading without
JavaScript, on one page of every page kind in both languages (kinds found from the built site)."""
from __future__ import annotations

import pytest

from quality.browser import CSP_RECORDER, axe_violations, csp_violations, main_text
from quality.langmark import unmarked_passages
from quality.serve import serve
from quality.site import html_pages, one_page_per_kind

pytestmark = pytest.mark.browser


def kinds_of(output):
    pages = [p for p in one_page_per_kind(output) if not p.url.endswith("email.html")]
    assert {p.lang for p in pages} == {"th", "en"}, "pages of both languages are needed"
    return pages


def run_axe(browser, output, pages):
    problems = []
    with serve(output) as base:
        context = browser.new_context()
        for p in pages:
            page = context.new_page()
            page.goto(base + p.url, wait_until="load")
            problems += [f"/{p.url} [{p.kind}] {v}" for v in axe_violations(page)]
            page.close()
        context.close()
    return problems


def run_csp(browser, output, pages):
    problems = []
    with serve(output) as base:
        context = browser.new_context()
        context.add_init_script(CSP_RECORDER)
        for p in pages:
            problems += [f"/{p.url} [{p.kind}] {v}" for v in csp_violations(context, base + p.url)]
        context.close()
    return problems


def test_bundled_site_has_no_accessibility_violations(bundled_build, browser):
    output = bundled_build.ok().output
    problems = run_axe(browser, output, kinds_of(output))
    assert not problems, "axe-core WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_bundled_site_has_no_csp_violations(bundled_build, browser):
    output = bundled_build.ok().output
    problems = run_csp(browser, output, kinds_of(output))
    assert not problems, "Content-Security-Policy violations:\n" + "\n".join(problems)


def test_bundled_site_marks_every_language(bundled_build):
    output = bundled_build.ok().output
    problems = []
    for page in html_pages(output):
        if page.url.endswith("email.html"):
            continue
        problems += [f"/{page.url}:{p}" for p in unmarked_passages(page.path.read_text(encoding="utf-8"), page.lang)]
    assert not problems, "\n".join(problems)


def test_small_site_has_no_csp_violations(small_site, browser):
    output = small_site.ok().output
    assert not run_csp(browser, output, kinds_of(output))


def inject(output, url, snippet, where="</main>"):
    path = output / url / "index.html"
    path.write_text(path.read_text(encoding="utf-8").replace(where, snippet + where, 1), encoding="utf-8")
    return [p for p in html_pages(output) if p.url == url]


A11Y_BAD = {
    "image without alt": ('<img src="/images/forum.jpg">', "image-alt"),
    "link without text": ('<a href="/"></a>', "link-name"),
    "low contrast": ('<p class="lowc">Hard to read</p>', "color-contrast"),
    "form field without label": ('<input type="text">', "label"),
}


@pytest.mark.parametrize("case", A11Y_BAD, ids=list(A11Y_BAD))
def test_axe_gate_fails_on_an_inaccessible_page(small_copy, browser, case):
    snippet, rule = A11Y_BAD[case]
    css = small_copy / "theme" / "css" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.lowc{color:#eee;background:#fff}\n", encoding="utf-8")
    pages = inject(small_copy, "reports/food-forum/", snippet)
    problems = run_axe(browser, small_copy, pages)
    assert any(f" {rule} (" in p for p in problems), problems


CSP_BAD = {
    "inline script": "<script>document.title = 'x'</script>",
    "inline style attribute": '<p style="color:red">x</p>',
    "style block": "<style>p{color:red}</style>",
    "foreign image": '<img src="https://example.invalid/x.png" alt="x">',
    "event handler": '<img src="/images/forum.jpg" alt="x" onload="document.title=1">',
}


@pytest.mark.parametrize("case", CSP_BAD, ids=list(CSP_BAD))
def test_csp_gate_fails_on_inline_code(small_copy, browser, case):
    pages = inject(small_copy, "en/reports/food-forum/", CSP_BAD[case])
    assert run_csp(browser, small_copy, pages)


def test_language_gate_fails_on_unmarked_english_in_a_thai_page(small_copy):
    pages = inject(small_copy, "reports/food-forum/", "<p>Together we can do it</p>")
    problems = unmarked_passages(pages[0].path.read_text(encoding="utf-8"), "th")
    assert any("en passage not marked" in p and "Together" in p for p in problems), problems
    marked = inject(small_copy, "reports/food-forum/", '<p lang="en">Marked English passage here</p>')
    assert not any("Marked English" in p for p in unmarked_passages(marked[0].path.read_text(encoding="utf-8"), "th"))


def test_language_gate_fails_on_a_wrong_page_language():
    assert any("<html lang>" in p for p in unmarked_passages('<html lang="th"><body><p>x</p></body></html>', "en"))


READING_PAGES = ("", "en/", "reports/")


def reading_problems(browser, output, urls):
    """Pages whose main text differs with JavaScript off: reading must not need scripts."""
    problems = []
    with serve(output) as base:
        on, off = browser.new_context(), browser.new_context(java_script_enabled=False)
        for url in urls:
            with_js, without_js = main_text(on, base + url), main_text(off, base + url)
            if not without_js or with_js != without_js:
                problems.append(f"/{url}: the main text is not all there without JavaScript")
        on.close()
        off.close()
    return problems


def reading_urls(output):
    pages = html_pages(output)
    firsts = [next((p.url for p in pages if p.kind == kind), None) for kind in ("item:reports", "item:provinces")]
    return [u for u in [*READING_PAGES, *firsts] if u is not None and (output / u / "index.html").is_file()]


def test_bundled_site_reads_without_javascript(bundled_build, browser):
    output = bundled_build.ok().output
    assert not reading_problems(browser, output, reading_urls(output))


def test_reading_gate_fails_when_a_script_writes_the_text(small_copy, browser):
    js = small_copy / "theme" / "js"
    js.mkdir(parents=True, exist_ok=True)
    (js / "write.js").write_text("document.querySelector('main').append('Text only scripts can show.');", encoding="utf-8")
    inject(small_copy, "reports/food-forum/", '<script src="/theme/js/write.js" defer></script>', "</head>")
    assert reading_problems(browser, small_copy, ["reports/food-forum/"])
