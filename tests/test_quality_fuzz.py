"""Gate 8, hostile input never crashes the build: random front matter and bodies give a page or clean
one-line errors (path:line: field: problem; fix), never a traceback."""
from __future__ import annotations

import pytest

import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khaosan.content_model.index import build_index
from khaosan.content_model.schema import KINDS
from khaosan.places import load_places
from sitebuilder import PARTNER_TH, build

pytestmark = pytest.mark.slow

PROBLEM_LINE = re.compile(r"^[^\n]+:\d+: (warning: )?[^\n]+: [^\n]+$")
FIELDS = sorted({name for kind in KINDS.values() for name in kind.fields})

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.sampled_from(["2566-05-05", "2023-02-30", "nakhon-phanom", "นครพนม", "TH-48", "images/a.jpg",
                     "javascript:alert(1)", "https://", "", " ", "0", "yes", "~", "!!binary", "\ufeff", "x" * 5000]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)
front = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), values, max_size=8)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


@st.composite
def content_files(draw):
    """The bytes of one content file: YAML front matter (or something that is not), a body, damage."""
    body = draw(st.one_of(st.text(max_size=200), st.just("# " + "ก" * 20000), st.just("> " * 300 + "deep")))
    mode = draw(st.sampled_from(["yaml", "yaml", "yaml", "raw-yaml", "no-front-matter", "unclosed", "binary"]))
    if mode == "yaml":
        text = "---\n" + dump(draw(front)) + "---\n" + body
    elif mode == "raw-yaml":
        text = "---\n" + draw(st.sampled_from(["[" * 2000, "a: &x [*x]", "a: !!python/object:os.system x", "a: b: c",
                                               "- just\n- a list", "title: 'unclosed", "\t title: x", "?"] )) + "\n---\n" + body
    elif mode == "no-front-matter":
        text = body
    elif mode == "unclosed":
        text = "---\ntitle: x\n" + body
    else:
        return draw(st.binary(max_size=300))
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        data = data.replace(b"\n", b"\r\n")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.booleans()):
        data = data + b"\xff\xfe invalid"
    return data


def assert_clean(problems):
    for problem in problems:
        line = str(problem)
        assert PROBLEM_LINE.match(line) and len(line.splitlines()) == 1, f"not a one-line problem: {line!r}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=st.lists(st.tuples(st.sampled_from(sorted(KINDS)), content_files()), min_size=1, max_size=4))
def test_index_never_crashes(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("fuzz")
    for number, (kind, data) in enumerate(files):
        path = root / kind / f"item-{number}.{'th' if number % 2 else 'en'}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    index, log = build_index(str(root), load_places())
    assert_clean(log.problems)
    # Every file is indexed or named in a problem.
    named = {p.path for p in log.problems}
    for path in root.rglob("*.md"):
        assert index.by_path(str(path)) is not None or str(path) in named, path


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                                HealthCheck.data_too_large])
@given(meta=front, body=st.text(max_size=300))
def test_full_build_gives_a_page_or_clean_errors(tmp_path_factory, meta, body):
    folder = tmp_path_factory.mktemp("fuzzbuild")
    meta = {"title": "ข่าว", "date": "2566-01-01", **meta}
    files = {"news/fuzz.th.md": "---\n" + dump(meta) + "---\n" + body, "partners/thaihealth.th.md": PARTNER_TH}
    site = build(folder, files)
    stderr = site.stderr
    assert "Traceback" not in stderr, stderr
    if site.returncode == 0:
        assert any(site.output.glob("news/*/index.html")), stderr
    else:
        lines = [line for line in stderr.splitlines() if "news/fuzz.th.md:" in line]
        assert lines, stderr
        assert_clean(lines)
