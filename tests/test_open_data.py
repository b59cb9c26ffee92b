"""Open data at /data/: the JSON and CSV files parse, agree with each other and with the pages, leave out
private contacts, and the /data/ page documents every column of the code's column tables."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from khaosan.open_data.columns import PARTNER_COLUMNS, REPORT_COLUMNS
from partnersite import PARTNERS, REPORTS
from sitebuilder import ROOT


@pytest.fixture(scope="module")
def site(partner_site):
    return partner_site


def load(site, name):
    raw = (site.output / "data" / f"{name}.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    records = json.loads((site.output / "data" / f"{name}.json").read_text(encoding="utf-8"))
    return raw, rows, records


def cell(value):
    return "" if value is None else "; ".join(map(str, value)) if isinstance(value, list) else str(value)


@pytest.mark.parametrize("name, columns", [("partners", PARTNER_COLUMNS), ("reports", REPORT_COLUMNS)])
def test_json_and_csv_parse_and_agree(site, name, columns):
    raw, rows, records = load(site, name)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    assert list(rows[0]) == [c.name for c in columns]
    assert [list(r) for r in records] == [[c.name for c in columns]] * len(records)
    assert len(rows) == len(records)
    for row, record in zip(rows, records):
        assert row == {k: cell(v) for k, v in record.items()}


def test_partner_rows_match_the_profiles_and_pages(site):
    _, _, records = load(site, "partners")
    by_slug = {r["slug"]: r for r in records}
    assert set(by_slug) == set(PARTNERS)
    alpha = by_slug["alpha-university"]
    assert alpha["name_th"] == "มหาวิทยาลัยอัลฟา" and alpha["name_en"] == "Alpha University"
    assert alpha["type"] == "academic" and alpha["type_en"] == "Academic institution"
    assert alpha["provinces"] == ["nakhon-phanom"] and alpha["province_codes"] == ["TH-48"]
    assert alpha["regions"] == ["northeast"] and alpha["health_regions"] == [8]
    assert alpha["reports"] == ["second-field-day", "first-forum"] and alpha["news"] == []
    assert by_slug["gamma-office"]["url_en"] is None and by_slug["gamma-office"]["provinces"] == []
    for record in records:
        for lang in ("th", "en"):
            url = record[f"url_{lang}"]
            if url:
                page = lxml.html.fromstring(site.page(url))
                assert page.xpath("//h1")[0].text_content().startswith(record[f"name_{lang}"])
            else:
                assert lang not in PARTNERS[record["slug"]]


def test_report_rows_match_the_reports_and_pages(site):
    _, _, records = load(site, "reports")
    assert [r["slug"] for r in records] == ["second-field-day", "first-forum"]  # newest first
    first = records[1]
    assert first["date"] == "2023-05-05"
    assert first["title_th"] == REPORTS["first-forum"]["th"]["title"] and first["title_en"] == REPORTS["first-forum"]["en"]["title"]
    assert first["provinces"] == ["nakhon-phanom"] and first["province_codes"] == ["TH-48"]
    assert first["partners"] == ["alpha-university", "beta-ngo", "gamma-office"]
    assert (first["participants_planned"], first["participants_actual"], first["outcome_rating"]) == (100, 80, 3)
    assert first["outcome_en"] == "Met the target"
    assert records[0]["url_en"] is None and records[0]["health_regions"] == [7]
    page = lxml.html.fromstring(site.page(first["url_en"]))
    assert page.xpath("//h1")[0].text_content() == first["title_en"]


def test_personal_contacts_are_left_out_unless_public(site):
    for ext in ("csv", "json"):
        text = (site.output / "data" / f"partners.{ext}").read_text(encoding="utf-8-sig")
        assert "somchai.private@example.org" not in text and "สมชาย" not in text and "081-999-0000" not in text
    _, _, records = load(site, "partners")
    by_slug = {r["slug"]: r for r in records}
    assert by_slug["alpha-university"]["contact_name"] is None
    assert by_slug["beta-ngo"]["contact_name"] == "เจน โด" and by_slug["beta-ngo"]["contact_email"] == "jane@beta.example.org"
    assert by_slug["beta-ngo"]["email"] == "office@beta.example.org"  # the office's address is not a person's


@pytest.mark.parametrize("url, lang", [("/data/", "th"), ("/en/data/", "en")])
def test_the_data_page_documents_every_column(site, url, lang):
    page = lxml.html.fromstring(site.page(url))
    tables = page.xpath("//table[@class='columns']")
    assert len(tables) == 2
    for table, columns in zip(tables, (PARTNER_COLUMNS, REPORT_COLUMNS)):
        rows = [(tr.xpath("./th")[0].text_content(), tr.xpath("./td")[0].text_content()) for tr in table.xpath(".//tbody/tr")]
        assert rows == [(c.name, c.description(lang)) for c in columns]
    links = page.xpath("//a[@download]/@href")
    assert sorted(links) == ["/data/partners.csv", "/data/partners.json", "/data/reports.csv", "/data/reports.json"]
    for link in links:
        assert site.exists(link)


FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def frictionless_validate(descriptor: Path) -> dict:
    """The real `frictionless validate` command on a datapackage.json, as a data journalist would run it."""
    proc = subprocess.run([str(FRICTIONLESS), "validate", "--json", descriptor.name], cwd=descriptor.parent,
                          capture_output=True, text=True, timeout=300)
    report = json.loads(proc.stdout)
    assert (proc.returncode == 0) == report["valid"], proc.stderr
    return report


def errors_of(report) -> list:
    return [(task["name"], error["type"], error.get("fieldName")) for task in report["tasks"] for error in task["errors"]]


def test_datapackage_is_valid_under_frictionless(site, bundled_site):
    for output in (site.output, bundled_site.output):
        report = frictionless_validate(output / "data" / "datapackage.json")
        assert report["valid"], errors_of(report)
        assert sorted(task["name"] for task in report["tasks"]) == ["partners", "reports"]


def test_table_schemas_type_every_column(site):
    package = json.loads((site.output / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"] == [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                                    "path": "https://creativecommons.org/licenses/by/4.0/"}]
    by_name = {r["name"]: r for r in package["resources"]}
    for name, columns in (("partners", PARTNER_COLUMNS), ("reports", REPORT_COLUMNS)):
        resource = by_name[name]
        assert resource["path"] == f"{name}.csv" and resource["bytes"] == (site.output / "data" / f"{name}.csv").stat().st_size
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        assert list(fields) == [c.name for c in columns]
        assert fields["slug"]["constraints"]["required"] is True and resource["schema"]["primaryKey"] == ["slug"]
    reports = {f["name"]: f for f in by_name["reports"]["schema"]["fields"]}
    assert reports["date"]["type"] == "date" and reports["participants_actual"]["type"] == "integer"
    assert reports["outcome_rating"]["constraints"]["enum"] == [1, 2, 3, 4]
    assert "nakhon-phanom" in reports["provinces"]["constraints"]["pattern"]
    assert "food-security" in reports["topics"]["constraints"]["pattern"]
    partners = {f["name"]: f for f in by_name["partners"]["schema"]["fields"]}
    assert partners["type"]["constraints"]["enum"][:2] == ["government", "academic"]


@pytest.mark.parametrize("column, good, bad", [
    ("provinces", "nakhon-phanom", "atlantis"),        # a province that does not exist
    ("outcome_rating", ",3,", ",5,"),                  # a rating out of 1–4
    ("topics", "community-health", "gardening"),       # a topic outside the vocabulary
])
def test_frictionless_rejects_what_the_schema_forbids(site, tmp_path, column, good, bad):
    folder = tmp_path / "data"
    shutil.copytree(site.output / "data", folder)
    csv_path = folder / "reports.csv"
    text = csv_path.read_bytes().decode("utf-8-sig")
    assert good in text
    csv_path.write_bytes(b"\xef\xbb\xbf" + text.replace(good, bad, 1).encode("utf-8"))
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:  # keep the byte count right, so only the value is wrong
        resource["bytes"] = (folder / resource["path"]).stat().st_size
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    report = frictionless_validate(folder / "datapackage.json")
    assert not report["valid"]
    assert ("reports", "constraint-error", column) in errors_of(report)


def test_the_data_page_declares_the_licence_and_the_metadata(site):
    page = lxml.html.fromstring(site.page("/data/"))
    licence = page.xpath("//a[@rel='license']")
    assert [a.get("href") for a in licence] == ["https://creativecommons.org/licenses/by/4.0/"]
    assert "CC-BY-4.0" in licence[0].getparent().text_content()
    links = page.xpath("//a/@href")
    assert "/data/datapackage.json" in links and "/data/ckan.json" in links


def test_ckan_metadata_for_data_go_th(site):
    ckan = json.loads((site.output / "data" / "ckan.json").read_text(encoding="utf-8"))
    assert ckan["data_category"] == "ข้อมูลสาธารณะ"
    assert ckan["geo_coverage"] == "จังหวัด"
    assert ckan["data_language"] == ["ไทย", "อังกฤษ"]
    assert ckan["license_id"] == "Creative Commons Attributions"
    assert ckan["data_format"] == ["CSV", "JSON"]
    assert ckan["created_date"] == "2023-05-05" and ckan["last_updated_date"] == "2023-06-01"
    assert {r["name"] for r in ckan["resources"]} == {"partners.csv", "partners.json", "reports.csv", "reports.json",
                                                      "datapackage.json"}
    documented = (ROOT / "docs" / "open-data.md").read_text(encoding="utf-8")
    for field in ckan:
        assert f"`{field}`" in documented, f"docs/open-data.md does not explain {field}"
