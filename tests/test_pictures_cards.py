"""Share cards: Thai is shaped (stacked vowels and tone marks), checked against a golden image reviewed by eye."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFont

from khaosan.pictures import card_fonts, title_tokens
from khaosan.pictures import cards
from khaosan import url_scheme
from sitebuilder import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden" / "card-th-elders.png"
# ผู้ (sara uu below, mai tho above), ที่ and นี่ (sara ii with mai ek stacked on it), สุข (sara u below).
TITLE = "ผู้สูงอายุที่นี่มีสุข"


def elders_card() -> Image.Image:
    return cards.draw_card({"title_tokens": title_tokens(TITLE), "kind": "ข่าว",
                            "details": "1 มิถุนายน 2566 · นครพนม", "site_name": "ข่าวสารภาคีเครือข่ายสร้างเสริมสุขภาพ",
                            "fonts": card_fonts(str(ROOT / "theme"))})


def difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    """(mean absolute difference per channel, share of pixels off by more than 16 (grey of the difference))."""
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    histogram = diff.histogram()
    channels = [histogram[i * 256:(i + 1) * 256] for i in range(3)]
    pixels = a.width * a.height
    mean = sum(sum(v * n for v, n in enumerate(ch)) for ch in channels) / (3 * pixels)
    far = diff.convert("L").point(lambda v: 255 if v > 16 else 0).histogram()[255] / pixels
    return mean, far


def test_thai_title_matches_the_golden_card():
    card = elders_card()
    assert card.size == (1200, 630)
    with Image.open(GOLDEN) as golden:
        mean, far = difference(card, golden)
    assert mean < 1.0 and far < 0.003, (mean, far)


def test_the_comparison_catches_unshaped_thai(monkeypatch):
    """Without raqm (Pillow's basic layout) the marks of ผู้ and ที่ collide: the golden test must fail then."""
    basic = {}

    def unshaped(path, size):
        return basic.setdefault((path, size), ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC))

    monkeypatch.setattr(cards, "font", unshaped)
    with Image.open(GOLDEN) as golden:
        mean, far = difference(elders_card(), golden)
    assert far >= 0.003 or mean >= 1.0, (mean, far)


def test_english_and_thai_cards_differ():
    fonts = card_fonts(str(ROOT / "theme"))
    thai = cards.draw_card({"title_tokens": title_tokens(TITLE), "kind": "ข่าว", "details": "", "site_name": "x", "fonts": fonts})
    english = cards.draw_card({"title_tokens": title_tokens("The elders here are happy"), "kind": "News", "details": "",
                               "site_name": "x", "fonts": fonts})
    assert difference(thai, english)[1] > 0.01


def test_long_titles_wrap_at_thai_word_boundaries_and_stay_on_the_card():
    fonts = card_fonts(str(ROOT / "theme"))
    title = "ประชุมกอง บก. เพื่อสนับสนุนการขับเคลื่อนงานประเด็นความมั่นคงด้านอาหาร" * 3
    size, lines = cards.fit_title(title_tokens(title), fonts["bold"], cards.WIDTH - 2 * cards.MARGIN)
    assert len(lines) == cards.MAX_LINES and lines[-1].endswith("…")
    words = set(title_tokens(title))
    for line in lines[:-1]:
        # Each line ends at a whole word of the segmenter, never inside one (ความมั่นคง is not split).
        assert any(line.endswith(w.strip()) for w in words if w.strip()), line
        assert cards.measure(line, fonts["bold"], size) <= cards.WIDTH - 2 * cards.MARGIN


class ReaderText(HTMLParser):
    """What a reader meets on a page: text outside scripts and styles, and the attributes read out or shown."""
    SHOWN = ("alt", "title", "aria-label", "placeholder", "content", "value")

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        self.parts += [v for k, v in attrs if k in self.SHOWN and v]

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def test_no_page_or_picture_of_the_bundled_site_says_khaosan(bundled_site):
    """Issue 14, item 3: the bundled English title cards are gone; every item's share card is drawn in its
    own language (the Thai and English cards differ), and no text a reader meets names the software."""
    pages = sorted(bundled_site.output.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        reader = ReaderText()
        reader.feed(page.read_text(encoding="utf-8"))
        said = " ".join(reader.parts).lower()
        assert "khaosan" not in said, page
    assert not [p for p in (ROOT / "content").rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".avif")
                and "khaosan" in p.read_bytes().decode("latin-1").lower()]
    items = [p for kind in ("reports", "news", "enews", "partners") for p in (bundled_site.output / kind).glob("*/index.html")
             if p.parent.name not in url_scheme.RESERVED_ITEM_SLUGS]  # the kind's own pages (follow/, page/2/)
    assert items
    for thai in items:
        english = bundled_site.output / "en" / thai.relative_to(bundled_site.output)
        if not english.exists() or 'class="cover"' in thai.read_text(encoding="utf-8"):
            continue   # a cover photo is the same picture in both languages
        cards = [re.search(r'<meta property="og:image" content="[^"]*/(pictures/[^"]+)"', p.read_text(encoding="utf-8"))
                 for p in (thai, english)]
        assert all(cards), thai
        th_card, en_card = (bundled_site.output / c.group(1) for c in cards)
        with Image.open(th_card) as a, Image.open(en_card) as b:
            assert a.size == b.size == (1200, 630), thai
            assert difference(a, b)[1] > 0.01, thai
