"""make new KIND=… SLUG=…: both language files of a draft, every field with its hints; drafts pass make check,
build marked as drafts when SHOW_DRAFTS is on (make serve) and never reach a published build."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from khaosan.content_model.fields import BANGKOK
from khaosan.content_model.schema import KINDS
from sitebuilder import ROOT, build, front_matter

KIND_FOLDERS = {"report": "reports", "news": "news", "partner": "partners", "edition": "enews"}


def make(*args, cwd=ROOT):
    return subprocess.run(["make", "-s", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the bundled content with one `make new` item of every kind."""
    tmp = tmp_path_factory.mktemp("new")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    for kind in KIND_FOLDERS:
        result = make("new", f"KIND={kind}", f"SLUG=new-{kind}", f"CONTENT={content}")
        assert result.returncode == 0, result.stderr
    return tmp


def fresh(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.mark.parametrize("kind, folder", KIND_FOLDERS.items())
def test_make_new_writes_both_languages_with_every_field_and_a_hint(project, kind, folder):
    now = dt.datetime.now(BANGKOK)
    for lang in ("th", "en"):
        path = project / "content" / folder / f"new-{kind}.{lang}.md"
        text = path.read_text(encoding="utf-8")
        meta = read_front_matter(path)
        assert list(meta) == KINDS[folder].field_names()
        assert meta["status"] == "draft" and meta["slug"] == f"new-{kind}" and meta["lang"] == lang
        field_lines = [line for line in text.split("---\n")[1].splitlines() if line and not line.startswith("#")]
        for line, spec in zip(field_lines, KINDS[folder].fields.values()):
            assert f"# {spec.help_th} / {spec.help}" in line
        if "date" in meta and kind != "partner":
            assert str(meta["date"]) == f"{now.year + 543:04d}-{now.month:02d}-{now.day:02d}"


def test_drafts_pass_make_check(project):
    result = make("check", f"CONTENT={project / 'content'}")
    assert result.returncode == 0, result.stdout
    assert "0 error(s)" in result.stdout


def test_drafts_are_absent_from_the_published_build(project):
    result = build(fresh(project / "published"), content=project / "content")
    assert result.returncode == 0, result.stderr
    for kind, folder in KIND_FOLDERS.items():
        assert not (result.output / folder / f"new-{kind}").exists()
        assert not (result.output / "en" / folder / f"new-{kind}").exists()
        assert not (result.output / folder / f"new-{kind}.th.md").exists()  # not copied as a static file either
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in result.output.rglob("*") if p.is_file()
                      and p.suffix in (".html", ".xml", ".json", ".csv", ".txt"))
    assert "new-report" not in written and "<<" not in written


def test_drafts_build_marked_as_drafts_when_shown(project):
    result = build(fresh(project / "preview"), content=project / "content", env={"KHAOSAN_SHOW_DRAFTS": "1"})
    assert result.returncode == 0, result.stderr
    for kind, folder in KIND_FOLDERS.items():
        page = result.page(f"/{folder}/new-{kind}/")
        assert 'class="draft-banner"' in page and "ฉบับร่าง" in page
        assert 'class="draft-banner"' in result.page(f"/en/{folder}/new-{kind}/")
    assert 'class="draft-mark"' in result.page("/reports/")
    assert 'class="draft-banner"' not in result.page("/reports/nakhon-si-thammarat-food-security-editorial-meeting/")


def test_publish_ignores_show_drafts(project):
    result = build(fresh(project / "publish"), content=project / "content", settings="publishconf.py", env={"KHAOSAN_SHOW_DRAFTS": "1"})
    assert result.returncode == 0, result.stderr
    assert not (result.output / "reports" / "new-report").exists()


def test_a_published_item_with_a_placeholder_left_is_an_error(tmp_path):
    draft = front_matter(title="<<ชื่อเรื่อง>>", date="2566-01-01", status="draft") + "<<เนื้อข่าว>>\n"
    published = front_matter(title="<<ชื่อเรื่อง>>", date="2566-01-01", status="published") + "เนื้อ\n\n<<เนื้อข่าว>>\n"
    ok = build(tmp_path / "ok", {"news/a.th.md": draft})
    assert ok.returncode == 0, ok.stderr
    bad = build(tmp_path / "bad", {"news/a.th.md": published})
    assert bad.returncode != 0
    assert 'news/a.th.md:2: title: still holds the placeholder "<<ชื่อเรื่อง>>" from make new' in bad.stderr
    assert 'news/a.th.md:8: body: still holds the placeholder "<<เนื้อข่าว>>"' in bad.stderr


def test_status_is_checked(tmp_path):
    bad = build(tmp_path, {"news/a.th.md": front_matter(title="ข่าว", date="2566-01-01", status="drafted") + "x\n"})
    assert bad.returncode != 0 and 'status: "drafted" is not one of published, draft; did you mean "draft"?' in bad.stderr


def test_a_published_item_naming_a_draft_partner_is_an_error(tmp_path):
    partner = front_matter(title="ภาคีใหม่", type="academic", status="draft") + "x\n"
    news = front_matter(title="ข่าว", date="2566-01-01", partners=["new-partner"]) + "x\n"
    bad = build(tmp_path, {"partners/new-partner.th.md": partner, "news/a.th.md": news})
    assert bad.returncode != 0
    assert 'partners: the partner "new-partner" is still a draft' in bad.stderr


def test_make_new_refuses_a_bad_slug_and_an_existing_item(project):
    bad = make("new", "KIND=report", "SLUG=รายงาน", f"CONTENT={project / 'content'}")
    assert bad.returncode != 0 and "is not a URL name" in bad.stderr
    again = make("new", "KIND=report", "SLUG=new-report", f"CONTENT={project / 'content'}")
    assert again.returncode != 0 and "already exists; nothing was written" in again.stderr
    unknown = make("new", "KIND=story", "SLUG=x", f"CONTENT={project / 'content'}")
    assert unknown.returncode != 0 and "report, news, partner, edition" in unknown.stderr
