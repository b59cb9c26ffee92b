"""Search (issue 12): the index, the search pages and the queries readers type, in Debian's Chromium.

The queries are data (tests/search_queries.yml), typed into the search page itself, over the bundled
content and a fixture site (tests/searchsite.py) the code has never seen.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import stat
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml
from lxml import html as lxml_html

from browser import serve
from quality.browser import CSP_RECORDER, axe_violations, csp_violations
from quality.links import crawl
from quality.security import scan_html
from searchsite import FILES, MANY_FILES, MANY_RICE, MANY_WHITE
from sitebuilder import ROOT, build, settings_file

from khaosan.search import synonyms

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
SEARCH_URL = {"th": "search/", "en": "en/search/"}
PHONE_BUDGET = 150 * 1024


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    result = build(tmp_path_factory.mktemp("searchsite"), FILES)
    assert result.returncode == 0, result.stderr
    return result.output


@pytest.fixture(scope="module")
def many_site(tmp_path_factory):
    result = build(tmp_path_factory.mktemp("manysite"), MANY_FILES)
    assert result.returncode == 0, result.stderr
    return result.output


@pytest.fixture(scope="module")
def sites(bundled_build, fixture_site, many_site):
    output = {"bundled": bundled_build.ok().output, "fixture": fixture_site, "many": many_site}
    with serve(output["bundled"]) as bundled, serve(fixture_site) as fixture, serve(many_site) as many:
        yield {"bundled": (output["bundled"], bundled), "fixture": (fixture_site, fixture), "many": (many_site, many)}


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def answered(page, query=None):
    """Wait until search.js has drawn the answer to `query` (it marks #search with the query it answered)."""
    if query is None:
        selector = "#search[data-answered]:not([aria-busy])"
    else:
        value = query.strip().replace("\\", "\\\\").replace('"', '\\"')
        selector = f'#search[data-answered="{value}"]:not([aria-busy])'
    page.wait_for_selector(selector, state="attached", timeout=15000)


def result_paths(page) -> list[str]:
    return [urlsplit(a.get_attribute("href")).path.lstrip("/") for a in page.query_selector_all("#search-results li h3 a")]


def ask(page, base, lang, query) -> list[str]:
    page.goto(f"{base}/{SEARCH_URL[lang]}?q={quote(query)}")
    answered(page, query)
    return result_paths(page)


@pytest.mark.browser
@pytest.mark.parametrize("case", QUERIES, ids=[f"{c['site']}-{c['lang']}-{c['q']}" for c in QUERIES])
def test_a_real_query_finds_its_page_in_the_first_five(sites, page, case):
    _, base = sites[case["site"]]
    found = ask(page, base, case["lang"], case["q"])
    assert case["finds"] in found[:5], f"{case['q']!r} on /{SEARCH_URL[case['lang']]}: top five were {found[:5]}"


def test_the_query_list_is_long_and_varied():
    assert len(QUERIES) >= 30
    thai = [c for c in QUERIES if re.search(r"[\u0e00-\u0e7f]", c["q"])]
    assert len(thai) >= 15 and len(QUERIES) - len(thai) >= 8
    assert any(re.search(r"[\u0e00-\u0e7f]", c["q"]) and re.search(r"[A-Za-z]", c["q"]) for c in QUERIES)
    assert any(c["q"].startswith(("จ.", "จังหวัด")) for c in QUERIES)
    assert any(c["q"] != c["q"].lower() and c["q"] == c["q"].upper() for c in QUERIES)


def article_text(output: Path, path: str) -> str:
    tree = lxml_html.fromstring((output / path / "index.html").read_bytes())
    for hidden in tree.xpath("//*[@data-pagefind-ignore]"):
        hidden.drop_tree()
    return " ".join(tree.xpath("string(//*[@data-pagefind-body])").split())


@pytest.mark.browser
@pytest.mark.parametrize("word,own", [("ข่าว", "reports/village-news/"), ("ขาว", "reports/white-cloth/"), ("ข้าว", "reports/rice-bank/")])
def test_tone_marks_count_each_word_finds_only_the_pages_holding_it(sites, page, word, own):
    output, base = sites["fixture"]
    found = ask(page, base, "th", word)
    holding = {p for p in found if word in article_text(output, p)}
    assert own in found
    assert set(found) == holding, f"{word}: {sorted(set(found) - holding)} do not hold {word}"


def fragments_read(requests: list[str]) -> int:
    return sum(1 for url in requests if "/pagefind/fragment/" in url)


@pytest.mark.browser
@pytest.mark.parametrize("word,holding,other", [("ข้าว", MANY_RICE, MANY_WHITE), ("ขาว", MANY_WHITE, MANY_RICE)])
def test_many_candidates_are_read_a_screenful_at_a_time_and_only_exact_words_are_shown(browser, sites, word, holding, other):
    """24 pages hold the word, 24 others the same letters with other marks: the first results show after one
    screenful of pages was read (not all 24), and "More results" goes on to exactly the 24."""
    output, base = sites["many"]
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/search/?q={quote(word)}")
    answered(page, word)
    first = result_paths(page)
    read_first = fragments_read(requests)
    assert len(first) == 5 and set(first) <= set(holding), first
    assert read_first < len(holding), f"{read_first} pages read before the first results"
    assert re.search(r"\b24\b", page.inner_text("#search-status"))
    while page.is_visible("#search-more"):
        before = len(result_paths(page))
        page.click("#search-more")
        page.wait_for_selector(f"#search-results li:nth-child({before + 1})")
        answered(page, word)
    found = result_paths(page)
    assert sorted(found) == sorted(holding), f"missing {set(holding) - set(found)}, extra {set(found) - set(holding)}"
    assert not set(found) & set(other)
    assert all(word in article_text(output, p) for p in found)
    assert fragments_read(requests) <= len(holding)
    context.close()


@pytest.mark.browser
def test_facets_count_every_page_found_not_only_those_read(sites, page):
    _, base = sites["many"]
    ask(page, base, "th", "ข้าว")
    labels = [l.inner_text() for l in page.query_selector_all('[data-facet="province"] label')]
    # 24 rice pages over six northern provinces: four each, though only five pages were read.
    assert sorted(labels) == sorted(f"{name} (4 หน้า)" for name in ["เชียงใหม่", "เชียงราย", "ลำปาง", "น่าน", "แพร่", "พะเยา"]), labels
    page.click('[data-facet="province"] input[value="น่าน"]')
    answered(page, "ข้าว")
    assert sorted(result_paths(page)) == sorted(MANY_RICE[n] for n in range(24) if n % 6 == 3)
    assert re.search(r"\b4\b", page.inner_text("#search-status"))


@pytest.mark.browser
def test_facets_do_not_count_pages_that_only_match_part_of_a_thai_word(sites, page):
    """Pagefind splits โคราช into โค|ราช and also finds pages with นครศรีธรรมราช; once read and refused,
    such pages leave the counts as they leave the results."""
    _, base = sites["bundled"]
    found = ask(page, base, "th", "โคราช")
    assert not page.is_visible("#search-more")
    for label in page.query_selector_all("#search-facets label"):
        count = int(re.search(r"\((\d+)", label.inner_text()).group(1))
        assert count <= len(found), f"{label.inner_text()} with {len(found)} results"


@pytest.mark.browser
def test_results_show_title_date_kind_province_and_a_marked_snippet(sites, page):
    _, base = sites["fixture"]
    ask(page, base, "th", "เหล้า")
    item = page.query_selector('#search-results li:has(a[href="/reports/merit-fair/"])')
    assert item.query_selector("h3 a").inner_text() == "งานบุญปลอดเหล้า วัดบ้านโนนสูง"
    meta = item.query_selector(".search-meta").inner_text()
    assert "13 เมษายน 2567" in meta and "นครราชสีมา" in meta and "รายงานจากพื้นที่" in meta
    assert [m.inner_text() for m in item.query_selector_all(".search-snippet mark")][:1] == ["เหล้า"]
    assert page.query_selector("main #search-results a")
    ask(page, base, "en", "korat")
    meta = page.query_selector("#search-results li .search-meta").inner_text()
    assert "13 April 2024" in meta and "Nakhon Ratchasima" in meta


@pytest.mark.browser
def test_results_update_as_the_reader_types_and_the_url_follows(sites, page):
    _, base = sites["fixture"]
    page.goto(f"{base}/search/")
    answered(page, "")
    page.fill("#search-q", "ธนาคาร")
    answered(page, "ธนาคาร")
    assert "reports/rice-bank/" in result_paths(page)
    page.type("#search-q", "ข้าว")
    answered(page, "ธนาคารข้าว")
    assert result_paths(page) == ["reports/rice-bank/"]
    assert "q=" + quote("ธนาคารข้าว") in page.url


@pytest.mark.browser
def test_facets_have_counts_and_narrow_the_results(sites, page):
    _, base = sites["fixture"]
    ask(page, base, "th", "2567")
    before = result_paths(page)
    assert len(before) >= 2
    provinces = page.query_selector('[data-facet="province"]')
    labels = [l.inner_text() for l in provinces.query_selector_all("label")]
    assert any("นครราชสีมา" in l and "(1" in l for l in labels), labels
    page.click('[data-facet="province"] input[value="นครราชสีมา"]')
    answered(page, "2567")
    assert result_paths(page) == ["reports/merit-fair/"]
    assert "province=" + quote("นครราชสีมา") in page.url
    for name in ("kind", "region", "health_region", "topic", "year"):
        assert page.query_selector(f'[data-facet="{name}"]') is not None


@pytest.mark.browser
def test_without_javascript_the_page_says_search_needs_it_and_links_the_indexes(browser, sites):
    _, base = sites["bundled"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/search/?q=สสส.")
    note = page.query_selector("#search-nojs")
    assert note.is_visible() and "JavaScript" in note.inner_text()
    links = [a.get_attribute("href") for a in note.query_selector_all("a")]
    assert {"/reports/", "/news/", "/partners/", "/provinces/", "/enews/"} <= set(links)
    assert not page.query_selector("#search-ui").is_visible()
    context.close()


@pytest.mark.browser
def test_the_header_box_is_usable_by_keyboard(browser, sites):
    _, base = sites["bundled"]
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/reports/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "site-search-q":
            break
    else:
        pytest.fail("Tab never reached the header's search box")
    page.keyboard.type("สสส.")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    answered(page, "สสส.")
    assert "partners/thaihealth/" in result_paths(page)[:5]
    # From the box, Tab reaches the results (facets come after them) and Enter follows a result.
    page.focus("#search-q")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#search-results') !== null"):
            break
    else:
        pytest.fail("Tab never reached a result")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    context.close()


def html_files(output: Path):
    return [p for p in output.rglob("*.html") if p.name == "index.html"]


def test_every_page_has_a_search_box_that_works_without_javascript(bundled_build):
    output = bundled_build.ok().output
    for path in html_files(output):
        rel = path.relative_to(output).as_posix()
        if rel in ("search/index.html", "en/search/index.html"):
            continue
        tree = lxml_html.fromstring(path.read_bytes())
        forms = tree.xpath('//header//form[@role="search"]')
        assert len(forms) == 1, rel
        lang = tree.get("lang")
        assert forms[0].get("action") == "/" + SEARCH_URL[lang] and forms[0].get("method") == "get", rel
        assert forms[0].xpath('.//input[@type="search"][@name="q"]'), rel


def test_only_items_are_indexed_each_language_apart(bundled_build):
    output = bundled_build.ok().output
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"].startswith("1.6.")
    marked = {"th": [], "en": []}
    for path in html_files(output):
        text = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in text:
            rel = path.relative_to(output).as_posix()
            marked["en" if rel.startswith("en/") else "th"].append(rel)
    for lang, pages in marked.items():
        assert entry["languages"][lang]["page_count"] == len(pages)
        kinds = {p.split("/")[1 if lang == "en" else 0] for p in pages}
        # Items only: reports, news, partners, e-news editions and the standing pages (about/, project/).
        assert kinds <= {"reports", "news", "partners", "enews", "about", "project"}, kinds
        assert not [p for p in pages if "/page/" in p], "a partner's later pages repeat it"
    assert not (output / "pagefind" / "pagefind-ui.js").exists()


def sent_size(data: bytes) -> int:
    """Bytes over the wire: Pagefind's index files are gzip already and go as they are; the rest gzipped."""
    return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6, mtime=0))


@pytest.mark.browser
@pytest.mark.parametrize("lang,query", [("th", "สสส."), ("th", "เหล้า"), ("th", "โคราช"), ("th", "สุขภาพ"), ("en", "health")])
def test_first_search_on_a_phone_downloads_at_most_150_kb(browser, sites, lang, query):
    """Everything the search page fetches to answer its first query: script, WebAssembly, index, filters,
    synonyms and the text of the pages it shows (Pagefind's fragments: one screenful, not every page found),
    gzip as a server sends it."""
    output, base = sites["bundled"]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    fetched = []
    context.on("requestfinished", lambda r: fetched.append(urlsplit(r.url).path))
    page.goto(f"{base}/{SEARCH_URL[lang]}?q={quote(query)}")
    answered(page, query)
    context.close()
    search_files = sorted({p for p in fetched if p.startswith("/pagefind/") or p.endswith(("search.js", "synonyms.json"))})
    assert any(p.endswith(".pf_index") for p in search_files) and any("wasm" in p for p in search_files)
    assert "/theme/js/search.js" in search_files and not any(p.endswith("pagefind-worker.js") for p in search_files)
    size = sum(sent_size((output / p.lstrip("/")).read_bytes()) for p in search_files)
    assert size <= PHONE_BUDGET, f"{size} bytes compressed: {search_files}"


@pytest.mark.browser
def test_search_pages_pass_axe_and_csp_with_results_shown(browser, sites):
    problems = []
    for site in ("bundled", "fixture"):
        _, base = sites[site]
        context = browser.new_context()
        context.add_init_script(CSP_RECORDER)
        for lang, query in (("th", "เหล้า"), ("en", "health")):
            page = context.new_page()
            page.goto(f"{base}/{SEARCH_URL[lang]}?q={quote(query)}")
            answered(page, query)
            assert result_paths(page), f"{site} {lang}: no results to check"
            problems += [f"{site} /{SEARCH_URL[lang]} {v}" for v in axe_violations(page)]
            problems += [f"{site} /{SEARCH_URL[lang]} CSP {v}" for v in page.evaluate("window.__cspViolations")]
            page.close()
        context.close()
    assert not problems, "\n".join(problems)


def test_search_pages_pass_the_static_security_scan(bundled_build):
    output = bundled_build.ok().output
    for url in SEARCH_URL.values():
        text = (output / url / "index.html").read_text(encoding="utf-8")
        assert not scan_html(text), scan_html(text)
        policy = lxml_html.fromstring(text).xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
        assert "'wasm-unsafe-eval'" in policy and "'unsafe-eval'" not in policy


def test_other_pages_keep_the_strict_policy(bundled_build):
    text = (bundled_build.ok().output / "reports" / "index.html").read_text(encoding="utf-8")
    assert "wasm-unsafe-eval" not in text


def test_link_crawl_from_the_search_pages(sites):
    _, base = sites["bundled"]
    state = crawl(base + "/", starts=("search/", "en/search/"))
    assert not state.broken, "\n".join(state.broken)


def test_folding_agrees_between_the_build_and_the_browser(page, sites):
    _, base = sites["fixture"]
    page.goto(f"{base}/search/")
    samples = ["กทม.", "จ. นครพนม", "Nakhon  Phanom", "สคล.อีสาน", "ข่าว", "ข้าว", "ROAD-safety", "2567", "ม.อ."]
    folded = page.evaluate("""(words) => words.map(w => w.normalize('NFC').toLowerCase().replace(/[^\\p{L}\\p{M}\\p{N}]/gu, ''))""", samples)
    assert folded == [synonyms.key(w) for w in samples]
    js = (ROOT / "theme" / "static" / "js" / "search.js").read_text(encoding="utf-8")
    assert "normalize(\"NFC\").toLowerCase().replace(/[^\\p{L}\\p{M}\\p{N}]/gu, \"\")" in js


def test_synonyms_come_from_the_data(fixture_site):
    th = json.loads((fixture_site / "search" / "synonyms.json").read_text(encoding="utf-8"))
    en = json.loads((fixture_site / "en" / "search" / "synonyms.json").read_text(encoding="utf-8"))
    assert th["terms"][synonyms.key("โคราช")][0] == "นครราชสีมา"
    assert th["terms"][synonyms.key("กทม.")][0] == "กรุงเทพมหานคร"
    assert en["terms"][synonyms.key("Korat")][0] == "Nakhon Ratchasima"
    assert "เครือข่ายองค์กรงดเหล้าภาคอีสาน" in th["terms"][synonyms.key("สคล.อีสาน")]
    assert th["terms"]["2024"] == ["2567", "2024"] and en["terms"]["2567"] == ["2024", "2567"]
    assert "จ." in th["place_prefixes"] and "จังหวัด" in th["place_prefixes"]


def test_search_index_false_skips_the_index_the_pages_and_the_box(tmp_path):
    result = build(tmp_path, FILES, settings=str(settings_file(tmp_path / "conf.py", "SEARCH_INDEX = False\n")))
    assert result.returncode == 0, result.stderr
    assert not (result.output / "pagefind").exists() and not (result.output / "search").exists()
    assert 'role="search"' not in result.page("reports/merit-fair/")


def fake_pagefind(tmp_path: Path, version: str) -> Path:
    script = tmp_path / "pagefind"
    script.write_text(f"#!/bin/sh\necho 'pagefind {version}'\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


@pytest.mark.parametrize("binary", ["missing", "1.5.2"])
def test_a_build_without_the_right_pagefind_fails_clearly_and_keeps_the_last_output(tmp_path, binary):
    good = build(tmp_path, FILES, settings=str(settings_file(tmp_path / "conf.py", "SEARCH_INDEX = False\n")))
    assert good.returncode == 0, good.stderr
    before = sorted(p.relative_to(good.output).as_posix() for p in good.output.rglob("*"))
    path = tmp_path / "nowhere" / "pagefind" if binary == "missing" else fake_pagefind(tmp_path, binary)
    result = build(tmp_path, FILES, env={"PAGEFIND_BINARY_PATH": str(path)})
    assert result.returncode != 0
    message = result.stderr + result.stdout
    assert "search index:" in message and "make site" in message and "SEARCH_INDEX = False" in message or binary != "missing"
    assert ("1.6." in message and "1.5.2" in message) or binary == "missing"
    assert "Traceback" not in message
    assert sorted(p.relative_to(good.output).as_posix() for p in good.output.rglob("*")) == before


def recording_pagefind(tmp_path: Path) -> tuple[Path, Path]:
    """A wrapper around the real Pagefind that writes down which pages the site folder held when it started."""
    from khaosan.search import engine
    real = engine.find_binary()
    seen = tmp_path / "pages-when-pagefind-started.txt"
    script = tmp_path / "pagefind"
    script.write_text("#!/bin/sh\n"
                      f'[ "$1" = --version ] || (cd "$2" && find . -name index.html | sort) > "{seen}"\n'
                      f'exec "{real}" "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, seen


def index_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_full_build_indexes_the_items_while_it_writes_the_rest_and_the_index_is_the_same(tmp_path):
    from khaosan.search import engine, item_glob
    wrapper, seen = recording_pagefind(tmp_path)
    result = build(tmp_path, FILES, env={"PAGEFIND_BINARY_PATH": str(wrapper)})
    assert result.returncode == 0, result.stderr
    present = set(seen.read_text(encoding="utf-8").split())
    # Every item's page was there when Pagefind started, and pages written after the items were not yet.
    items = {"./reports/merit-fair/index.html", "./en/reports/merit-fair/index.html", "./partners/thaihealth/index.html",
             "./en/reports/road-week/index.html"}
    assert items <= present, items - present
    assert "./provinces/nakhon-ratchasima/index.html" not in present and "./topics/alcohol/index.html" not in present
    assert (result.output / "provinces/nakhon-ratchasima/index.html").is_file()
    # The index equals the one Pagefind makes of the finished output.
    again = tmp_path / "again"
    import shutil
    shutil.copytree(result.output, again, ignore=shutil.ignore_patterns(engine.OUTPUT_SUBDIR))
    engine.run(str(again), item_glob())
    assert index_files(result.output / engine.OUTPUT_SUBDIR) == index_files(again / engine.OUTPUT_SUBDIR)


def test_a_build_that_fails_after_pagefind_started_stops_it(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from sitebuilder import build_in_process, write_content

    from khaosan import search, topics
    content = write_content(tmp_path / "content", FILES)

    def broken(self, writer):
        raise RuntimeError("a generator after the items failed")
    monkeypatch.setattr(topics.TopicsGenerator, "generate_output", broken)
    settings = {}
    monkeypatch.setattr(search.EarlyIndexGenerator, "generate_output",
                        lambda self, writer, original=search.EarlyIndexGenerator.generate_output:
                        (original(self, writer), settings.update(self.settings)))
    with pytest.raises(RuntimeError, match="after the items failed"):
        build_in_process(content, tmp_path / "output")
    indexing = settings[search.SEARCH_RUN_KEY]
    assert not (tmp_path / "output").exists(), "a failed build swaps nothing in"
    search.end_unfinished_index(SimpleNamespace(settings=settings))
    assert indexing.process.poll() is not None and search.SEARCH_RUN_KEY not in settings
    monkeypatch.undo()
    build_in_process(content, tmp_path / "output")
    assert (tmp_path / "output" / "pagefind" / "pagefind-entry.json").is_file()
