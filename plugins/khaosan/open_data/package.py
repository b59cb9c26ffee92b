"""What the open data says about itself, for machines: a Frictionless Data Package (datapackage.json, with
a Table Schema for each CSV file), a schema.org Dataset for the /data/ page's JSON-LD, and the metadata
data.go.th's CKAN (ckanext-thai-gdc) asks for to register the dataset (ckan.json; docs/open-data.md).

The types and constraints of the columns are here, beside the column tables of columns.py; a column
without a field type stops the build (one source for the files, the page and the schema).
"""
from __future__ import annotations

import re

from khaosan import url_scheme
from khaosan.content_model import topics_of
from khaosan.content_model.vocabularies import OUTCOME_RATINGS, PARTNER_TYPES
from khaosan.places import load_places

from .columns import LIST_SEPARATOR

DATAPACKAGE = "datapackage.json"
CKAN_FILE = "ckan.json"


def list_of(values) -> dict:
    """A cell holding one or more of `values`, separated by LIST_SEPARATOR (Table Schema v1 has no list
    type: the pattern is the enum, repeated)."""
    choice = "|".join(escape(str(v)) for v in values)
    return {"type": "string", "constraints": {"pattern": f"({choice})({escape(LIST_SEPARATOR)}({choice}))*"}}


def escape(text: str) -> str:
    """Escape only what is special in every regex dialect (re.escape also escapes "-", which readers of the
    schema in other languages need not see)."""
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", text)


def slug_list() -> dict:
    return {"type": "string", "constraints": {"pattern": "[a-z0-9][a-z0-9-]*(; [a-z0-9][a-z0-9-]*)*"}}


def field_types(topics: dict) -> dict:
    """{column name: Table Schema field (without name and description)}."""
    places = load_places()
    provinces = places.provinces
    text = {"type": "string"}
    count = {"type": "integer", "constraints": {"minimum": 0}}
    return {
        "slug": {"type": "string", "constraints": {"required": True, "unique": True, "pattern": "[a-z0-9][a-z0-9-]*"}},
        "url_th": text, "url_en": text,
        "title_th": text, "title_en": text,
        "date": {"type": "date", "constraints": {"required": True}},
        "provinces": list_of(p.slug for p in provinces),
        "province_codes": list_of(p.iso_code for p in provinces),
        "province_names_th": list_of(p.name_th for p in provinces),
        "province_names_en": list_of(p.name_en for p in provinces),
        "regions": list_of(r.slug for r in places.regions),
        "health_regions": list_of(sorted({p.health_region for p in provinces})),
        "topics": list_of(topics),
        "partners": slug_list(),
        "participants_planned": count, "participants_actual": count,
        "outcome_rating": {"type": "integer", "constraints": {"enum": sorted(OUTCOME_RATINGS)}},
        "outcome_th": {"type": "string", "constraints": {"enum": [r.name("th") for r in OUTCOME_RATINGS.values()]}},
        "outcome_en": {"type": "string", "constraints": {"enum": [r.name("en") for r in OUTCOME_RATINGS.values()]}},
        "name_th": text, "name_en": text, "short_name_th": text, "short_name_en": text,
        "type": {"type": "string", "constraints": {"enum": list(PARTNER_TYPES)}},
        "type_th": {"type": "string", "constraints": {"enum": [t.name("th") for t in PARTNER_TYPES.values()]}},
        "type_en": {"type": "string", "constraints": {"enum": [t.name("en") for t in PARTNER_TYPES.values()]}},
        "website": text, "facebook": text, "line": text,
        "email": {"type": "string", "format": "email"},
        "phone": text, "address": text,
        "contact_name": text, "contact_role": text, "contact_email": {"type": "string", "format": "email"},
        "contact_phone": text,
        "reports": slug_list(), "news": slug_list(),
    }


def table_schema(columns, topics: dict) -> dict:
    types = field_types(topics)
    missing = [c.name for c in columns if c.name not in types]
    if missing:
        raise KeyError(f"open data columns without a field type in open_data/package.py: {', '.join(missing)}")
    fields = [{"name": c.name, "title": c.en, "description": f"{c.en} / {c.th}", **types[c.name]} for c in columns]
    return {"fields": fields, "primaryKey": ["slug"], "missingValues": [""]}


def licence(settings) -> dict:
    return dict(settings["OPEN_DATA_LICENSE"])


def datapackage(settings, datasets, sizes: dict, site: str) -> dict:
    """The Data Package descriptor (Frictionless Data Package v1, tabular)."""
    names = settings["SITE_NAMES"]
    home = f"{site}/{url_scheme.page('data', url_scheme.DEFAULT_LANG)}"
    resources = []
    for dataset in datasets:
        name = f"{dataset.name}.csv"
        resources.append({
            "name": dataset.name,
            "path": name,
            "profile": "tabular-data-resource",
            "title": RESOURCE_TITLES[dataset.name],
            "format": "csv",
            "mediatype": "text/csv",
            # The byte-order mark lets spreadsheet programs read Thai; utf-8-sig names it for readers.
            "encoding": "utf-8-sig",
            "bytes": sizes[name],
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True},
            "schema": table_schema(dataset.columns, topics_of(settings)),
        })
    return {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^a-z0-9._-]+", "-", f"{settings['SITE_SHORT_NAME']}-open-data".lower()),
        "title": f"{names['th']} / {names['en']}",
        "description": DESCRIPTION,
        "homepage": home,
        "languages": list(url_scheme.LANGUAGES),
        "keywords": [t.name("th") for t in topics_of(settings).values()] + [t.name("en") for t in topics_of(settings).values()],
        "licenses": [licence(settings)],
        "sources": [{"title": names["en"], "path": f"{site}/"}],
        "resources": resources,
    }


RESOURCE_TITLES = {"partners": "Partner organisations (ภาคีเครือข่าย)", "reports": "Field reports (รายงานจากพื้นที่)"}
DESCRIPTION = ("The partner directory and the field reports of Thailand's health-promotion partner networks: "
               "each partner's organisation type, provinces and topics; each report's date, places, partners, "
               "planned and actual participants and outcome rating. ไดเรกทอรีภาคีเครือข่ายและรายงานจากพื้นที่ "
               "ของภาคีเครือข่ายสร้างเสริมสุขภาพ")


def dataset_graph(settings, datasets, site: str, lang: str) -> dict:
    """schema.org Dataset for the /data/ page (Google Dataset Search reads it)."""
    names = settings["SITE_NAMES"]
    page = f"{site}/{url_scheme.page('data', lang)}"
    folder = f"{site}/{url_scheme.page('data', url_scheme.DEFAULT_LANG)}"
    dates = [r.main.date.date() for d in datasets if d.name == "reports" for r in d.records]
    graph = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": names[lang],
        "description": DESCRIPTION,
        "url": page,
        "sameAs": f"{folder}{DATAPACKAGE}",
        "license": licence(settings)["path"],
        "isAccessibleForFree": True,
        "inLanguage": list(url_scheme.LANGUAGES),
        "keywords": [t.name(lang) for t in topics_of(settings).values()],
        "creator": {"@type": "Organization", "name": names[lang], "url": f"{site}/{url_scheme.home(lang)}"},
        "spatialCoverage": {"@type": "Place", "name": "Thailand", "address": {"@type": "PostalAddress", "addressCountry": "TH"}},
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": mime, "contentUrl": f"{folder}{d.name}.{ext}", "name": f"{d.name}.{ext}"}
            for d in datasets for ext, mime in (("csv", "text/csv"), ("json", "application/json"))
        ],
    }
    if dates:
        graph["temporalCoverage"] = f"{min(dates).isoformat()}/{max(dates).isoformat()}"
    return graph


# data.go.th (CKAN with ckanext-thai-gdc): the fields its dataset form asks for, with the values that fit
# this dataset. docs/open-data.md explains each one; owner_org is the network's own organisation there.
CKAN_LICENCES = {"CC-BY-4.0": "Creative Commons Attributions", "CC-BY-SA-4.0": "Creative Commons Attribution Share-Alike"}


def ckan_metadata(settings, datasets, site: str) -> dict:
    names = settings["SITE_NAMES"]
    folder = f"{site}/{url_scheme.page('data', url_scheme.DEFAULT_LANG)}"
    dates = sorted(r.main.date.date().isoformat() for d in datasets if d.name == "reports" for r in d.records)
    spdx = licence(settings).get("name", "")
    metadata = {
        "name": re.sub(r"[^a-z0-9_-]+", "-", f"{settings['SITE_SHORT_NAME']}-open-data".lower()),
        "title": names["th"],
        "notes": DESCRIPTION,
        "owner_org": "",
        "data_type": "ข้อมูลระเบียน",
        "objective": ["พันธกิจหน่วยงาน"],
        "update_frequency_unit": "อื่นๆ",
        "update_frequency_unit_other": "ทุกครั้งที่เผยแพร่รายงานหรือข่าวใหม่ (every time the site is published)",
        "update_frequency_interval": "",
        "geo_coverage": "จังหวัด",
        "data_source": names["th"],
        "data_format": ["CSV", "JSON"],
        "data_category": "ข้อมูลสาธารณะ",
        "license_id": CKAN_LICENCES.get(spdx, "อื่นๆ"),
        "license_id_other": "" if spdx in CKAN_LICENCES else f"{licence(settings).get('title', spdx)} {licence(settings).get('path', '')}".strip(),
        "accessible_condition": f"{licence(settings).get('title', '')} {licence(settings).get('path', '')}".strip(),
        "data_support": "ไม่มี",
        "data_collect": "อื่นๆ",
        "data_collect_other": "ภาคีเครือข่าย (องค์กร) และรายงานกิจกรรม",
        "data_language": ["ไทย", "อังกฤษ"],
        "url": folder,
        "created_date": dates[0] if dates else "",
        "last_updated_date": dates[-1] if dates else "",
        "maintainer": settings["OPEN_DATA_MAINTAINER"] or names["th"],
        "maintainer_email": settings["OPEN_DATA_MAINTAINER_EMAIL"],
        "tag_string": ",".join(t.name("th") for t in topics_of(settings).values()),
        "allow_harvest": "True",
        "resources": [
            {"name": f"{d.name}.{ext}", "url": f"{folder}{d.name}.{ext}", "format": ext.upper(),
             "description": RESOURCE_TITLES[d.name]}
            for d in datasets for ext in ("csv", "json")
        ] + [{"name": DATAPACKAGE, "url": f"{folder}{DATAPACKAGE}", "format": "JSON",
              "description": "Frictionless Data Package: the Table Schema of each CSV file"}],
    }
    return metadata
