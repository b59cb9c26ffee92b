"""Open data at /data/: the JSON and CSV files parse, agree with each other and with the pages, leave out
private contacts, and the /data/ page documents every column of the code's column tables."""
from __future__ import annotations

import csv
import io
import json

import lxml.html
import pytest

from khaosan.open_data.columns import PARTNER_COLUMNS, REPORT_COLUMNS
from partnersite import PARTNERS, REPORTS


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
