"""Topics (ประเด็น): a page per topic of the vocabulary table (/topics/SLUG/) with its reports, news and
partners, and the topics index (/topics/), in both languages.

The table is the content folder's topics.yml (content_model.topic_table); the items come from the per-build site index
(SITE.lang(lang).by_topic) and the partners from SITE.lang(lang).partners, grouped once per language.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from pelican.generators import Generator

from khaosan import url_scheme
from khaosan.pages import PageWriter, data_key, in_every_language, item_inputs, list_key, section_urls

logger = logging.getLogger(__name__)

SECTION = "topics"


@dataclass
class TopicSummary:
    """One topic with what one language of the site holds about it."""
    term: object          # vocabularies.Term
    reports: list
    news: list
    partners: list

    @property
    def slug(self) -> str:
        return self.term.slug


def summaries(index, lang: str, table: dict) -> list[TopicSummary]:
    """Every topic of the table, in table order, with its items and partners in `lang`."""
    partners_by_topic: dict[str, list] = {}
    for partner in index.partners:
        for slug in getattr(partner, "topics", None) or []:
            partners_by_topic.setdefault(slug, []).append(partner)
    out = []
    for slug, term in table.items():
        items = index.by_topic.get(slug, [])
        out.append(TopicSummary(term, [i for i in items if i.kind == "reports"], [i for i in items if i.kind == "news"],
                                partners_by_topic.get(slug, [])))
    return out


class TopicsGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        site = self.context["SITE"]
        table = site.entries.topics
        pages = PageWriter(self, writer)
        index_urls = section_urls(SECTION)
        for lang in url_scheme.LANGUAGES:
            topics = summaries(site.lang(lang), lang, table)
            every_topic = {list_key(f"topic/{summary.slug}", lang) for summary in topics}
            pages.write("topics", index_urls[lang], lang, index_urls,
                        {data_key("topics"), list_key("partners", lang), *every_topic},
                        section=SECTION, section_index=True, topics=topics)
            for summary in topics:
                urls = in_every_language(lambda other: url_scheme.item(SECTION, summary.slug, other))
                shown = summary.reports + summary.news + summary.partners
                pages.write("topic", urls[lang], lang, urls,
                            {data_key("topics"), list_key(f"topic/{summary.slug}", lang), list_key("partners", lang),
                             *item_inputs(shown)},
                            section=SECTION, feed=("topic", summary.slug), topic=summary)
        logger.debug("wrote %d topic pages", len(table) * len(url_scheme.LANGUAGES))


def get_generators(pelican):
    return TopicsGenerator
