"""Build small sites into temporary folders, as a communicator would with the pelican command."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PELICAN = ROOT / ".venv" / "bin" / "pelican"


@dataclass
class Result:
    """A build: its exit status, its messages, its output folder and the content it was made from."""
    returncode: int
    stdout: str
    stderr: str
    output: Path
    content: Path | None = None

    def ok(self) -> "Result":
        """Fails the test with the build's own message when the build did not succeed: a site that does
        not build fails every test that reads it, it never skips one."""
        if self.returncode != 0:
            import pytest
            pytest.fail(f"the site does not build (exit {self.returncode}):\n"
                        f"{self.stderr[-4000:]}{self.stdout[-2000:]}", pytrace=False)
        return self

    def page(self, url: str) -> str:
        """The page's HTML as its text reads: without the spans and <wbr> that keep Thai words whole in
        headings (reader_aids), which add no character; raw_page() gives the file as written."""
        return keep_words_removed(self.raw_page(url))

    def raw_page(self, url: str) -> str:
        path = self.output / url.strip("/") / "index.html" if not url.endswith((".html", ".xml", ".txt")) else self.output / url.strip("/")
        return path.read_text(encoding="utf-8")

    def exists(self, url: str) -> bool:
        path = self.output / url.strip("/")
        return (path / "index.html").is_file() if not url.endswith((".html", ".xml", ".txt", ".json", ".csv")) else path.is_file()


KEPT_WORD = re.compile(r'<span class="w">([^<]*)</span>|<wbr>')


def keep_words_removed(html: str) -> str:
    return KEPT_WORD.sub(lambda m: m.group(1) or "", html)


def settings_file(path: Path, extra: str = "") -> Path:
    """A settings file that takes the project's pelicanconf.py and overrides what `extra` sets."""
    path.write_text("from pelican.settings import get_settings_from_file\n"
                    f"globals().update(get_settings_from_file({str(ROOT / 'pelicanconf.py')!r}))\n" + extra, encoding="utf-8")
    return path


def front_matter(**fields) -> str:
    import yaml
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n"


BUNDLED_TOPICS = ROOT / "content" / "topics.yml"


def write_content(root: Path, files: dict[str, str]) -> Path:
    """Write the files (a value of None leaves that file out); a new content folder gets the bundled
    topics.yml unless `files` names its own or None."""
    if "topics.yml" not in files and not (root / "topics.yml").exists():
        root.mkdir(parents=True, exist_ok=True)
        (root / "topics.yml").write_bytes(BUNDLED_TOPICS.read_bytes())
    for rel, text in files.items():
        if text is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def build(tmp_path: Path, files: dict[str, str] | None = None, content: Path | None = None,
          settings: str = "pelicanconf.py", output: Path | None = None, extra_args=(), env=None) -> Result:
    """Run the real pelican command on a content folder (or on `files` written into tmp_path/content); the
    one way the tests build a site in a new process."""
    if content is None:
        content = write_content(tmp_path / "content", files or {})
    output = output or tmp_path / "output"
    run_env = {k: v for k, v in os.environ.items() if k != "PYTHAINLP_READ_MODE"}
    run_env = {**run_env, "PYTHAINLP_READ_ONLY": "1", **(env or {})}
    proc = subprocess.run(
        [str(PELICAN), str(content), "-s", str(ROOT / settings), "-o", str(output), "--fatal", "warnings", *extra_args],
        capture_output=True, text=True, env=run_env, cwd=tmp_path, timeout=300,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr, output, content)


PARTNER_TH = """\
---
title: สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ
short_name: สสส.
type: government
provinces: [bangkok]
---
กองทุนสร้างเสริมสุขภาพ
"""
PARTNER_EN = """\
---
title: Thai Health Promotion Foundation
short_name: ThaiHealth
type: government
provinces: [bangkok]
---
The health promotion fund.
"""


def tiny_jpeg(width: int = 8, height: int = 6, color=(11, 107, 69), exif=None) -> bytes:
    """A real JPEG picture for fixtures, with EXIF when given."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=80, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


@dataclass
class InProcessBuild:
    settings: dict        # the run's settings, with what the build kept on them (the page record, the index)
    output: Path

    @property
    def record(self):
        from khaosan.pages import record_of
        return record_of(self.settings)


def build_in_process(content: Path, output: Path, overrides: dict | None = None) -> InProcessBuild:
    """Build with Pelican in this process (no new interpreter), to look at what the build knows; the
    output is the same as the pelican command's."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"PATH": str(content), "OUTPUT_PATH": str(output), **(overrides or {})})
    Pelican(settings).run()
    return InProcessBuild(settings, output)
