"""Excerpts and reading times cut on PyThaiNLP word boundaries, never inside a Thai word."""
from __future__ import annotations

from pythainlp.tokenize import word_tokenize

from khaosan import thai_text
from sitebuilder import build

SENTENCE = "ด้วยเหตุนี้ สสส. จึงร่วมกับมหาวิทยาลัยนครพนมจัดทำฐานข้อมูลภาคีเครือข่ายเพื่อการพัฒนาเชิงพื้นที่ "


def test_excerpt_ends_on_a_word_boundary():
    text = SENTENCE * 10
    cut = thai_text.excerpt(text, max_chars=90)
    assert cut.endswith(" …")
    body = cut[:-2]
    assert text.startswith(body)
    boundaries = set()
    position = 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        position += len(token)
        boundaries.add(position)
    assert len(body) in boundaries
    assert len(body) <= 90


def test_pelican_style_cut_is_avoided():
    # Pelican's own summary would end "ด้วยเหตุน …", splitting ด้วยเหตุนี้ at its vowel.
    cut = thai_text.excerpt(SENTENCE * 10, max_chars=12)
    assert cut in ("ด้วยเหตุนี้ …", "ด้วย …")


def test_short_text_is_kept_whole():
    assert thai_text.excerpt("ข่าวสั้น") == "ข่าวสั้น"


def test_word_count_and_reading_time():
    assert thai_text.word_count("ด้วยเหตุนี้จึงร่วมกัน") == len([w for w in word_tokenize("ด้วยเหตุนี้จึงร่วมกัน") if w.strip()])
    assert thai_text.word_count("one two three") == 3
    # 200 Thai words a minute, 230 English ones; never less than a minute.
    assert thai_text.reading_minutes("ภาคี " * 400, "th") == 2
    assert thai_text.reading_minutes("word " * 690, "en") == 3
    assert thai_text.reading_minutes("short", "en") == 1
    # A long Thai body is estimated from its opening; the estimate is within a minute of counting every word.
    long_thai = SENTENCE * 60
    every_word = len([w for w in word_tokenize(long_thai) if w.strip()])
    assert abs(thai_text.reading_minutes(long_thai, "th") - every_word / 200) <= 1


def test_built_summary_is_thai_aware(tmp_path):
    result = build(tmp_path, {"news/a.th.md": "---\ntitle: ก\ndate: 2023-01-01\n---\n" + SENTENCE * 20})
    assert result.returncode == 0, result.stderr
    listing = result.page("/news/")
    card = listing[listing.index('<li class="card">'):]
    summary = card.split("<p>")[1].split("</p>")[0]
    assert summary.endswith(" …") and (SENTENCE * 20).startswith(summary[:-2])


def test_in_reading_order_is_thai_dictionary_order_on_thai_pages():
    from khaosan.places import load_places
    from khaosan.thai_text import in_reading_order

    places = load_places()
    provinces = [places.province(s) for s in ("buri-ram", "chiang-mai", "khon-kaen", "nakhon-phanom", "phrae")]
    assert [p.name("th") for p in in_reading_order(provinces, "th")] == ["ขอนแก่น", "เชียงใหม่", "นครพนม", "บุรีรัมย์", "แพร่"]
    assert [p.name("en") for p in in_reading_order(provinces, "en")] == ["Buri Ram", "Chiang Mai", "Khon Kaen", "Nakhon Phanom", "Phrae"]
