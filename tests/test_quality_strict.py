"""Gate 1, strict builds: every build runs with --fatal warnings, and every warning filter says why."""
from __future__ import annotations

import pytest

import ast
import io
import re
import tokenize

from sitebuilder import ROOT, build, front_matter

# A quality gate (docs/quality.md): `make quality` and `make test` run it, `make test-fast` does not.
pytestmark = pytest.mark.slow


def unexplained_filters(source: str) -> list[str]:
    """LOG_FILTER entries without a comment on their own line or the line just above them."""
    tree = ast.parse(source)
    comments = {tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type == tokenize.COMMENT}
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "LOG_FILTER" for t in node.targets):
            if not isinstance(node.value, (ast.List, ast.Tuple)):
                bad.append(f"line {node.lineno}: LOG_FILTER must be a literal list of (level, message) pairs")
                continue
            for entry in node.value.elts:
                if not ({entry.lineno, entry.lineno - 1, entry.end_lineno} & comments):
                    bad.append(f"line {entry.lineno}: {ast.get_source_segment(source, entry)} has no stated reason")
    return bad


def test_every_log_filter_states_its_reason():
    assert unexplained_filters((ROOT / "pelicanconf.py").read_text(encoding="utf-8")) == []


def test_gate_fails_on_a_filter_without_reason():
    source = "import logging\nLOG_FILTER = [\n    # Pelican's note about X does not apply: we do Y.\n    (logging.WARN, 'a'),\n    (logging.WARN, 'b'),\n]\n"
    assert unexplained_filters(source) == ["line 5: (logging.WARN, 'b') has no stated reason"]


def test_make_targets_build_with_fatal_warnings():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("site", "publish"):
        recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.M)
        assert recipe and "--fatal warnings" in recipe.group(1), f"make {target} does not build with --fatal warnings"


def test_a_warning_fails_the_build(tmp_path):
    site = build(tmp_path, {"news/x.th.md": front_matter(title="ข่าว", date="2566-01-01", colour="red") + "เนื้อหา\n"})
    assert site.returncode != 0
    assert "colour: unknown field" in site.stderr
