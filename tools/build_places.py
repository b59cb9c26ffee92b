#!/usr/bin/env python3
"""Build plugins/khaosan/places/provinces.csv and plugins/khaosan/places/shapes.json.

Run once when the reference data changes; the site reads only the generated
files, never ../shared. Standard library only.

    python tools/build_places.py [--data ../shared/data]
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "plugins" / "khaosan" / "places"

ATTRIBUTION = (
    "Province boundaries: OCHA / Royal Thai Survey Department (COD-AB Thailand, "
    "CC BY-IGO 3.0), simplified by the mapthai project (MIT)"
)

REGION4 = {"North": "north", "Northeast": "northeast", "Central": "central", "South": "south"}
EXPECTED_REGION_COUNTS = {"north": 17, "northeast": 20, "central": 26, "south": 14}

# Spellings in common use that no mechanical rule derives from the RTGS name.
# Keyed by ISO code so a renamed English name cannot silently detach them.
EXTRA_ALIASES_EN = {
    "TH-10": ["Krung Thep Maha Nakhon", "Krung Thep"],  # ISO 3166-2 name; local short form
    "TH-14": ["Ayutthaya"],
    "TH-27": ["Sa Kaew"],
    "TH-30": ["Korat"],
    "TH-82": ["Phang Nga"],
}
# Thai short forms people actually write; "จ.นครพนม"-style prefixes are handled in table.py.
EXTRA_ALIASES_TH = {
    "TH-10": ["กรุงเทพฯ", "กรุงเทพ", "กทม."],
    "TH-14": ["อยุธยา"],
    "TH-30": ["โคราช"],
}

# RTGS splits these syllables into words; newspapers and signs usually write them closed up.
_CLOSE_UP = [
    (re.compile(r"\b(\w+) Buri\b"), lambda m: m.group(1) + "buri"),  # Lop Buri -> Lopburi
    (re.compile(r"\bBuri Ram\b"), lambda m: "Buriram"),
    (re.compile(r"\bLam Phu\b"), lambda m: "Lamphu"),
    (re.compile(r"\bSi Sa Ket\b"), lambda m: "Sisaket"),
    (re.compile(r"\bChai Nat\b"), lambda m: "Chainat"),
    (re.compile(r"\bSa Kaeo\b"), lambda m: "Sakaeo"),
]


def slugify(name_en: str) -> str:
    slug = name_en.lower().replace(" ", "-")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        sys.exit(f"slug {slug!r} from {name_en!r} is not ASCII [a-z0-9-]")
    return slug


def closed_up(name: str) -> str:
    for pattern, repl in _CLOSE_UP:
        name = pattern.sub(repl, name)
    return name


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def build_rows(data: Path) -> list[dict]:
    ref = read_csv(data / "provinces_reference.csv")
    svg_names = {r["iso_code"]: r["svg_name"] for r in read_csv(data / "svgmaps_thailand_id_join.csv") if r["iso_code"]}
    # kongvut is joined on the Thai name, as SOURCES.md does for region6.
    kongvut_en = {r["name_th"]: r["name_en"] for r in read_csv(data / "kongvut_provinces.csv")}

    rows = []
    for r in ref:
        name_en = r["name_en"]
        candidates = [svg_names.get(r["iso_code"], ""), kongvut_en.get(r["name_th"], ""), closed_up(name_en)]
        candidates += EXTRA_ALIASES_EN.get(r["iso_code"], [])
        aliases = []
        for a in candidates:
            if a and a != name_en and a not in aliases:
                aliases.append(a)
        rows.append({
            "iso_code": r["iso_code"],
            "slug": slugify(name_en),
            "name_th": r["name_th"],
            "name_en": name_en,
            "region": REGION4[r["region4"]],
            "health_region": int(r["health_region"]),
            "aliases": "|".join(aliases),
            "aliases_th": "|".join(EXTRA_ALIASES_TH.get(r["iso_code"], [])),
        })
    rows.sort(key=lambda row: row["iso_code"])
    check_rows(rows)
    return rows


def _key(s: str) -> str:
    # Must agree with table._key_en: the lookup ignores case, spaces and hyphens.
    return re.sub(r"[\s\-_.]+", "", s).casefold()


def check_rows(rows: list[dict]) -> None:
    problems = []
    if len(rows) != 77:
        problems.append(f"{len(rows)} provinces, expected 77")
    counts = Counter(r["region"] for r in rows)
    if counts != EXPECTED_REGION_COUNTS:
        problems.append(f"region counts {dict(counts)}, expected {EXPECTED_REGION_COUNTS}")
    if {r["health_region"] for r in rows} != set(range(1, 14)):
        problems.append("health regions are not exactly 1..13")
    for field in ("iso_code", "slug", "name_th", "name_en"):
        dupes = [v for v, n in Counter(r[field] for r in rows).items() if n > 1]
        if dupes:
            problems.append(f"duplicate {field}: {dupes}")
    owner: dict[str, str] = {}
    for r in rows:
        forms = [r["slug"], r["name_en"], r["iso_code"], r["name_th"], *r["aliases"].split("|"), *r["aliases_th"].split("|")]
        for form in filter(None, forms):
            k = _key(form)
            if owner.setdefault(k, r["iso_code"]) != r["iso_code"]:
                problems.append(f"{form!r} names both {owner[k]} and {r['iso_code']}")
    if problems:
        sys.exit("\n".join(problems))


def write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _ring_area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        xs, ys = zip(*ring)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def build_shapes(geojson_path: Path, iso_codes: set[str], width: float = 300.0, margin: float = 2.0) -> dict:
    features = json.loads(geojson_path.read_text(encoding="utf-8"))["features"]
    geoms = {}
    for f in features:
        iso = "TH-" + f["properties"]["ADM1_PCODE"].removeprefix("TH")
        g = f["geometry"]
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        geoms[iso] = [ring for poly in polygons for ring in poly]
    if set(geoms) != iso_codes:
        sys.exit(f"geojson and CSV disagree on ISO codes: {sorted(set(geoms) ^ iso_codes)}")

    # Equirectangular, x shrunk by cos(13°) (Thailand's middle latitude) so shapes are not stretched.
    kx = math.cos(math.radians(13.0))
    pts = [pt for rings in geoms.values() for ring in rings for pt in ring]
    lon0 = min(p[0] for p in pts)
    lat1 = max(p[1] for p in pts)
    span_x = (max(p[0] for p in pts) - lon0) * kx
    span_y = lat1 - min(p[1] for p in pts)
    scale = (width - 2 * margin) / span_x
    height = round(span_y * scale + 2 * margin, 1)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return round(margin + (lon - lon0) * kx * scale, 1), round(margin + (lat1 - lat) * scale, 1)

    out = {}
    for iso in sorted(geoms):
        parts, best = [], None
        for ring in geoms[iso]:
            proj: list[tuple[float, float]] = []
            for lon, lat in ring:
                p = project(lon, lat)
                if not proj or proj[-1] != p:
                    proj.append(p)
            if len(proj) > 1 and proj[0] == proj[-1]:
                proj.pop()  # "Z" closes the ring
            if len(proj) < 3:
                continue  # islet collapsed by rounding
            parts.append("M" + " ".join(f"{x:g},{y:g}" for x, y in proj) + "Z")
            area, cx, cy = _ring_area_centroid(proj)
            if best is None or area > best[0]:
                best = (area, cx, cy)
        if best is None:
            sys.exit(f"{iso}: no ring survived projection")
        out[iso] = {"d": "".join(parts), "label": [round(best[1], 1), round(best[2], 1)]}
    return {
        "attribution": ATTRIBUTION,
        "viewBox": f"0 0 {width:g} {height:g}",
        "width": width,
        "height": height,
        # Rings are written as they come; even-odd keeps any future hole a hole whatever its winding.
        "fill_rule": "evenodd",
        "provinces": out,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    rows = build_rows(args.data)
    shapes = build_shapes(args.data / "mapthai_th_adm1_ocha.geojson", {r["iso_code"] for r in rows})
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(rows, args.out / "provinces.csv")
    text = json.dumps(shapes, ensure_ascii=False, separators=(",", ":"))
    (args.out / "shapes.json").write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} provinces, shapes.json {len(text.encode()) // 1024} KB, viewBox {shapes['viewBox']}")


if __name__ == "__main__":
    main()
