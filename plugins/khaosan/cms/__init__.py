"""The web editor at /admin/: Decap CMS, configured from the content schema.

Its config.yml is generated at each build from content_model.schema (one collection per kind, the Thai
and English files of an item as one entry with two locales), the places table (provinces and regions as
pickers), the content index (partners) and topics.yml (topics), so a new field, partner or topic
reaches the editor without being written twice. Written only when the CMS setting is on (`make cms`, or
a team's production build that sets it); Decap's files come from the npm package installed by
`make cms-deps` (CMS_ASSETS). The page carries its own, looser Content-Security-Policy (Decap evaluates
code and injects styles); no other page does (docs/quality.md).
"""
from __future__ import annotations

import logging
import os
import shutil
from urllib.parse import urlsplit

import yaml
from pelican.generators import Generator

from khaosan.content_model import fields as f
from khaosan.content_model.schema import KINDS
from khaosan.content_model.topic_table import FILE_NAME as TOPICS_FILE
from khaosan.content_model.vocabularies import OUTCOME_RATINGS, PARTNER_TYPES
from khaosan.places import load_places

logger = logging.getLogger(__name__)

FOLDER = "admin"
ENTRY_SCRIPT = "decap-cms.js"
# Labels of the collections in the editor's (Thai) interface, with the English in brackets.
KIND_LABELS = {
    "reports": ("รายงานจากพื้นที่", "Field reports"),
    "news": ("ข่าว", "News"),
    "partners": ("ภาคีเครือข่าย", "Partners"),
    "enews": ("จดหมายข่าว", "E-news editions"),
    "pages": ("หน้าเว็บ", "Pages"),
}
# Facts that are the same in both languages: entered once, copied to the other locale.
SHARED = {"slug", "date", "modified", "provinces", "partners", "topics", "cover", "photos", "participants",
          "outcome_rating", "status", "type", "website", "facebook", "email", "phone", "line", "logo",
          "period", "regions", "featured", "menu"}
LEFT_OUT = {"lang"}  # given by the file name (SLUG.th.md / SLUG.en.md)
SLUG_PATTERN = ["^[a-z0-9]+(-[a-z0-9]+)*$", "อักษรอังกฤษตัวเล็ก ตัวเลข และขีด เช่น nakhon-phanom-forum-2566"]


def widget(name: str, spec, options: dict) -> dict:
    """The Decap field for one schema field."""
    hint = f"{spec.help_th} · {spec.help}" if spec.help_th else spec.help
    out = {"name": name, "label": name, "required": bool(spec.required or name == "slug"), "hint": hint}
    if name == "slug":
        out.update(widget="string", pattern=SLUG_PATTERN)
    elif name == "status":
        out.update(widget="select", options=["draft", "published"], default="draft")
    elif isinstance(spec, f.Date):
        out.update(widget="datetime", format="YYYY-MM-DD HH:mm", date_format="YYYY-MM-DD", time_format="HH:mm")
    elif isinstance(spec, f.Provinces):
        out.update(widget="select", multiple=True, options=options["provinces"])
    elif isinstance(spec, f.Regions):
        out.update(widget="select", multiple=True, options=options["regions"])
    elif isinstance(spec, f.Topics):
        out.update(widget="select", multiple=True, options=options["topics"])
    elif isinstance(spec, f.PartnerRefs):
        out.update(widget="select", multiple=True, options=options["partners"])
    elif name == "type":
        out.update(widget="select", options=[{"label": f"{t.name_th} ({t.name_en})", "value": slug} for slug, t in PARTNER_TYPES.items()])
    elif isinstance(spec, f.Choice):
        out.update(widget="select", options=list(spec.choices))
    elif name == "outcome_rating":
        out.update(widget="number", value_type="int", min=1, max=4,
                   hint=" · ".join(f"{v} {t.name_th} ({t.name_en})" for v, t in OUTCOME_RATINGS.items()))
    elif isinstance(spec, f.Integer):
        out.update(widget="number", value_type="int", **({"min": spec.minimum} if spec.minimum is not None else {}))
    elif isinstance(spec, f.Image):
        out.update(widget="image", choose_url=False)
    elif isinstance(spec, f.Photos):
        out.update(widget="list", fields=[{"name": "src", "label": "src", "widget": "image", "choose_url": False},
                                          {"name": "alt", "label": "alt", "widget": "string", "required": False,
                                           "hint": "ภาพนี้แสดงอะไร · what the picture shows"}])
    elif isinstance(spec, f.TextList):
        out.update(widget="list", field={"name": "item", "label": name, "widget": "string"})
    elif isinstance(spec, f.Mapping):
        # Decap checks a group's required parts even when the group is left empty: make check does that instead.
        out.update(widget="object", collapsed=False,
                   fields=[{**widget(sub_name, sub_spec, options), "required": False} for sub_name, sub_spec in spec.fields.items()])
        out["required"] = False
    elif isinstance(spec, f.Bool):
        out.update(widget="boolean", default=False)
    elif isinstance(spec, f.SlugList):
        out.update(widget="list", field={"name": "slug", "label": name, "widget": "string"})
    elif isinstance(spec, f.Text) and spec.max_length > 600:
        out.update(widget="text")
    else:
        out.update(widget="string")
    if name in SHARED and out["widget"] not in ("list", "object"):  # Decap: a list or group is translated or not
        out["i18n"] = "duplicate"
    elif out["widget"] in ("string", "text", "list", "object"):
        out["i18n"] = True
    if not out["hint"]:
        del out["hint"]
    return out


class _PlainDumper(yaml.SafeDumper):
    """No &anchors / *aliases: the file stays readable where one list appears twice."""

    def ignore_aliases(self, data):
        return True


def picker_options(index, places) -> dict:
    partners = {}
    for entry in sorted(index.of_kind("partners"), key=lambda e: (e.slug, e.lang != "th")):
        if entry.slug not in partners:
            short = entry.meta.get("short_name")
            partners[entry.slug] = {"label": f"{entry.meta.get('title', entry.slug)}{f' ({short})' if short else ''}",
                                    "value": entry.slug}
    return {
        "provinces": [{"label": f"{p.name('th')} ({p.name('en')})", "value": p.slug} for p in places.provinces],
        "regions": [{"label": f"{r.name('th')} ({r.name('en')})", "value": r.slug} for r in places.regions],
        "topics": [{"label": f"{t.name_th} ({t.name_en})", "value": slug} for slug, t in index.topics.items()],
        "partners": list(partners.values()),
    }


def local_backend(address: str):
    """Decap's `local_backend`: true means http://localhost:8081; another address must be spelled out."""
    if not address:
        return None
    if address.rstrip("/") == "http://localhost:8081":
        return True
    return {"url": address.rstrip("/") + "/api/v1"}


def editor_config(index, places, settings) -> dict:
    options = picker_options(index, places)
    collections = []
    for kind in KINDS.values():
        th, en = KIND_LABELS[kind.name]
        fields = [widget(name, spec, options) for name, spec in kind.fields.items() if name not in LEFT_OUT]
        fields.append({"name": "body", "label": "body", "widget": "markdown", "i18n": True, "required": kind.name != "enews",
                       "hint": "เนื้อหา · the text"})
        collections.append({
            "name": kind.name, "label": f"{th} ({en})", "label_singular": th,
            "folder": f"content/{kind.name}", "extension": "md", "format": "frontmatter",
            "create": True, "slug": "{{fields.slug}}", "identifier_field": "title",
            "summary": "{{title}}", "i18n": True, "fields": fields,
        })
    collections.append({
        "name": "settings", "label": "ประเด็น (Topics)", "editor": {"preview": False},
        "files": [{"name": "topics", "label": "ประเด็น (Topics)", "file": f"content/{TOPICS_FILE}", "fields": [
            {"name": "topics", "label": "topics", "widget": "list", "summary": "{{fields.name_th}} ({{fields.slug}})", "fields": [
                {"name": "slug", "label": "slug", "widget": "string", "pattern": SLUG_PATTERN},
                {"name": "name_th", "label": "name_th", "widget": "string"},
                {"name": "name_en", "label": "name_en", "widget": "string"},
                {"name": "description_th", "label": "description_th", "widget": "string", "required": False},
                {"name": "description_en", "label": "description_en", "widget": "string", "required": False},
            ]}]}],
    })
    config = {
        "locale": "th",
        "backend": dict(settings["CMS_BACKEND"]),
        "media_folder": "content/images",
        "public_folder": "images",
        "site_url": settings["SITEURL"] or settings["SITE_DOMAIN"],
        "i18n": {"structure": "multiple_files", "locales": ["th", "en"], "default_locale": "th"},
        "collections": collections,
    }
    backend = local_backend(settings["CMS_LOCAL_BACKEND"])
    if backend is not None:
        config["local_backend"] = backend
    return config


def content_security_policy(settings) -> str:
    """The editor page's own policy: what Decap needs and nothing more (docs/quality.md)."""
    connect = ["'self'", "blob:"]
    if settings["CMS_LOCAL_BACKEND"]:
        parts = urlsplit(settings["CMS_LOCAL_BACKEND"])
        connect.append(f"{parts.scheme}://{parts.netloc}")
    connect += settings["CMS_CONNECT_SOURCES"]
    return ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            f"connect-src {' '.join(connect)}; img-src 'self' blob: data:; font-src 'self' data:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'self' blob:")


class CmsGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        if not self.settings["CMS"]:
            return
        assets = self.settings["CMS_ASSETS"]
        entry = os.path.join(assets, ENTRY_SCRIPT) if assets else ""
        if not os.path.isfile(entry):
            logger.error("CMS: Decap CMS is not installed (no %s); run `make cms-deps`, or set CMS = False",
                         entry or "CMS_ASSETS")
            return
        folder = os.path.join(self.output_path, FOLDER)
        os.makedirs(folder, exist_ok=True)
        for name in sorted(os.listdir(assets)):
            # Decap's entry script and the chunks it loads on demand; never the source maps.
            if name.endswith("decap-cms.js"):
                shutil.copyfile(os.path.join(assets, name), os.path.join(folder, name))
        build = self.settings["KHAOSAN_BUILD"]
        config = editor_config(build.index, load_places(), self.settings)
        with open(os.path.join(folder, "config.yml"), "w", encoding="utf-8") as fh:
            fh.write("# Generated by khaosan from the content schema at each build; edit the schema, not this file.\n")
            yaml.dump(config, fh, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=1000)
        page = self.get_template("admin").render({**self.context, "lang": "th", "CMS_POLICY": content_security_policy(self.settings)})
        with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as fh:
            fh.write(page)
        logger.info("CMS: the web editor is at /%s/", FOLDER)


def get_generators(pelican):
    return CmsGenerator
