"""Write one feed, in RSS 2.0, Atom 1.0 and JSON Feed 1.1, from a list of FeedItems with feedgen.

Nothing here reads the clock: a feed's lastBuildDate and updated are its newest item's date, so two
builds of the same content give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import mimetypes
import os
from dataclasses import dataclass, field

from feedgen.feed import FeedGenerator
from lxml import etree

BANGKOK = dt.timezone(dt.timedelta(hours=7))
# The date of an empty feed on an empty site: any fixed date would do, as long as it is not the clock.
EPOCH = dt.datetime(2023, 1, 1, tzinfo=BANGKOK)
MIME = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


@dataclass
class Picture:
    url: str
    length: int
    type: str
    alt: str = ""


@dataclass
class FeedItem:
    guid: str
    title: str
    link: str
    summary: str
    content: str               # HTML with every link absolute
    published: dt.datetime
    updated: dt.datetime
    lang: str
    author: str = ""
    categories: list = field(default_factory=list)   # [(label, domain URL)]
    cover: Picture | None = None


@dataclass
class Channel:
    id: str
    title: str
    description: str
    lang: str
    link: str                  # the page the feed belongs to
    base: str                  # the folder of the feed files, absolute
    image: str                 # absolute URL of the channel image (RSS <image>, square)
    author: str
    fallback_date: dt.datetime = EPOCH
    logo: str = ""             # Atom <logo>, 2:1 (RFC 4287 4.2.8); the image when empty
    icon: str = ""             # Atom <icon> and JSON Feed icon, square; the image when empty
    favicon: str = ""          # JSON Feed favicon, small and square; the icon when empty


def picture(site: str, content_root: str, path: str, alt: str = "") -> Picture | None:
    """The cover at `path` (relative to the content folder) with its size in bytes and its type."""
    full = os.path.join(content_root, path)
    if not os.path.isfile(full):
        return None
    kind = mimetypes.guess_type(full)[0] or "application/octet-stream"
    return Picture(f"{site}/{path}", os.path.getsize(full), kind, alt)


def _generator(channel: Channel, items: list[FeedItem]) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("media", atom=True, rss=True)
    fg.load_extension("dc", atom=False, rss=True)
    fg.id(channel.id)
    fg.title(channel.title)
    fg.subtitle(channel.description)
    fg.description(channel.description)
    fg.language(channel.lang)
    fg.author({"name": channel.author})
    fg.icon(channel.icon or channel.image)
    fg.generator("khaosan (python-feedgen)")
    newest = max((i.updated for i in items), default=None) or channel.fallback_date
    fg.lastBuildDate(newest)
    for item in items:
        fe = fg.add_entry(order="append")
        fe.id(item.guid)
        fe.guid(item.guid, permalink=False)
        fe.title(item.title)
        fe.link(href=item.link, rel="alternate")
        # The summary is plain text; RSS readers render <description> as HTML, so it goes out escaped.
        fe.summary(html.escape(item.summary, quote=False), type="html")
        fe.content(item.content, type="CDATA")
        fe.published(item.published)
        fe.pubDate(item.published)
        fe.updated(item.updated)
        if item.author:
            fe.author({"name": item.author})
            fe.dc.dc_creator(item.author)
        for label, domain in item.categories:
            fe.category({"term": label, "scheme": domain, "label": label})
        if item.cover:
            fe.enclosure(item.cover.url, str(item.cover.length), item.cover.type)
            fe.media.content({"url": item.cover.url, "type": item.cover.type, "medium": "image",
                              "fileSize": str(item.cover.length)})
    return fg


def write(channel: Channel, items: list[FeedItem], out_dir: str, files: dict, json_feed: bool) -> list[str]:
    """Write the feed files into out_dir; returns the paths written."""
    os.makedirs(out_dir, exist_ok=True)
    fg = _generator(channel, items)
    written = []
    for fmt in ("rss", "atom"):
        # feedgen gives RSS's <link> the last link added: the self link first, the page last.
        fg.link(href=channel.base + files[fmt], rel="self", type=MIME[fmt], replace=True)
        fg.link(href=channel.link, rel="alternate")
        # feedgen keeps one picture for RSS's <image> and Atom's <logo> (each setter overwrites the
        # other): the square channel image for RSS, the 2:1 logo for Atom.
        if fmt == "rss":
            fg.image(url=channel.image, title=channel.title, link=channel.link, width="144", height="144")
        else:
            fg.logo(channel.logo or channel.image)
        path = os.path.join(out_dir, files[fmt])
        if fmt == "rss":
            fg.rss_file(path, pretty=True, encoding="UTF-8")
        else:
            _atom_content_as_html(fg)
            with open(path, "wb") as fh:
                fh.write(atom_with_entry_links(fg.atom_str(pretty=False, encoding="UTF-8"), items))
        written.append(path)
    if json_feed:
        path = os.path.join(out_dir, files["json"])
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(json_document(channel, items, channel.base + files["json"]), fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        written.append(path)
    return written


def _atom_content_as_html(fg: FeedGenerator):
    # RSS carries the body as CDATA in content:encoded; Atom's content must say type="html" (escaped).
    for fe in fg.entry():
        html = fe.content()["content"]
        fe.content(html, type="html")


def atom_entry_links(entry, item: FeedItem):
    """feedgen 1.0.0 writes an Atom entry's links with their href only (in entry.py the link element
    shadows the link's data, so rel, type and length are never set): a reader then takes the cover, the
    last link, for the article's address. The entry gets its links again from the FeedItem: the page as
    rel="alternate" type="text/html", the cover as rel="enclosure" with its type and length."""
    def local(element):
        return etree.QName(element).localname if isinstance(element.tag, str) else ""
    for link in [e for e in entry if local(e) == "link"]:
        entry.remove(link)
    title = next(e for e in entry if local(e) == "title")
    namespace = etree.QName(title).namespace
    tag = f"{{{namespace}}}link" if namespace else "link"
    links = [{"href": item.link, "rel": "alternate", "type": "text/html", "hreflang": item.lang}]
    if item.cover:
        links.append({"href": item.cover.url, "rel": "enclosure", "type": item.cover.type,
                      "length": str(item.cover.length)})
    position = entry.index(title) + 1
    for offset, attributes in enumerate(links):
        entry.insert(position + offset, etree.Element(tag, attributes))
    return entry


def atom_with_entry_links(atom: bytes, items: list[FeedItem]) -> bytes:
    """The Atom document with each entry's links written again (atom_entry_links)."""
    root = etree.fromstring(atom)
    by_id = {item.guid: item for item in items}
    for entry in root:
        if isinstance(entry.tag, str) and etree.QName(entry).localname == "entry":
            atom_entry_links(entry, by_id[entry.findtext(f"{{{etree.QName(entry).namespace}}}id")])
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

def json_document(channel: Channel, items: list[FeedItem], feed_url: str) -> dict:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.title,
        "home_page_url": channel.link,
        "feed_url": feed_url,
        "description": channel.description,
        "icon": channel.icon or channel.image,
        "favicon": channel.favicon or channel.icon or channel.image,
        "language": channel.lang,
        "authors": [{"name": channel.author}],
        "items": [],
    }
    for item in items:
        entry = {
            "id": item.guid,
            "url": item.link,
            "title": item.title,
            "content_html": item.content,
            "summary": item.summary,
            "date_published": item.published.isoformat(timespec="seconds"),
            "date_modified": item.updated.isoformat(timespec="seconds"),
            "language": item.lang,
        }
        if item.cover:
            entry["image"] = item.cover.url
            entry["attachments"] = [{"url": item.cover.url, "mime_type": item.cover.type,
                                     "size_in_bytes": item.cover.length}]
        if item.author:
            entry["authors"] = [{"name": item.author}]
        if item.categories:
            entry["tags"] = [label for label, _ in item.categories]
        doc["items"].append(entry)
    return doc
