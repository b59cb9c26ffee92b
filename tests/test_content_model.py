"""Bad input: every problem at once, as path:line: field: problem; fix, with no traceback and no output lost."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from khaosan.content_model.index import build_index
from khaosan.places import load_places
from sitebuilder import PARTNER_EN, PARTNER_TH, build, write_content

GOOD_REPORT = """\
---
title: รายงานที่ถูกต้อง
date: 2566-05-05
provinces: [nakhon-phanom]
partners: [thaihealth]
participants: {planned: 10, actual: 8}
outcome_rating: 3
---
เนื้อหา
"""

BAD_FILES = {
    "partners/thaihealth.th.md": PARTNER_TH,
    "reports/good.th.md": GOOD_REPORT,
    "reports/malformed.th.md": "---\ntitle: ok\ndate: 2566-01-01\nprovinces: [nakhon-phanom\n---\nbody\n",
    "reports/notitle.th.md": "---\ndate: 2566-01-01\n---\nbody\n",
    "reports/province.th.md": "---\ntitle: x\ndate: 2566-01-01\nprovinces:\n  - นครพนมม\n---\nbody\n",
    "reports/partner.th.md": "---\ntitle: x\ndate: 2566-01-01\npartners:\n  - thaihelth\n---\nbody\n",
    "reports/unknown-field.th.md": "---\ntitle: x\ndate: 2566-01-01\nprovince: [nakhon-phanom]\n---\nbody\n",
    "reports/dup-a.th.md": "---\ntitle: a\nslug: same\ndate: 2566-01-01\n---\nbody\n",
    "reports/dup-b.th.md": "---\ntitle: b\nslug: same\ndate: 2566-01-02\n---\nbody\n",
    "reports/baddate.th.md": "---\ntitle: x\ndate: 2566-13-45\n---\nbody\n",
    "reports/rating.th.md": "---\ntitle: x\ndate: 2566-01-01\noutcome_rating: 5\n---\nbody\n",
    "reports/participants.th.md": "---\ntitle: x\ndate: 2566-01-01\nparticipants: {planned: 500, actual: สามร้อย}\n---\nbody\n",
}

EXPECTED = [
    r"content/reports/malformed\.th\.md:5: front matter: not valid YAML .*; check the indentation",
    r"content/reports/notitle\.th\.md:1: title: is missing; add a line 'title: …'",
    r'content/reports/province\.th\.md:5: provinces: unknown province "นครพนมม"; did you mean "นครพนม" \(nakhon-phanom\)\?',
    r'content/reports/partner\.th\.md:5: partners: unknown partner "thaihelth"; did you mean "thaihealth"\?',
    r'content/reports/unknown-field\.th\.md:4: province: unknown field for activity reports; did you mean "provinces"\?',
    r'content/reports/dup-b\.th\.md:1: slug: "same" is already used by reports/dup-a\.th\.md in the same language',
    r'content/reports/baddate\.th\.md:3: date: "2566-13-45" is not a date; write YYYY-MM-DD',
    r"content/reports/rating\.th\.md:4: outcome_rating: 5 is outside the range from 1 to 4; use a whole number from 1 to 4",
    r'content/reports/participants\.th\.md:4: participants\.actual: "สามร้อย" is not a whole number; write digits only',
]


@pytest.fixture(scope="module")
def failed_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad")
    # A good build first, so the failed one has an output/ to leave alone.
    good = build(tmp, {"partners/thaihealth.th.md": PARTNER_TH, "reports/good.th.md": GOOD_REPORT})
    assert good.returncode == 0, good.stderr
    before = snapshot(good.output)
    write_content(tmp / "content", BAD_FILES)
    result = build(tmp, content=tmp / "content")
    return result, before


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_problem_is_reported_at_once(failed_build):
    result, _ = failed_build
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    for pattern in EXPECTED:
        assert any(re.search(pattern, line) for line in lines), f"missing: {pattern}\n{result.stderr}"


def test_no_traceback_and_no_output_lost(failed_build):
    result, before = failed_build
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert snapshot(result.output) == before
    assert not Path(str(result.output) + ".building").exists()


def test_check_reports_the_same_problems(failed_build, tmp_path):
    result, _ = failed_build
    index, problems = build_index(str(result.output.parent / "content"), load_places())
    # An unknown field is an error in the check as in the build (issue 9: they used to disagree).
    assert len(problems.errors) == 9
    assert len(problems.warnings) == 0


def check(tmp_path, files):
    root = write_content(tmp_path / "content", files)
    index, problems = build_index(str(root), load_places())
    return index, [str(p) for p in problems.sorted()]


@pytest.mark.parametrize("alias", ["nakhon-phanom", "นครพนม", "จ.นครพนม", "จังหวัดนครพนม", "Nakhon Phanom", "TH-48", "th-48"])
def test_province_aliases(tmp_path, alias):
    index, problems = check(tmp_path, {"news/a.th.md": f"---\ntitle: x\ndate: 2023-01-01\nprovinces: [\"{alias}\"]\n---\n"})
    assert problems == []
    assert [p.slug for p in index.entries[0].meta["provinces"]] == ["nakhon-phanom"]


@pytest.mark.parametrize("written, expected", [
    ("2566-05-05", "2023-05-05T00:00:00+07:00"),
    ("2023-05-05 23:13", "2023-05-05T23:13:00+07:00"),
    ("2566-05-05 23:13", "2023-05-05T23:13:00+07:00"),
    ("'2559-11-20'", "2016-11-20T00:00:00+07:00"),
])
def test_dates_accept_buddhist_era(tmp_path, written, expected):
    index, problems = check(tmp_path, {"news/a.th.md": f"---\ntitle: x\ndate: {written}\n---\n"})
    assert problems == []
    assert index.entries[0].meta["date"].isoformat() == expected


def test_file_name_gives_lang_and_slug(tmp_path):
    index, problems = check(tmp_path, {"news/my-story.en.md": "---\ntitle: x\ndate: 2023-01-01\n---\n",
                                       "news/my-story.th.md": "---\ntitle: ก\ndate: 2023-01-01\n---\n"})
    assert problems == []
    assert sorted((e.slug, e.lang) for e in index.entries) == [("my-story", "en"), ("my-story", "th")]


def test_thai_file_name_needs_a_slug(tmp_path):
    _, problems = check(tmp_path, {"news/ข่าว.th.md": "---\ntitle: x\ndate: 2023-01-01\n---\n"})
    assert len(problems) == 1 and "slug:" in problems[0] and "add 'slug:" in problems[0]


def test_files_that_would_be_lost_are_named(tmp_path):
    _, problems = check(tmp_path, {"news/a.txt": "text", "stray.md": "---\ntitle: x\n---\n",
                                   "news/b.th.md": "no front matter"})
    assert any("a.txt:1: file: is not a Markdown" in p for p in problems)
    assert any("stray.md:1: file: is not in a content folder" in p for p in problems)
    assert any("b.th.md:1: front matter: missing" in p for p in problems)


def test_encoding_and_line_endings(tmp_path):
    files = {"news/bom.th.md": "\ufeff---\r\ntitle: ก\r\ndate: 2023-01-01\r\n---\r\nเนื้อ\r\n",
             "news/latin1.th.md": "---\ntitle: caf\xe9\n---\n".encode("latin-1")}
    index, problems = check(tmp_path, files)
    assert [e.slug for e in index.entries] == ["bom"]
    assert len(problems) == 1 and "latin1.th.md:2: file: is not UTF-8 text" in problems[0]


def test_lang_mismatch_and_unknown_topic(tmp_path):
    _, problems = check(tmp_path, {"news/a.th.md": "---\ntitle: x\nlang: en\ndate: 2023-01-01\ntopics: [alcohool]\n---\n"})
    assert any('lang: says "en" but the file name ends in .th.md' in p for p in problems)
    assert any('topics: unknown topic "alcohool"; did you mean "alcohol"?' in p for p in problems)


def test_external_and_missing_cover(tmp_path):
    _, problems = check(tmp_path, {"news/a.th.md": "---\ntitle: x\ndate: 2023-01-01\ncover: https://evil.example/x.jpg\n---\n",
                                   "news/b.th.md": "---\ntitle: x\ndate: 2023-01-01\ncover: images/nothere.jpg\n---\n"})
    assert any("a.th.md:4: cover:" in p and "copy the picture into content/images/" in p for p in problems)
    assert any('b.th.md:4: cover: picture "images/nothere.jpg" not found' in p for p in problems)


def test_make_check_cli(tmp_path):
    import subprocess
    import sys
    from sitebuilder import ROOT
    root = write_content(tmp_path / "content", {"news/a.th.md": "---\ntitle: x\ndate: 2566-99-01\n---\n"})
    proc = subprocess.run([sys.executable, "-m", "khaosan.content_model.check", str(root)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1
    assert "content/news/a.th.md:3: date:" in proc.stdout
    assert "1 error(s)" in proc.stdout


def test_field_reference_is_generated_from_the_schema():
    import subprocess
    import sys
    from sitebuilder import ROOT
    proc = subprocess.run([sys.executable, str(ROOT / "tools/schema_doc.py"), "--check"])
    assert proc.returncode == 0, "docs/fields.md is out of date: run .venv/bin/python tools/schema_doc.py"


def test_body_pictures_are_checked_and_sized(tmp_path):
    from sitebuilder import tiny_jpeg
    files = {"news/a.th.md": "---\ntitle: x\ndate: 2023-01-01\n---\nline one\n\n![ภาพ](images/missing.jpg)\n",
             "news/b.th.md": "---\ntitle: x\ndate: 2023-01-01\n---\n![ภาพ](https://tracker.example/p.jpg)\n",
             "news/c.th.md": "---\ntitle: x\ndate: 2023-01-01\n---\n![ภาพ](pic.jpg)\n",
             "news/pic.jpg": tiny_jpeg(40, 30)}
    _, problems = check(tmp_path, files)
    assert any('a.th.md:7: body: picture "images/missing.jpg" not found' in p for p in problems)
    assert any("b.th.md:5: body:" in p and "copy the picture into content/images/" in p for p in problems)
    assert len(problems) == 2
    result = build(tmp_path / "site", {"news/c.th.md": files["news/c.th.md"], "news/pic.jpg": files["news/pic.jpg"]})
    assert result.returncode == 0, result.stderr
    # Served as the derived picture (khaosan.pictures), with its size so the page does not shift.
    assert re.search(r'<picture>.*?<img src="/pictures/\S+-40\.jpg" srcset="/pictures/\S+-40\.jpg 40w" sizes="[^"]+" '
                     r'alt="ภาพ" width="40" height="30" loading="lazy" decoding="async"></picture>', result.page("/news/c/"))


def test_control_characters_are_dropped_so_feeds_stay_valid_xml(tmp_path):
    result = build(tmp_path, {"news/a.th.md": "---\ntitle: \"ข่าว\\x0b\"\ndate: 2023-01-01\n---\nเนื้อ\x1fหา\x0c\n"})
    assert result.returncode == 0, result.stderr
    assert "เนื้อหา" in result.page("/news/a/")
    assert "\x1f" not in (result.output / "feed.xml").read_text(encoding="utf-8")


def test_a_group_left_empty_by_the_editor_is_a_field_not_given(tmp_path):
    """Decap writes a group nobody filled in as empty parts and switches off: not a half-written contact."""
    root = write_content(tmp_path / "content", {"reports/r.en.md": "---\ntitle: R\ndate: 2023-01-01\n"
                                                 "followup_contact: {name: '', role: '', public: false}\n---\nx\n"})
    index, problems = build_index(str(root), load_places())
    assert problems.errors == []
    assert "followup_contact" not in index.entries[0].meta


# -- Markdown's bracket matching (content_model/bracket_ends.py) -----------------------------------------

from hypothesis import given, settings as hypothesis_settings, strategies as st  # noqa: E402
from markdown.inlinepatterns import LinkInlineProcessor  # noqa: E402

from khaosan.content_model import bracket_ends  # noqa: E402
from khaosan.content_model.reader import new_converter  # noqa: E402


@hypothesis_settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="[]ab\\(ก ", max_size=80))
def test_bracket_ends_answer_as_python_markdowns_own(data):
    assert bracket_ends.bracket_ends(data) == LinkInlineProcessor._findBracketEnds(data)


def test_bodies_convert_the_same_with_the_faster_bracket_matching():
    import markdown
    bodies = [
        "ดู [รายงาน](https://example.org/a) และ [ข่าว [ย่อย]](/news/) กับ ![ภาพ](p.jpg) [ไม่ปิด",
        "[a]: https://example.org/ref\n\nอ่าน [a] และ [ที่นี่][a] *เน้น* [[ซ้อน]](x) ]] [[ ",
        "\n\n".join(f"ย่อหน้า {n} [ลิงก์ {n}](https://example.org/{n}) **หนา** [x]" * 5 for n in range(30)),
    ]
    ours = new_converter()
    assert any(getattr(p, "_findBracketEnds", None) is bracket_ends.bracket_ends for p in ours.inlinePatterns)
    theirs = markdown.Markdown(extensions=["extra", "sane_lists", "toc"], output_format="html",
                               extension_configs={"toc": {"slugify": ours.treeprocessors["toc"].slugify, "permalink": False}})
    for body in bodies:
        ours.reset(), theirs.reset()
        assert ours.convert(body) == theirs.convert(body)
