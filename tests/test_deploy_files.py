"""The ready deploy files (deploy/): they parse, they check every change proposal and publish main, and
every make command they run is a target of the Makefile."""
from __future__ import annotations

import re
import subprocess
import tomllib

import yaml

from sitebuilder import ROOT

DEPLOY = ROOT / "deploy"


def make_targets() -> set[str]:
    # Make's own view of the Makefile (-p prints its database; -q -f keeps it from running anything).
    database = subprocess.run(["make", "-pRrq", "-f", str(ROOT / "Makefile"), ":"], cwd=ROOT,
                              capture_output=True, text=True).stdout
    return {m.group(1) for m in re.finditer(r"^([A-Za-z][\w-]*):", database, re.M)}


def make_commands(lines) -> list[str]:
    """The target of each `make TARGET` a command line runs."""
    return [m.group(1) for line in lines for m in re.finditer(r"\bmake\s+(?:-\S+\s+)*([A-Za-z][\w-]*)", line)]


def test_github_pages_workflow_checks_pull_requests_and_publishes_main():
    workflow = yaml.safe_load((DEPLOY / "github-pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    check, publish = workflow["jobs"]["check"], workflow["jobs"]["publish"]
    assert "make check" in [s.get("run") for s in check["steps"]]
    assert "refs/heads/main" in publish["if"] and "pull_request" in publish["if"]
    build = next(s for s in publish["steps"] if s.get("run") == "make publish")
    assert "KHAOSAN_SITEURL" in build["env"]
    assert next(s for s in publish["steps"] if "upload-pages-artifact" in s.get("uses", ""))["with"]["path"] == "output"
    commands = make_commands(s["run"] for job in workflow["jobs"].values() for s in job["steps"] if "run" in s)
    assert set(commands) == {"check", "publish"} and set(commands) <= make_targets()


def test_gitlab_pages_pipeline_checks_merge_requests_and_publishes_main():
    pipeline = yaml.safe_load((DEPLOY / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["check"]["script"] == ["make check"]
    assert any("merge_request_event" in rule["if"] for rule in pipeline["check"]["rules"])
    pages = pipeline["pages"]
    assert pages["rules"] == [{"if": '$CI_COMMIT_BRANCH == "main"'}]
    assert pages["artifacts"]["paths"] == ["public"] and pages["script"] == ["make publish OUTPUT=public"]
    assert pages["variables"]["KHAOSAN_SITEURL"] == "$CI_PAGES_URL"
    commands = make_commands(line for job in ("check", "pages") for line in pipeline[job]["script"])
    assert set(commands) <= make_targets()


def test_netlify_config_checks_and_publishes():
    config = tomllib.loads((DEPLOY / "netlify.toml").read_text(encoding="utf-8"))
    assert config["build"]["publish"] == "output"
    commands = [config["build"]["command"], config["context"]["deploy-preview"]["command"]]
    assert all(c.startswith("make check && ") for c in commands)
    assert set(make_commands(commands)) == {"check", "publish"} <= make_targets()


def test_make_targets_are_read_from_the_makefile():
    targets = make_targets()
    assert {"site", "check", "publish", "serve", "new", "cms"} <= targets
    assert "deploy-everything" not in targets


def test_the_production_address_comes_from_one_setting(tmp_path):
    from sitebuilder import build

    result = build(tmp_path, {"news/a.th.md": "---\ntitle: ข่าว\ndate: 2566-01-01\n---\nx\n"}, settings="publishconf.py",
                   env={"KHAOSAN_SITEURL": "https://news.example.org/site"})
    assert result.returncode == 0, result.stderr
    assert '<link rel="canonical" href="https://news.example.org/site/news/a/">' in result.page("/news/a/")
    assert "<link>https://news.example.org/site/news/a/</link>" in (result.output / "feed.xml").read_text(encoding="utf-8")
