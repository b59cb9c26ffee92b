"""The bundled site: the five seeds in Thai and English, and a partner profile for every organisation they name."""
from __future__ import annotations

import subprocess
import sys

from khaosan.content_model.index import build_index
from khaosan.places import load_places
from sitebuilder import ROOT

SEEDS = {
    "news/thaihealth-meets-nakhon-phanom-university/": "000",
    "news/southern-happiness-forum-13/": "001",
    "project/": "002",
    "news/phiman-mou-community-health-network/": "003",
    "reports/nakhon-si-thammarat-food-security-editorial-meeting/": "004",
}


def test_every_seed_in_both_languages(bundled_site):
    for path in SEEDS:
        assert bundled_site.exists(path), path
        assert bundled_site.exists("en/" + path), "en/" + path


def test_partner_profiles_in_both_languages():
    index, problems = build_index(str(ROOT / "content"), load_places())
    assert problems.problems == []
    partners = index.of_kind("partners")
    by_lang = {lang: {e.slug for e in partners if e.lang == lang} for lang in ("th", "en")}
    assert len(by_lang["th"]) >= 15 and by_lang["th"] == by_lang["en"]
    named = {slug for e in index.entries for slug in e.meta.get("partners", [])}
    assert named <= by_lang["th"]


def test_seed_facts_carried_over(bundled_site):
    report = bundled_site.page("reports/nakhon-si-thammarat-food-security-editorial-meeting/")
    assert "20 พฤศจิกายน 2559" in report and "<b>350</b>" in report and "บรรลุผลมากกว่าเป้าหมาย" in report
    english = bundled_site.page("en/reports/nakhon-si-thammarat-food-security-editorial-meeting/")
    assert "20 November 2016" in english and "of 500 planned" in english
    assert "5 พฤษภาคม 2566" in bundled_site.page("news/thaihealth-meets-nakhon-phanom-university/")
    assert "สำนักข่าวสร้างสุข" in bundled_site.page("news/southern-happiness-forum-13/")
    assert "มุกดาหาร" in bundled_site.page("project/")


def test_data_sources_credited(bundled_site):
    home = bundled_site.page("")
    assert "OCHA" in home and "CC BY-IGO 3.0" in home and "Kongvut" in home


def test_make_check_passes_on_bundled_content():
    proc = subprocess.run([sys.executable, "-m", "khaosan.content_model.check", str(ROOT / "content")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    assert "0 error(s), 0 warning(s)" in proc.stdout
