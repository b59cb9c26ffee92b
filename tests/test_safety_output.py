"""Issue 9, classes 1, 6 and 7: nothing outside the output folder is ever touched.

Each test runs the real pelican command the way an operator would mistype it, and checks the files
around the output are still there, the message names the folder, and there is no traceback.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from sitebuilder import ROOT, build, settings_file, write_content

PAGE = "---\ntitle: เกี่ยวกับเรา\nmenu: เกี่ยวกับ\n---\nเนื้อหา\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def content(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content", {"pages/about.th.md": PAGE})


def assert_refused(result, *words):
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize("where", ["cwd", "content", "parent"])
def test_output_that_holds_the_content_or_the_project_is_refused(tmp_path, where):
    folder = content(tmp_path)
    (tmp_path / "notes.txt").write_text("the communicator's notes", encoding="utf-8")
    before = snapshot(tmp_path)
    output = {"cwd": tmp_path, "content": folder, "parent": tmp_path.parent}[where]
    result = build(tmp_path, content=folder, output=output)
    assert_refused(result, "output folder", "-o output")
    assert snapshot(tmp_path) == before


def test_output_that_holds_the_theme_or_the_settings_is_refused(tmp_path):
    folder = content(tmp_path)
    theme = tmp_path / "site" / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = settings_file(tmp_path / "site" / "settings.py", f"THEME = {str(theme)!r}\n")
    before = snapshot(tmp_path / "site")
    for output in (theme, tmp_path / "site"):
        result = build(tmp_path, content=folder, output=output, settings=str(settings))
        assert_refused(result, "output folder")
        assert snapshot(tmp_path / "site") == before


def test_output_inside_the_content_is_refused(tmp_path):
    folder = content(tmp_path)
    result = build(tmp_path, content=folder, output=folder / "pages" / "out")
    assert_refused(result, "inside the content folder")
    assert not (folder / "pages" / "out").exists()


def test_output_folder_inside_the_project_builds(tmp_path):
    folder = content(tmp_path)
    result = build(tmp_path, content=folder, output=tmp_path / "output")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "about" / "index.html").is_file()


def test_output_through_a_symbolic_link_is_written_through_the_link(tmp_path):
    folder = content(tmp_path)
    target = tmp_path / "deploy" / "www"
    target.mkdir(parents=True)
    link = tmp_path / "output"
    link.symlink_to(target, target_is_directory=True)
    for _ in range(2):  # the first build used to replace the link, the second to crash
        result = build(tmp_path, content=folder, output=link)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert link.is_symlink() and link.resolve() == target.resolve()
        assert (target / "about" / "index.html").is_file()


def hold_lock(output: Path):
    fd = os.open(str(output) + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_a_second_build_stops_clearly_while_another_writes_the_output(tmp_path):
    folder = content(tmp_path)
    first = build(tmp_path, content=folder)
    assert first.returncode == 0, first.stderr
    before = snapshot(first.output)
    fd = hold_lock(first.output)
    try:
        settings = settings_file(tmp_path / "quick.py", "OUTPUT_LOCK_WAIT = 1\n")
        write_content(folder, {"pages/other.th.md": PAGE.replace("เกี่ยวกับ", "อื่น")})
        second = build(tmp_path, content=folder, settings=str(settings))
    finally:
        os.close(fd)
    assert_refused(second, "another build is writing it", "output folder")
    assert snapshot(first.output) == before


def test_a_second_build_waits_for_the_first_and_then_builds(tmp_path):
    folder = content(tmp_path)
    output = tmp_path / "output"
    fd = hold_lock(output)
    env = {k: v for k, v in os.environ.items() if k != "PYTHAINLP_READ_MODE"}
    command = [str(ROOT / ".venv" / "bin" / "pelican"), str(folder), "-s", str(ROOT / "pelicanconf.py"),
               "-o", str(output), "--fatal", "warnings"]
    run = subprocess.Popen(command, cwd=tmp_path, env={**env, "PYTHAINLP_READ_ONLY": "1"},
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first_line = run.stderr.readline()       # the build says it waits, and does, while the lock is held
        assert "another build is writing" in first_line and "waiting" in first_line, first_line
        time.sleep(1.0)
        assert run.poll() is None and not output.exists()
    finally:
        os.close(fd)
    _out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert (output / "about" / "index.html").is_file()


def test_two_builds_at_once_both_leave_a_whole_site(tmp_path):
    folder = write_content(tmp_path / "content", {f"pages/p{n}.th.md": PAGE.replace("menu: เกี่ยวกับ\n", "") for n in range(30)})
    env = {k: v for k, v in os.environ.items() if k != "PYTHAINLP_READ_MODE"}
    command = [str(ROOT / ".venv" / "bin" / "pelican"), str(folder), "-s", str(ROOT / "pelicanconf.py"),
               "-o", str(tmp_path / "output"), "--fatal", "warnings"]
    runs = [subprocess.Popen(command, cwd=tmp_path, env={**env, "PYTHAINLP_READ_ONLY": "1"},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        _out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        assert "Traceback" not in err
    for n in range(30):
        assert (tmp_path / "output" / f"p{n}" / "index.html").is_file()
    assert not (tmp_path / "output.building").exists()
