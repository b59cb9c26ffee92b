"""Pictures served fast: responsive photos, square logos and a share card for every page that is shared.

At `get_generators`, right after the content check, every picture the content names (covers, body
pictures, `photos:`, partner logos) is turned into the files pages serve (derive.py), and every report,
news item, edition, partner, province, region, health region and topic page gets its 1200×630 share card
(cards.py) in its own language. Work is cached by content in PICTURE_CACHE_PATH: a file whose bytes and
recipe are unchanged is never encoded again, in a cold build too (a fresh output folder with the cache
kept). What is not cached runs in the build's process pool (khaosan.parallel), over the machine's cores.

A picture the site cannot show stops the build like any content problem, with one `path:line` line for
every file that names it, before anything is written. The result, a `Pictures` object on the settings
(KHAOSAN_PICTURES), is read by the templates (`picture_of`, `logo_of`, `share_card`) and the Markdown
reader (body pictures); at `finalized` the files the pages use are linked from the cache into the output.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import shutil
from dataclasses import dataclass, field

from khaosan import bilingual, build_cache, parallel, thai_text, url_scheme
from khaosan.content_model.problems import ProblemLog, emit
from khaosan.content_model.reader import BUILD_KEY
from khaosan.places import load_places

from . import derive
from .memo import PictureMemo

logger = logging.getLogger(__name__)

def _(message: str) -> str:
    """Marks a string for `make translations` (babel.cfg); translated per card with the theme's catalogue."""
    return message


PICTURES_KEY = "KHAOSAN_PICTURES"
# The output files publish() put there from the cache: encoded here from pixels alone (derive.encode), they
# hold no camera data, so photo_privacy does not read them again.
PUBLISHED_KEY = "KHAOSAN_PUBLISHED_PICTURES"
# What a share card says the page is.
CARD_LABELS = {"reports": _("Field report"), "news": _("News"), "enews": _("E-news edition"),
               "partners": _("Partner organisation"), "provinces": _("Province"), "regions": _("Region"),
               "health-regions": _("Health region"), "topics": _("Topic")}
OUTPUT_FOLDER = "pictures"
CARD_KINDS = ("reports", "news", "enews", "partners")
# The width the pictures take on the page (the text column of site.css, 44rem, inside 1rem margins).
COLUMN_SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"', re.I)


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    file: str        # path from the site root


@dataclass(frozen=True)
class Picture:
    """One uploaded picture as pages serve it: the same pixels in several widths and formats."""
    width: int
    height: int
    fallback: str                            # jpeg or png: what every browser shows
    variants: dict                           # format → [Variant], narrowest first

    @classmethod
    def from_manifest(cls, manifest: dict) -> "Picture":
        return cls(manifest["width"], manifest["height"], manifest["fallback"],
                   {fmt: [Variant(w, h, f"{OUTPUT_FOLDER}/{name}") for w, h, name in files]
                    for fmt, files in manifest["variants"].items()})

    def sources(self) -> list[tuple[str, list[Variant]]]:
        """(MIME type, variants) of the modern formats, best first, for <source> elements."""
        return [(derive.MIME[fmt], files) for fmt, files in self.variants.items() if fmt != self.fallback]

    @property
    def fallback_variants(self) -> list[Variant]:
        return self.variants[self.fallback]

    @property
    def default(self) -> Variant:
        """The fallback <img src>: the variant nearest 960 pixels wide."""
        return min(self.fallback_variants, key=lambda v: abs(v.width - 960))

    @property
    def full(self) -> Variant:
        return self.fallback_variants[-1]

    def files(self) -> list[str]:
        return [v.file for files in self.variants.values() for v in files]


@dataclass
class Pictures:
    """What one build made of its pictures; made anew for each run (the dev server runs many)."""
    photos: dict = field(default_factory=dict)      # content path → Picture
    logos: dict = field(default_factory=dict)       # content path → Picture
    cards: dict = field(default_factory=dict)       # page URL → Picture (1200×630)
    encoded: int = 0                                 # pictures and cards made in this run (not from the cache)

    def photo(self, path):
        return self.photos.get(path) if path else None

    def logo(self, path):
        return self.logos.get(path) if path else None

    def card(self, url: str):
        return self.cards.get(url_scheme.first_page(url or ""))

    def files(self) -> set[str]:
        return {f for group in (self.photos, self.logos, self.cards) for p in group.values() for f in p.files()}


# ---------------------------------------------------------------- what the content asks for

@dataclass
class Reference:
    path: str       # the content file
    line: int
    field: str
    source: str = ""   # the picture, relative to the content folder ("" for a share card drawn from text)


def add_problem(problems: ProblemLog, ref: Reference, problem: str, fix: str) -> None:
    """One line as the content check writes it: `page.th.md:4: cover: picture "images/x.jpg" is …; fix`."""
    problems.add(ref.path, ref.line, ref.field, f'picture "{ref.source}" {problem}' if ref.source else f"share card {problem}", fix)


def file_references(index):
    """(role, picture, group, name, Reference) for every picture a page shows: covers (and the share cards
    cropped from them), photos, logos and body pictures."""
    for entry in index.entries:
        meta = entry.meta
        cover = meta.get("cover")
        if cover:
            ref = Reference(entry.path, _line_of(entry.path, "cover:"), "cover", cover)
            yield "photo", cover, "photos", cover, ref
            if entry.kind.name in CARD_KINDS:
                yield "cover_card", cover, "cards", url_scheme.item(entry.kind.name, entry.slug, entry.lang), ref
        for photo in meta.get("photos") or []:
            ref = Reference(entry.path, _line_of(entry.path, os.path.basename(photo["src"])), "photos", photo["src"])
            yield "photo", photo["src"], "photos", photo["src"], ref
        if meta.get("logo"):
            ref = Reference(entry.path, _line_of(entry.path, "logo:"), "logo", meta["logo"])
            yield "logo", meta["logo"], "logos", meta["logo"], ref
        for src, (rel, _size) in entry.images.items():
            ref = Reference(entry.path, _line_of(entry.path, src, entry.body_line), "body", rel)
            yield "photo", rel, "photos", rel, ref


def shown_pictures(entry) -> list[str]:
    """The pictures an item's pages show (relative to the content folder): as file_references lists them."""
    meta = entry.meta
    found = [meta["cover"]] if meta.get("cover") else []
    found += [photo["src"] for photo in meta.get("photos") or []]
    found += [meta["logo"]] if meta.get("logo") else []
    found += [rel for rel, _size in entry.images.values()]
    return found


def check_sources(index, problems: ProblemLog) -> None:
    """`make check`: every picture a page shows decoded as the build decodes it (content_model.pictures.load,
    at a small scale where the format allows), so a file cut short is named before a build, as the build names it."""
    from khaosan.content_model import pictures as rules
    found: dict[str, tuple | None] = {}
    reported = set()
    for _role, rel, _group, _name, ref in file_references(index):
        if rel not in found:
            try:
                rules.load(os.path.join(index.root, rel), at_least=64)
                found[rel] = None
            except rules.PictureError as e:
                found[rel] = (e.problem, e.fix)
        if found[rel] is not None and (ref.path, ref.line, ref.field, rel) not in reported:   # a cover is a photo and a card
            reported.add((ref.path, ref.line, ref.field, rel))
            add_problem(problems, ref, *found[rel])


def _line_of(path: str, needle: str, fallback: int = 1) -> int:
    """The first line of a content file that mentions a picture (the index keeps no line per value)."""
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if needle in line:
                    return number
    except OSError:
        pass
    return fallback


def cache_folder(settings) -> str:
    return settings["PICTURE_CACHE_PATH"] or settings["OUTPUT_PATH"].rstrip("/\\") + ".picture-cache"


def file_key(role: str, path: str) -> str:
    digest = hashlib.sha256(f"{derive.RECIPE}\0{role}\0".encode())
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return f"{role[0]}{digest.hexdigest()[:24]}"


def card_key(spec: dict, font_digest: str) -> str:
    # The fonts count by their bytes, not by where this checkout keeps them: another clone shares the cache.
    # The segmenter's version stands for the title's words (a newer dictionary may break lines elsewhere).
    text = json.dumps({k: v for k, v in spec.items() if k != "fonts"}, sort_keys=True, ensure_ascii=False)
    segmenter = thai_text.SEGMENTER_VERSION
    return "c" + hashlib.sha256(f"{derive.RECIPE}\0{font_digest}\0{segmenter}\0{text}".encode()).hexdigest()[:24]


def with_title_words(spec: dict) -> dict:
    return {**spec, "title_tokens": title_tokens(spec["title"])}


def card_fonts(theme: str) -> dict:
    """The theme's Sarabun for each weight and script: one file per weight where the theme ships Thai and
    Latin merged (sarabun-700.woff2), else its Thai and Latin subsets."""
    folder = os.path.join(theme, "static", "fonts")
    fonts = {}
    for weight, number in (("bold", 700), ("regular", 400)):
        merged = os.path.join(folder, f"sarabun-{number}.woff2")
        fonts[weight] = {script: merged if os.path.isfile(merged) else
                         os.path.join(folder, f"sarabun-{script}-{number}-normal.woff2") for script in ("thai", "latin")}
    return fonts


def fonts_digest(fonts: dict) -> str:
    digest = hashlib.sha256()
    for weight in sorted(fonts):
        for script in sorted(fonts[weight]):
            with open(fonts[weight][script], "rb") as fh:
                digest.update(fh.read())
    return digest.hexdigest()


def title_tokens(text: str) -> list[str]:
    """Word tokens to break lines between: Thai by the segmenter, other text at spaces."""
    tokens = []
    for part in re.split(r"(\s+)", text):
        if part.isspace():
            tokens.append(" ")
        elif part:
            tokens.extend(thai_text.words(part) if thai_text.THAI.search(part) else [part])
    return tokens


def card_specs(index, settings, catalogs) -> dict:
    """URL → what its share card says, for every shared page that has no cover."""
    fonts = card_fonts(settings["THEME"])
    site_names = settings["SITE_NAMES"]
    places = load_places()
    specs = {}

    def spec(lang, title, kind_label, details):
        # The title is split into words only for a card the cache does not hold (`with_title_words`).
        return {"lang": lang, "title": title, "kind": kind_label,
                "details": " · ".join(d for d in details if d), "site_name": site_names.get(lang, ""), "fonts": fonts}

    labels = {lang: {section: catalogs[lang].gettext(label) for section, label in CARD_LABELS.items()}
              for lang in url_scheme.LANGUAGES}

    dates = {}   # (date as written, lang) → as the card writes it: items share days
    for entry in index.entries:
        kind = entry.kind.name
        if kind not in CARD_KINDS or entry.meta.get("cover"):
            continue
        lang, meta = entry.lang, entry.meta
        provinces = ", ".join(p.name(lang) for p in (meta.get("provinces") or [])[:3])
        day = meta.get("date")
        # By its ISO text: equal moments in two time zones may fall on two days.
        known = (day.isoformat(), lang) if day else None
        if known and known not in dates:
            dates[known] = bilingual.local_date(day, lang)
        date = dates[known] if known else ""
        url = url_scheme.item(kind, entry.slug, lang)
        specs[url] = spec(lang, meta["title"], labels[lang][kind], (date, provinces))
    for lang in url_scheme.LANGUAGES:
        for province in places.provinces:
            region = places.region(province.region).name(lang)
            specs[url_scheme.item("provinces", province.slug, lang)] = spec(
                lang, province.name(lang), labels[lang]["provinces"], (region,))
        for region in places.regions:
            specs[url_scheme.item("regions", region.slug, lang)] = spec(
                lang, region.name(lang), labels[lang]["regions"], ())
        for health_region in places.health_regions:
            specs[url_scheme.item("health-regions", health_region.slug, lang)] = spec(
                lang, health_region.name(lang), labels[lang]["health-regions"], ())
        for slug, topic in index.topics.items():
            specs[url_scheme.item("topics", slug, lang)] = spec(lang, topic.name(lang), labels[lang]["topics"], ())
    return specs


# ---------------------------------------------------------------- the stage

def prepare(pelican):
    """get_generators: make (or find in the cache) every picture and card the pages will use."""
    settings = pelican.settings
    index = settings[BUILD_KEY].index
    cache_dir = cache_folder(settings)
    os.makedirs(cache_dir, exist_ok=True)
    root = index.root
    cache = build_cache.cache_of(settings)
    memo = PictureMemo(cache.folder if cache is not None else None,
                       cache is not None and cache.load_cache, cache_dir)

    wanted: dict[str, tuple] = {}          # key → (role, source)
    targets: list[tuple[str, str, str]] = []   # (group, name, key): where each result goes
    references: dict[str, list[Reference]] = {}
    keys_of_file: dict[tuple[str, str], str] = {}
    for role, rel, group, name, ref in file_references(index):
        key = keys_of_file.get((role, rel))
        if key is None:
            source = os.path.join(root, rel)
            key = keys_of_file[(role, rel)] = memo.key(role, source, file_key)
            wanted[key] = (role, source)
        references.setdefault(key, []).append(ref)
        targets.append((group, name, key))

    catalogs = settings.get(bilingual.CATALOG_KEY)
    if catalogs is None:    # the same catalogues the templates get (bilingual.install reuses them)
        catalogs = settings[bilingual.CATALOG_KEY] = bilingual.load_catalogs(settings["THEME"])
    specs = card_specs(index, settings, catalogs)
    digest = fonts_digest(card_fonts(settings["THEME"]))
    for url, spec in specs.items():
        key = card_key(spec, digest)
        wanted[key] = ("title_card", spec)
        targets.append(("cards", url, key))

    manifests, cold = {}, []
    for key in sorted(wanted):
        manifest = memo.manifest(key, lambda key: cached(cache_dir, key))
        if manifest is None:
            role, source = wanted[key]
            cold.append((role, with_title_words(source) if role == "title_card" else source, key, cache_dir))
        else:
            manifests[key] = manifest
    problems = ProblemLog()
    reported = set()
    for key, manifest, problem in run(cold, settings):
        if manifest is not None:
            manifests[key] = manifest
            memo.made(key, manifest)
            continue
        for ref in references.get(key, []):
            if (ref.path, ref.line, ref.field, problem) not in reported:   # a cover is a photo and a card
                reported.add((ref.path, ref.line, ref.field, problem))
                add_problem(problems, ref, *problem)
    emit(problems)
    memo.save()

    pictures = Pictures(encoded=len(cold))
    for group, name, key in targets:
        getattr(pictures, group)[name] = Picture.from_manifest(manifests[key])
    settings[PICTURES_KEY] = pictures
    logger.debug("pictures: %d from the cache, %d made", len(wanted) - len(cold), len(cold))


def cached(cache_dir: str, key: str):
    try:
        with open(os.path.join(cache_dir, f"{key}.json"), encoding="utf-8") as fh:
            manifest = json.load(fh)
    except (OSError, ValueError):
        return None
    names = [name for files in manifest.get("variants", {}).values() for _w, _h, name in files]
    return manifest if all(os.path.isfile(os.path.join(cache_dir, n)) for n in names) else None


def _run_chunk(jobs):
    return [derive.run_job(job) for job in jobs]


def run(jobs: list[tuple], settings) -> list:
    """Each job in the build's process pool (khaosan.parallel), one job per claim: a photo takes a hundred
    times as long as a card. The results in the jobs' order."""
    count = parallel.processes_for(settings, len(jobs), small=2)
    return parallel.share_out(count, _run_chunk, jobs, "making pictures", chunks_per_process=max(1, len(jobs)))


def publish(pelican):
    """finalized: the files the pages use, from the cache into the output (linked where the disk allows)."""
    pictures = pelican.settings.get(PICTURES_KEY)
    if pictures is None:
        return
    cache_dir = cache_folder(pelican.settings)
    target_dir = os.path.join(pelican.output_path, OUTPUT_FOLDER)
    os.makedirs(target_dir, exist_ok=True)
    published = pelican.settings[PUBLISHED_KEY] = set()
    cache = build_cache.cache_of(pelican.settings)
    # An incremental build that moves in only what changed leaves the output's pictures where they are.
    in_output = cache is not None and os.path.abspath(pelican.output_path) != cache.final and cache.moves_in_only(pelican.settings)
    # Each folder read once (a picture per shared page: three stats each were a tenth of a second at 8,000 pages).
    staged = _inodes(target_dir)
    cached = _inodes(cache_dir) if in_output else {}
    served = _inodes(os.path.join(cache.final, OUTPUT_FOLDER), like=cache_dir) if in_output else {}
    for name in sorted(pictures.files()):
        base = os.path.basename(name)
        if base in staged:
            continue
        if in_output and base in cached and served.get(base) == cached[base] and cache.output_holds(name):
            continue
        source = os.path.join(cache_dir, base)
        target = os.path.join(pelican.output_path, name)
        published.add(os.path.abspath(target))
        try:
            # A link costs nothing; the output never changes a picture in place (photo_privacy unlinks first).
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def _inodes(folder: str, like: str | None = None) -> dict[str, int]:
    """{name: inode} of a folder's files, from the directory alone; {} when the folder is missing, or when
    it is on another device than `like` (a hard link cannot cross devices, so no file there is one of `like`'s)."""
    try:
        if like is not None and os.stat(folder).st_dev != os.stat(like).st_dev:
            return {}
        with os.scandir(folder) as entries:
            return {entry.name: entry.inode() for entry in entries}
    except OSError:
        return {}


# ---------------------------------------------------------------- templates and the reader

def install(generator):
    pictures = generator.settings.get(PICTURES_KEY) or Pictures()
    generator.env.globals.update(picture_of=pictures.photo, logo_of=pictures.logo, share_card=pictures.card,
                                 PICTURE_SIZES=COLUMN_SIZES)


def srcset(siteurl: str, variants) -> str:
    return ", ".join(f"{siteurl}/{v.file} {v.width}w" for v in variants)


def picture_html(picture: Picture, siteurl: str, alt: str, sizes: str = COLUMN_SIZES, lazy: bool = True) -> str:
    """The <picture> of a body picture (templates use partials/picture.html, which writes the same)."""
    sources = "".join(f'<source type="{mime}" srcset="{html.escape(srcset(siteurl, files))}" sizes="{sizes}">'
                      for mime, files in picture.sources())
    default = picture.default
    loading = ' loading="lazy"' if lazy else ""
    return (f'<picture>{sources}<img src="{siteurl}/{default.file}" '
            f'srcset="{html.escape(srcset(siteurl, picture.fallback_variants))}" sizes="{sizes}" alt="{alt}" '
            f'width="{picture.width}" height="{picture.height}"{loading} decoding="async"></picture>')


def body_pictures(body_html: str, images: dict, settings) -> str:
    """Every picture of a body as a <picture> of its derived files (the sanitiser left src, alt, width, height)."""
    pictures = settings.get(PICTURES_KEY)
    if pictures is None or not images:
        return body_html
    siteurl = settings.get("SITEURL") or ""
    # The reader has linked each picture through {static} by the time this runs (content_model.reader.picture_tag).
    linked = {f"{{static}}/{path}": path for path, _size in images.values()}

    def replace(match):
        attributes = dict((k.lower(), v) for k, v in ATTRIBUTE.findall(match.group(0)))
        src = html.unescape(attributes.get("src", ""))
        path = linked.get(src) or (images.get(src) or (None,))[0]
        picture = pictures.photo(path)
        if picture is None:
            return match.group(0)
        return picture_html(picture, siteurl, attributes.get("alt", ""))
    return IMG_TAG.sub(replace, body_html)
