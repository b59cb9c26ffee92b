"""Topics are data (content/topics.yml): a topic added there gets its pages, feeds, directory filter entry
and editor option with no code change; a folder without the file has no topics."""
from __future__ import annotations

import json

import feedparser
import lxml.html
import pytest

from khaosan.content_model.topic_table import load_topics
from sitebuilder import BUNDLED_TOPICS, ROOT, build, front_matter

NEW_TOPIC = """\
  - slug: mental-health
    name_th: สุขภาพจิต
    name_en: Mental health
    description_th: การดูแลใจของคนในชุมชน
    description_en: Looking after the minds of the people in a community.
"""

PARTNER = front_matter(title="ชมรมใจดี", type="civil-society", provinces=["nakhon-phanom"], topics=["mental-health"])
REPORT = front_matter(title="เวทีสุขภาพใจ", date="2566-05-05", provinces=["นครพนม"], topics=["สุขภาพจิต"])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("new-topic")
    topics = BUNDLED_TOPICS.read_text(encoding="utf-8") + NEW_TOPIC
    return build(tmp, {"topics.yml": topics, "partners/kind-club.th.md": PARTNER + "ชมรม\n",
                       "reports/mind-forum.th.md": REPORT + "เนื้อหา\n"})


def test_bundled_table_has_the_fourteen_topics_with_both_names_and_descriptions():
    table = load_topics(str(ROOT / "content"))
    assert len(table) == 14
    assert all(t.name_th and t.name_en and t.description_th and t.description_en for t in table.values())


def test_a_topic_added_to_topics_yml_gets_its_pages(site):
    assert site.returncode == 0, site.stderr
    page = lxml.html.fromstring(site.page("/topics/mental-health/"))
    assert page.xpath("//h1")[0].text_content() == "สุขภาพจิต"
    assert "การดูแลใจของคนในชุมชน" in page.text_content()
    assert "/reports/mind-forum/" in page.xpath("//main//a/@href")
    assert lxml.html.fromstring(site.page("/en/topics/mental-health/")).xpath("//h1")[0].text_content() == "Mental health"
    index = lxml.html.fromstring(site.page("/topics/"))
    assert "/topics/mental-health/" in index.xpath("//ul[@class='topic-index']/li/a/@href")


def test_a_topic_added_to_topics_yml_gets_its_feeds(site):
    feed = feedparser.parse(str(site.output / "topics/mental-health/feed.xml"))
    assert not feed.bozo and [e.title for e in feed.entries] == ["เวทีสุขภาพใจ"]
    assert (site.output / "en/topics/mental-health/atom.xml").is_file()
    data = json.loads((site.output / "topics/mental-health/feed.json").read_text(encoding="utf-8"))
    assert data["items"][0]["title"] == "เวทีสุขภาพใจ"
    report = feedparser.parse(str(site.output / "feed.xml")).entries[0]
    assert "สุขภาพจิต" in [t.term for t in report.tags]


def test_a_topic_added_to_topics_yml_gets_its_filter_entry(site):
    page = lxml.html.fromstring(site.page("/partners/"))
    options = dict(zip(page.xpath("//select[@id='filter-topic']/option/@value"),
                       page.xpath("//select[@id='filter-topic']/option/text()")))
    assert options["mental-health"] == "สุขภาพจิต"


def test_folder_without_topics_yml_has_no_topics_and_says_where_to_define_one(tmp_path):
    result = build(tmp_path, {"topics.yml": None, "news/a.th.md": front_matter(title="ข่าว", date="2566-01-01", topics=["alcohol"]) + "x\n"})
    assert result.returncode != 0
    assert "news/a.th.md:5: topics: unknown topic \"alcohol\": this content folder defines no topics" in result.stderr
    assert "topics.yml in the content folder" in result.stderr
    ok = build(tmp_path / "ok", {"topics.yml": None, "news/a.th.md": front_matter(title="ข่าว", date="2566-01-01") + "x\n"})
    assert ok.returncode == 0, ok.stderr
    assert not (ok.output / "topics" / "alcohol").exists()


@pytest.mark.parametrize("text, message", [
    ("topics:\n  - slug: Bad Slug\n    name_th: ก\n    name_en: A\n", 'topics.yml:2: topics.slug: "Bad Slug" is not a URL name'),
    ("topics:\n  - slug: a\n    name_th: ก\n", "topics.yml:2: topics: the topic has no name_en"),
    ("topics:\n  - {slug: a, name_th: ก, name_en: A}\n  - {slug: a, name_th: ข, name_en: B}\n", 'topics.yml:3: topics.slug: "a" is defined twice'),
    ("topics: [oops\n", "topics.yml:2: topics: not valid YAML"),
])
def test_problems_in_topics_yml_name_the_line(tmp_path, text, message):
    result = build(tmp_path, {"topics.yml": text})
    assert result.returncode != 0 and message in result.stderr, result.stderr


@pytest.mark.slow  # needs the web editor's npm files (make cms-deps), which make test installs and make test-fast does not
def test_a_topic_added_to_topics_yml_gets_its_editor_option(tmp_path):
    import yaml

    topics = BUNDLED_TOPICS.read_text(encoding="utf-8") + NEW_TOPIC
    result = build(tmp_path, {"topics.yml": topics, "reports/mind-forum.th.md": REPORT + "เนื้อหา\n"}, env={"KHAOSAN_CMS": "1"})
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((result.output / "admin" / "config.yml").read_text(encoding="utf-8"))
    for collection in (c for c in config["collections"] if c["name"] in ("reports", "news", "partners")):
        options = next(f["options"] for f in collection["fields"] if f["name"] == "topics")
        assert {"label": "สุขภาพจิต (Mental health)", "value": "mental-health"} in options
