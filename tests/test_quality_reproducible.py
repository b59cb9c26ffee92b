"""Gate 7, reproducible: the same content built with another TZ, PYTHONHASHSEED and clock is byte-identical."""
from __future__ import annotations

import glob
import shutil

import pytest

from quality.tree import differences, snapshot
from sitebuilder import ROOT, build, settings_file

pytestmark = pytest.mark.slow

# Debian's faketime package: the library that moves the clock of the process it is preloaded into.
FAKETIME = next(iter(sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))), None) if shutil.which("faketime") else None


def build_with(tmp_path, name, content, tz, seed, clock, settings="pelicanconf.py"):
    folder = tmp_path / name
    folder.mkdir()
    # The build's date comes from SOURCE_DATE_EPOCH (reproducible-builds.org), the same in both builds: items
    # dated after it are held back (issue 9). The wall clock differs, so anything that reads it still shows.
    env = {"TZ": tz, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1767225600"}
    if FAKETIME:
        # libfaketime moves the wall clock of the whole pelican process (and what it starts).
        env.update({"LD_PRELOAD": FAKETIME, "FAKETIME": clock,
                    "DONT_FAKE_MONOTONIC": "1"})
    return build(folder, content=content, env=env, settings=settings).ok()


def assert_reproducible(tmp_path, content, settings="pelicanconf.py"):
    if not FAKETIME:
        pytest.fail("faketime is not installed; `make test-deps` installs Debian's faketime")
    first = build_with(tmp_path, "a", content, "Asia/Bangkok", "1", "@2031-03-04 05:06:07", settings)
    second = build_with(tmp_path, "b", content, "America/Los_Angeles", "4242", "@2019-12-31 23:59:59", settings)
    diff = differences(snapshot(first.output), snapshot(second.output))
    assert not diff, "the two builds differ:\n" + "\n".join(diff[:50])
    return first


def test_bundled_site_is_reproducible(tmp_path):
    assert_reproducible(tmp_path, ROOT / "content")


def test_gate_fails_on_a_build_that_stamps_the_time(tmp_path, small_site):
    """A settings file whose theme writes the build time into every page: the gate must notice."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- {{ NOW }} --></body>"), encoding="utf-8")
    settings = settings_file(tmp_path / "stamped.py", "import datetime\n"
                             f"THEME = {str(theme)!r}\nJINJA_GLOBALS = {{'NOW': datetime.datetime.now().isoformat()}}\n")
    with pytest.raises(AssertionError, match="differs: 404.html"):
        assert_reproducible(tmp_path, small_site.content, settings=str(settings))
