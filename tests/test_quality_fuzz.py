"""Gate 8, hostile input never crashes the build: random front matter and bodies give a page or clean
one-line errors (path:line: field: problem; fix), never a traceback."""
from __future__ import annotations

import pytest

import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khaosan.content_model.index import IGNORED, build_index
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


# Issue 9: paths, symbolic links and file names. Whatever a content folder holds, the index names every
# file (indexed, skipped as litter, or in a one-line problem), and approves for publishing only regular
# files inside the content folder that are not litter.
name_parts = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=12),
    st.sampled_from([".", "..", "~", "#", ".git", ".DS_Store", "Thumbs.db", "x.th.md~", "x.md.bak", ".x.th.md", "x.swp",
                     "a.jpg", "a.JPG", "a.th.md", "images", "reports", "\u202e", "\u200b", " ", "CON", "x" * 200]),
)
link_targets = st.sampled_from(["/dev/zero", "/dev/null", "/etc/passwd", "/tmp", "..", "../..", "../outside.jpg",
                                "missing", ".", "images", "images/a.jpg", "reports/a.th.md", "/"])
link_texts = st.builds(lambda what, ups, tail: "{" + what + "}" + "../" * ups + tail,
                       st.sampled_from(["static", "attach", "filename"]), st.integers(0, 6),
                       st.sampled_from(["etc/passwd", "outside.jpg", "images/a.jpg", "", "/", "%2e%2e/x", ".hidden.jpg"]))


@st.composite
def content_trees(draw):
    """(relative path, kind of entry, payload): files, symbolic links and folders with hostile names."""
    entries = []
    for _ in range(draw(st.integers(1, 8))):
        folder = draw(st.sampled_from(["", "images/", "reports/", "pages/", "reports/sub/", ".git/"]))
        name = draw(name_parts)
        kind = draw(st.sampled_from(["report", "picture", "link", "link", "folder-link", "text"]))
        entries.append((folder + name, kind, draw(link_targets), draw(link_texts)))
    return entries


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tree=content_trees())
def test_paths_links_and_names_never_escape_or_crash(tmp_path_factory, tree):
    import os

    from sitebuilder import tiny_jpeg

    base = tmp_path_factory.mktemp("paths")
    (base / "outside.jpg").write_bytes(tiny_jpeg())
    root = base / "content"
    (root / "images").mkdir(parents=True)
    (root / "images" / "a.jpg").write_bytes(tiny_jpeg())
    for rel, kind, target, link in tree:
        path = root / rel
        if path.name in (".", "..") or len(path.name.encode()) > 255:
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(path):
                continue
            if kind == "report":
                path.write_text(f"---\ntitle: x\ndate: 2566-01-01\ncover: {link.split('}', 1)[1] or 'x.jpg'}\n---\n[a]({link})\n", encoding="utf-8")
            elif kind == "picture":
                path.write_bytes(tiny_jpeg())
            elif kind == "text":
                path.write_text("not a picture", encoding="utf-8")
            else:
                path.symlink_to(target, target_is_directory=kind == "folder-link")
        except OSError:
            continue
    index, log = build_index(str(root), load_places())
    assert_clean(log.problems)
    real_root = os.path.realpath(root)
    for rel in index.static_files:
        full = os.path.join(root, rel)
        assert os.path.realpath(full).startswith(real_root + os.sep), rel
        assert os.path.isfile(full) and not any(IGNORED.search(part) for part in rel.split("/")), rel
        assert index.is_approved_static(full)
    assert not index.is_approved_static(str(base / "outside.jpg"))
    named = {p.path for p in log.problems}
    for entry in index.entries:
        assert os.path.realpath(entry.path).startswith(real_root + os.sep)
        for src, (resolved, _size) in entry.images.items():
            assert os.path.realpath(os.path.join(root, resolved)).startswith(real_root + os.sep)
        assert os.path.realpath(os.path.join(root, entry.meta.get("cover", "images/a.jpg"))).startswith(real_root + os.sep)
    # Every regular file reachable without leaving the folder is indexed, approved, skipped or named.
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path) or any(IGNORED.search(part) for part in rel.split(os.sep)):
                continue
            assert (index.by_path(path) is not None or index.is_approved_static(path) or path in named
                    or rel.replace(os.sep, "/") in index.skipped), rel
