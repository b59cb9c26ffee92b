"""Names people write: partners by short name (สสส.) or title; a name two partners share is an error listing
both; advice (never a failure) when the Thai and English files of one item disagree on date, provinces
or partners."""
from __future__ import annotations

import subprocess

import lxml.html

from sitebuilder import PARTNER_EN, PARTNER_TH, ROOT, build, front_matter, write_content


def check(content):
    return subprocess.run([str(ROOT / ".venv" / "bin" / "khaosan-check"), str(content)], capture_output=True, text=True, timeout=120)


def test_a_partner_named_by_its_short_name_or_title_links_to_its_page(tmp_path):
    news = front_matter(title="ข่าว", date="2566-01-01", partners=["สสส.", "thaihealth"]) + "x\n"
    news_en = front_matter(title="News", date="2023-01-01", partners=["Thai Health Promotion Foundation"]) + "x\n"
    result = build(tmp_path, {"partners/thaihealth.th.md": PARTNER_TH, "partners/thaihealth.en.md": PARTNER_EN,
                              "news/a.th.md": news, "news/a.en.md": news_en})
    assert result.returncode == 0, result.stderr
    page = lxml.html.fromstring(result.page("/news/a/"))
    assert "/partners/thaihealth/" in page.xpath("//main//a/@href")
    assert "/en/partners/thaihealth/" in lxml.html.fromstring(result.page("/en/news/a/")).xpath("//main//a/@href")


def test_a_short_name_two_partners_share_is_an_error_listing_both(tmp_path):
    other = front_matter(title="สมาคมส่งเสริมสุขภาพ", short_name="สสส.", type="civil-society") + "x\n"
    news = front_matter(title="ข่าว", date="2566-01-01", partners=["สสส."]) + "x\n"
    content = write_content(tmp_path / "content", {"partners/thaihealth.th.md": PARTNER_TH, "partners/health-society.th.md": other,
                                                   "news/a.th.md": news})
    result = check(content)
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "more than one partner" in line)
    assert "news/a.th.md:5: partners: \"สสส.\" is the name of more than one partner" in line
    assert "health-society (partners/health-society.th.md)" in line and "thaihealth (partners/thaihealth.th.md)" in line


def test_an_unknown_partner_name_is_still_an_error(tmp_path):
    news = front_matter(title="ข่าว", date="2566-01-01", partners=["สสส"]) + "x\n"
    result = check(write_content(tmp_path / "content", {"partners/thaihealth.th.md": PARTNER_TH, "news/a.th.md": news}))
    assert result.returncode == 1 and 'partners: unknown partner "สสส"' in result.stdout


TWINS = {
    "partners/thaihealth.th.md": PARTNER_TH,
    "partners/thaihealth.en.md": PARTNER_EN,
    "news/a.th.md": front_matter(title="ข่าว", date="2566-05-05", provinces=["นครพนม"], partners=["สสส."]) + "x\n",
    "news/a.en.md": front_matter(title="News", date="2023-05-06", provinces=["nakhon-phanom", "bangkok"], partners=["thaihealth"]) + "x\n",
}


def test_twins_that_differ_get_advice_from_make_check_without_failing(tmp_path):
    result = check(write_content(tmp_path / "content", TWINS))
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert any("news/a.en.md:3: advice: date: 2023-05-06 here, but 2023-05-05 in the Thai version (news/a.th.md)" in line for line in lines)
    assert any("news/a.en.md:4: advice: provinces: bangkok, nakhon-phanom here, but nakhon-phanom in the Thai version" in line for line in lines)
    assert not any("advice: partners" in line for line in lines)  # สสส. and thaihealth are the same partner
    assert "0 error(s), 0 warning(s), 2 advice" in lines[-1]


def test_the_build_prints_twin_advice_and_still_succeeds_under_fatal_warnings(tmp_path):
    result = build(tmp_path, TWINS)
    assert result.returncode == 0, result.stderr
    assert "advice: date: 2023-05-06 here, but 2023-05-05 in the Thai version" in result.stderr
    assert (result.output / "en" / "news" / "a" / "index.html").is_file()
