"""khaosan's settings schema (plugins/khaosan/config.py): defaults in one place, every setting checked."""
import subprocess
import sys

import pytest

from khaosan import config
from sitebuilder import ROOT, build, front_matter, settings_file


def test_defaults_are_filled_in():
    settings = {"SITENAME": "ข่าว"}
    assert config.check(settings) == []
    assert settings["ITEMS_PER_PAGE"] == 20 and settings["SITE_DOMAIN"] == "http://127.0.0.1:8000"
    assert settings["SITE_NAMES"] == {"th": "ข่าว", "en": config.SCHEMA["SITENAME_EN"].default}


@pytest.mark.parametrize("name, value, expected", [
    ("ITEMS_PER_PAGE", "twenty", "setting ITEMS_PER_PAGE: expected a whole number of at least 1, got 'twenty'"),
    ("ITEMS_PER_PAGE", 0, "setting ITEMS_PER_PAGE: expected a whole number of at least 1, got 0"),
    ("FEED_JSON", "yes", "setting FEED_JSON: expected True or False, got 'yes'"),
    ("SITE_DOMAIN", "example.org", "setting SITE_DOMAIN: expected an address starting with https:// or http://"),
    ("ITEMS_PER_PAGES", 10, "setting ITEMS_PER_PAGES: unknown setting; did you mean ITEMS_PER_PAGE?"),
    ("FEED_TAG_AUTHORTY", "x", "setting FEED_TAG_AUTHORTY: unknown setting; did you mean FEED_TAG_AUTHORITY?"),
])
def test_a_wrong_setting_is_named_with_what_was_expected(name, value, expected):
    problems = config.check({name: value})
    assert len(problems) == 1 and problems[0].startswith(expected)


def test_pelicans_own_settings_are_known():
    from pelican.settings import read_settings
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"DEBUG": False})
    assert config.check(settings) == []


def test_a_build_with_a_misspelled_setting_stops_without_a_traceback(tmp_path):
    settings = settings_file(tmp_path / "typo.py", "HOME_ITEMS_PER_REGOIN = 3\n")
    result = build(tmp_path, {"news/a.th.md": front_matter(title="ข่าว", date="2566-01-01") + "เนื้อหา\n"},
                   settings=str(settings))
    assert result.returncode != 0
    assert "setting HOME_ITEMS_PER_REGOIN: unknown setting; did you mean HOME_ITEMS_PER_REGION?" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not result.output.exists()


def test_settings_reference_is_up_to_date():
    proc = subprocess.run([sys.executable, str(ROOT / "tools/settings_doc.py"), "--check"])
    assert proc.returncode == 0, "docs/settings.md is out of date: run make docs"
