"""A report page shows the structure of seed 004; news pages credit their source and show the cover."""
from __future__ import annotations

import re

import pytest

from sitebuilder import PARTNER_EN, PARTNER_TH, build, tiny_jpeg

REPORT_TH = """\
---
title: ประชุมกอง บก. ความมั่นคงด้านอาหาร
date: 2559-11-20
author: chabeeah
provinces: [nakhon-si-thammarat]
partners: [thaihealth]
topics: [food-security]
objectives:
  - สนับสนุนงานสมัชชาสู่นโยบายสาธารณะ
participants: {planned: 500, actual: 350}
outcome_rating: 4
problems: ไม่มี
recommendations: ขยายผลการขับเคลื่อนในพื้นที่
followup_contact: {name: คุณสมชาย, phone: "081", public: true}
---
## กิจกรรมที่ปฏิบัติจริง

จัดสมัชชา "คนคอน สู่ นครศรีฯ อยู่ดีมีสุข"
"""
REPORT_EN = """\
---
title: Editorial meeting on food security
date: 2016-11-20
author: chabeeah
provinces: [TH-80]
partners: [thaihealth]
objectives: [Support the assembly]
participants: {planned: 500, actual: 350}
outcome_rating: 4
---
# Activities carried out

An assembly was held.
"""
NEWS_TH = """\
---
title: ภาคใต้แห่งความสุข ครั้งที่ 13
date: 2566-08-10
provinces: [songkhla]
source: {name: สำนักข่าวสร้างสุข, url: "https://example.org/news/1"}
cover: images/cover.jpg
cover_alt: การ์ดหัวเรื่อง
---
เนื้อข่าว
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    files = {"partners/thaihealth.th.md": PARTNER_TH, "partners/thaihealth.en.md": PARTNER_EN,
             "reports/nst.th.md": REPORT_TH, "reports/nst.en.md": REPORT_EN, "news/south.th.md": NEWS_TH,
             "images/cover.jpg": tiny_jpeg(1200, 630)}
    result = build(tmp_path_factory.mktemp("report"), files)
    assert result.returncode == 0, result.stderr
    return result


def test_report_structure_thai(site):
    page = site.page("/reports/nst/")
    for expected in ("วัตถุประสงค์", "สนับสนุนงานสมัชชาสู่นโยบายสาธารณะ", "ผู้เข้าร่วม", "<b>350</b>",
                     "จากที่ตั้งไว้ 500 คน (ร้อยละ 70)", "บรรลุผลมากกว่าเป้าหมาย", "ปัญหาและแนวทางแก้ไข",
                     "ข้อเสนอแนะ", "ขยายผลการขับเคลื่อนในพื้นที่", "ผู้ติดตามในพื้นที่", "คุณสมชาย", 'href="tel:081"',
                     "โดย chabeeah", "สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ", "(สสส.)", "นครศรีธรรมราช",
                     "ความมั่นคงทางอาหาร", "20 พฤศจิกายน 2559"):
        assert expected in page, expected
    assert re.search(r'<meter class="bar" min="0" max="500" value="350"', page)
    # The author once (in the line under the title); the outcome in words, not "4 / 4".
    assert page.split("<main", 1)[1].count("chabeeah") == 1
    assert "4 / 4" not in page
    assert '<h2 id="กิจกรรมที่ปฏิบัติจริง">กิจกรรมที่ปฏิบัติจริง</h2>' in page


def test_report_structure_english(site):
    page = site.page("/en/reports/nst/")
    for expected in ("Objectives", "Participants", "of 500 planned (70%)", "Exceeded the target", "Partners",
                     "Thai Health Promotion Foundation", "(ThaiHealth)", "Nakhon Si Thammarat", "20 November 2016"):
        assert expected in page, expected
    # The body's "# heading" becomes a section heading: the title stays the only h1.
    assert page.count("<h1") == 1 and "<h2 id=\"activities-carried-out\">" in page


def test_partner_links_lead_to_pages_that_exist(site):
    for url in ("/reports/nst/", "/en/reports/nst/"):
        page = site.page(url)
        section = page[page.index('id="partners-heading"'):]
        section = section[:section.index("</section>")]
        for target in re.findall(r'href="([^"]+)"', section):
            assert site.exists(target), target


def test_news_credits_source_and_shows_cover(site):
    page = site.page("/news/south/")
    assert 'ที่มา: <a href="https://example.org/news/1">สำนักข่าวสร้างสุข</a>' in page
    cover = re.search(r'<figure class="cover"><picture>.*?<img src="/(pictures/[^"]+\.jpg)"[^>]* alt="การ์ดหัวเรื่อง" '
                      r'width="1200" height="630"', page)
    assert cover and (site.output / cover.group(1)).is_file()
    assert (site.output / "images" / "cover.jpg").is_file()


def test_indexes_and_site_files(site):
    assert "/reports/nst/" in site.page("/reports/") and "/en/reports/nst/" in site.page("/en/reports/")
    assert "/news/south/" in site.page("/news/") and "/news/south/" not in site.page("/en/news/")
    sitemap = site.page("/sitemap.xml")
    assert "<loc>/reports/nst/</loc>" in sitemap and 'hreflang="en" href="/en/reports/nst/"' in sitemap
    assert site.page("/robots.txt").startswith("User-agent: *")
    home = site.page("/")
    assert "ภาคใต้" in home and "/reports/nst/" in home and "/news/south/" in home
