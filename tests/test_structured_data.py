"""JSON-LD and Open Graph: the data parses, names the right schema.org type, cannot break out of its
<script> element, and Chromium reports no Content-Security-Policy violation for it."""
from __future__ import annotations

import json

import lxml.html
import pytest

from partnersite import SCRIPT_TITLE
from khaosan.structured_data import dumps_for_html


@pytest.fixture(scope="module")
def site(partner_site):
    return partner_site


DEV = "http://127.0.0.1:8000"  # url_scheme.SITE_DOMAIN, where `make serve` serves

def graphs(site, url):
    page = lxml.html.fromstring(site.page(url))
    return [json.loads(s.text) for s in page.xpath('//script[@type="application/ld+json"]')]


def og(site, url):
    page = lxml.html.fromstring(site.page(url))
    out = {}
    for meta in page.xpath("//head/meta[@property]"):
        out.setdefault(meta.get("property"), []).append(meta.get("content"))
    return out


def of_type(items, kind):
    return [g for g in items if g["@type"] == kind]


@pytest.mark.parametrize("slug, kind", [("alpha-university", "EducationalOrganization"), ("beta-ngo", "NGO"),
                                        ("gamma-office", "GovernmentOrganization")])
def test_partner_pages_name_the_organisation_type(site, slug, kind):
    found = graphs(site, f"/partners/{slug}/")
    assert [g["@type"] for g in found] == [kind, "BreadcrumbList"]
    assert found[0]["@context"] == "https://schema.org"


def test_partner_area_served_is_its_provinces(site):
    org = graphs(site, "/en/partners/beta-ngo/")[0]
    assert org["name"] == "Beta Foundation"
    assert [(a["@type"], a["name"], a["identifier"]) for a in org["areaServed"]] == [
        ("AdministrativeArea", "Nakhon Phanom", "TH-48"), ("AdministrativeArea", "Khon Kaen", "TH-40")]
    assert "Jane" not in json.dumps(org)
    thai = graphs(site, "/partners/beta-ngo/")[0]
    assert [a["name"] for a in thai["areaServed"]] == ["นครพนม", "ขอนแก่น"]


def test_reports_and_news_are_report_and_news_article(site):
    report = of_type(graphs(site, "/reports/first-forum/"), "Report")[0]
    assert report["headline"] == "เวทีแรก" and report["inLanguage"] == "th"
    assert report["datePublished"] == "2023-05-05T00:00:00+07:00"
    assert report["author"] == {"@type": "Person", "name": "ผู้สื่อข่าว ก"}
    assert report["publisher"]["@type"] == "Organization" and report["publisher"]["url"] == f"{DEV}/"
    news = of_type(graphs(site, "/news/beta-news/"), "NewsArticle")[0]
    assert news["inLanguage"] == "th" and news["author"]["@type"] == "Organization"  # no author: the site publishes it


def test_breadcrumbs(site):
    crumbs = of_type(graphs(site, "/en/partners/alpha-university/"), "BreadcrumbList")[0]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Health Promotion Partner Network News", f"{DEV}/en/"), (2, "Partners", f"{DEV}/en/partners/"),
        (3, "Alpha University", f"{DEV}/en/partners/alpha-university/")]
    crumbs = of_type(graphs(site, "/en/topics/"), "BreadcrumbList")[0]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Health Promotion Partner Network News", "Topics"]
    assert graphs(site, "/") == []


def test_a_title_cannot_break_out_of_the_script(site):
    html = site.page("/en/reports/first-forum/")
    assert "</script><script>alert" not in html
    report = of_type(graphs(site, "/en/reports/first-forum/"), "Report")[0]
    assert report["headline"] == SCRIPT_TITLE
    assert dumps_for_html({"a": "</script>&<!--"}) == '{"a":"\\u003c/script\\u003e\\u0026\\u003c!--"}'


@pytest.mark.parametrize("url, locale, alternates", [
    ("/partners/alpha-university/", "th_TH", ["en_US"]),
    ("/en/partners/alpha-university/", "en_US", ["th_TH"]),
    ("/en/partners/", "en_US", ["th_TH"]),
    ("/partners/gamma-office/", "th_TH", None),  # no English version to point to
])
def test_open_graph_locale(site, url, locale, alternates):
    tags = og(site, url)
    assert tags["og:locale"] == [locale]
    assert tags.get("og:locale:alternate") == alternates
    # A development build (SITEURL "") still gives absolute addresses, at SITE_DOMAIN.
    assert tags["og:url"] == [f"{DEV}{url}"]


def test_open_graph_on_a_report(site):
    tags = og(site, "/en/reports/first-forum/")
    assert tags["og:type"] == ["article"] and tags["og:title"] == [SCRIPT_TITLE]
    assert tags["article:published_time"] == ["2023-05-05T00:00:00+07:00"]
    assert og(site, "/en/topics/alcohol/")["og:title"] == ["Alcohol"]


LISTEN = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
          "e => window.__csp.push(e.violatedDirective));")


@pytest.mark.browser
def test_chromium_reports_no_csp_violation(site, browser, server):
    # A control page with the same policy and an inline script shows that a violation would be seen.
    page_html = site.page("/en/reports/first-forum/")
    control = page_html.replace('<script type="application/ld+json">', "<script>document.title='ran';</script><script type=\"application/ld+json\">", 1)
    base = server(site)
    page = browser.new_page()
    page.add_init_script(LISTEN)
    # The control page is served to this page only: the shared fixture site stays as it was built.
    page.route(base + "/csp-control.html", lambda route: route.fulfill(body=control, content_type="text/html"))
    page.goto(base + "/csp-control.html")
    page.wait_for_load_state("load")
    assert page.evaluate("window.__csp") == ["script-src-elem"]
    for url in ("/en/reports/first-forum/", "/partners/beta-ngo/", "/en/partners/", "/en/data/"):
        page.goto(base + url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__csp") == [], url
        # The JSON-LD is in the page and parses in the browser too.
        parsed = page.evaluate("[...document.querySelectorAll('script[type=\"application/ld+json\"]')].map(s => JSON.parse(s.textContent)['@type'])")
        assert parsed and "BreadcrumbList" in parsed


def test_a_report_describes_its_activity_as_an_event(site):
    report = of_type(graphs(site, "/reports/first-forum/"), "Event")
    assert len(report) == 1
    event = report[0]
    assert event["name"] == "เวทีแรก" and event["startDate"] == "2023-05-05T00:00:00+07:00"
    assert event["location"] == [{"@type": "Place", "name": "นครพนม",
                                  "address": {"@type": "PostalAddress", "addressRegion": "นครพนม", "addressCountry": "TH"}}]
    assert [(o["@type"], o["name"], o["url"]) for o in event["organizer"]] == [
        ("EducationalOrganization", "มหาวิทยาลัยอัลฟา", f"{DEV}/partners/alpha-university/"),
        ("NGO", "มูลนิธิเบตา", f"{DEV}/partners/beta-ngo/"),
        ("GovernmentOrganization", "สำนักงานแกมมา", f"{DEV}/partners/gamma-office/")]
    assert [(p["@type"], p["propertyID"], p["value"]) for p in event["additionalProperty"]] == [
        ("PropertyValue", "participants_planned", 100), ("PropertyValue", "participants_actual", 80)]
    assert event["subjectOf"]["url"] == f"{DEV}/reports/first-forum/"
    # The English page names the partners in English, and a Thai-only partner in Thai.
    english = of_type(graphs(site, "/en/reports/first-forum/"), "Event")[0]
    assert [o["name"] for o in english["organizer"]] == ["Alpha University", "Beta Foundation", "สำนักงานแกมมา"]
    assert english["location"][0]["name"] == "Nakhon Phanom"
    # News is no event.
    assert not of_type(graphs(site, "/news/beta-news/"), "Event")


def test_the_data_page_describes_the_dataset(site):
    for url, lang in (("/data/", "th"), ("/en/data/", "en")):
        dataset = of_type(graphs(site, url), "Dataset")
        assert len(dataset) == 1, url
        data = dataset[0]
        assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert data["isAccessibleForFree"] is True and data["inLanguage"] == ["th", "en"]
        assert {d["contentUrl"] for d in data["distribution"]} == {
            f"{DEV}/data/{name}" for name in ("partners.csv", "partners.json", "reports.csv", "reports.json")}
        assert data["temporalCoverage"] == "2023-05-05/2023-06-01"
        assert data["url"] == f"{DEV}/{'' if lang == 'th' else 'en/'}data/"
