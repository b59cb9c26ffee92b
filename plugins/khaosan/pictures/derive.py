"""Turn one uploaded picture into the files a page serves: several widths in AVIF, WebP and JPEG (PNG where
the picture is transparent), a square logo, or a 1200×630 share card cropped from a cover.

Every function here runs in a worker process of the build's pool, so it takes plain values (paths, text)
and returns plain values (a manifest dict). Every file is re-encoded from pixels, so no EXIF, XMP, ICC
note, comment or GPS position of the upload reaches a derived file.
"""
from __future__ import annotations

import io
import json
import os

from PIL import Image, ImageOps

from khaosan.content_model import pictures as rules

# Bump when a recipe changes: every cached file is then made again.
RECIPE = "pictures-3"
WIDTHS = (480, 960, 1600)
LOGO_SIZE = 256
CARD_SIZE = (1200, 630)
# Quality settings chosen for news photos: no visible loss at phone sizes, a 960 px JPEG near 100 KB.
QUALITY = {"avif": 50, "webp": 74, "jpeg": 78}
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


# A picture the site cannot show: its problem and fix complete a path:line line (content_model.pictures).
PictureProblem = rules.PictureError


def formats() -> tuple[str, ...]:
    """The modern formats this Pillow can write, best first; JPEG (or PNG) is always the fallback."""
    from PIL import features
    return tuple(f for f in ("avif", "webp") if features.check(f))


def open_upright(path: str, at_least: int) -> Image.Image:
    """The picture's pixels, upright, in 8-bit RGB or RGBA, at least `at_least` pixels a side where it has
    them; a PictureProblem for anything it cannot be (the content check's rules, content_model.pictures)."""
    return to_8bit(rules.load(path, at_least))


def to_8bit(image: Image.Image) -> Image.Image:
    """RGB, or RGBA where the picture has transparency: CMYK, 16-bit, palette and grey all end here."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey: keep the tones by scaling 0-65535 to 0-255 instead of clipping at 255.
        image = image.point(lambda v: v / 257).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if has_alpha:
        image = image.convert("RGBA")
        if image.getextrema()[3][0] == 255:     # an alpha channel nothing uses
            image = image.convert("RGB")
    elif image.mode != "RGB":
        image = image.convert("RGB")        # CMYK (Adobe's inverted too: Pillow reads it), L, P, YCbCr
    return image


def encode(image: Image.Image, fmt: str) -> bytes:
    """Pixels only: Pillow writes no EXIF, XMP or ICC note unless it is passed one, and none is."""
    buffer = io.BytesIO()
    if fmt == "jpeg":
        image.convert("RGB").save(buffer, "JPEG", quality=QUALITY["jpeg"], optimize=True, progressive=True)
    elif fmt == "png":
        image.save(buffer, "PNG", optimize=True)
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=QUALITY["webp"], method=4)
    elif fmt == "avif":
        image.save(buffer, "AVIF", quality=QUALITY["avif"], speed=8, max_threads=1)
    return buffer.getvalue()


def _write(cache_dir: str, name: str, data: bytes) -> None:
    target = os.path.join(cache_dir, name)
    partial = f"{target}.{os.getpid()}.part"
    with open(partial, "wb") as fh:
        fh.write(data)
    os.replace(partial, target)


def _save_manifest(cache_dir: str, key: str, manifest: dict) -> dict:
    _write(cache_dir, f"{key}.json", json.dumps(manifest, sort_keys=True).encode())
    return manifest


def photo(path: str, key: str, cache_dir: str) -> dict:
    """Widths of WIDTHS that are narrower than the photo, plus the photo's own width up to the largest."""
    image = open_upright(path, WIDTHS[-1])
    width, height = image.size
    widths = sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})
    fallback = "png" if image.mode == "RGBA" else "jpeg"
    variants = {fmt: [] for fmt in (*formats(), fallback)}
    for w in widths:
        h = max(1, round(height * w / width))
        resized = image if w == width else image.resize((w, h), Image.LANCZOS)
        for fmt in variants:
            name = f"{key}-{w}.{'jpg' if fmt == 'jpeg' else fmt}"
            _write(cache_dir, name, encode(resized, fmt))
            variants[fmt].append([w, h, name])
    return _save_manifest(cache_dir, key, {"kind": "photo", "width": widths[-1],
                                           "height": variants[fallback][-1][1], "fallback": fallback,
                                           "variants": variants})


def logo(path: str, key: str, cache_dir: str) -> dict:
    """A square on a transparent ground, the logo centred and at most LOGO_SIZE pixels a side."""
    image = open_upright(path, LOGO_SIZE).convert("RGBA")
    side = max(image.size)
    square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    square.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    size = min(side, LOGO_SIZE)
    if size != side:
        square = square.resize((size, size), Image.LANCZOS)
    variants = {}
    for fmt in ("webp", "png"):
        if fmt == "webp" and "webp" not in formats():
            continue
        name = f"{key}-{size}.{fmt}"
        _write(cache_dir, name, encode(square, fmt))
        variants[fmt] = [[size, size, name]]
    return _save_manifest(cache_dir, key, {"kind": "logo", "width": size, "height": size, "fallback": "png",
                                           "variants": variants})


def cover_card(path: str, key: str, cache_dir: str) -> dict:
    """The cover cropped to 1200×630 around its centre (never enlarged beyond what it holds)."""
    image = open_upright(path, CARD_SIZE[0]).convert("RGB")
    card = ImageOps.fit(image, CARD_SIZE, Image.LANCZOS)
    return _card_manifest(card, key, cache_dir)


def _card_manifest(card: Image.Image, key: str, cache_dir: str) -> dict:
    name = f"{key}.jpg"
    buffer = io.BytesIO()
    # Baseline, not progressive: a card is fetched whole by a link preview, and it encodes twice as fast.
    card.save(buffer, "JPEG", quality=QUALITY["jpeg"] + 4, optimize=True)
    _write(cache_dir, name, buffer.getvalue())
    return _save_manifest(cache_dir, key, {"kind": "card", "width": CARD_SIZE[0], "height": CARD_SIZE[1],
                                           "fallback": "jpeg", "variants": {"jpeg": [[*CARD_SIZE, name]]}})


def title_card(spec: dict, key: str, cache_dir: str) -> dict:
    from .cards import draw_card
    return _card_manifest(draw_card(spec), key, cache_dir)


JOBS = {"photo": photo, "logo": logo, "cover_card": cover_card, "title_card": title_card}


def run_job(job: tuple) -> tuple:
    """(role, source, key, cache_dir) → (key, manifest, None) or (key, None, (message, fix)); never raises."""
    role, source, key, cache_dir = job
    try:
        return key, JOBS[role](source, key, cache_dir), None
    except PictureProblem as e:
        return key, None, (e.problem, e.fix)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as e:
        return key, None, (f"could not be converted ({type(e).__name__}: {e})", "save it again as JPEG")
