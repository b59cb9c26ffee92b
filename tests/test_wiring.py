"""The one wiring table (plugins/khaosan/wiring.py): every stage runs after the stages it needs."""
import re
import subprocess
import sys
from pathlib import Path

from khaosan import wiring

ROOT = Path(__file__).resolve().parent.parent


def position(stage):
    return wiring.SIGNAL_ORDER.index(stage.signal), wiring.WIRING.index(stage)


def test_every_stage_runs_after_what_it_needs():
    by_name = {stage.name: stage for stage in wiring.WIRING}
    assert len(by_name) == len(wiring.WIRING), "stage names are unique"
    for stage in wiring.WIRING:
        assert stage.signal in wiring.SIGNAL_ORDER, f"{stage.name}: unknown signal {stage.signal}"
        for need in stage.needs:
            assert need in by_name, f"{stage.name} needs {need!r}, which is not a stage"
            assert position(by_name[need]) < position(stage), f"{stage.name} runs before {need}, which it needs"


# Stages that may follow the swap: they write outside the output folder (the build cache's state, which
# must describe the output in place) or nothing at all (the build's objects handed to the exit).
AFTER_THE_SWAP = {"save_cache", "leave_to_exit"}


def test_the_swap_is_the_last_thing_a_build_does():
    names = [stage.name for stage in wiring.WIRING]
    assert set(names[names.index("swap_in") + 1:]) <= AFTER_THE_SWAP
    # the content check comes before anything that can write: staging and every generator
    names = [s.name for s in wiring.WIRING if s.signal == "get_generators"]
    assert names[0] == "content_index" and names[-1] == "start_staging"


def test_a_stage_that_is_not_needed_can_be_checked():
    """The check above can fail: a table with a stage moved before what it needs is caught."""
    swap_at = next(i for i, stage in enumerate(wiring.WIRING) if stage.name == "swap_in")
    moved = (wiring.WIRING[swap_at],) + wiring.WIRING[:swap_at] + wiring.WIRING[swap_at + 1:]
    by_name = {stage.name: stage for stage in moved}
    swap = by_name["swap_in"]
    assert any(moved.index(by_name[need]) > moved.index(swap) for need in swap.needs)


def test_one_plugin_and_no_import_path_edits():
    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    assert re.search(r'^PLUGINS = \["khaosan"\]$', settings, re.M)
    edit = "sys" + ".path"  # spelled apart so that this file is not a hit of its own search
    hits = subprocess.run(["grep", "-rln", edit, "--include=*.py", "plugins", "tests", "tools",
                           "pelicanconf.py", "publishconf.py"], cwd=ROOT, capture_output=True, text=True).stdout
    assert hits.split() == []


def test_the_signal_table_in_the_architecture_doc_is_up_to_date():
    proc = subprocess.run([sys.executable, str(ROOT / "tools/wiring_doc.py"), "--check"])
    assert proc.returncode == 0, "the signal table of docs/architecture.md is out of date: run make docs"
