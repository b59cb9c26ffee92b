"""make check in Thai (KHAOSAN_LANG=th, or a Thai system locale), from the theme's own catalogues."""
from __future__ import annotations

import os
import subprocess

import pytest

from khaosan.bilingual import load_catalogs
from khaosan.content_model.messages import PATTERNS
from sitebuilder import ROOT, front_matter, write_content

BROKEN = {
    "news/a.th.md": front_matter(title="ข่าว", date="2566-13-45", provinces=["นครพนมม"], topics=["alcohal"],
                                 cover="images/nope.jpg") + "x\n",
    "news/a.en.md": front_matter(title="News", date="2023-01-01", foo=1) + "x\n",
}


def check(content, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("KHAOSAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(["make", "-s", "check", f"CONTENT={content}"], cwd=ROOT, capture_output=True, text=True,
                          env={**base, **env}, timeout=120)


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return write_content(tmp_path_factory.mktemp("thai-check") / "content", BROKEN)


def test_make_check_speaks_thai_with_khaosan_lang(content):
    result = check(content, KHAOSAN_LANG="th")
    assert result.returncode != 0
    lines = result.stdout.splitlines()
    assert any(line.endswith('news/a.th.md:5: provinces: ไม่รู้จักจังหวัด "นครพนมม"; หมายถึง "นครพนม" (nakhon-phanom) ใช่ไหม')
               for line in lines), result.stdout
    assert any('news/a.th.md:3: date: "2566-13-45" ไม่ใช่วันที่; เขียนเป็น ปปปป-ดด-วว' in line for line in lines)
    assert any('news/a.th.md:7: topics: ไม่รู้จักประเด็น "alcohal"; หมายถึง "alcohol" ใช่ไหม' in line for line in lines)
    assert any("news/a.en.md:4: foo: ช่องนี้ไม่มีใน" in line for line in lines)
    assert lines[-1] == "ตรวจแล้ว 2 ไฟล์ (2 news): ข้อผิดพลาด 5 คำเตือน 0 คำแนะนำ 0"


def test_a_thai_system_locale_is_enough_and_khaosan_lang_wins(content):
    assert "ไม่รู้จักจังหวัด" in check(content, LANG="th_TH.UTF-8").stdout
    english = check(content, LANG="th_TH.UTF-8", KHAOSAN_LANG="en").stdout
    assert 'provinces: unknown province "นครพนมม"; did you mean "นครพนม" (nakhon-phanom)?' in english
    assert "ไม่รู้จักจังหวัด" not in english
    assert "unknown province" in check(content, LANG="C.UTF-8").stdout


def test_every_message_pattern_has_its_thai_translation_in_the_theme_catalogue():
    thai = load_catalogs(str(ROOT / "theme"))["th"]
    untranslated = [p for p in PATTERNS if thai.gettext(p) == p]
    assert not untranslated, f"run make translations and translate: {untranslated}"
