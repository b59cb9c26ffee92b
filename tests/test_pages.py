"""The page record (khaosan.pages): every page the build writes is recorded with its twins and inputs, and
the sitemap, feeds and breadcrumbs read the same record."""
from __future__ import annotations

import json
import re
import shutil
from urllib.parse import urlparse

import pytest

from khaosan import url_scheme
from khaosan.pages import GLOBAL_INPUTS, PageRecord, item_key, list_key
from sitebuilder import ROOT, build_in_process


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    shutil.copytree(ROOT / "content", root / "content")
    return build_in_process(root / "content", root / "output")


def written_pages(output) -> set[str]:
    return {("" if p.parent == output else p.parent.relative_to(output).as_posix() + "/")
            for p in output.rglob("index.html")}


def test_every_page_written_is_recorded_and_every_recorded_page_is_written(bundled):
    recorded = {page.url for page in bundled.record.sitemap()}
    assert recorded == written_pages(bundled.output)
    for page in bundled.record.pages.values():
        assert (bundled.output / page.save_as).is_file(), page.url


def test_twins_point_at_each_other(bundled):
    record = bundled.record
    for page in record.pages.values():
        if not page.twins:
            continue  # 404.html stands for every missing address: no alternates
        assert page.twins.get(page.lang) == page.url, page.url
        for lang, twin in page.twins.items():
            other = record.get(twin)
            assert other is not None and other.lang == lang, (page.url, twin)
            assert other.twins.get(page.lang) == page.url, (page.url, twin)


def test_the_sitemap_is_the_record(bundled):
    sitemap = (bundled.output / "sitemap.xml").read_text(encoding="utf-8")
    locs = [line.split("<loc>")[1].split("</loc>")[0] for line in sitemap.splitlines() if "<loc>" in line]
    siteurl = bundled.settings["SITEURL"]
    assert locs == [f"{siteurl}/{page.url}" for page in bundled.record.sitemap()]


def test_the_record_is_json_and_comes_back_the_same(bundled):
    text = bundled.record.to_json()
    json.loads(text)
    again = PageRecord.from_json(text)
    assert again.pages == bundled.record.pages


def test_an_edit_touches_the_pages_that_show_it_and_no_others(bundled):
    record = bundled.record
    report = next(p for p in record.pages.values() if p.section == "reports" and not p.section_index and p.lang == "th")
    slug = report.url.strip("/").split("/")[-1]
    touched = record.touched_by({item_key("reports", slug, "th")})
    assert report.url in touched and url_scheme.section("reports", "th") in touched
    # its English twin shows which translations exist
    assert report.twins.get("en") is None or report.twins["en"] in touched
    other_items = {p.url for p in record.pages.values() if p.section in ("reports", "news") and not p.section_index} \
        - set(report.twins.values())
    # Another story's page is touched exactly when it shows the report after its own article (older, newer,
    # related stories: story.html).
    def end_of_story(url: str) -> str:
        html = (bundled.output / url_scheme.save_as(url)).read_text(encoding="utf-8")
        return html.split("</article>", 1)[1].split("</main>", 1)[0]
    def links(html: str) -> set[str]:
        return {urlparse(href).path.lstrip("/") for href in re.findall(r'href="([^"]*)"', html)}
    showing = {url for url in other_items if report.url in links(end_of_story(url))}
    assert other_items and touched & other_items == showing
    assert "404.html" not in touched
    # a new report in the Thai list touches the Thai list's pages, and the English ones (their alternates)
    assert url_scheme.section("reports", "en") in record.touched_by({list_key("reports", "th")})
    assert record.touched_by({GLOBAL_INPUTS[0]}) == set(record.pages)
