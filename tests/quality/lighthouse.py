"""Lighthouse (npm, pinned in the Makefile; installed into .venv/lighthouse) with Debian's Chromium, on a
build of the bundled site whose SITEURL is the loopback address it is served from, as a published site
is: canonical and hreflang addresses are then absolute, as Lighthouse's SEO audits require.

The tests assert accessibility, best practices and SEO (scores that do not depend on timing);
tools/bench.py records performance into docs/benchmarks.md.
"""
from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import tempfile
from pathlib import Path

from .browser import CHROMIUM
from .serve import serve

ROOT = Path(__file__).resolve().parent.parent.parent
LIGHTHOUSE = ROOT / ".venv" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PELICAN = ROOT / ".venv" / "bin" / "pelican"
# The page kinds the issue names, in both languages.
PAGES = {
    "home": "",
    "report": "reports/nakhon-si-thammarat-food-security-editorial-meeting/",
    "province": "provinces/nakhon-phanom/",
    "partners": "partners/",
}
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
URLS = [(f"{kind}-{lang}", ("en/" if lang == "en" else "") + path) for kind, path in PAGES.items() for lang in ("th", "en")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def published_site(content: Path = ROOT / "content"):
    """Build `content` with SITEURL = http://127.0.0.1:PORT and serve it there; yields the base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        # The output is a folder of its own: a build refuses to write into the folder it runs in.
        output = Path(tmp) / "site"
        env = {**{k: v for k, v in os.environ.items() if k != "PYTHAINLP_READ_MODE"}, "PYTHAINLP_READ_ONLY": "1"}
        subprocess.run([str(PELICAN), str(content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(output), "-q",
                        "-e", f'SITEURL="{base}"'], check=True, env=env, cwd=tmp, capture_output=True)
        with serve(output, port=port):
            yield base


def audit(url: str, categories: tuple[str, ...]) -> dict:
    """Lighthouse's mobile audit of `url`: {"scores": {category: 0–100}, "failing": [audit lines]}."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--form-factor=mobile", "--screenEmulation.mobile",
             f"--only-categories={','.join(categories)}", "--output=json", f"--output-path={report}",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu", "--max-wait-for-load=90000"],
            check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, timeout=600)
        result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(100 * (category["score"] or 0)) for name, category in result["categories"].items()}
    failing = [f"{name}: {ref['id']} ({result['audits'][ref['id']].get('title', '')})"
               for name, category in result["categories"].items() for ref in category["auditRefs"]
               if ref.get("weight") and result["audits"][ref["id"]]["score"] not in (None, 1)]
    return {"scores": scores, "failing": failing}
