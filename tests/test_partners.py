"""Partner pages and the partner directory, over a small fixture site (tests/partnersite.py)."""
from __future__ import annotations

import lxml.html
import pytest

from partnersite import PARTNERS, profile_provinces

REGION_OF = {"nakhon-phanom": "northeast", "khon-kaen": "northeast", "chiang-mai": "north", "national": "national"}


@pytest.fixture(scope="module")
def site(partner_site):
    return partner_site


def doc(site, url):
    return lxml.html.fromstring(site.page(url))


def story_links(page):
    return [a.get("href") for a in page.cssselect(".partner-stories .card h3 a")] if hasattr(page, "cssselect") else \
        page.xpath('//section[contains(@class,"partner-stories")]//li[contains(@class,"card")]//h3/a/@href')


def stories(page):
    return page.xpath('//section[contains(@class,"partner-stories")]//li[contains(@class,"card")]//h3/a/@href')


def test_a_partner_named_in_two_reports_lists_both_newest_first(site):
    page = doc(site, "/partners/alpha-university/")
    assert stories(page) == ["/reports/second-field-day/", "/reports/first-forum/"]
    heading = page.xpath('//h2[@id="stories-heading"]')[0].text_content()
    assert "(2)" in heading
    # The English page lists the English items only: the second report has no English version.
    assert stories(doc(site, "/en/partners/alpha-university/")) == ["/en/reports/first-forum/"]


def test_reports_and_news_are_both_listed(site):
    assert stories(doc(site, "/partners/beta-ngo/")) == ["/news/beta-news/", "/reports/first-forum/"]


@pytest.mark.parametrize("url, message", [
    ("/partners/delta-college/", "ยังไม่มีรายงานหรือข่าวที่กล่าวถึงภาคีนี้"),
    ("/en/partners/delta-college/", "No reports or news name this partner yet."),
])
def test_a_partner_with_no_reports_says_so(site, url, message):
    page = doc(site, url)
    assert stories(page) == []
    assert message in page.xpath('//section[contains(@class,"partner-stories")]')[0].text_content()


def test_profile_shows_names_type_places_topics_and_contacts(site):
    page = doc(site, "/en/partners/alpha-university/")
    assert page.xpath("//h1")[0].text_content().strip() == "Alpha University (AU)"
    facts = page.xpath('//dl[@class="facts"]')[0]
    text = facts.text_content()
    assert "Academic institution" in text
    assert facts.xpath(".//a/@href")[:3] == ["/en/provinces/nakhon-phanom/", "/en/topics/community-health/", "/en/topics/food-security/"]
    assert "https://alpha.example.ac.th/" in facts.xpath(".//a/@href")
    th = doc(site, "/partners/alpha-university/")
    assert "tel:042511234" in th.xpath('//dl[@class="facts"]//a/@href')
    assert "ถนนแกมมา กรุงเทพฯ" in doc(site, "/partners/gamma-office/").xpath('//dl[@class="facts"]')[0].text_content()


def test_a_persons_contact_is_shown_only_when_public(site):
    for url in ("/partners/alpha-university/", "/en/partners/alpha-university/"):
        html = site.page(url)
        assert "somchai.private@example.org" not in html and "081-999-0000" not in html
        assert "สมชาย" not in html and "Somchai" not in html
    html = site.page("/en/partners/beta-ngo/")
    assert "Jane Doe" in html and "mailto:jane@beta.example.org" in html and "Project coordinator" in html
    assert "mailto:office@beta.example.org" in html


def test_language_switch_and_one_language_partners(site):
    page = doc(site, "/en/partners/alpha-university/")
    assert page.xpath('//link[@hreflang="th"]/@href') == ["/partners/alpha-university/"]
    assert not site.exists("/en/partners/gamma-office/")
    # A story in English names the Thai-only partner: the link goes to the Thai page, marked as Thai.
    report = doc(site, "/en/reports/first-forum/")
    link = report.xpath('//section[@aria-labelledby="partners-heading"]//a[@href="/partners/gamma-office/"]')
    assert link and link[0].get("lang") == "th" and link[0].get("hreflang") == "th"


def test_stories_link_their_partners(site):
    hrefs = doc(site, "/reports/first-forum/").xpath('//section[@aria-labelledby="partners-heading"]//a/@href')
    assert hrefs == ["/partners/alpha-university/", "/partners/beta-ngo/", "/partners/gamma-office/"]
    for href in hrefs:
        assert site.exists(href)


def directory_groups(page):
    groups = {}
    for group in page.xpath('//section[contains(@class,"directory-group")]'):
        key = group.get("data-province") or group.get("data-region")
        slugs = group.xpath('.//li[contains(@class,"partner-entry")]/@data-slug')
        count = group.xpath('./h3/span[@class="count"]/text()')
        groups[key] = (set(slugs), len(slugs), count[0] if count else None, group.get("data-region"))
    return groups


@pytest.mark.parametrize("lang, url", [("th", "/partners/"), ("en", "/en/partners/")])
def test_directory_groups_and_counts_equal_the_profiles(site, lang, url):
    page = doc(site, url)
    expected = profile_provinces(lang)
    groups = directory_groups(page)
    assert set(groups) == set(expected)
    for key, (slugs, entries, count, region) in groups.items():
        assert slugs == expected[key], key
        assert entries == len(expected[key])  # nobody twice in one group
        assert region == REGION_OF[key]
        if key != "national":
            assert count == f"({len(expected[key])})"
    # Region counts are distinct partners: beta-ngo serves two provinces of the northeast and counts once.
    regions = {s.get("data-region"): s.xpath("./h2/span[@class='count']/text()")[0]
               for s in page.xpath('//section[contains(@class,"directory-region")]')}
    northeast = expected["nakhon-phanom"] | expected["khon-kaen"]
    assert regions == {"north": "(1)", "northeast": f"({len(northeast)})", "national": "(1)"}
    # Every partner appears, and the one without an English profile is marked as Thai on the English page.
    assert set(page.xpath('//li[contains(@class,"partner-entry")]/@data-slug')) == set(PARTNERS)
    gamma = page.xpath('//li[@data-slug="gamma-office"]/a')[0]
    assert gamma.get("href") == "/partners/gamma-office/"
    assert gamma.get("lang") == ("th" if lang == "en" else None)


def test_directory_filters_are_a_plain_get_form_with_the_present_choices(site):
    page = doc(site, "/en/partners/")
    form = page.xpath('//form[@id="partner-filters"]')[0]
    assert form.get("method") == "get" and form.get("action") == "/en/partners/"
    options = {s.get("name"): [o for o in s.xpath(".//option/@value") if o] for s in form.xpath(".//select")}
    assert options["type"] == ["government", "academic", "civil-society", "local-government"]
    assert set(options["province"]) == {"nakhon-phanom", "khon-kaen", "chiang-mai"}
    assert options["region"] == ["north", "northeast", "national"]
    assert set(options["topic"]) == {t for v in PARTNERS.values() for f in v.values() for t in f["topics"]}
    assert page.xpath('//script/@src') == ["/theme/js/directory.js"]
    assert not page.xpath("//script[not(@src) and not(@type='application/ld+json')]")
    assert not page.xpath("//*[@style]")


def test_nav_links_the_directory(site):
    assert "/en/partners/" in doc(site, "/en/").xpath("//nav//a/@href")
    assert "/partners/" in doc(site, "/").xpath("//nav//a/@href")


def test_profile_sources_are_not_published_as_files(site):
    assert not list((site.output / "partners").glob("*.md"))
    assert sorted(p.name for p in (site.output / "partners").iterdir() if p.is_dir()) == sorted(
        slug for slug, versions in PARTNERS.items() if "th" in versions)


def test_a_partner_named_in_many_reports_gets_pages(tmp_path):
    from sitebuilder import PARTNER_EN, PARTNER_TH, build
    files = {"partners/thaihealth.th.md": PARTNER_TH, "partners/thaihealth.en.md": PARTNER_EN}
    for number in range(25):
        files[f"reports/r{number:02d}.th.md"] = (f"---\ntitle: รายงาน {number}\ndate: 2023-01-{number + 1:02d}\n"
                                               "partners: [thaihealth]\n---\nเนื้อ\n")
    files["reports/r00.en.md"] = "---\ntitle: Report 0\ndate: 2023-01-01\npartners: [thaihealth]\n---\nBody\n"
    result = build(tmp_path, files)
    assert result.returncode == 0, result.stderr
    first, second = result.page("/partners/thaihealth/"), result.page("/partners/thaihealth/page/2/")
    assert first.count('<li class="card">') == 20 and second.count('<li class="card">') == 5
    assert "(25)" in first and 'href="/partners/thaihealth/page/2/" rel="next"' in first
    assert 'href="/partners/thaihealth/" rel="prev"' in second
    # English has one page: page 2 has no English alternate, and its switch leads to the English first page.
    assert 'hreflang="en"' not in second.split("</head>")[0]
    assert 'class="lang-switch" href="/en/partners/thaihealth/"' in second
    assert not result.exists("/en/partners/thaihealth/page/2/")
    assert "รายงาน 24" in first and "รายงาน 0<" in second


def test_a_partner_name_is_written_by_one_macro():
    """partials/partner_name.html writes every partner name and short name (partner.html names the logo)."""
    from sitebuilder import ROOT
    templates = ROOT / "theme" / "templates"
    writers = {p.relative_to(templates).as_posix() for p in templates.rglob("*.html") if "partner.short_name" in p.read_text(encoding="utf-8")}
    assert writers == {"partials/partner_name.html", "partner.html"}
    assert "partner.short_name" not in (templates / "partner.html").read_text(encoding="utf-8").split("<h1>")[1]

