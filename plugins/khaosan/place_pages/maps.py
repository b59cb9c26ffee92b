"""Inline SVG maps of Thai provinces, drawn at build time from plugins/places/shapes.json.

The shapes are already projected (a plain x, y plane, north up); here they are only re-encoded as compact
relative paths, cropped to a region and coloured by class (`c0`…`c4`, `hl`, `ctx`: see theme/static/css/site.css).
No tiles, no map JavaScript, no inline styles (the pages' Content-Security-Policy allows none).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from khaosan.places import shapes

CLASSES = 4  # colour classes for places with activity (c1…c4); c0 is "nothing yet"
_RING = re.compile(r"M([^MZ]*)Z?")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _fmt(value: float, digits: int) -> str:
    text = f"{value:.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    # ".5" and "-.5" are valid path numbers and a byte shorter
    return text.replace("0.", ".", 1) if text.startswith("0.") else text.replace("-0.", "-.", 1)


def _rings(d: str) -> list[list[tuple[float, float]]]:
    out = []
    for body in _RING.findall(d):
        numbers = [float(n) for n in _NUMBER.findall(body)]
        out.append(list(zip(numbers[::2], numbers[1::2])))
    return out


def compact_path(rings, digits: int = 1) -> str:
    """Rings as one path of relative moves, rounded to `digits` decimals (absolute points rounded first,
    so rounding errors never add up)."""
    parts, start = [], (0.0, 0.0)
    for ring in rings:
        points = []
        for x, y in ring:
            p = (round(x, digits), round(y, digits))
            if not points or points[-1] != p:
                points.append(p)
        if len(points) < 3 and digits == 0:
            continue  # a speck at whole-unit precision; the locator marks small places with a pin instead
        x0, y0 = points[0]
        head = (f"m{_fmt(x0 - start[0], digits)},{_fmt(y0 - start[1], digits)}" if parts
                else f"M{_fmt(x0, digits)},{_fmt(y0, digits)}")
        steps, (px, py) = [], points[0]
        for x, y in points[1:]:
            dx, dy = _fmt(round(x - px, digits), digits), _fmt(round(y - py, digits), digits)
            steps.append(dx + ("" if dy.startswith("-") else ",") + dy)
            px, py = x, y
        body = " ".join(steps).replace(" -", "-")
        parts.append(f"{head}l{body}z" if body else f"{head}z")
        start = (x0, y0)
    return "".join(parts)


@dataclass(frozen=True)
class Shape:
    iso: str
    rings: tuple
    bbox: tuple          # (x0, y0, x1, y1)
    label: tuple         # a point inside the shape, for a pin
    d: str               # compact path, one decimal
    d_coarse: str        # compact path, whole units (for the small locator map)


class Atlas:
    """The province shapes of one build: parsed and encoded once, read by every map on every page."""

    def __init__(self):
        data = shapes()
        self.attribution = data["attribution"]
        self.width, self.height = float(data["width"]), float(data["height"])
        self.shapes: dict[str, Shape] = {}
        for iso, shape in data["provinces"].items():
            rings = tuple(tuple(r) for r in _rings(shape["d"]))
            xs = [x for r in rings for x, _ in r]
            ys = [y for r in rings for _, y in r]
            self.shapes[iso] = Shape(iso, rings, (min(xs), min(ys), max(xs), max(ys)), tuple(shape["label"]),
                                     compact_path(rings, 1), compact_path(rings, 0))

    def view_of(self, isos, pad: float = 6.0) -> tuple[float, float, float, float]:
        boxes = [self.shapes[i].bbox for i in isos if i in self.shapes]
        x0, y0 = min(b[0] for b in boxes) - pad, min(b[1] for b in boxes) - pad
        x1, y1 = max(b[2] for b in boxes) + pad, max(b[3] for b in boxes) + pad
        return (round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1))

    def wholly_in_view(self, view) -> list[str]:
        """The provinces drawn whole in `view`: a neighbour the frame would cut is left out, not shown in part."""
        vx, vy, vw, vh = view
        return [iso for iso, s in self.shapes.items()
                if s.bbox[0] >= vx and s.bbox[2] <= vx + vw and s.bbox[1] >= vy and s.bbox[3] <= vy + vh]


@dataclass(frozen=True)
class Area:
    """One province drawn on a map: its colour class, its link, and what its accessible name says."""
    iso: str
    css_class: str
    href: str
    name: str
    figures: object  # figures.Figures: the reports, news and partners its title counts


def breaks(counts) -> list[tuple[int, int]]:
    """Up to CLASSES ranges (low, high) covering every count above zero, for a choropleth's legend."""
    values = sorted(n for n in counts if n > 0)
    if not values:
        return []
    distinct = sorted(set(values))
    if len(distinct) <= CLASSES:
        highs = distinct
    else:
        highs = []
        for k in range(1, CLASSES + 1):
            v = values[min(len(values) - 1, (len(values) * k) // CLASSES - 1)]
            if not highs or v > highs[-1]:
                highs.append(v)
        if highs[-1] != values[-1]:
            highs.append(values[-1])
    out, low = [], 1
    for high in highs:
        out.append((low, high))
        low = high + 1
    return out


# With fewer ranges than colours, the colours used are spread over the scale, so one range is not a pale tint.
_SPREAD = {1: (3,), 2: (2, 4), 3: (2, 3, 4), 4: (1, 2, 3, 4)}


def range_classes(ranges) -> list[str]:
    """The colour class of each range of `breaks()`, in order."""
    return [f"c{n}" for n in _SPREAD[len(ranges)]] if ranges else []


def class_of(count: int, ranges) -> str:
    if count <= 0:
        return "c0"
    classes = range_classes(ranges)
    for css_class, (_, high) in zip(classes, ranges):
        if count <= high:
            return css_class
    return classes[-1]


def _view_box(view) -> str:
    return " ".join(_fmt(v, 1) for v in view)


@dataclass(frozen=True)
class DrawnArea:
    area: Area
    d: str


@dataclass(frozen=True)
class AreaMap:
    """What templates/partials/area_map.html draws: linked areas over the plain neighbours in view."""
    view_box: str
    background: str      # the other provinces wholly in view, as one path (context, not links)
    areas: tuple         # DrawnArea, in the order given


def area_map(atlas: Atlas, areas: list[Area], view=None) -> AreaMap:
    view = view or (0.0, 0.0, atlas.width, atlas.height)
    drawn = {a.iso for a in areas}
    background = "".join(atlas.shapes[iso].d for iso in atlas.wholly_in_view(view) if iso not in drawn)
    return AreaMap(_view_box(view), background, tuple(DrawnArea(a, atlas.shapes[a.iso].d) for a in areas))


@dataclass(frozen=True)
class Locator:
    """What templates/partials/locator_map.html draws: the country, the region tinted, the province marked."""
    view_box: str
    rest: str
    region: str
    province: str
    pin_x: str
    pin_y: str


def locator_map(atlas: Atlas, highlight: str, region_isos) -> Locator:
    # Whole-unit coordinates: the map is small. The province keeps its full shape and gets a pin (some are tiny).
    region_isos = set(region_isos)
    rest = "".join(s.d_coarse for iso, s in atlas.shapes.items() if iso not in region_isos)
    region = "".join(s.d_coarse for iso, s in atlas.shapes.items() if iso in region_isos and iso != highlight)
    shape = atlas.shapes[highlight]
    return Locator(_view_box((0, 0, atlas.width, atlas.height)), rest, region, shape.d,
                   _fmt(shape.label[0], 1), _fmt(shape.label[1], 1))


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int          # top of the row, in px
    share: str      # the bar's width, in % of the chart (the longest bar leaves room for its value)
    value_x: str    # where the value is written, in %


BAR_ROW = 38  # px: a line of label, then the bar and its value


def bar_chart(rows) -> tuple[list[Bar], int]:
    """Bars of the (label, value) rows whose value is above zero, and the chart's height in px. Widths are
    percentages, so the chart fills any column without scaling its text (templates/partials/bar_chart.html)."""
    rows = [(label, value) for label, value in rows if value > 0]
    top = max([v for _, v in rows], default=0) or 1
    bars = []
    for i, (label, value) in enumerate(rows):
        share = value * 88 / top
        bars.append(Bar(label, value, i * BAR_ROW, f"{share:.1f}", f"{share + 1.5 if value else 0:.1f}"))
    return bars, BAR_ROW * len(rows) + 4
