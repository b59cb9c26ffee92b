"""The share card of a page without a cover: 1200×630, its title in its own language, the kind, the date
and the place, in the theme's Sarabun.

Pillow's FreeType reads the theme's WOFF2 files directly, and its raqm layout shapes Thai: vowels and tone
marks stack (ผู้, ที่) instead of colliding. The theme ships Sarabun in two subsets (Thai, Latin), so
each line is drawn as runs, Thai letters with the Thai subset and everything else with the Latin one.
Where a line breaks is decided before this runs (thai_text's segmenter in the main process): the spec
holds the title as word tokens, and this module only measures and draws.
"""
from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
GREEN, DEEP, MINT, ORANGE, WHITE = (11, 94, 60), (7, 62, 40), (173, 220, 191), (230, 120, 40), (255, 255, 255)
TITLE_SIZES = (68, 58, 50)      # the largest size at which the title fits in MAX_LINES
MAX_LINES = 3


def is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


@lru_cache(maxsize=32)
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    # lru_cache is per worker process and only holds fonts, which never change during a build.
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)


def runs(text: str) -> list[tuple[bool, str]]:
    """Split text where it changes between Thai letters and anything else."""
    out: list[tuple[bool, str]] = []
    for ch in text:
        thai = is_thai(ch)
        if out and out[-1][0] == thai:
            out[-1] = (thai, out[-1][1] + ch)
        else:
            out.append((thai, ch))
    return out


def measure(text: str, fonts: dict, size: int) -> float:
    return sum(font(fonts["thai" if thai else "latin"], size).getlength(part) for thai, part in runs(text))


def draw_text(draw: ImageDraw.ImageDraw, x: float, baseline: float, text: str, fonts: dict, size: int, fill) -> None:
    for thai, part in runs(text):
        face = font(fonts["thai" if thai else "latin"], size)
        draw.text((x, baseline), part, font=face, fill=fill, anchor="ls")
        x += face.getlength(part)


def wrap(tokens: list[str], fonts: dict, size: int, width: int) -> list[str]:
    """Greedy lines from word tokens (Thai words from the segmenter, spaces as their own tokens)."""
    lines, line = [], ""
    for token in tokens:
        candidate = line + token
        if line and measure(candidate.rstrip(), fonts, size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines


def fit_title(tokens: list[str], fonts: dict, width: int) -> tuple[int, list[str]]:
    for size in TITLE_SIZES:
        lines = wrap(tokens, fonts, size, width)
        if len(lines) <= MAX_LINES:
            return size, lines
    size = TITLE_SIZES[-1]
    lines = wrap(tokens, fonts, size, width)[:MAX_LINES]
    last = lines[-1]
    while last and measure(last + "…", fonts, size) > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return size, lines


def draw_card(spec: dict) -> Image.Image:
    """spec: title_tokens, kind, details (date · place), site_name, fonts {bold: {thai, latin}, regular: {...}}."""
    bold, regular = spec["fonts"]["bold"], spec["fonts"]["regular"]
    card = Image.new("RGB", (WIDTH, HEIGHT), GREEN)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 18, HEIGHT), fill=ORANGE)
    draw.rectangle((0, HEIGHT - 96, WIDTH, HEIGHT), fill=DEEP)
    text_width = WIDTH - 2 * MARGIN

    draw_text(draw, MARGIN, 118, spec["kind"], bold, 36, MINT)
    size, lines = fit_title(spec["title_tokens"], bold, text_width)
    # Thai stacks marks above and below the letters: lines need about 1.5 times the size between them.
    leading = round(size * 1.5)
    top = 150 + leading * 0.8
    for number, line in enumerate(lines):
        draw_text(draw, MARGIN, top + number * leading, line, bold, size, WHITE)
    if spec.get("details"):
        details = spec["details"]
        while details and measure(details, regular, 34) > text_width:
            details = details[:-2] + "…"
        draw_text(draw, MARGIN, HEIGHT - 130, details, regular, 34, MINT)
    draw_text(draw, MARGIN, HEIGHT - 36, spec["site_name"], regular, 30, WHITE)
    return card
