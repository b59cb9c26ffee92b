"""Gate 6, nothing lost: every content file is published or named in an error; a failed build leaves the
last good output/ byte-identical (atomic_output), also when a template crashes halfway."""
from __future__ import annotations

import pytest

import shutil

from quality.fixtures import small_site_files
from quality.lost import lost_files
from quality.tree import snapshot
from sitebuilder import ROOT, build, front_matter, settings_file

# A quality gate (docs/quality.md): `make quality` and `make test` run it, `make test-fast` does not.
pytestmark = pytest.mark.slow


def test_every_bundled_file_is_published(bundled_build):
    site = bundled_build.ok()
    lost = lost_files(site.content, site.output, site.stderr)
    assert not lost, "content files that were lost:\n" + "\n".join(lost)


def test_every_small_site_file_is_published(small_site):
    site = small_site.ok()
    assert not lost_files(site.content, site.output, site.stderr)


def test_gate_fails_when_a_page_goes_missing(small_copy, small_site):
    shutil.rmtree(small_copy / "en" / "reports" / "food-forum")
    (small_copy / "images" / "forum.jpg").unlink()
    lost = lost_files(small_site.content, small_copy, "")
    assert [line.split(":")[0] for line in lost] == ["images/forum.jpg", "reports/food-forum.en.md"], lost


def test_a_bad_file_is_named_not_lost(tmp_path):
    files = {"news/ok.th.md": front_matter(title="ข่าว", date="2566-01-01") + "เนื้อหา\n",
             "news/bad.th.md": front_matter(title="ข่าว", date="2566-13-45") + "เนื้อหา\n",
             "news/notes.txt": "a stray file\n"}
    site = build(tmp_path, files)
    assert site.returncode != 0
    assert lost_files(site.content, None, site.stderr) == ["news/ok.th.md: neither published at /news/ok/index.html nor named in an error"]


def good_then_bad(tmp_path, bad_files, settings="pelicanconf.py"):
    content = tmp_path / "content"
    site = build(tmp_path, small_site_files()).ok()
    before = snapshot(site.output)
    for rel, text in bad_files.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    failed = build(tmp_path, content=content, settings=settings)
    assert failed.returncode != 0, failed.stderr
    assert "Traceback" not in failed.stderr
    assert snapshot(site.output) == before, "the failed build changed output/"
    return failed


def test_failed_content_build_leaves_output_untouched(tmp_path):
    failed = good_then_bad(tmp_path, {"reports/food-forum.th.md": front_matter(title="x", date="2566-01-01", provinces=["nowhere"]) + "x\n"})
    assert "provinces" in failed.stderr


def test_template_crash_midway_leaves_output_untouched(tmp_path):
    """The news template crashes on one item, after other pages of the build were already written."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    news = theme / "templates" / "news.html"
    original = news.read_text(encoding="utf-8")
    assert "{% block story_body %}" in original
    news.write_text(original.replace(
        "{% block story_body %}", "{% block story_body %}{% if article.slug == 'crash' %}{{ none_such.attribute.deeper }}{% endif %}", 1),
        encoding="utf-8")
    settings = settings_file(tmp_path / "crashing.py", f"THEME = {str(theme)!r}\n")
    staging = tmp_path / "output.building"
    good_then_bad(tmp_path, {"news/crash.th.md": front_matter(title="ข่าว", date="2566-01-01") + "เนื้อหา\n",
                             "news/zz-after.th.md": front_matter(title="ข่าว", date="2566-01-02") + "เนื้อหา\n"},
                  settings=str(settings))
    # The crash happened midway: the staging folder holds the pages written before it.
    assert staging.is_dir() and any(staging.rglob("index.html"))
