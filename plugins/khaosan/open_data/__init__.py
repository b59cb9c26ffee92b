"""Open data at /data/: partners.json, partners.csv, reports.json and reports.csv, and the page (/data/,
/en/data/) that documents every column.

Files and documentation come from the same column tables (columns.py). Rows read the per-build site index
(SITE); a person's contact details appear only when the profile marks them `public: true`. The CSV files are
UTF-8 with a byte-order mark so spreadsheet programs open Thai text correctly; a cell that would start a
formula there (=, +, -, @) gets a leading ' (csv_cell). Output is the same for the same
content: rows in a fixed order, no build time inside.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import os
from dataclasses import dataclass, field

from pelican.generators import Generator

from khaosan import url_scheme
from khaosan.pages import PageWriter, in_every_language, item_inputs, list_key

from .columns import LIST_SEPARATOR, PARTNER_COLUMNS, REPORT_COLUMNS, Column, Record
from .package import CKAN_FILE, DATAPACKAGE, ckan_metadata, datapackage, dataset_graph

logger = logging.getLogger(__name__)

PAGE_SLUG = "data"
# The items whose front matter the files show: reports, partners, and the news that names a partner.
SHOWN_KINDS = frozenset({"reports", "partners", "news"})


@dataclass
class Dataset:
    name: str                 # "reports" or "partners": the files are NAME.json and NAME.csv
    columns: list[Column]
    records: list[Record]
    _rows: list[dict] | None = field(default=None, repr=False, compare=False)

    def rows(self) -> list[dict]:
        """Made once (the JSON and the CSV file both write them)."""
        if self._rows is None:
            self._rows = [{c.name: c.value(r) for c in self.columns} for r in self.records]
        return self._rows


def report_records(site, siteurl: str) -> list[Record]:
    versions: dict[str, dict] = {}
    for lang in url_scheme.LANGUAGES:
        for item in site.lang(lang).by_kind.get("reports", []):
            versions.setdefault(item.slug, {})[lang] = item
    records = [Record(slug, v, siteurl, {}) for slug, v in versions.items()]
    # Newest first, like every list on the site; the slug breaks ties so the files never reorder by chance.
    return sorted(records, key=lambda r: (r.main.date, r.slug), reverse=True)


def partner_records(site, siteurl: str) -> list[Record]:
    versions: dict[str, dict] = {}
    for (lang, slug), partner in site.partner_pages.items():
        versions.setdefault(slug, {})[lang] = partner
    records = []
    for slug in sorted(versions):
        stories = {"reports": [], "news": []}
        for lang in url_scheme.LANGUAGES:
            for item in site.lang(lang).by_partner.get(slug, []):
                if item.kind in stories and item.slug not in stories[item.kind]:
                    stories[item.kind].append(item.slug)
        records.append(Record(slug, {lang: versions[slug][lang] for lang in url_scheme.LANGUAGES if lang in versions[slug]},
                              siteurl, stories))
    return records


def datasets(site, siteurl: str) -> list[Dataset]:
    return [Dataset("partners", PARTNER_COLUMNS, partner_records(site, siteurl)),
            Dataset("reports", REPORT_COLUMNS, report_records(site, siteurl))]


def to_json(dataset: Dataset) -> str:
    """A JSON array with one record a line: compact to download, and a changed record is a one-line diff."""
    lines = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in dataset.rows()]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


# A cell a spreadsheet would run as a formula (=, +, -, @; tab and carriage return too, per OWASP's "CSV
# Injection"): the CSV is written with a BOM precisely so that spreadsheets open it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A CSV cell; one that would start a formula gets a leading ' (so +66 42… still reads as text).
    The JSON files keep the exact text."""
    if value is None:
        return ""
    if isinstance(value, list):
        text = LIST_SEPARATOR.join(str(v) for v in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(dataset: Dataset) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.name for c in dataset.columns])
    for row in dataset.rows():
        writer.writerow([csv_cell(row[c.name]) for c in dataset.columns])
    return buffer.getvalue()


class OpenDataGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        site = self.context["SITE"]
        sets = datasets(site, self.settings.get("SITEURL", ""))
        site_abs = url_scheme.site_address(self.settings)
        files = self.keep_files(sets) or self.write_files(sets, site_abs)
        pages = PageWriter(self, writer)
        urls = in_every_language(lambda lang: url_scheme.page(PAGE_SLUG, lang))
        data_url = url_scheme.page(PAGE_SLUG, url_scheme.DEFAULT_LANG)
        # The page gives each file's size, so it shows every report and partner in every language, and
        # the news that names a partner (the partners file lists each one's reports and news).
        inputs = {list_key(name, lang) for name in ("reports", "partners", "stories") for lang in url_scheme.LANGUAGES}
        inputs |= item_inputs(item for lang in url_scheme.LANGUAGES
                              for item in site.lang(lang).by_kind.get("reports", []) + site.lang(lang).partners)
        for lang in url_scheme.LANGUAGES:
            pages.write("data", urls[lang], lang, urls, inputs, datasets=sets, file_sizes=files, data_url=data_url,
                        list_separator=LIST_SEPARATOR, licence=self.settings["OPEN_DATA_LICENSE"],
                        metadata_files=(DATAPACKAGE, CKAN_FILE),
                        json_ld_extra=[dataset_graph(self.settings, sets, site_abs, lang)])
        logger.debug("wrote open data: %s", ", ".join(f"{n} ({s} bytes)" for n, s in files.items()))


    def keep_files(self, sets) -> dict[str, int] | None:
        """{file: size} when the output's files are this build's (the front matter they show is the same)."""
        from khaosan import build_cache
        names = [f"{PAGE_SLUG}/{d.name}.{ext}" for d in sets for ext in ("json", "csv")]
        kept = build_cache.keep_front_matter_files(self.settings, names + [f"{PAGE_SLUG}/{DATAPACKAGE}", f"{PAGE_SLUG}/{CKAN_FILE}"],
                                                   SHOWN_KINDS)
        return None if kept is None else {name.rsplit("/", 1)[1]: kept[name] for name in names}

    def write_files(self, sets, site_abs: str) -> dict[str, int]:
        folder = os.path.join(self.output_path, PAGE_SLUG)
        os.makedirs(folder, exist_ok=True)
        files = {}
        for dataset in sets:
            for ext, text, encoding in (("json", to_json(dataset), "utf-8"), ("csv", to_csv(dataset), "utf-8-sig")):
                name = f"{dataset.name}.{ext}"
                # newline="" keeps csv's CRLF row ends as they are (RFC 4180).
                with open(os.path.join(folder, name), "w", encoding=encoding, newline="") as fh:
                    fh.write(text)
                files[name] = os.path.getsize(os.path.join(folder, name))
        for name, document in ((DATAPACKAGE, datapackage(self.settings, sets, files, site_abs)),
                               (CKAN_FILE, ckan_metadata(self.settings, sets, site_abs))):
            with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
                json.dump(document, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
        return files


def get_generators(pelican):
    return OpenDataGenerator
