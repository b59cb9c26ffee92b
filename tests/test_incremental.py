"""Incremental builds (plugins/khaosan/build_cache): after any sequence of edits, the output of a build that
reuses the last one's cache is byte for byte the output of a cold build of the same content."""
from __future__ import annotations

import copy
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from sitebuilder import BUNDLED_TOPICS, build, build_in_process, front_matter, tiny_jpeg, write_content

OVERRIDES = {"SEARCH_INDEX": False, "BUILD_PROCESSES": 1}
PROVINCES = ["nakhon-phanom", "khon-kaen", "chiang-mai", "bangkok"]
TOPICS = ["community-health", "food-security", "alcohol", "tobacco"]
PARTNER_NAMES = {"alpha-university": ("มหาวิทยาลัยอัลฟา", "Alpha University"),
                 "beta-ngo": ("มูลนิธิเบตา", "Beta Foundation")}
WORDS = ["ชุมชน", "สุขภาพ", "เครือข่าย", "อาหาร", "ปลอดภัย", "โรงเรียน", "ครอบครัว", "ผู้สูงอายุ"]


def initial_site() -> dict:
    """kind -> slug -> {lang: {"fields": front matter, "body": text}}."""
    def item(title_th, title_en, year, province, partner, topic, with_en=True):
        versions = {"th": {"fields": dict(title=title_th, date=f"{year + 543}-05-05", provinces=[province],
                                          partners=[partner], topics=[topic]),
                           "body": f"{title_th} {WORDS[year % len(WORDS)]} ของ{province}"}}
        if with_en:
            versions["en"] = {"fields": dict(title=title_en, date=f"{year}-05-05", provinces=[province],
                                             partners=[partner], topics=[topic]),
                              "body": f"The story of {title_en} in {province}."}
        return versions

    partners = {slug: {"th": {"fields": dict(title=th, type="academic", provinces=["nakhon-phanom"], topics=["alcohol"]),
                              "body": f"{th} ทำงานกับชุมชน"},
                       "en": {"fields": dict(title=en, type="academic", provinces=["nakhon-phanom"], topics=["alcohol"]),
                              "body": f"{en} works with communities."}}
                for slug, (th, en) in PARTNER_NAMES.items()}
    return {
        "partners": partners,
        "reports": {
            "first-forum": item("เวทีแรก", "First forum", 2023, "nakhon-phanom", "alpha-university", "community-health"),
            "field-day": item("วันลงพื้นที่", "Field day", 2022, "khon-kaen", "beta-ngo", "food-security", with_en=False),
            "school-lunch": item("อาหารกลางวัน", "School lunch", 2021, "chiang-mai", "alpha-university", "food-security"),
        },
        "news": {
            "beta-news": item("ข่าวเบตา", "Beta news", 2023, "khon-kaen", "beta-ngo", "alcohol"),
        },
        "pages": {
            "about": {"th": {"fields": dict(title="เกี่ยวกับเรา"), "body": "เว็บไซต์ข่าวภาคี"},
                      "en": {"fields": dict(title="About"), "body": "The partners' news."}},
        },
    }


def files_of(site: dict) -> dict[str, str]:
    out = {}
    for kind, items in site.items():
        for slug, versions in items.items():
            for lang, version in versions.items():
                fields = dict(version["fields"])
                out[f"{kind}/{slug}.{lang}.md"] = front_matter(**fields) + "\n" + version["body"] + "\n"
    return out


def write_site(root: Path, site: dict) -> None:
    wanted = files_of(site)
    for kind in site:
        folder = root / kind
        if folder.is_dir():
            for path in folder.glob("*.md"):
                if f"{kind}/{path.name}" not in wanted:
                    path.unlink()
    for rel, text in wanted.items():
        path = root / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if not (root / "topics.yml").exists():
        (root / "topics.yml").write_bytes(BUNDLED_TOPICS.read_bytes())


def retitle_first_forum(content: Path, title_word: str) -> Path:
    """The one-file edit most tests make: the first report's Thai title gets a new word; returns its path."""
    path = content / "reports" / "first-forum.th.md"
    path.write_text(path.read_text(encoding="utf-8").replace("เวทีแรก ", f"{title_word} "), encoding="utf-8")
    return path


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_output(incremental: Path, cold: Path) -> None:
    a, b = tree(incremental), tree(cold)
    assert sorted(a) == sorted(b), (f"only in the incremental build: {sorted(set(a) - set(b))[:10]}; "
                                    f"only in the cold build: {sorted(set(b) - set(a))[:10]}")
    differing = [name for name in a if a[name] != b[name]]
    assert not differing, f"files that differ from a cold build: {differing[:40]}"


def assert_a_cold_build_is_the_same(content: Path, root: Path) -> None:
    """The output of the builds so far into root/output is what a cold build of the content gives."""
    cold = build_in_process(content, root / "cold", {**OVERRIDES, "LOAD_CONTENT_CACHE": False})
    assert cold
    assert_same_output(root / "output", root / "cold")


def in_a_killed_process(work) -> int:
    """Run `work` in a forked process, as a build the operator (or the machine) stops: the process ends
    where `work` makes it end, and its lock goes with it."""
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            work()
        except BaseException:  # noqa: BLE001 - the parent checks the status
            code = 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def cache_of(build):
    from khaosan.build_cache import cache_of as of
    return of(build.settings)


class IncrementalBuilds(RuleBasedStateMachine):
    """Random edits to a small site; after each, the incremental build's output is the cold build's."""

    def __init__(self):
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="khaosan-incremental-"))
        self.content = self.root / "content"
        self.site = initial_site()
        self.counter = 0
        write_site(self.content, self.site)
        self.last = build_in_process(self.content, self.root / "output", OVERRIDES)

    def teardown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    # -- edits -----------------------------------------------------------------------------------------

    def stories(self):
        return [(kind, slug) for kind in ("reports", "news") for slug in sorted(self.site[kind])]

    def pick(self, data, with_en=None):
        choices = [(k, s) for k, s in self.stories()
                   if with_en is None or (("en" in self.site[k][s]) == with_en)]
        if not choices:
            return None
        return data.draw(st.sampled_from(choices))

    def fresh(self) -> int:
        self.counter += 1
        return self.counter

    @precondition(lambda self: self.stories())
    @rule(data=st.data(), lang=st.sampled_from(["th", "en"]))
    def change_body(self, data, lang):
        kind, slug = self.pick(data)
        version = self.site[kind][slug].get(lang) or self.site[kind][slug]["th"]
        version["body"] += f" {WORDS[self.fresh() % len(WORDS)]}"

    @precondition(lambda self: self.stories())
    @rule(data=st.data())
    def change_title(self, data):
        kind, slug = self.pick(data)
        self.site[kind][slug]["th"]["fields"]["title"] += f" {self.fresh()}"

    @precondition(lambda self: self.stories())
    @rule(data=st.data(), year=st.integers(2015, 2024))
    def change_date(self, data, year):
        kind, slug = self.pick(data)
        for lang, version in self.site[kind][slug].items():
            version["fields"]["date"] = f"{year + 543 if lang == 'th' else year}-0{self.fresh() % 9 + 1}-11"

    @precondition(lambda self: self.stories())
    @rule(data=st.data(), province=st.sampled_from(PROVINCES))
    def change_province(self, data, province):
        kind, slug = self.pick(data)
        for version in self.site[kind][slug].values():
            version["fields"]["provinces"] = [province]

    @precondition(lambda self: self.stories())
    @rule(data=st.data(), partner=st.sampled_from(sorted(PARTNER_NAMES)))
    def change_partner(self, data, partner):
        kind, slug = self.pick(data)
        for version in self.site[kind][slug].values():
            version["fields"]["partners"] = [partner]

    @rule(partner=st.sampled_from(sorted(PARTNER_NAMES)), lang=st.sampled_from(["th", "en"]))
    def rename_partner(self, partner, lang):
        self.site["partners"][partner][lang]["fields"]["title"] += f" {self.fresh()}"

    @precondition(lambda self: self.stories())
    @rule(data=st.data(), topic=st.sampled_from(TOPICS))
    def change_topic(self, data, topic):
        kind, slug = self.pick(data)
        for version in self.site[kind][slug].values():
            version["fields"]["topics"] = [topic]

    @precondition(lambda self: any("en" not in self.site[k][s] for k, s in self.stories()))
    @rule(data=st.data())
    def add_translation(self, data):
        kind, slug = self.pick(data, with_en=False)
        th = self.site[kind][slug]["th"]
        fields = copy.deepcopy(th["fields"])
        year, rest = fields["date"].split("-", 1)
        fields["date"] = f"{int(year) - 543}-{rest}"
        fields["title"] = f"English {slug} {self.fresh()}"
        self.site[kind][slug]["en"] = {"fields": fields, "body": f"In English: {slug}."}

    @precondition(lambda self: any("en" in self.site[k][s] for k, s in self.stories()))
    @rule(data=st.data())
    def remove_translation(self, data):
        kind, slug = self.pick(data, with_en=True)
        del self.site[kind][slug]["en"]

    @precondition(lambda self: len(self.stories()) > 1)
    @rule(data=st.data())
    def delete_item(self, data):
        kind, slug = self.pick(data)
        del self.site[kind][slug]

    @precondition(lambda self: self.stories())
    @rule(data=st.data())
    def rename_slug(self, data):
        kind, slug = self.pick(data)
        self.site[kind][f"{slug.split('-v')[0]}-v{self.fresh()}"] = self.site[kind].pop(slug)

    @rule()
    def add_item(self):
        number = self.fresh()
        self.site["news"][f"new-item-{number}"] = {
            "th": {"fields": dict(title=f"ข่าวใหม่ {number}", date=f"2567-0{number % 9 + 1}-01", provinces=["bangkok"],
                                  partners=["beta-ngo"], topics=["tobacco"]),
                   "body": "ข่าวใหม่ของเครือข่าย"}}

    @rule()
    def change_standing_page(self):
        self.site["pages"]["about"]["th"]["fields"]["title"] = f"เกี่ยวกับเรา {self.fresh()}"

    # -- the check -------------------------------------------------------------------------------------

    @invariant()
    def same_as_a_cold_build(self):
        write_site(self.content, self.site)
        self.last = build_in_process(self.content, self.root / "output", OVERRIDES)
        cold = self.root / "cold"
        shutil.rmtree(cold, ignore_errors=True)
        build_in_process(self.content, cold, {**OVERRIDES, "LOAD_CONTENT_CACHE": False})
        assert_same_output(self.root / "output", cold)


TestIncrementalBuilds = IncrementalBuilds.TestCase
TestIncrementalBuilds.settings = settings(max_examples=int(os.environ.get("INCREMENTAL_EXAMPLES", "4")),
                                          stateful_step_count=6, deadline=None,
                                          # each step is two builds: a failure is reported as its steps, unshrunk
                                          phases=[Phase.explicit, Phase.reuse, Phase.generate],
                                          suppress_health_check=[HealthCheck.too_slow])
TestIncrementalBuilds = pytest.mark.slow(TestIncrementalBuilds)


class IncrementalBuildsOfSettledFiles(IncrementalBuilds):
    """The same, with every file's status trusted at once (as for files written long before the build): the
    files an edit did not touch are not even read again."""

    def __init__(self):
        from khaosan.content_model import remembered
        self.unsettled_ns, remembered.UNSETTLED_NS = remembered.UNSETTLED_NS, 0
        super().__init__()

    def teardown(self):
        from khaosan.content_model import remembered
        remembered.UNSETTLED_NS = self.unsettled_ns
        super().teardown()


TestIncrementalBuildsOfSettledFiles = IncrementalBuildsOfSettledFiles.TestCase
TestIncrementalBuildsOfSettledFiles.settings = settings(TestIncrementalBuilds.settings,
                                                        max_examples=int(os.environ.get("INCREMENTAL_EXAMPLES", "2")))
TestIncrementalBuildsOfSettledFiles = pytest.mark.slow(TestIncrementalBuildsOfSettledFiles)


# -- plain tests ---------------------------------------------------------------------------------------------

@pytest.fixture()
def site_folder(tmp_path):
    content = tmp_path / "content"
    write_site(content, initial_site())
    return tmp_path, content


def test_a_rebuild_with_nothing_changed_renders_nothing_and_keeps_every_file(site_folder):
    root, content = site_folder
    first = build_in_process(content, root / "output", OVERRIDES)
    assert not cache_of(first).incremental
    inodes = {p: p.stat().st_ino for p in (root / "output").rglob("*") if p.is_file()}
    again = build_in_process(content, root / "output", OVERRIDES)
    cache = cache_of(again)
    assert cache.incremental and cache.rendered == 0 and cache.kept
    assert {p: p.stat().st_ino for p in (root / "output").rglob("*") if p.is_file()} == inodes


def test_one_edit_renders_only_the_pages_that_show_it(site_folder):
    root, content = site_folder
    build_in_process(content, root / "output", OVERRIDES)
    page = root / "output" / "reports" / "first-forum" / "index.html"
    unrelated = root / "output" / "about" / "index.html"
    before = unrelated.stat().st_ino
    retitle_first_forum(content, "เวทีแรกแก้ไข")
    again = build_in_process(content, root / "output", OVERRIDES)
    cache = cache_of(again)
    assert cache.incremental
    assert 0 < cache.rendered < len(cache.previous.record.pages) / 2
    assert "เวทีแรกแก้ไข" in page.read_text(encoding="utf-8")
    assert unrelated.stat().st_ino == before


def test_ignore_cache_forces_a_cold_build(site_folder):
    root, content = site_folder
    assert build(root, content=content).ok()
    result = build(root, content=content, extra_args=["--ignore-cache", "-v"]).ok()
    assert "incremental build" not in result.stdout + result.stderr
    result = build(root, content=content, extra_args=["-v"]).ok()
    assert "incremental build" in result.stdout + result.stderr


def test_a_setting_change_rebuilds_everything(site_folder):
    root, content = site_folder
    build_in_process(content, root / "output", OVERRIDES)
    again = build_in_process(content, root / "output", {**OVERRIDES, "ITEMS_PER_PAGE": 1})
    assert not cache_of(again).incremental
    cold = build_in_process(content, root / "cold", {**OVERRIDES, "ITEMS_PER_PAGE": 1, "LOAD_CONTENT_CACHE": False})
    assert cold and (root / "output" / "reports" / "page" / "2" / "index.html").is_file()
    assert_same_output(root / "output", root / "cold")


def test_a_theme_change_rebuilds_everything(site_folder, tmp_path):
    from sitebuilder import ROOT
    root, content = site_folder
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    build_in_process(content, root / "output", {**OVERRIDES, "THEME": str(theme)})
    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- changed -->\n", encoding="utf-8")
    again = build_in_process(content, root / "output", {**OVERRIDES, "THEME": str(theme)})
    assert not cache_of(again).incremental
    assert "<!-- changed -->" in (root / "output" / "about" / "index.html").read_text(encoding="utf-8")


def test_a_build_killed_while_swapping_leaves_the_last_output_and_the_next_build_recovers(site_folder, monkeypatch):
    from khaosan import atomic_output
    root, content = site_folder
    build_in_process(content, root / "output", OVERRIDES)
    good = tree(root / "output")
    retitle_first_forum(content, "เวทีแรกใหม่")

    def killed_build():
        real_rename = os.rename

        def rename_then_die(src, dst):
            if str(src).endswith(atomic_output.STAGING_SUFFIX):
                os._exit(9)  # killed between the two renames of the swap
            return real_rename(src, dst)

        monkeypatch.setattr(atomic_output.os, "rename", rename_then_die)
        # A cold build swaps the whole folder in.
        build_in_process(content, root / "output", {**OVERRIDES, "LOAD_CONTENT_CACHE": False})

    assert in_a_killed_process(killed_build) == 9
    # The old output was moved aside, the new one not yet in: the journal says the staging folder was whole.
    assert not (root / "output").exists()
    assert (root / ("output" + atomic_output.JOURNAL_SUFFIX)).exists()

    again = build_in_process(content, root / "output", OVERRIDES)
    assert not (root / ("output" + atomic_output.JOURNAL_SUFFIX)).exists()
    assert not (root / ("output" + atomic_output.RETIRED_SUFFIX)).exists()
    assert not cache_of(again).incremental  # the killed build never saved its cache state
    assert "เวทีแรกใหม่" in (root / "output" / "reports" / "first-forum" / "index.html").read_text(encoding="utf-8")
    build_in_process(content, root / "cold", {**OVERRIDES, "LOAD_CONTENT_CACHE": False})
    assert_same_output(root / "output", root / "cold")
    assert good  # the first build's output existed before the failed one


def test_a_build_that_fails_before_the_swap_leaves_the_output_as_it_was(site_folder, monkeypatch):
    from khaosan import build_cache
    root, content = site_folder
    build_in_process(content, root / "output", OVERRIDES)
    good = tree(root / "output")
    retitle_first_forum(content, "เวทีแรกใหม่")

    def failing_build():
        def fail(self, staging):
            raise RuntimeError("the disk is full")
        monkeypatch.setattr(build_cache.BuildCache, "plan_moves", fail)
        build_in_process(content, root / "output", OVERRIDES)

    assert in_a_killed_process(failing_build) == 2
    assert tree(root / "output") == good
    again = build_in_process(content, root / "output", OVERRIDES)
    assert cache_of(again).incremental
    build_in_process(content, root / "cold", {**OVERRIDES, "LOAD_CONTENT_CACHE": False})
    assert_same_output(root / "output", root / "cold")


def test_an_incremental_build_killed_while_moving_files_in_is_finished_by_the_next(site_folder, monkeypatch):
    from khaosan import atomic_output
    root, content = site_folder
    build_in_process(content, root / "output", OVERRIDES)
    (content / "news" / "beta-news.th.md").unlink()  # a page to delete, lists and feeds to move in
    path = retitle_first_forum(content, "เวทีแรกใหม่")

    def killed_build():
        real_replace = os.replace
        moved = []

        def replace_then_die(src, dst):
            # a move from staging into the output (staging's own renames, such as the heading pass's, aside)
            if (str(src).startswith(str(root / ("output" + atomic_output.STAGING_SUFFIX)))
                    and str(dst).startswith(str(root / "output") + os.sep)):
                if len(moved) == 2:
                    os._exit(9)  # killed after two of the changed files were moved in
                moved.append(src)
            return real_replace(src, dst)

        monkeypatch.setattr(atomic_output.os, "replace", replace_then_die)
        build_in_process(content, root / "output", OVERRIDES)

    assert in_a_killed_process(killed_build) == 9
    assert (root / ("output" + atomic_output.MOVES_SUFFIX)).exists()
    again = build_in_process(content, root / "output", OVERRIDES)
    assert not (root / ("output" + atomic_output.MOVES_SUFFIX)).exists()
    assert not cache_of(again).incremental  # the killed build never saved its cache state
    assert not (root / "output" / "news" / "beta-news").exists()
    build_in_process(content, root / "cold", {**OVERRIDES, "LOAD_CONTENT_CACHE": False})
    assert_same_output(root / "output", root / "cold")
    # and from there, incremental again
    path.write_text(path.read_text(encoding="utf-8") + "\nอีกบรรทัด\n", encoding="utf-8")
    assert cache_of(build_in_process(content, root / "output", OVERRIDES)).incremental
    shutil.rmtree(root / "cold")
    build_in_process(content, root / "cold", {**OVERRIDES, "LOAD_CONTENT_CACHE": False})
    assert_same_output(root / "output", root / "cold")


def test_editor_litter_in_the_content_folder_does_not_make_a_build_cold(site_folder):
    root, content = site_folder
    build_in_process(content, root / "output", OVERRIDES)
    (content / "reports" / ".first-forum.th.md.swp").write_bytes(b"vim swap")
    (content / ".DS_Store").write_bytes(b"\x00\x01")
    cache = cache_of(build_in_process(content, root / "output", OVERRIDES))
    assert cache.incremental and cache.rendered == 0


def test_with_the_search_index_unchanged_pages_are_linked_in_and_the_folder_swapped(site_folder):
    """The default build makes the search index, which needs every page in staging: the pages not rendered
    are hard links to the output's, and the result is a cold build's (the index itself aside)."""
    root, content = site_folder
    with_search = {"BUILD_PROCESSES": 1}
    build_in_process(content, root / "output", with_search)
    about = root / "output" / "about" / "index.html"
    before = about.stat().st_ino
    retitle_first_forum(content, "เวทีแรกค้นหา")
    again = build_in_process(content, root / "output", with_search)
    assert cache_of(again).incremental and cache_of(again).kept
    assert about.stat().st_ino == before  # not rendered, not copied: the same file
    assert (root / "output" / "pagefind").is_dir()
    build_in_process(content, root / "cold", {**with_search, "LOAD_CONTENT_CACHE": False})

    def pages(folder):
        return {name: data for name, data in tree(folder).items() if not name.startswith("pagefind/")}
    assert pages(root / "output") == pages(root / "cold")


# -- checked entries remembered between builds (content_model.remembered) ------------------------------------

def test_a_rebuild_checks_only_the_files_that_changed_and_reports_the_others_problems_again(tmp_path):
    root = tmp_path
    content = write_content(root / "content", {
        "reports/broken.th.md": front_matter(title="รายงาน", date="2566-05-05", provinces=["nakhon-phanom"],
                                             cover="missing.jpg") + "\nเนื้อหา\n",
        "reports/good.th.md": front_matter(title="รายงานดี", date="2566-05-06", provinces=["khon-kaen"]) + "\nเนื้อหา\n",
    })
    first = build(root, content=content)
    assert first.returncode != 0 and "missing.jpg" in first.stderr
    (content / "reports" / "good.th.md").write_text(
        front_matter(title="รายงานดีขึ้น", date="2566-05-06", provinces=["khon-kaen"]) + "\nเนื้อหา\n", encoding="utf-8")
    second = build(root, content=content)
    # The broken file's bytes did not change: its problem comes from memory, said the same way.
    assert second.returncode != 0
    assert [line for line in second.stderr.splitlines() if "missing.jpg" in line] == \
           [line for line in first.stderr.splitlines() if "missing.jpg" in line]
    # Its picture arrives: the file is the same, what its check reads is not, so it is checked again.
    (content / "reports" / "missing.jpg").write_bytes(tiny_jpeg(64, 48))
    third = build(root, content=content)
    assert third.returncode == 0, third.stderr
    assert (root / "output" / "reports" / "broken" / "index.html").is_file()


def test_a_remembered_entry_names_its_partner_by_the_short_name_that_holds_now(tmp_path):
    """`partners:` may name a partner by its short name; the name is resolved on every build, never
    remembered resolved (another partner may take the name)."""
    root = tmp_path
    def partner(title, short):
        return front_matter(title=title, short_name=short, type="academic") + "\nโปรไฟล์\n"
    files = {
        "partners/alpha.th.md": partner("มหาวิทยาลัยอัลฟา", "มอ."),
        "partners/beta.th.md": partner("มูลนิธิเบตา", "มบ."),
        "reports/forum.th.md": front_matter(title="เวที", date="2566-05-05", provinces=["nakhon-phanom"],
                                            partners=["มอ."]) + "\nเนื้อหา\n",
    }
    content = write_content(root / "content", files)
    build_in_process(content, root / "output", OVERRIDES)
    # The short name moves from alpha to beta; the report's own file is untouched.
    write_content(content, {"partners/alpha.th.md": partner("มหาวิทยาลัยอัลฟา", "มอฟ."),
                            "partners/beta.th.md": partner("มูลนิธิเบตา", "มอ.")})
    again = build_in_process(content, root / "output", OVERRIDES)
    entry = next(e for e in again.settings["KHAOSAN_BUILD"].index.entries if e.slug == "forum")
    assert entry.meta["partners"] == ["beta"]
    assert_a_cold_build_is_the_same(content, root)


def test_a_file_whose_status_is_as_before_is_not_read_again(site_folder, monkeypatch):
    """Files are told unchanged by their status, as git and make tell them; an edit that keeps the size and
    the modification time is still seen (its change time moves), and a status younger than a clock tick
    is never trusted."""
    from khaosan.content_model import index as content_index, remembered
    root, content = site_folder
    build_in_process(content, root / "output", OVERRIDES)
    read = []
    real_read_bytes = content_index.read_bytes
    monkeypatch.setattr(content_index, "read_bytes", lambda path, log: read.append(path) or real_read_bytes(path, log))
    # Every file was written just now: nothing may be trusted by its status yet.
    again = build_in_process(content, root / "output", OVERRIDES)
    items = {e.path for e in again.settings["KHAOSAN_BUILD"].index.entries}
    assert set(read) >= items
    read.clear()
    monkeypatch.setattr(remembered, "UNSETTLED_NS", 0)     # as if every file was written long ago
    build_in_process(content, root / "output", OVERRIDES)  # the statuses are remembered now
    read.clear()
    settled = build_in_process(content, root / "output", OVERRIDES)
    assert not set(read) & items and settled.settings["KHAOSAN_BUILD"].memory.hits == len(items)
    # Same size, same modification time, other bytes: read again, and the build shows the edit.
    path = content / "reports" / "first-forum.th.md"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "เวทีแรก " in text
    path.write_text(text.replace("เวทีแรก ", "เวทีซ้ำ "), encoding="utf-8")   # the same number of bytes
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    read.clear()
    edited = build_in_process(content, root / "output", OVERRIDES)
    assert read == [str(path)] or read == [os.path.abspath(path)]
    entry = next(e for e in edited.settings["KHAOSAN_BUILD"].index.entries if e.path == os.path.abspath(path))
    assert "เวทีซ้ำ" in entry.meta["title"] + entry.body
    assert_a_cold_build_is_the_same(content, root)


def test_a_remembered_entry_reads_its_body_from_its_file_only_when_asked(site_folder):
    """The memory keeps no bodies: a recalled entry reads its own again, as the check read it, and says so
    plainly if the file changed since the check."""
    from khaosan.content_model.problems import ContentError
    from khaosan.content_model.remembered import BODY_FROM
    root, content = site_folder
    first = build_in_process(content, root / "output", OVERRIDES)
    bodies = {e.path: e.body for e in first.settings["KHAOSAN_BUILD"].index.entries}
    again = build_in_process(content, root / "output", OVERRIDES)
    entries = again.settings["KHAOSAN_BUILD"].index.entries
    assert all("body" not in vars(e) and BODY_FROM in vars(e) for e in entries)
    # Entries whose body was needed read it; the rest never did.
    assert {e.path: e.body for e in entries} == bodies
    third = build_in_process(content, root / "output", OVERRIDES)
    entry = third.settings["KHAOSAN_BUILD"].index.entries[0]
    Path(entry.path).write_text("---\ntitle: อื่น\n---\nอีกเรื่อง\n", encoding="utf-8")
    with pytest.raises(ContentError, match="changed while the site was being built"):
        entry.body


def test_a_kept_item_reads_its_html_only_when_a_page_needs_it(site_folder):
    """Items kept from the last build hold their state; their body's HTML stays in the kept file until a
    page or feed asks for it, and is then the HTML the item had."""
    from pelican import signals
    from pelican.generators import ArticlesGenerator

    from khaosan.build_cache import cache_of as cache_of_settings, read_items
    from khaosan.build_cache.read_items import BODY_AT
    root, content = site_folder
    articles = []

    def gather(generators):
        articles[:] = [a for g in generators if isinstance(g, ArticlesGenerator) for a in g.articles + g.translations]

    signals.all_generators_finalized.connect(gather)
    try:
        build_in_process(content, root / "output", OVERRIDES)
        html = {a.source_path: a.content for a in articles}
        retitle_first_forum(content, "เวทีแรกแก้ไข")
        build_in_process(content, root / "output", OVERRIDES)
    finally:
        signals.all_generators_finalized.disconnect(gather)
    kept = [a for a in articles if BODY_AT in vars(a)]
    assert kept and len(kept) == len(html) - 1
    # The site's feeds hold every item of so small a site, so each HTML was read: as the item had it.
    assert {a.source_path: a.content for a in kept} == {a.source_path: html[a.source_path] for a in kept}
    assert_a_cold_build_is_the_same(content, root)
    # One kept object as a page that does not show its body sees it: nothing of the body read.
    item = kept[0]
    name = cache_of_settings(item.settings).read_items.names[os.path.abspath(item.source_path)]
    path = cache_of_settings(item.settings).read_items._path(name)
    head, offset = read_items.read_head(path)
    again = read_items.loads(head, item.settings, item._context, (path, offset))
    assert "_content" not in vars(again) and again.title == item.title and again.url == item.url
    assert again.get_static_links() == item.get_static_links()
    assert again._content == item._content and "_content" in vars(again)


def test_ignore_cache_checks_every_file_again(site_folder):
    root, content = site_folder
    first = build_in_process(content, root / "output", OVERRIDES)
    again = build_in_process(content, root / "output", OVERRIDES)
    memory = again.settings["KHAOSAN_BUILD"].memory
    assert memory.hits == len(again.settings["KHAOSAN_BUILD"].index.entries) > 0
    cold = build_in_process(content, root / "output", {**OVERRIDES, "LOAD_CONTENT_CACHE": False})
    assert cold.settings["KHAOSAN_BUILD"].memory.hits == 0 and first


# -- items as Pelican read them, kept between builds (build_cache.read_items) ---------------------------------

def item_paths(build) -> set[str]:
    """The files Pelican's generators read (partners are read by khaosan.partners)."""
    return {os.path.abspath(e.path) for e in build.settings["KHAOSAN_BUILD"].index.entries if e.kind.name != "partners"}


def test_a_rebuild_reads_again_only_the_item_that_changed(site_folder):
    root, content = site_folder
    build_in_process(content, root / "output", OVERRIDES)
    edited = retitle_first_forum(content, "เวทีแรกแก้ไข")
    again = build_in_process(content, root / "output", OVERRIDES)
    used = cache_of(again).read_items.used
    assert used == item_paths(again) - {os.path.abspath(edited)}
    cold = build_in_process(content, root / "cold", {**OVERRIDES, "LOAD_CONTENT_CACHE": False})
    assert not cache_of(cold).read_items.used
    assert_same_output(root / "output", root / "cold")
    # The cold build kept what it read too: the next build reads nothing again.
    third = build_in_process(content, root / "cold", OVERRIDES)
    assert cache_of(third).read_items.used == item_paths(third)
    assert_same_output(root / "output", root / "cold")


def test_a_body_picture_replaced_by_another_of_the_same_size_is_read_again(tmp_path):
    """A body's picture becomes derived files named by the picture's bytes: the item that shows it is
    read again when they change, though its own file and the picture's size did not."""
    root = tmp_path
    files = {
        "reports/forum.th.md": front_matter(title="เวที", date="2566-05-05", provinces=["nakhon-phanom"])
                               + "\n![ผู้เข้าร่วมเวที](forum-photo.jpg)\n\nเนื้อหา\n",
        "reports/other.th.md": front_matter(title="อีกเรื่อง", date="2566-05-06", provinces=["khon-kaen"]) + "\nเนื้อหา\n",
    }
    content = write_content(root / "content", files)
    (content / "reports" / "forum-photo.jpg").write_bytes(tiny_jpeg(640, 480, color=(200, 30, 30)))
    build_in_process(content, root / "output", OVERRIDES)
    (content / "reports" / "forum-photo.jpg").write_bytes(tiny_jpeg(640, 480, color=(30, 30, 200)))
    again = build_in_process(content, root / "output", OVERRIDES)
    assert os.path.abspath(content / "reports" / "forum.th.md") not in cache_of(again).read_items.used
    assert_a_cold_build_is_the_same(content, root)


def test_kept_items_of_other_builds_are_removed(site_folder):
    root, content = site_folder
    first = build_in_process(content, root / "output", OVERRIDES)
    folder = Path(cache_of(first).read_items.folder)
    before = {p.name for p in folder.rglob("*") if p.is_file()}
    assert len(before) == len(item_paths(first))
    retitle_first_forum(content, "เวทีแรกแก้ไข")
    again = build_in_process(content, root / "output", OVERRIDES)
    after = {p.name for p in folder.rglob("*") if p.is_file()}
    assert len(after) == len(before) and len(after - before) == 1
    assert after == set(cache_of(again).read_items.names.values())


def test_a_rebuild_hashes_only_the_pictures_that_changed(tmp_path, monkeypatch):
    """Photos are megabytes: their keys (the hash of their bytes) are remembered by name, size and time."""
    import khaosan.pictures as pictures
    root = tmp_path
    files = {f"reports/r{n}.th.md": front_matter(title=f"รายงาน {n}", date=f"2566-05-0{n}", provinces=["nakhon-phanom"],
                                                 cover=f"cover-{n}.jpg") + "\nเนื้อหา\n" for n in (1, 2)}
    content = write_content(root / "content", files)
    for n in (1, 2):
        (content / "reports" / f"cover-{n}.jpg").write_bytes(tiny_jpeg(640, 480, color=(40 * n, 90, 60)))
    hashed = []
    real = pictures.file_key
    monkeypatch.setattr(pictures, "file_key", lambda role, path: hashed.append(os.path.basename(path)) or real(role, path))
    build_in_process(content, root / "output", OVERRIDES)
    assert set(hashed) == {"cover-1.jpg", "cover-2.jpg"}   # once per role (the cover, its share card)
    hashed.clear()
    (content / "reports" / "cover-2.jpg").write_bytes(tiny_jpeg(640, 480, color=(10, 10, 200)))
    build_in_process(content, root / "output", OVERRIDES)
    assert set(hashed) == {"cover-2.jpg"}
    hashed.clear()
    build_in_process(content, root / "cold", {**OVERRIDES, "LOAD_CONTENT_CACHE": False})
    assert set(hashed) == {"cover-1.jpg", "cover-2.jpg"}
    assert_same_output(root / "output", root / "cold")
