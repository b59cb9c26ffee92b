"""Thai at /, English under /en/: language switch, hreflang, <html lang>, dates in both calendars, catalogues."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from sitebuilder import PARTNER_EN, PARTNER_TH, ROOT, build

FILES = {
    "partners/thaihealth.th.md": PARTNER_TH,
    "partners/thaihealth.en.md": PARTNER_EN,
    "news/both.th.md": "---\ntitle: ข่าวสองภาษา\ndate: 2566-05-05 23:13\nprovinces: [นครพนม]\n---\nเนื้อข่าว\n",
    "news/both.en.md": "---\ntitle: A story in two languages\ndate: 2023-05-05 23:13\nprovinces: [nakhon-phanom]\n---\nThe story.\n",
    "news/thai-only.th.md": "---\ntitle: ข่าวภาษาไทยเท่านั้น\ndate: 2565-06-06\n---\nเนื้อ\n",
    "reports/english-only.en.md": "---\ntitle: English only report\ndate: 2016-11-20\n---\nBody.\n",
    "pages/about.th.md": "---\ntitle: เกี่ยวกับ\nmenu: เกี่ยวกับ\n---\nหน้า\n",
    "pages/about.en.md": "---\ntitle: About\nmenu: About\n---\nPage\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build(tmp_path_factory.mktemp("bilingual"), FILES)
    assert result.returncode == 0, result.stderr
    return result


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.alternates = {}
        self.switch = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "a" and "lang-switch" in (a.get("class") or ""):
            self.switch.append((a.get("hreflang"), a.get("href")))


def links(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def test_thai_at_root_english_under_en(site):
    assert site.exists("/news/both/") and site.exists("/en/news/both/")
    assert site.exists("/news/thai-only/") and not site.exists("/en/news/thai-only/")
    assert site.exists("/en/reports/english-only/") and not site.exists("/reports/english-only/")
    assert site.exists("/") and site.exists("/en/") and site.exists("/about/") and site.exists("/en/about/")


@pytest.mark.parametrize("url, lang, switch, alternates", [
    ("/news/both/", "th", ("en", "/en/news/both/"), {"th": "/news/both/", "en": "/en/news/both/", "x-default": "/news/both/"}),
    ("/en/news/both/", "en", ("th", "/news/both/"), {"th": "/news/both/", "en": "/en/news/both/", "x-default": "/news/both/"}),
    # No English twin: the switch goes to the nearest English page, and no hreflang claims a translation.
    ("/news/thai-only/", "th", ("en", "/en/news/"), {}),
    ("/en/reports/english-only/", "en", ("th", "/reports/"), {}),
    ("/", "th", ("en", "/en/"), {"th": "/", "en": "/en/", "x-default": "/"}),
    ("/en/reports/", "en", ("th", "/reports/"), {"th": "/reports/", "en": "/en/reports/", "x-default": "/reports/"}),
    ("/en/about/", "en", ("th", "/about/"), {"th": "/about/", "en": "/en/about/", "x-default": "/about/"}),
])
def test_language_switch_and_hreflang(site, url, lang, switch, alternates):
    found = links(site.page(url))
    assert found.html_lang == lang
    assert found.switch == [switch]
    assert found.alternates == alternates


def test_dates_in_both_calendars(site):
    thai, english = site.page("/news/both/"), site.page("/en/news/both/")
    assert '<time datetime="2023-05-05T23:13:00+07:00">5 พฤษภาคม 2566</time>' in thai
    assert '<time datetime="2023-05-05T23:13:00+07:00">5 May 2023</time>' in english
    assert "6 มิถุนายน 2565" in site.page("/news/thai-only/")
    assert "20 November 2016" in site.page("/en/reports/english-only/")


def test_theme_strings_are_translated_per_page(site):
    thai, english = site.page("/news/both/"), site.page("/en/news/both/")
    assert "ข้ามไปยังเนื้อหา" in thai and "Skip to content" not in thai
    assert "Skip to content" in english and "ข้ามไปยังเนื้อหา" not in english
    # the province's name links to its page (plugins/place_pages)
    assert re.search(r"จังหวัด: <a [^>]*>นครพนม</a>", thai) and re.search(r"Province: <a [^>]*>Nakhon Phanom</a>", english)


def test_404_is_bilingual_with_marked_english(site):
    page = site.page("/404.html")
    assert '<html lang="th">' in page
    assert "ไม่พบหน้าที่ต้องการ" in page
    assert re.search(r'<div lang="en">\s*<h2>Page not found</h2>', page)


def theme_messages():
    method_map = [("**.html", "jinja2")]
    options = {"**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "theme" / "templates"), method_map, options_map=options):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_theme_string_has_a_translation(lang):
    with open(ROOT / "theme" / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalog = read_po(fh, locale=lang)
    missing = []
    for message in sorted(theme_messages(), key=str):
        entry = catalog.get(message[0] if isinstance(message, tuple) else message)
        strings = entry.string if entry is not None else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(message)
    assert not missing, f"untranslated in {lang}: {missing} (run make translations, then translate them)"
    assert len(theme_messages()) > 20


@pytest.mark.parametrize("url", ["/", "/en/", "/reports/", "/en/news/", "/news/both/", "/en/about/"])
def test_canonical_is_the_page_itself(site, url):
    assert f'<link rel="canonical" href="{url}">' in site.page(url)


def test_translations_are_paired_as_pelican_pairs_them():
    """bilingual/twins.py runs Pelican's own pairing group by group: the same originals, translations and
    `translations` lists, in the same order, as Pelican's function over the whole list."""
    import random

    from pelican.utils import process_translations

    from khaosan.bilingual.twins import pair_translations

    class Item:
        def __init__(self, slug, lang, translation="false"):
            self.slug, self.lang, self.metadata = slug, lang, {"translation": translation}
            self.in_default_lang = lang == "th"
            self.source_path = f"{slug}.{lang}.md"

    rng = random.Random(7)

    def items():
        rng.seed(7)
        made = []
        for n in range(300):
            for lang in rng.sample(["th", "en"], rng.randint(1, 2)):
                made.append(Item(f"item-{n % 170}", lang, rng.choice(["false", "false", "true"])))
        rng.shuffle(made)
        return made

    def described(lists, every):
        index, translations = lists
        name = {id(item): f"{item.slug}.{item.lang}.{n}" for n, item in enumerate(every)}
        return ([name[id(i)] for i in index], [name[id(i)] for i in translations],
                sorted((name[id(i)], sorted(name[id(t)] for t in i.translations)) for i in every))

    theirs, ours = items(), items()
    assert described(process_translations(list(theirs), "slug"), theirs) == described(pair_translations(list(ours), "slug"), ours)
