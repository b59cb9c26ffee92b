"""A small fixture site for the feeds and e-news tests: reports and news in both languages across
regions, provinces and topics, a cover picture, and two e-news editions."""
from __future__ import annotations

import re
from pathlib import Path

from sitebuilder import ROOT, front_matter

COVER = (ROOT / "theme" / "static" / "images" / "feed-icon.png").read_bytes()
SITE_DOMAIN = "http://127.0.0.1:8000"
ITEM_LINK = re.compile(r'href="[^"]*?/((?:en/)?(?:reports|news)/[a-z0-9-]+/)"')


def story(kind, slug, lang, title, date, provinces=(), topics=(), body="", **extra):
    fields = {"title": title, "slug": slug, "lang": lang, "date": date}
    if provinces:
        fields["provinces"] = list(provinces)
    if topics:
        fields["topics"] = list(topics)
    fields.update(extra)
    return f"{kind}/{slug}.{lang}.md", front_matter(**fields) + "\n" + (body or f"{title}.") + "\n"


def files(body_note: str = "", nakhon_phanom_date: str = "2023-04-03 10:00") -> dict:
    """The fixture's content; `body_note` edits a body, `nakhon_phanom_date` moves an item in time."""
    out = {"images/cover.png": COVER}
    rows = [
        story("news", "npu-meeting", "th", "สสส. หารือมหาวิทยาลัยนครพนม", nakhon_phanom_date, ["nakhon-phanom"],
              ["partnership"], body="เนื้อหา [ดูเพิ่ม](../phiman-mou/) และ [หน้าแรก](/) "
              "![ภาพประชุม](images/cover.png)\n\n" + body_note,
              summary="สรุปการหารือ", cover="images/cover.png", cover_alt="ภาพการประชุม", author="ทีมสื่อสาร"),
        story("news", "npu-meeting", "en", "ThaiHealth meets Nakhon Phanom University", nakhon_phanom_date,
              ["nakhon-phanom"], ["partnership"], body="The meeting. " + body_note, cover="images/cover.png",
              cover_alt="The meeting", author="Comms team"),
        story("news", "phiman-mou", "th", "ลงนาม MOU ตำบลพิมาน", "2022-06-06", ["นครพนม"], ["community-health", "alcohol"]),
        story("news", "phiman-mou", "en", "MOU signed at Phiman", "2022-06-06", ["nakhon-phanom"], ["community-health", "alcohol"]),
        story("reports", "khon-khaen-forum", "th", "เวทีสุขภาวะขอนแก่น", "2023-01-15", ["khon-kaen"], ["public-policy"],
              participants={"planned": 100, "actual": 120}, outcome_rating=4, cover="images/cover.png",
              objectives=["สร้างเครือข่ายสุขภาวะ", "ทบทวนแผนงานจังหวัด"], problems="ผู้เข้าร่วมมาสาย",
              recommendations="ควรจัดเวทีทุกไตรมาส", author="ทีมขอนแก่น"),
        story("reports", "nakhon-assembly", "th", "สมัชชาคนคอน", "2016-11-20", ["nakhon-si-thammarat"], ["media"]),
        story("reports", "nakhon-assembly", "en", "The Nakhon people's assembly", "2016-11-20", ["nakhon-si-thammarat"], ["media"]),
        story("news", "happy-south", "th", "ภาคใต้แห่งความสุข ครั้งที่ 13", "2023-08-10", ["songkhla", "yala"], ["partnership"]),
        story("news", "national-policy", "th", "ข่าวนโยบายระดับประเทศ", "2023-02-01", [], ["public-policy"]),
        story("news", "outside-period", "th", "ข่าวนครพนมนอกช่วง", "2024-02-01", ["nakhon-phanom"]),
        # Buri Ram sorts before Khon Kaen in English, after ขอนแก่น in Thai: the e-news sections follow Thai order.
        story("news", "buri-ram-walk", "th", "เดินวิ่งบุรีรัมย์", "2023-03-01", ["buri-ram", "khon-kaen"], ["alcohol", "road-safety"]),
    ]
    # Enough items in one province to test the 50-item limit of a feed.
    for n in range(1, 56):
        rows.append(story("news", f"yala-note-{n:02d}", "en", f"Yala note {n:02d}", f"2021-01-{(n % 28) + 1:02d} {n % 24:02d}:00", ["yala"]))
    out.update(dict(rows))
    edition = {"title": "จดหมายข่าวอีสาน", "slug": "isan-test", "lang": "th", "date": "2023-06-01",
               "period": {"from": "2022-06-01", "to": "2023-05-31"}, "regions": ["northeast"],
               "featured": ["phiman-mou"], "summary": "ฉบับทดสอบภาคอีสาน"}
    out["enews/isan-test.th.md"] = front_matter(**edition) + "\nสวัสดีภาคีเครือข่าย [อ่านเพิ่ม](/news/)\n\nย่อหน้าที่สอง\n"
    out["enews/isan-test.en.md"] = front_matter(**{**edition, "lang": "en", "title": "Isan e-news"}) + "\nHello partners.\n"
    out["enews/all-2023.th.md"] = front_matter(title="ทุกภาค 2566", slug="all-2023", lang="th", date="2024-01-05",
                                               period=2023, topics=["partnership", "public-policy"]) + "\nทุกภาค\n"
    return out


def feed_files(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*") if p.name in ("feed.xml", "atom.xml", "feed.json"))


def page_item_links(html: str) -> list[str]:
    """Links to reports and news in a page's main part, in order, each once."""
    main = html.split('<main', 1)[1].split("</main>", 1)[0] if "<main" in html else html
    seen = []
    for link in ITEM_LINK.findall(main):
        if link not in seen:
            seen.append(link)
    return seen
