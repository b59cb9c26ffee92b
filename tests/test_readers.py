"""Issue 11, for the public: the e-news can be found, /subscribe/ speaks to readers, feeds have pages for
people, pages can be shared, Thai words stay whole in headings, Thai order, the home page and stories."""
from __future__ import annotations

import html as html_module
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from khaosan import thai_text
from khaosan.config import allow_form_origin
from khaosan.places import load_places
from khaosan.reader_aids import qr
from sitebuilder import ROOT, build, front_matter, keep_words_removed, settings_file

PLACES = load_places()
REPORT = "reports/nakhon-si-thammarat-food-security-editorial-meeting/"
EDITION = "enews/isan-2022-2023/"
SITE_DOMAIN = "http://127.0.0.1:8000"


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def csp_of(html: str) -> str:
    return html_module.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))


# -- the e-news, findable --------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["", "en/"])
def test_enews_in_the_menu_home_subscribe_and_between_editions(bundled_site, prefix):
    home = bundled_site.page(prefix)
    menu = home.split("<main", 1)[0]
    assert f'href="/{prefix}enews/"' in menu
    editions = sorted(p.parent.name for p in (bundled_site.output / prefix / "enews").glob("*/index.html") if p.parent.name != "follow")
    assert len(editions) >= 2
    # The home page links the latest edition: the first of the e-news index.
    latest = re.search(r'<h2><a href="/([^"]+)">', main_of(bundled_site.page(f"{prefix}enews/"))).group(1)
    assert f'href="/{latest}"' in main_of(home).split('class="panel home-enews"', 1)[1]
    assert f'href="/{prefix}{EDITION}"' in main_of(bundled_site.page(f"{prefix}subscribe/"))
    # Each edition links its neighbours.
    isan, south = (main_of(bundled_site.page(f"{prefix}enews/{slug}/")) for slug in ("isan-2022-2023", "south-2016-2023"))
    assert re.search(f'href="/{prefix}enews/south-2016-2023/" rel="(prev|next)"', isan)
    assert re.search(f'href="/{prefix}enews/isan-2022-2023/" rel="(prev|next)"', south)


# -- /subscribe/ for the public ------------------------------------------------------------------------

def test_signup_form_line_and_csp_from_the_settings(tmp_path):
    settings = settings_file(tmp_path / "conf.py", 'NEWSLETTER_FORM_ACTION = "https://lists.example.org/subscription/form"\n'
                             'NEWSLETTER_EMAIL_FIELD = "EMAIL"\nNEWSLETTER_PRIVACY_CONTACT = "privacy@example.org"\n'
                             'LINE_OA_URL = "https://lin.ee/abcdEFG"\n')
    result = build(tmp_path, {"news/a.th.md": front_matter(title="ข่าว", date="2566-01-01") + "เนื้อหา\n",
                              "news/a.en.md": front_matter(title="News", date="2566-01-01") + "Body\n"},
                   settings=str(settings))
    assert result.returncode == 0, result.stdout + result.stderr
    thai = result.page("subscribe/")
    form = re.search(r'<form class="signup" method="post" action="([^"]+)">(.*?)</form>', thai, re.S)
    assert form and form.group(1) == "https://lists.example.org/subscription/form"
    assert 'type="email" name="EMAIL" required' in form.group(2)
    # PDPA: what is kept, why, how to leave, whom to ask.
    privacy = re.search(r'<p id="signup-privacy" class="privacy">(.*?)</p>', thai, re.S).group(1)
    for words in ("อีเมล", "จดหมายข่าว", "ยกเลิก", "ลบ", "คุ้มครองข้อมูลส่วนบุคคล", "privacy@example.org"):
        assert words in privacy, words
    assert 'href="https://lin.ee/abcdEFG"' in thai and 'aria-label="คิวอาร์โค้ดของบัญชีทางการ LINE"' in thai
    # The LINE code holds the account's own address, not one inside the site.
    line_code = re.search(r'<div class="line-oa">\s*(<svg.*?</svg>)', thai, re.S).group(1)
    assert re.sub(r' role="img" aria-label="[^"]*"', "", line_code) == qr.draw("https://lin.ee/abcdEFG")
    # Every page's CSP lets forms post to the site and to that one origin, nothing else.
    for page in (thai, result.page("en/"), result.page("news/a/")):
        form_action = next(d for d in csp_of(page).split("; ") if d.startswith("form-action"))
        assert form_action == "form-action 'self' https://lists.example.org"


def test_form_origin_is_added_once():
    policy = "default-src 'self'; form-action 'self'"
    once = allow_form_origin(policy, "https://a.example/x?y=1")
    assert once == "default-src 'self'; form-action 'self' https://a.example"
    assert allow_form_origin(once, "https://a.example/other") == once
    assert allow_form_origin("default-src 'self'", "https://a.example/") == "default-src 'self'; form-action 'self' https://a.example"


def test_operator_how_to_is_in_the_docs_not_on_the_page(bundled_site):
    page = main_of(bundled_site.page("en/subscribe/"))
    assert "RSS campaign" not in page and "Mailchimp" not in page
    assert "RSS campaign" in (ROOT / "docs" / "subscribe.md").read_text(encoding="utf-8")


# -- feeds explained to people -----------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["", "en/"])
def test_follow_buttons_lead_to_a_page_for_people(bundled_site, prefix):
    for folder in ("provinces/nakhon-phanom/", "regions/northeast/", "health-regions/8/", "topics/food-security/"):
        page = main_of(bundled_site.page(prefix + folder))
        follow = re.search(r'<p class="follow"><a class="button" href="/([^"]+)">', page).group(1)
        assert follow == f"{prefix}{folder}follow/"
        assert not re.search(r'href="[^"]+\.xml"', page), f"{folder}: a visible link to raw XML"
        explained = bundled_site.page(follow)
        assert f'<html lang="{prefix.strip("/") or "th"}">' in explained
        assert f"<code class=\"feed-url\">{SITE_DOMAIN}/{prefix}{folder}feed.xml</code>" in explained
        readers = re.findall(r'href="(https://[^"]*(?:feedly|inoreader)[^"]*)"', explained)
        assert len(readers) == 2 and all(f"{SITE_DOMAIN}/{prefix}{folder}feed.xml" in unquote(r) for r in readers)
        assert "stylesheet" not in (bundled_site.output / prefix / folder / "feed.xml").read_text(encoding="utf-8")[:300]
    northeast = bundled_site.page(f"{prefix}regions/northeast/follow/")
    assert re.search(r'<h2 id="latest">.*?</h2>\s*<ul class="edition-list">\s*<li><a href="/' + prefix + r'news/', northeast, re.S)


# -- sharing --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [REPORT, "news/southern-happiness-forum-13/", "partners/codi/", EDITION,
                                  "en/" + REPORT, "en/partners/codi/",
                                  # Home and place pages too: their QR code and address are printed.
                                  "", "en/", "provinces/nakhon-phanom/", "regions/northeast/", "en/health-regions/8/"])
def test_share_links_without_scripts_of_others(bundled_site, path):
    page = bundled_site.page(path)
    address = f"{SITE_DOMAIN}/{path}"
    share = page.split('<section class="share"', 1)[1].split("</section>", 1)[0]
    line = re.search(r'href="(https://social-plugins\.line\.me/lineit/share\?[^"]+)"', share).group(1)
    assert parse_qs(urlsplit(line.replace("&amp;", "&")).query)["url"] == [address]
    facebook = re.search(r'href="(https://www\.facebook\.com/sharer/sharer\.php\?[^"]+)"', share).group(1)
    assert parse_qs(urlsplit(facebook).query)["u"] == [address]
    x = re.search(r'href="(https://x\.com/intent/post\?[^"]+)"', share).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(x).query)["url"] == [address]
    assert f'href="/{path}" data-copy' in share
    # The QR code is drawn into the page; the only script is the site's own, loaded from itself.
    assert re.search(r'<figure class="share-qr" id="share-qr"><svg role="img" aria-label="[^"]+" viewBox="0 0 (\d+) \1"', share)
    scripts = [tag for tag in re.findall(r"<script[^>]*>", page) if "application/ld+json" not in tag]
    assert scripts == ['<script src="/theme/js/copy-link.js" defer>']


def test_qr_code_reads_back_the_page_address():
    import segno
    from khaosan.reader_aids import qr_svg
    svg = qr_svg({"SITEURL": "https://news.example.org", "SITE_DOMAIN": ""}, "reports/x/", "QR")
    expected = segno.make("https://news.example.org/reports/x/", error="m").svg_inline(scale=1, border=2, dark="#000", light="#fff",
                                                                                   omitsize=True, svgclass="qr-code", lineclass=None)
    assert svg == expected.replace("<svg ", '<svg role="img" aria-label="QR" ', 1)


def share_box_of(page: str) -> tuple[str, str]:
    """The address a page's share box prints and the QR code it draws (without its label)."""
    address = re.search(r'<span class="print-url">([^<]+)</span>', page).group(1)
    code = re.search(r'<figure class="share-qr" id="share-qr">(<svg.*?</svg>)', page, re.S).group(1)
    return html_module.unescape(address), re.sub(r' role="img" aria-label="[^"]*"', "", code)


def test_every_page_of_a_list_shares_its_first_page_and_codes_come_from_the_cache(tmp_path):
    settings = settings_file(tmp_path / "conf.py", 'ITEMS_PER_PAGE = 1\nSITEURL = "https://news.example.org"\n'
                             f'PICTURE_CACHE_PATH = {str(tmp_path / "pictures")!r}\n')
    partner = front_matter(title="มหาวิทยาลัยอัลฟา", type="academic") + "โปรไฟล์\n"
    files = {"partners/alpha.th.md": partner}
    for day in (5, 6, 7):
        files[f"reports/day-{day}.th.md"] = front_matter(title=f"เวทีวันที่ {day}", date=f"2566-05-0{day}",
                                                         provinces=["nakhon-phanom"], partners=["alpha"]) + "เนื้อหา\n"
    result = build(tmp_path, files, settings=str(settings))
    assert result.returncode == 0, result.stdout + result.stderr
    for url in ("reports/day-5/", "partners/alpha/", "provinces/nakhon-phanom/", ""):
        assert share_box_of(result.page(url)) == (f"https://news.example.org/{url}", qr.draw(f"https://news.example.org/{url}")), url
    second = result.page("partners/alpha/page/2/")
    assert share_box_of(second) == share_box_of(result.page("partners/alpha/"))
    # Drawn once, kept by address in the picture cache: the next build reads them back.
    folder = tmp_path / "pictures" / "qr"
    kept = folder / qr.cache_name("https://news.example.org/reports/day-5/")
    assert kept.read_text(encoding="utf-8") == qr.draw("https://news.example.org/reports/day-5/")
    kept.write_text(kept.read_text(encoding="utf-8").replace('class="qr-code"', 'class="qr-code from-cache"'), encoding="utf-8")
    (tmp_path / "content" / "reports" / "day-6.th.md").write_text(
        files["reports/day-6.th.md"].replace("เนื้อหา", "เนื้อหาใหม่"), encoding="utf-8")
    again = build(tmp_path, content=tmp_path / "content", settings=str(settings), extra_args=["--ignore-cache"])
    assert again.returncode == 0, again.stdout + again.stderr
    assert 'class="qr-code from-cache"' in again.page("reports/day-5/")


# -- Thai words kept whole ------------------------------------------------------------------------------

def test_headings_and_site_name_carry_the_segmenters_words(bundled_site):
    raw = bundled_site.raw_page(REPORT)
    h1 = re.search(r"<h1>(.*?)</h1>", raw, re.S).group(1)
    words = re.findall(r'<span class="w">([^<]*)</span>', h1)
    text = keep_words_removed(h1)
    assert "".join(words) == re.sub(r"[^\u0E00-\u0E7F]", "", text)  # every Thai letter is inside a kept word
    assert [w for w in words] == [t for run in thai_text.THAI_RUN.findall(text) for t in _joined(thai_text.words(run))]
    brand = re.search(r'class="brand"[^>]*>(.*?)<small>', raw, re.S).group(1)
    assert keep_words_removed(brand) == "ข่าวสารภาคีเครือข่ายสร้างเสริมสุขภาพ"
    assert '<span class="w">สุขภาพ</span>' in brand
    # Nothing added to the text: no zero-width spaces, no soft hyphens.
    assert "\u200b" not in raw and "\u00ad" not in raw
    # Body headings from Markdown too, but not the e-mail edition (no site stylesheet there).
    assert '<span class="w">กิจกรรม</span>' in raw
    assert 'class="w"' not in (bundled_site.output / EDITION / "email.html").read_text(encoding="utf-8")


def _joined(tokens):
    out = []
    for token in tokens:
        if out and token.startswith(thai_text.ATTACHED):
            out[-1] += token
        else:
            out.append(token)
    return out


# -- Thai order ----------------------------------------------------------------------------------------

def test_subscribe_lists_provinces_in_thai_dictionary_order(bundled_site):
    from pythainlp.util import collate
    page = keep_words_removed(bundled_site.page("subscribe/"))
    region = page.split('<details class="region-feeds">', 2)[1].split("</details>", 1)[0]
    names = re.findall(r'<li class="feed" id="feed-province-[^"]+"><span class="feed-name"><a [^>]+>([^<]+)</a>', region)
    assert len(names) > 5 and names == collate(names)
    english = bundled_site.page("en/subscribe/").split('<details class="region-feeds">', 2)[1].split("</details>", 1)[0]
    names_en = re.findall(r'id="feed-province-[^"]+"><span class="feed-name"><a [^>]+>([^<]+)</a>', english)
    assert names_en == sorted(names_en, key=str.casefold)


def test_footer_credits_are_thai_on_thai_pages(bundled_site):
    footer = bundled_site.page("").split("<footer", 1)[1]
    assert "กระทรวงสาธารณสุข" in footer and "Ministry of Public Health" not in footer
    assert "Ministry of Public Health" in bundled_site.page("en/").split("<footer", 1)[1]


# -- home and stories ------------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["", "en/"])
def test_home_shows_each_story_once_and_the_way_to_every_province(bundled_site, prefix):
    home = main_of(bundled_site.page(prefix))
    story_links = re.findall(r'<h[23]><a href="/((?:en/)?(?:reports|news)/[^"]+)">', home)
    assert story_links and len(story_links) == len(set(story_links))
    picker = home.split('<details class="province-picker">', 1)[1].split("</details>", 1)[0]
    assert len(re.findall(r'href="/' + prefix + r'provinces/[a-z-]+/"', picker)) == 77
    # The newest story comes right after the picker: both on a phone's first screen.
    assert home.index('class="province-picker"') < home.index('class="cards lead"') < home.index('class="see-all"')
    assert f'href="/{prefix}subscribe/"' in home


def test_story_ends_with_neighbours_and_related(bundled_site):
    page = main_of(bundled_site.page("news/thaihealth-meets-nakhon-phanom-university/"))  # the middle of three
    assert re.search(r'rel="prev">', page) and re.search(r'rel="next">', page)
    related = page.split('<section class="related"', 1)[1]
    # Same province first: the other Nakhon Phanom story.
    first = re.search(r'<h3><a href="/([^"]+)">', related).group(1)
    assert first == "news/phiman-mou-community-health-network/"


def test_reading_time_in_english_reads_as_an_adjective(bundled_site):
    assert re.search(r"\d+-minute read", bundled_site.page("en/" + REPORT))


def test_focus_ring_is_visible_on_the_green_header():
    css = (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    root = re.search(r":root\{([^}]*)\}", css).group(1)
    colours = dict(re.findall(r"--([a-z-]+):(#[0-9a-f]{6})", root))

    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a, b):
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    assert ".site-header a:focus-visible{outline-color:var(--header-focus)}" in css
    assert contrast(colours["header-focus"], colours["header"]) >= 3
    assert contrast(colours["focus"], "#ffffff") >= 3  # the page's ring on the white page
    assert "@media (prefers-color-scheme:dark)" in css and "@media print" in css


# -- places -----------------------------------------------------------------------------------------------

def test_maps_colour_all_activity(bundled_site):
    """Khon Kaen has a partner but no report or news in the bundled content: it is coloured, not blank."""
    region = bundled_site.page("regions/northeast/")
    khon_kaen = re.search(r'<a href="/provinces/khon-kaen/"><title>([^<]+)</title><path class="(c\d)"', region)
    assert khon_kaen and "รายงานจากพื้นที่ 0 เรื่อง" in khon_kaen.group(1) and khon_kaen.group(2) != "c0"
    assert "รายงาน ข่าว และภาคีในแต่ละจังหวัด" in region.split('class="legend"', 1)[1]
