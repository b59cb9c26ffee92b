"""The feeds (plugins/feeds): every feed of a built fixture site parsed with feedparser."""
from __future__ import annotations

import email.utils
import json
import re
from pathlib import Path

import feedparser
import pytest

from khaosan.content_model.topic_table import load_topics
from feedsite import SITE_DOMAIN, feed_files, files, page_item_links
from khaosan.places import load_places
from sitebuilder import ROOT, build, write_content

PLACES = load_places()
TOPICS = load_topics(str(ROOT / "content"))
FOLDERS = 1 + 2 + len(PLACES.provinces) + len(PLACES.regions) + len(PLACES.health_regions) + len(TOPICS)
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0700$")
URL_IN_CONTENT = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def sites(tmp_path_factory, feed_site):
    """The fixture site (built once per session), built again from the same files, and once more after an
    edit of a body and a date."""
    tmp = tmp_path_factory.mktemp("feeds")
    first = feed_site
    second = build(tmp, content=feed_site.content, output=tmp / "second")
    edited_content = write_content(tmp / "edited", files(body_note="แก้ไขเนื้อหา: เพิ่มย่อหน้าใหม่", nakhon_phanom_date="2023-04-05 09:00"))
    edited = build(tmp, content=edited_content, output=tmp / "edited-out")
    for result in (first, second, edited):
        assert result.returncode == 0, result.stderr
    return first, second, edited


def parse(path: Path):
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


def lang_of(output: Path, path: Path) -> str:
    return "en" if path.relative_to(output).parts[0] == "en" else "th"


def test_every_feed_parses_with_its_language(sites):
    output = sites[0].output
    feeds = [p for p in feed_files(output) if p.suffix == ".xml"]
    # Site, reports, news, provinces, regions, health regions and topics (and the e-news), RSS and Atom, in both languages.
    assert len(feeds) == (FOLDERS + 1) * 2 * 2
    for path in feeds:
        parsed = parse(path)
        lang = lang_of(output, path)
        assert parsed.feed.language == lang
        assert parsed.version == ("rss20" if path.name == "feed.xml" else "atom10")
        assert parsed.feed.title and parsed.feed.get("subtitle")
        self_links = [l.href for l in parsed.feed.links if l.rel == "self"]
        assert self_links == [f"{SITE_DOMAIN}/{path.relative_to(output).as_posix()}"]
        if path.name == "feed.xml":
            assert parsed.feed.image.href == f"{SITE_DOMAIN}/theme/images/feed-icon.png"
        else:  # the site's mark: a 2:1 logo and a square icon
            assert parsed.feed.logo == f"{SITE_DOMAIN}/theme/images/logo-2x1.png"
            assert parsed.feed.icon == f"{SITE_DOMAIN}/theme/images/icon-512.png"
    # Every province, region, health region and topic has its feeds in both languages, items or not.
    for province in PLACES.provinces:
        for prefix in ("", "en/"):
            assert (output / f"{prefix}provinces/{province.slug}/feed.xml").is_file()
            assert (output / f"{prefix}provinces/{province.slug}/atom.xml").is_file()
    assert (output / "health-regions/13/feed.xml").is_file() and (output / "en/topics/media/atom.xml").is_file()
    assert (output / "theme/images/feed-icon.png").is_file()


def test_two_builds_give_the_same_bytes(sites):
    first, second, _ = sites
    one, two = feed_files(first.output), feed_files(second.output)
    assert [p.relative_to(first.output) for p in one] == [p.relative_to(second.output) for p in two]
    for a, b in zip(one, two):
        assert a.read_bytes() == b.read_bytes(), f"{a.relative_to(first.output)} differs between two builds"


def test_guids_are_stable_across_an_edit_and_never_urls(sites):
    first, _, edited = sites
    before = parse(first.output / "feed.xml")
    after = parse(edited.output / "feed.xml")
    ids_before = {e.title: e.id for e in before.entries}
    ids_after = {e.title: e.id for e in after.entries}
    assert ids_before == ids_after
    entry = next(e for e in after.entries if e.title == "สสส. หารือมหาวิทยาลัยนครพนม")
    assert "แก้ไขเนื้อหา" in entry.content[0].value
    assert entry.published != next(e for e in before.entries if e.id == entry.id).published
    raw = (first.output / "feed.xml").read_text(encoding="utf-8")
    assert raw.count('isPermaLink="false"') == len(before.entries) > 0
    for e in before.entries:
        assert e.id.startswith("tag:") and not e.id.startswith("http")
        assert e.guidislink is False
    # The same item in English has its own GUID.
    english = parse(first.output / "en/feed.xml")
    assert {e.id for e in english.entries}.isdisjoint(ids_before.values())


def test_links_and_pictures_are_absolute(sites):
    output = sites[0].output
    for path in feed_files(output):
        if path.suffix == ".json":
            continue
        parsed = parse(path)
        for entry in parsed.entries:
            urls = [entry.link] + [l.href for l in entry.links] + [e.href for e in entry.get("enclosures", [])]
            for content in entry.get("content", []):
                urls += URL_IN_CONTENT.findall(content.value)
            for url in urls:
                assert url.startswith(SITE_DOMAIN + "/"), f"{path.relative_to(output)}: {url!r} is not absolute"


def test_production_build_uses_the_absolute_siteurl(tmp_path):
    result = build(tmp_path, files(), settings="publishconf.py", env={"KHAOSAN_SITEURL": "https://news.example.org"})
    assert result.returncode == 0, result.stderr
    text = (result.output / "provinces/nakhon-phanom/feed.xml").read_text(encoding="utf-8")
    assert "127.0.0.1" not in text
    parsed = parse(result.output / "provinces/nakhon-phanom/feed.xml")
    entry = next(e for e in parsed.entries if e.title == "สสส. หารือมหาวิทยาลัยนครพนม")
    assert entry.link == "https://news.example.org/news/npu-meeting/"
    assert 'src="https://news.example.org/images/cover.png"' in entry.content[0].value


def test_item_fields(sites):
    output = sites[0].output
    parsed = parse(output / "provinces/nakhon-phanom/feed.xml")
    entry = parsed.entries[1]
    assert entry.title == "สสส. หารือมหาวิทยาลัยนครพนม"
    assert entry.link == f"{SITE_DOMAIN}/news/npu-meeting/"
    assert entry.summary == "สรุปการหารือ"
    content = entry.content[0].value
    # The cover inside the content, the body's relative link and picture made absolute.
    assert content.startswith(f'<p><img alt="ภาพการประชุม" src="{SITE_DOMAIN}/images/cover.png"')
    assert f'href="{SITE_DOMAIN}/news/phiman-mou/"' in content
    assert f'href="{SITE_DOMAIN}/"' in content
    size = (output / "images/cover.png").stat().st_size
    assert entry.enclosures == [{"href": f"{SITE_DOMAIN}/images/cover.png", "length": str(size), "type": "image/png"}]
    assert entry.media_content[0]["url"] == f"{SITE_DOMAIN}/images/cover.png"
    assert entry.media_content[0]["medium"] == "image"
    terms = [t.term for t in entry.tags]
    assert terms == [TOPICS["partnership"].name("th"), "นครพนม"]
    assert entry.author == "ทีมสื่อสาร"
    english = parse(output / "en/provinces/nakhon-phanom/feed.xml").entries[0]  # no English outside-period item
    assert [t.term for t in english.tags] == ["Partnership and networks", "Nakhon Phanom"]
    assert english.link == f"{SITE_DOMAIN}/en/news/npu-meeting/"


def test_dates_are_rfc822_bangkok_and_from_the_items(sites):
    output = sites[0].output
    raw = (output / "provinces/nakhon-phanom/feed.xml").read_text(encoding="utf-8")
    pub_dates = re.findall(r"<pubDate>([^<]+)</pubDate>", raw)
    assert pub_dates and all(RFC822.match(d) for d in pub_dates), pub_dates
    # Items with a date only are stamped at noon Bangkok time (the same day in every zone from UTC-5 east);
    # an item with a time keeps it.
    assert pub_dates == ["Thu, 01 Feb 2024 12:00:00 +0700", "Mon, 03 Apr 2023 10:00:00 +0700", "Mon, 06 Jun 2022 12:00:00 +0700"]
    last_build = re.search(r"<lastBuildDate>([^<]+)</lastBuildDate>", raw).group(1)
    assert RFC822.match(last_build)
    newest = max(email.utils.parsedate_to_datetime(d) for d in pub_dates)
    assert email.utils.parsedate_to_datetime(last_build) == newest
    # A feed without items is dated by the site's newest item, never by the build's clock.
    empty = (output / "provinces/bangkok/feed.xml").read_text(encoding="utf-8")
    site_raw = (output / "feed.xml").read_text(encoding="utf-8")
    assert "<item>" not in empty
    assert re.search(r"<lastBuildDate>([^<]+)<", empty).group(1) == re.search(r"<lastBuildDate>([^<]+)<", site_raw).group(1)
    atom = parse(output / "provinces/nakhon-phanom/atom.xml")
    assert atom.feed.updated == "2024-02-01T12:00:00+07:00"
    assert [e.published_parsed.tm_mday for e in atom.entries] == [1, 3, 6]  # feedparser's UTC: still the same day


def test_province_feed_lists_the_province_items_newest_first(sites):
    output = sites[0].output
    feed = parse(output / "provinces/nakhon-phanom/feed.xml")
    links = [e.link.removeprefix(SITE_DOMAIN + "/") for e in feed.entries]
    # The province's Thai items, newest first (the site index's by_province list).
    assert links == ["news/outside-period/", "news/npu-meeting/", "news/phiman-mou/"]
    page = output / "provinces/nakhon-phanom/index.html"
    if page.is_file():  # the province page (plugins/place_pages) lists the same items
        assert page_item_links(page.read_text(encoding="utf-8")) == links
    region = parse(output / "regions/northeast/feed.xml")
    assert [e.link.removeprefix(SITE_DOMAIN + "/") for e in region.entries] == \
        ["news/outside-period/", "news/npu-meeting/", "news/buri-ram-walk/", "reports/khon-khaen-forum/", "news/phiman-mou/"]
    health = parse(output / "health-regions/12/feed.xml")  # Songkhla and Yala
    assert [e.link for e in health.entries] == [f"{SITE_DOMAIN}/news/happy-south/"]
    topic = parse(output / "topics/public-policy/feed.xml")
    assert [e.link for e in topic.entries] == [f"{SITE_DOMAIN}/news/national-policy/", f"{SITE_DOMAIN}/reports/khon-khaen-forum/"]


def test_newest_fifty_items(sites):
    output = sites[0].output
    yala = parse(output / "en/provinces/yala/feed.xml")
    assert len(yala.entries) == 50
    titles = [e.title for e in yala.entries]
    dates = [email.utils.parsedate_to_datetime(e.published) for e in yala.entries]
    assert dates == sorted(dates, reverse=True)
    assert len(set(titles)) == 50
    assert len(parse(output / "en/feed.xml").entries) == 50


def test_json_feed_beside_each_rss_feed(sites):
    output = sites[0].output
    rss = parse(output / "en/provinces/nakhon-phanom/feed.xml")
    doc = json.loads((output / "en/provinces/nakhon-phanom/feed.json").read_text(encoding="utf-8"))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["language"] == "en"
    assert doc["feed_url"] == f"{SITE_DOMAIN}/en/provinces/nakhon-phanom/feed.json"
    assert [i["id"] for i in doc["items"]] == [e.id for e in rss.entries]
    assert doc["items"][0]["attachments"][0]["mime_type"] == "image/png"
    assert doc["icon"] == f"{SITE_DOMAIN}/theme/images/icon-512.png"
    assert doc["favicon"] == f"{SITE_DOMAIN}/theme/images/icon-192.png"
    for url in (doc["icon"], doc["favicon"]):
        assert (output / url.removeprefix(SITE_DOMAIN + "/")).is_file()
    assert len(list(output.rglob("feed.json"))) == len(list(output.rglob("feed.xml")))


def test_pages_link_the_feeds_that_fit_them(sites):
    output = sites[0].output
    home = (output / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/rss+xml"' in home and 'href="/feed.xml"' in home
    assert 'href="/atom.xml"' in home
    english_item = (output / "en/news/npu-meeting/index.html").read_text(encoding="utf-8")
    assert 'href="/en/feed.xml"' in english_item and 'href="/feed.xml"' not in english_item
    subscribe = (output / "subscribe/index.html").read_text(encoding="utf-8")
    assert 'href="/feed.xml"' in subscribe  # the site feed in the head
    province = output / "provinces/nakhon-phanom/index.html"
    if province.is_file():
        text = province.read_text(encoding="utf-8")
        assert 'type="application/rss+xml" title="นครพนม · ' in text
        assert 'href="/provinces/nakhon-phanom/feed.xml"' in text and 'href="/feed.xml"' in text
    for page in ("regions/south", "health-regions/7", "topics/alcohol", "en/topics/alcohol"):
        if (output / page / "index.html").is_file():
            assert f'href="/{page}/feed.xml"' in (output / page / "index.html").read_text(encoding="utf-8")


def test_subscribe_page_lists_every_feed(sites):
    output = sites[0].output
    for prefix, lang in (("", "th"), ("en/", "en")):
        text = (output / f"{prefix}subscribe/index.html").read_text(encoding="utf-8")
        body = text.split("<main", 1)[1]
        for province in PLACES.provinces:
            assert f'href="{SITE_DOMAIN}/{prefix}provinces/{province.slug}/feed.xml"' in body
            assert province.name(lang) in body
        for slug in TOPICS:
            assert f'href="{SITE_DOMAIN}/{prefix}topics/{slug}/feed.xml"' in body
        for region in PLACES.regions:
            assert f'href="{SITE_DOMAIN}/{prefix}regions/{region.slug}/feed.xml"' in body
        assert f'href="{SITE_DOMAIN}/{prefix}enews/feed.xml"' in body
        # Each feed has a copy link that is a plain link to the feed without JavaScript.
        assert body.count("data-copy ") == FOLDERS + 1
        assert f'href="/{prefix}subscribe/"' in text.split("<main", 1)[0]  # in the menu
        assert "<script>" not in text and "style=" not in text
    thai = (output / "subscribe/index.html").read_text(encoding="utf-8")
    # Written for readers: what RSS is, in Thai; the operator's how-to lives in docs/subscribe.md.
    assert "RSS คือวิธีติดตามเว็บไซต์" in thai and "ติดตาม" in thai
    english = (output / "en/subscribe/index.html").read_text(encoding="utf-8")
    assert "In a feed reader (RSS)" in english and "RSS campaign" not in english
    # Without NEWSLETTER_FORM_ACTION and LINE_OA_URL there is no form and no LINE section.
    assert '<form class="signup"' not in thai and 'id="line"' not in thai


def test_every_atom_entry_links_its_page_as_alternate_and_its_cover_as_enclosure(sites):
    """feedgen 1.0.0 drops rel, type and length from an entry's links; readers then took the cover for the
    article's address (issue 15). Every entry of every Atom feed: one alternate link, the page's address."""
    output = sites[0].output
    checked = covers = 0
    for path in (p for p in feed_files(output) if p.name == "atom.xml"):
        for entry in parse(path).entries:
            alternates = [l for l in entry.links if l.rel == "alternate"]
            assert len(alternates) == 1 and alternates[0].type == "text/html", f"{path}: {entry.links}"
            assert entry.link == alternates[0].href and not entry.link.endswith((".png", ".jpg"))
            assert re.fullmatch(rf"{SITE_DOMAIN}/(en/)?(reports|news|enews)/[a-z0-9-]+/", entry.link), entry.link
            enclosures = [l for l in entry.links if l.rel == "enclosure"]
            assert all(l.type == "image/png" and int(l.length) > 0 for l in enclosures)
            covers += bool(enclosures)
            checked += 1
    assert checked > 100 and covers > 10
    npu = next(e for e in parse(output / "provinces/nakhon-phanom/atom.xml").entries if "npu-meeting" in e.link)
    size = (output / "images/cover.png").stat().st_size
    assert npu.link == f"{SITE_DOMAIN}/news/npu-meeting/"
    assert npu.enclosures == [{"href": f"{SITE_DOMAIN}/images/cover.png", "length": str(size), "type": "image/png"}]


def report_entry(parsed):
    return next(e for e in parsed.entries if "khon-khaen-forum" in (e.get("link") or e.get("url")))


def test_report_fields_are_in_the_item_content(sites):
    output = sites[0].output
    for name in ("feed.xml", "atom.xml"):
        content = report_entry(parse(output / "reports" / name)).content[0].value
        for text in ("บรรลุผลมากกว่าเป้าหมาย", "120", "จากที่ตั้งไว้ 100 คน", "วัตถุประสงค์", "สร้างเครือข่ายสุขภาวะ",
                     "ทบทวนแผนงานจังหวัด", "ปัญหาและแนวทางแก้ไข", "ผู้เข้าร่วมมาสาย", "ข้อเสนอแนะ", "ควรจัดเวทีทุกไตรมาส"):
            assert text in content, f"{name}: {text!r} missing"
        # In the page's order: the figures and objectives, the body, then problems and recommendations.
        assert content.index("สร้างเครือข่ายสุขภาวะ") < content.index("เวทีสุขภาวะขอนแก่น.") < content.index("ควรจัดเวทีทุกไตรมาส")
    doc = json.loads((output / "reports/feed.json").read_text(encoding="utf-8"))
    item = next(i for i in doc["items"] if "khon-khaen-forum" in i["url"])
    assert "ควรจัดเวทีทุกไตรมาส" in item["content_html"] and "บรรลุผลมากกว่าเป้าหมาย" in item["content_html"]
    # The page shows the same block (one partial, partials/report_fields.html).
    page = (output / "reports/khon-khaen-forum/index.html").read_text(encoding="utf-8")
    for text in ("บรรลุผลมากกว่าเป้าหมาย", "จากที่ตั้งไว้ 100 คน", "สร้างเครือข่ายสุขภาวะ", "ควรจัดเวทีทุกไตรมาส"):
        assert text in page
    # A news item has no report block.
    news = next(e for e in parse(output / "news/feed.xml").entries if "npu-meeting" in e.link)
    assert "วัตถุประสงค์" not in news.content[0].value


def test_a_feed_per_content_kind_in_both_languages(sites):
    output = sites[0].output
    for prefix in ("", "en/"):
        for kind in ("reports", "news"):
            rss = parse(output / f"{prefix}{kind}/feed.xml")
            atom = parse(output / f"{prefix}{kind}/atom.xml")
            doc = json.loads((output / f"{prefix}{kind}/feed.json").read_text(encoding="utf-8"))
            links = [e.link for e in rss.entries]
            assert links and all(l.startswith(f"{SITE_DOMAIN}/{prefix}{kind}/") for l in links)
            assert [e.link for e in atom.entries] == links == [i["url"] for i in doc["items"]]
    assert [e.link.removeprefix(SITE_DOMAIN + "/") for e in parse(output / "reports/feed.xml").entries] == \
        ["reports/khon-khaen-forum/", "reports/nakhon-assembly/"]
    assert parse(output / "en/reports/feed.xml").feed.title == "Field reports · Health Promotion Partner Network News"
    index = (output / "reports/index.html").read_text(encoding="utf-8")
    assert 'href="/reports/feed.xml"' in index and 'href="/reports/feed.json"' in index


def test_json_feed_is_an_alternate_wherever_rss_and_atom_are(sites):
    output = sites[0].output
    pages = ["index.html", "en/news/npu-meeting/index.html", "news/index.html", "provinces/nakhon-phanom/index.html",
             "topics/alcohol/index.html", "enews/index.html"]
    for page in pages:
        text = (output / page).read_text(encoding="utf-8")
        alternates = re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)"', text)
        rss = [href for kind, href in alternates if kind == "application/rss+xml"]
        assert rss, page
        for href in rss:
            folder = href.removesuffix("feed.xml")
            assert ("application/atom+xml", folder + "atom.xml") in alternates, (page, href)
            assert ("application/feed+json", folder + "feed.json") in alternates, (page, href)
            assert (output / (folder + "feed.json").lstrip("/")).is_file()


def test_authors_are_named_when_known(sites):
    output = sites[0].output
    raw = (output / "reports/feed.xml").read_text(encoding="utf-8")
    assert "<dc:creator>ทีมขอนแก่น</dc:creator>" in raw
    atom = report_entry(parse(output / "reports/atom.xml"))
    assert atom.author_detail.name == "ทีมขอนแก่น"
    doc = json.loads((output / "reports/feed.json").read_text(encoding="utf-8"))
    assert next(i for i in doc["items"] if "khon-khaen-forum" in i["url"])["authors"] == [{"name": "ทีมขอนแก่น"}]
    assert "authors" not in next(i for i in doc["items"] if "nakhon-assembly" in i["url"])


def test_categories_follow_the_readers_order(sites):
    output = sites[0].output
    entry = next(e for e in parse(output / "news/feed.xml").entries if "buri-ram-walk" in e.link)
    # Thai dictionary order within topics and within provinces (the file names alcohol before road safety, Buri Ram before Khon Kaen).
    assert [t.term for t in entry.tags] == ["ความปลอดภัยทางถนน", "เครื่องดื่มแอลกอฮอล์", "ขอนแก่น", "บุรีรัมย์"]
