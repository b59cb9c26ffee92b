"""Province, region and health-region pages and /provinces/, built from a small fixture site (tests/placesite.py)."""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest

import placesite
from khaosan.places import load_places
from sitebuilder import ROOT

PLACES = load_places()
MAX_INDEX_BYTES = 150 * 1024


@pytest.fixture(scope="module")
def site(place_site):
    return place_site


class Page(HTMLParser):
    """What the tests look at in a place page: links, figures, table rows, map areas, breadcrumbs."""

    def __init__(self, html: str):
        super().__init__()
        self.links = []            # hrefs anywhere in <main>
        self.figures = {}          # data-figure -> text
        self.ratings = {}          # data-rating -> text
        self.table_provinces = []  # data-province of table rows (provinces with activity)
        self.quiet_provinces = []  # data-province of the folded list (provinces with nothing yet)
        self.map_areas = []        # (href, title text, path class) of <a> in svg.map
        self.crumbs = []           # breadcrumb texts
        self.styles = 0            # style attributes, <style> and inline scripts (data blocks aside)
        self._stack = []
        self._capture = None
        self._text = []
        self._in_main = self._in_crumbs = self._in_svg_a = False
        self._area = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        inline_script = tag == "script" and not a.get("src") and a.get("type") != "application/ld+json"
        if "style" in a or tag == "style" or inline_script:
            self.styles += 1
        if tag == "main":
            self._in_main = True
        if tag == "nav" and "crumbs" in (a.get("class") or ""):
            self._in_crumbs = True
        if tag == "a" and self._in_main:
            self.links.append(a.get("href"))
        if tag == "tr" and "data-province" in a:
            self.table_provinces.append(a["data-province"])
        if tag == "li" and "data-province" in a:
            self.quiet_provinces.append(a["data-province"])
        if "data-figure" in a:
            self._capture = ("figure", a["data-figure"])
            self._text = []
        if "data-rating" in a:
            self._capture = ("rating", a["data-rating"])
            self._text = []
        if tag == "svg":
            self._stack.append(a.get("class") or "")
        if tag == "a" and self._stack and self._stack[-1] == "map":
            self._area = [a.get("href"), "", None]
        if tag == "title" and self._area is not None:
            self._capture = ("title", None)
            self._text = []
        if tag == "path" and self._area is not None:
            self._area[2] = a.get("class")
        if tag == "li" and self._in_crumbs:
            self._capture = ("crumb", None)
            self._text = []

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        if tag == "svg" and self._stack:
            self._stack.pop()
        if tag == "nav":
            self._in_crumbs = False
        if tag == "a" and self._area is not None:
            self.map_areas.append(tuple(self._area))
            self._area = None
        if self._capture and tag in ("b", "span", "td", "title", "li"):
            kind, key = self._capture
            text = "".join(self._text).strip()
            if kind == "figure":
                self.figures[key] = text
            elif kind == "rating":
                self.ratings[key] = text
            elif kind == "title":
                self._area[1] = text
            elif kind == "crumb":
                self.crumbs.append(text)
            self._capture = None

    def handle_data(self, data):
        if self._capture:
            self._text.append(data)


def page(site, url) -> Page:
    return Page(site.page(url))


def number(text: str) -> int:
    return int(text.replace(",", ""))


def stories_of(lang: str, province_slug: str):
    """The fixture's reports and news in `lang` that name the province, resolved as the site resolves them."""
    out = []
    for kind, table in (("reports", placesite.REPORTS), ("news", placesite.NEWS)):
        for slug, langs in table.items():
            meta = langs.get(lang)
            if meta and province_slug in {PLACES.resolve(p).slug for p in meta.get("provinces", [])}:
                out.append((kind, slug, meta))
    return out


# -- every page exists ------------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_place_has_its_page_in_both_languages(site, prefix):
    urls = [f"{prefix}provinces/"]
    urls += [f"{prefix}provinces/{p.slug}/" for p in PLACES.provinces]
    urls += [f"{prefix}regions/{r.slug}/" for r in PLACES.regions]
    urls += [f"{prefix}health-regions/{h.number}/" for h in PLACES.health_regions]
    assert len(urls) == 1 + 77 + 4 + 13
    missing = [u for u in urls if not site.exists(u)]
    assert not missing
    # and nothing else is written in those folders (but each place's feed page for people, FOLDER/follow/)
    written = {p.parent.relative_to(site.output).as_posix() + "/"
               for folder in ("provinces", "regions", "health-regions")
               for p in (site.output / prefix / folder).rglob("index.html")
               if "/page/" not in p.as_posix() and p.parent.name != "follow"}
    assert written == set(urls)


@pytest.mark.parametrize("lang, prefix", [("th", ""), ("en", "en/")])
def test_names_in_both_scripts_and_the_language_of_the_page(site, lang, prefix):
    html = site.page(f"{prefix}provinces/nakhon-phanom/")
    assert f'<html lang="{lang}">' in html
    assert "<h1>นครพนม</h1>" in html if lang == "th" else "<h1>Nakhon Phanom</h1>" in html
    assert 'lang="en">Nakhon Phanom</p>' in html if lang == "th" else 'lang="th">นครพนม</p>' in html


# -- regions and health regions -----------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["", "en/"])
def test_each_region_and_health_region_lists_exactly_its_provinces(site, prefix):
    for region in PLACES.regions:
        found = page(site, f"{prefix}regions/{region.slug}/")
        assert sorted(found.table_provinces + found.quiet_provinces) == sorted(region.provinces), region.slug
        # No wall of zeros: a province is in the table or in the folded list, never both.
        assert not set(found.table_provinces) & set(found.quiet_provinces), region.slug
        assert len(found.map_areas) == len(region.provinces)
    for hr in PLACES.health_regions:
        found = page(site, f"{prefix}health-regions/{hr.number}/")
        assert sorted(found.table_provinces + found.quiet_provinces) == sorted(hr.provinces), hr.number
    listed = lambda url: (lambda f: f.table_provinces + f.quiet_provinces)(page(site, url))  # noqa: E731
    assert "mukdahan" in listed(f"{prefix}regions/northeast/")
    assert "mukdahan" in listed(f"{prefix}health-regions/10/")
    assert "bueng-kan" in listed(f"{prefix}health-regions/8/")
    assert "bueng-kan" not in listed(f"{prefix}health-regions/10/")


def test_province_links_its_region_and_health_region_with_breadcrumbs(site):
    mukdahan = page(site, "en/provinces/mukdahan/")
    assert "/en/regions/northeast/" in mukdahan.links and "/en/health-regions/10/" in mukdahan.links
    assert mukdahan.crumbs == ["Provinces", "Northeast (Isan)", "Mukdahan"]
    bueng_kan = page(site, "provinces/bueng-kan/")
    assert "/health-regions/8/" in bueng_kan.links
    assert bueng_kan.crumbs == ["จังหวัด", "ภาคตะวันออกเฉียงเหนือ (อีสาน)", "บึงกาฬ"]
    assert page(site, "en/health-regions/10/").crumbs == ["Provinces", "Health Region 10"]


# -- items on their provinces' pages ------------------------------------------------------------------------

@pytest.mark.parametrize("lang, prefix", [("th", ""), ("en", "en/")])
def test_an_item_with_two_provinces_is_on_both_pages(site, lang, prefix):
    for slug in ("nakhon-phanom", "mukdahan"):
        assert f"/{prefix}reports/two-provinces/" in page(site, f"{prefix}provinces/{slug}/").links
    assert f"/{prefix}reports/two-provinces/" not in page(site, f"{prefix}provinces/bueng-kan/").links
    # once in the region's latest items, though both provinces are in it
    assert page(site, f"{prefix}regions/northeast/").links.count(f"/{prefix}reports/two-provinces/") == 1


def test_items_newest_first_and_paginated_by_twenty(site):
    first, second = page(site, "provinces/khon-kaen/"), page(site, "provinces/khon-kaen/page/2/")
    stories = lambda p: [h for h in p.links if re.fullmatch(r"/(reports|news)/[^/]+/", h)]
    assert len(stories(first)) == placesite.PER_PAGE and len(stories(second)) == 1
    dates = {f"/reports/{slug}/": langs["th"]["date"] for slug, langs in placesite.REPORTS.items() if "th" in langs}
    listed = stories(first) + stories(second)
    assert [dates[h] for h in listed] == sorted((dates[h] for h in listed), reverse=True)
    assert "/provinces/khon-kaen/page/2/" in first.links and "/provinces/khon-kaen/" in second.links
    assert not site.exists("provinces/khon-kaen/page/3/")
    # English has one Khon Kaen report: one page, and the second Thai page has no English alternate
    assert not site.exists("en/provinces/khon-kaen/page/2/")
    assert 'hreflang="en"' not in site.page("provinces/khon-kaen/page/2/").split("</head>")[0]
    assert 'href="/en/provinces/khon-kaen/"' in site.page("provinces/khon-kaen/page/2/")
    # every page of the province links the province's own feed, not only the first
    for url in ("provinces/khon-kaen/", "provinces/khon-kaen/page/2/"):
        head = site.page(url).split("</head>")[0]
        assert 'type="application/rss+xml"' in head and 'href="/provinces/khon-kaen/feed.xml"' in head, url


# -- figures --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, prefix, slug", [
    ("th", "", "nakhon-phanom"), ("en", "en/", "nakhon-phanom"), ("th", "", "mukdahan"), ("en", "en/", "mukdahan"),
    ("th", "", "khon-kaen"), ("en", "en/", "khon-kaen"), ("th", "", "songkhla"), ("th", "", "bueng-kan"),
])
def test_figures_on_a_province_page_are_the_sums_over_its_reports(site, lang, prefix, slug):
    stories = stories_of(lang, slug)
    reports = [meta for kind, _, meta in stories if kind == "reports"]
    assert stories
    found = page(site, f"{prefix}provinces/{slug}/")
    assert number(found.figures["reports"]) == len(reports)
    assert number(found.figures["news"]) == sum(1 for kind, _, _ in stories if kind == "news")
    planned = sum(m.get("participants", {}).get("planned", 0) for m in reports)
    actual = sum(m.get("participants", {}).get("actual", 0) for m in reports)
    if planned or actual:
        assert number(found.figures["participants-planned"]) == planned
        assert number(found.figures["participants-actual"]) == actual
    partners = {s for s, langs in placesite.PARTNERS.items()
                if any(slug in {PLACES.resolve(p).slug for p in meta.get("provinces", [])} for meta in langs.values())}
    assert number(found.figures["partners"]) == len(partners)
    ratings = Counter(str(m["outcome_rating"]) for m in reports if "outcome_rating" in m)
    if not reports:  # news only: no spread of outcomes to show
        assert not found.ratings
        return
    for rating in "4321":
        assert number(found.ratings[rating]) == ratings[rating]
    unrated = sum(1 for m in reports if "outcome_rating" not in m)
    assert number(found.ratings["none"]) == unrated if unrated else "none" not in found.ratings


def test_the_same_figures_on_the_region_and_index_tables(site):
    province = page(site, "provinces/nakhon-phanom/")
    for url in ("regions/northeast/", "health-regions/8/", "provinces/"):
        row = re.search(r'<tr data-province="nakhon-phanom">(.*?)</tr>', site.page(url)).group(1)
        cells = re.findall(r'<td class="num">([\d,]+)</td>', row)
        assert [number(c) for c in cells[:3]] == [number(province.figures[k]) for k in ("reports", "news", "partners")]


def test_region_figures_count_an_item_once(site):
    northeast = page(site, "en/regions/northeast/")
    en_reports = [m for langs in placesite.REPORTS.values() if (m := langs.get("en"))
                  and any(PLACES.resolve(p).region == "northeast" for p in m["provinces"])]
    assert number(northeast.figures["reports"]) == len(en_reports)
    assert number(northeast.figures["participants-actual"]) == sum(m["participants"]["actual"] for m in en_reports)


# -- empty places ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, message, region", [
    ("en/provinces/satun/", "No field reports or news from Satun have been published yet.", "/en/regions/south/"),
    ("provinces/satun/", "ยังไม่มีรายงานจากพื้นที่หรือข่าวจากสตูล", "/regions/south/"),
    ("en/provinces/chiang-mai/", "No field reports or news from Chiang Mai have been published yet.", "/en/regions/north/"),
])
def test_an_empty_province_says_so_and_points_to_its_region(site, url, message, region):
    html = site.page(url)
    assert message in html
    found = Page(html)
    assert region in found.links
    assert not found.figures  # no row of zeros
    assert not [h for h in found.links if re.fullmatch(r"/(en/)?(reports|news)/[^/]+/", h)]


def test_an_empty_region_says_so(site):
    assert "No field reports or news from North have been published yet." in site.page("en/regions/north/")


# -- partners ---------------------------------------------------------------------------------------------------

def test_partners_listed_on_their_provinces(site):
    html = site.page("en/provinces/nakhon-phanom/")
    section = html.split('id="partners-heading"')[1].split("</section>")[0]
    assert "Thai Health Promotion Foundation" in section and "(ThaiHealth)" in section
    # Thai only: shown in Thai, and the name says so
    assert re.search(r'<a href="/partners/isan-network/" lang="th" hreflang="th">[^<]*เครือข่ายสุขภาวะอีสาน', section)
    # a partner name links to its page exactly when the partner directory built one
    for url in re.findall(r'href="/([^"]+)"', section):
        assert site.exists(url), url
    assert ('href="/en/partners/thaihealth/"' in section) == site.exists("en/partners/thaihealth/")
    assert ('href="/partners/isan-network/"' in section) == site.exists("partners/isan-network/")
    assert "Thai Health Promotion Foundation" not in site.page("en/provinces/satun/")


# -- maps ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, prefix", [("th", ""), ("en", "en/")])
def test_index_map_has_77_linked_named_provinces(site, lang, prefix):
    found = page(site, f"{prefix}provinces/")
    assert len(found.map_areas) == 77
    hrefs = {href for href, _, _ in found.map_areas}
    assert hrefs == {f"/{prefix}provinces/{p.slug}/" for p in PLACES.provinces}
    names = {href: title for href, title, _ in found.map_areas}
    for p in PLACES.provinces:
        title = names[f"/{prefix}provinces/{p.slug}/"]
        assert title.startswith(p.name(lang) + ":"), title
        assert str(len([s for s in stories_of(lang, p.slug) if s[0] == "reports"])) in title
    # the choropleth colours all activity (reports, news, partners, as each title counts them): provinces with
    # nothing share the "none" class, the busiest has the legend's last colour
    classes = {href: css for href, _, css in found.map_areas}
    activity = {href: sum(int(n) for n in re.findall(r"\d+", title.split(":", 1)[1])) for href, title, _ in found.map_areas}
    busiest = max(activity, key=activity.get)
    legend = re.findall(r'class="swatch (c\d)"', site.page(f"{prefix}provinces/").split('class="legend"')[1].split("</div>")[0])
    assert legend[0] == "c0" and len(legend) > 1
    for href, n in activity.items():
        assert (classes[href] == "c0") == (n == 0), href
    assert classes[busiest] == legend[-1]
    # the table lists the provinces with something; the finder lists all 77 by Thai and English name
    html = site.page(f"{prefix}provinces/")
    assert set(found.table_provinces) == {href.split("/")[-2] for href, n in activity.items() if n}
    finder = html.split('id="finder-list"', 1)[1].split("</section>", 1)[0]
    names = re.findall(r'<li data-names="([^"]+)">', finder)
    assert len(names) == 77 and "นครพนม nakhon phanom" in names


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_index_page_weight(site, prefix):
    size = (site.output / prefix / "provinces" / "index.html").stat().st_size
    assert size < MAX_INDEX_BYTES, f"/{prefix}provinces/ is {size} bytes"


@pytest.mark.parametrize("url", ["provinces/", "en/provinces/nakhon-phanom/", "regions/northeast/", "health-regions/10/"])
def test_maps_are_credited_and_need_no_inline_style_or_script(site, url):
    html = site.page(url)
    assert "COD-AB Thailand" in html.split("</main>")[0]
    found = Page(html)
    assert found.styles == 0
    assert "<svg" in html


def test_locator_marks_the_province(site):
    html = site.page("en/provinces/nakhon-phanom/")
    locator = re.search(r'<svg class="map locator"[^>]*aria-label="([^"]+)"', html)
    assert locator and locator.group(1) == "Nakhon Phanom on the map of Thailand"
    assert html.count('class="hl"') == 1 and '<circle class="pin"' in html


# -- links from elsewhere -------------------------------------------------------------------------------------------

def test_report_and_news_pages_link_their_provinces(site):
    report = Page(site.page("en/reports/two-provinces/"))
    assert "/en/provinces/nakhon-phanom/" in report.links and "/en/provinces/mukdahan/" in report.links
    news = Page(site.page("news/bueng-kan-market/"))
    assert "/provinces/bueng-kan/" in news.links


def test_home_links_the_regions_and_nav_links_the_provinces(site):
    for prefix in ("", "en/"):
        html = site.page(prefix)
        for region in PLACES.regions:
            assert f'href="/{prefix}regions/{region.slug}/"' in html
        header = html.split("</header>")[0]
        assert f'href="/{prefix}provinces/"' in header
    assert 'aria-current="page">Provinces<' in site.page("en/provinces/").split("</header>")[0]


def test_place_pages_in_the_sitemap_with_both_languages(site):
    sitemap = site.page("sitemap.xml")
    assert "<loc>/health-regions/13/</loc>" in sitemap or "/health-regions/13/</loc>" in sitemap
    assert sitemap.count("/provinces/") >= 2 * 78


# -- map geometry (no build) ------------------------------------------------------------------------------------------

def _absolute(d: str):
    """Decode a path of M/m, l and z commands back to absolute rings."""
    rings, x, y, start = [], 0.0, 0.0, (0.0, 0.0)
    for cmd, body in re.findall(r"([MmlZz])([^MmlZz]*)", d):
        nums = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", body)]
        pairs = list(zip(nums[::2], nums[1::2]))
        if cmd == "M":
            x, y = pairs[0]
            rings.append([(x, y)])
        elif cmd == "m":
            x, y = start[0] + pairs[0][0], start[1] + pairs[0][1]
            rings.append([(x, y)])
        elif cmd == "l":
            for dx, dy in pairs:
                x, y = x + dx, y + dy
                rings[-1].append((x, y))
        if cmd in "Mm":
            start = (x, y)
    return rings


def test_compact_paths_keep_every_point():
    from khaosan.place_pages.maps import Atlas

    atlas = Atlas()
    assert len(atlas.shapes) == 77
    for iso, shape in atlas.shapes.items():
        decoded = _absolute(shape.d)
        assert len(decoded) == len(shape.rings), iso
        for ring, original in zip(decoded, shape.rings):
            kept = [p for i, p in enumerate(original) if i == 0 or p != original[i - 1]]
            assert len(ring) == len(kept), iso
            assert all(abs(a - c) < 0.051 and abs(b - d) < 0.051 for (a, b), (c, d) in zip(ring, kept)), iso
        # the locator's coarse path: whole units, within half a unit of the original outline
        for ring, original in zip(_absolute(shape.d_coarse), shape.rings):
            assert all(x == int(x) and y == int(y) for x, y in ring), iso
            assert abs(ring[0][0] - original[0][0]) <= 0.5 and abs(ring[0][1] - original[0][1]) <= 0.5, iso


def test_legend_ranges_cover_every_count():
    from khaosan.place_pages.maps import breaks, class_of, range_classes

    assert breaks([0, 0]) == [] and class_of(0, []) == "c0"
    assert breaks([1, 1, 3]) == [(1, 1), (2, 3)] and range_classes([(1, 1), (2, 3)]) == ["c2", "c4"]
    counts = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
    ranges = breaks(counts)
    assert len(ranges) == 4 and ranges[0][0] == 1 and ranges[-1][1] == 34
    assert all(high + 1 == low for (_, high), (low, _) in zip(ranges, ranges[1:]))
    classes = [class_of(n, ranges) for n in counts]
    assert classes[0] == "c0" and classes[-1] == "c4" and classes == sorted(classes)


def test_region_maps_show_the_whole_region_and_no_neighbour_cut_by_the_frame():
    """Issue 11, item 9: every province of a region or health region is inside its map's frame, and the
    neighbours drawn for context are whole provinces, never a shape the frame cuts."""
    from khaosan.place_pages.maps import Area, Atlas, area_map

    atlas = Atlas()
    groups = [PLACES.provinces_in_region(slug) for slug in {p.region for p in PLACES}]
    groups += [PLACES.provinces_in_health_region(n) for n in {p.health_region for p in PLACES}]
    for provinces in groups:
        isos = [p.iso_code for p in provinces]
        view = atlas.view_of(isos)
        vx, vy, vw, vh = view
        drawn = area_map(atlas, [Area(iso, "c0", "", iso, None) for iso in isos], view=view)
        for iso in isos:
            x0, y0, x1, y1 = atlas.shapes[iso].bbox
            assert vx <= x0 and x1 <= vx + vw and vy <= y0 and y1 <= vy + vh, iso
        neighbours = [iso for iso, shape in atlas.shapes.items() if iso not in isos and shape.d in drawn.background]
        for iso in neighbours:
            x0, y0, x1, y1 = atlas.shapes[iso].bbox
            assert vx <= x0 and x1 <= vx + vw and vy <= y0 and y1 <= vy + vh, (isos[0], iso)
