"""Topic pages (/topics/SLUG/) and the topics index, over the fixture site of tests/partnersite.py."""
from __future__ import annotations

import lxml.html
import pytest

from khaosan.content_model.topic_table import load_topics
from partnersite import NEWS, PARTNERS, REPORTS
from sitebuilder import ROOT

TOPICS = load_topics(str(ROOT / "content"))


@pytest.fixture(scope="module")
def site(partner_site):
    return partner_site


def doc(site, url):
    return lxml.html.fromstring(site.page(url))


def expected(table, topic, lang):
    return {slug for slug, versions in table.items() if lang in versions and topic in versions[lang].get("topics", [])}


def section_links(page, heading):
    for section in page.xpath("//main//section"):
        if section.xpath("./h2") and section.xpath("./h2")[0].text_content().startswith(heading):
            return section.xpath(".//h3/a/@href | .//li[contains(@class,'partner-entry')]/a/@href")
    return []


def test_every_topic_has_a_page_in_both_languages(site):
    for slug in TOPICS:
        assert site.exists(f"/topics/{slug}/") and site.exists(f"/en/topics/{slug}/")


@pytest.mark.parametrize("topic", ["community-health", "food-security", "alcohol", "tobacco"])
def test_topic_page_lists_its_reports_news_and_partners(site, topic):
    page = doc(site, f"/topics/{topic}/")
    assert page.xpath("//h1")[0].text_content() == TOPICS[topic].name("th")
    assert {h.split("/")[-2] for h in section_links(page, "รายงานจากพื้นที่")} == expected(REPORTS, topic, "th")
    assert {h.split("/")[-2] for h in section_links(page, "ข่าว")} == expected(NEWS, topic, "th")
    partners = {slug for slug, v in PARTNERS.items() if topic in next(iter(v.values()))["topics"]}
    assert {h.split("/")[-2] for h in section_links(page, "ภาคีเครือข่าย")} == partners


def test_english_topic_page_and_empty_topic(site):
    page = doc(site, "/en/topics/food-security/")
    assert page.xpath("//h1")[0].text_content() == "Food security"
    assert section_links(page, "Field reports") == []  # the food-security report exists in Thai only
    assert set(section_links(page, "Partners")) == {"/en/partners/alpha-university/", "/en/partners/delta-college/"}
    assert "Nothing on this topic has been published yet." in site.page("/en/topics/environment/")
    assert doc(site, "/en/topics/environment/").xpath('//link[@hreflang="th"]/@href') == ["/topics/environment/"]


def test_topics_index_counts(site):
    page = doc(site, "/en/topics/")
    entries = {li.xpath("./a/@href")[0]: li.xpath(".//ul[@class='meta']/li/text()") for li in page.xpath("//ul[@class='topic-index']/li")}
    assert len(entries) == len(TOPICS)
    assert entries["/en/topics/community-health/"] == ["1 report", "0 news items", "1 partner"]
    assert entries["/en/topics/food-security/"] == ["0 reports", "0 news items", "2 partners"]


def test_items_link_their_topics(site):
    page = doc(site, "/reports/first-forum/")
    assert page.xpath('//ul[@class="tags"]//a/@href') == ["/topics/community-health/"]
    assert doc(site, "/en/reports/first-forum/").xpath('//ul[@class="tags"]//a/@href') == ["/en/topics/community-health/"]
