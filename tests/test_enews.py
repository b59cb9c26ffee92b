"""E-news editions (plugins/enews): gathering, the page, the e-mail and text versions, the feed."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import feedparser
import pytest

from khaosan.places import load_places
from feedsite import SITE_DOMAIN, page_item_links

MAX_EMAIL_BYTES = 100 * 1024


@pytest.fixture(scope="module")
def site(feed_site):
    return feed_site


class Tags(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.tags = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def headings(html: str) -> list[str]:
    main = html.split("<main", 1)[1]
    groups = main.split('<section class="share"')[0]  # the share box's heading is not a group
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", groups)]


def test_edition_gathers_its_period_and_region_featured_first_by_province(site):
    html = site.page("enews/isan-test/")
    # Featured first, then each province of the region with items, in Thai dictionary order (Python's and
    # English order would put บุรีรัมย์, Buri Ram, first).
    assert headings(html) == ["เรื่องเด่น", "ขอนแก่น", "นครพนม", "บุรีรัมย์"]
    assert page_item_links(html) == ["news/phiman-mou/", "reports/khon-khaen-forum/", "news/npu-meeting/",
                                     "news/buri-ram-walk/"]
    # Outside the period, outside the region, or not about a province: not in this edition.
    for slug in ("outside-period", "happy-south", "national-policy"):
        assert f"/news/{slug}/" not in html
    assert "1 มิถุนายน 2565 – 31 พฤษภาคม 2566" in html
    english = site.page("en/enews/isan-test/")
    assert headings(english) == ["Featured", "Nakhon Phanom"]
    assert page_item_links(english) == ["en/news/phiman-mou/", "en/news/npu-meeting/"]
    assert 'hreflang="en" href="/en/enews/isan-test/"' in html


def test_edition_with_topics_and_no_places(site):
    html = site.page("enews/all-2023/")
    assert headings(html) == ["ขอนแก่น", "นครพนม", "สงขลา", "ทั่วประเทศ"]
    assert page_item_links(html) == ["reports/khon-khaen-forum/", "news/npu-meeting/", "news/happy-south/",
                                     "news/national-policy/"]
    assert not site.exists("en/enews/all-2023/")


def test_index_lists_the_editions_of_each_language_newest_first(site):
    thai = site.page("enews/")
    assert thai.index('href="/enews/all-2023/"') < thai.index('href="/enews/isan-test/"')
    english = site.page("en/enews/")
    assert 'href="/en/enews/isan-test/"' in english and "all-2023" not in english
    assert 'href="/en/enews/feed.xml"' in english


def test_email_version_is_ready_for_mail_clients(site):
    # The e-mail rules themselves (fixed-width tables, inline styles, pictures, links) are in test_enews_email.py.
    for url in ("enews/isan-test/email.html", "en/enews/isan-test/email.html", "enews/all-2023/email.html"):
        path = site.output / url
        assert path.stat().st_size < MAX_EMAIL_BYTES
        text = path.read_text(encoding="utf-8")
        assert "Content-Security-Policy" not in text
        assert "<table" in text and "<link" not in text and "<script" not in text
    text = site.page("enews/isan-test/email.html")
    assert f'href="{SITE_DOMAIN}/news/npu-meeting/"' in text
    # The item with a cover shows it cropped as its share card (khaosan.pictures), a JPEG every client shows.
    card = re.search(rf'src="{re.escape(SITE_DOMAIN)}/(pictures/c[0-9a-f]+\.jpg)" width="560" alt="ภาพการประชุม"', text)
    assert card and (site.output / card.group(1)).is_file()
    assert text.index("ลงนาม MOU ตำบลพิมาน") < text.index("เวทีสุขภาวะขอนแก่น") < text.index("สสส. หารือมหาวิทยาลัยนครพนม") \
        < text.index("เดินวิ่งบุรีรัมย์")
    assert text.index(">ขอนแก่น</h2>") < text.index(">นครพนม</h2>") < text.index(">บุรีรัมย์</h2>")
    # The intro is there, as the e-mail's own paragraphs, its link kept (test_email_keeps_the_intro_links_absolute).
    assert "<p" in text and 'สวัสดีภาคีเครือข่าย <a href="' in text and ">อ่านเพิ่ม</a></p>" in text and "ย่อหน้าที่สอง</p>" in text
    assert '<html lang="th" ' in text and '<html lang="en" ' in site.page("en/enews/isan-test/email.html")


def test_plain_text_version(site):
    text = (site.output / "enews/isan-test/email.txt").read_text(encoding="utf-8")
    assert "<" not in text and "&amp;" not in text
    # A development build says so first (test_enews_email.py), then the edition's heading.
    assert text.startswith("*** ฉบับทดลอง (development build)")
    assert "\n\nข่าวสารภาคีเครือข่ายสร้างเสริมสุขภาพ · จดหมายข่าว\nจดหมายข่าวอีสาน\n" in text
    assert "สวัสดีภาคีเครือข่าย อ่านเพิ่ม" in text and "ย่อหน้าที่สอง" in text
    for title, link in (("ลงนาม MOU ตำบลพิมาน", "news/phiman-mou/"), ("เวทีสุขภาวะขอนแก่น", "reports/khon-khaen-forum/"),
                        ("สสส. หารือมหาวิทยาลัยนครพนม", "news/npu-meeting/")):
        assert f"* {title}\n" in text and f"{SITE_DOMAIN}/{link}\n" in text
    assert text.index("== เรื่องเด่น ==") < text.index("== ขอนแก่น ==") < text.index("== นครพนม ==") < text.index("== บุรีรัมย์ ==")
    # An item's provinces in Thai order too (its front matter names บุรีรัมย์ first).
    assert " · ขอนแก่น, บุรีรัมย์\n" in text
    english = (site.output / "en/enews/isan-test/email.txt").read_text(encoding="utf-8")
    assert "Read more: " + SITE_DOMAIN + "/en/news/npu-meeting/" in english


def test_editions_feed_holds_one_item_per_edition_with_the_digest(site):
    for url, lang, expected in (("enews/feed.xml", "th", ["all-2023", "isan-test"]), ("en/enews/feed.xml", "en", ["isan-test"])):
        parsed = feedparser.parse((site.output / url).read_bytes())
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.feed.language == lang
        prefix = "" if lang == "th" else "en/"
        assert [e.link for e in parsed.entries] == [f"{SITE_DOMAIN}/{prefix}enews/{slug}/" for slug in expected]
        assert [e.id for e in parsed.entries] == [f"tag:khaosan.github.io,2023:enews/{slug}/{lang}" for slug in expected]
        for entry in parsed.entries:
            for found in re.findall(r'(?:href|src)="([^"]*)"', entry.content[0].value):
                assert found.startswith(SITE_DOMAIN + "/")
    isan = feedparser.parse((site.output / "enews/feed.xml").read_bytes()).entries[1]
    content = isan.content[0].value
    for title in ("ลงนาม MOU ตำบลพิมาน", "เวทีสุขภาวะขอนแก่น", "สสส. หารือมหาวิทยาลัยนครพนม", "สวัสดีภาคีเครือข่าย"):
        assert title in content
    assert isan.published == "Thu, 01 Jun 2023 12:00:00 +0700"  # a date without a time: noon Bangkok
    assert [t.term for t in isan.tags] == [load_places().region("northeast").name("th")]
    assert feedparser.parse((site.output / "enews/atom.xml").read_bytes()).bozo == 0


def test_edition_sources_are_not_copied_as_files(site):
    assert not list(site.output.rglob("*.md"))


def test_bundled_editions_build(bundled_site):
    for slug in ("isan-2022-2023", "south-2016-2023"):
        for prefix in ("", "en/"):
            assert bundled_site.exists(f"{prefix}enews/{slug}/")
            email = bundled_site.output / f"{prefix}enews/{slug}/email.html"
            assert email.stat().st_size < MAX_EMAIL_BYTES
            assert (bundled_site.output / f"{prefix}enews/{slug}/email.txt").is_file()
            assert len(page_item_links(bundled_site.page(f"{prefix}enews/{slug}/"))) >= 2
    parsed = feedparser.parse((bundled_site.output / "enews/feed.xml").read_bytes())
    assert parsed.bozo == 0 and len(parsed.entries) == 2


def test_email_keeps_the_intro_links_absolute(site):
    text = site.page("enews/isan-test/email.html")
    assert f'href="{SITE_DOMAIN}/news/"' in text
