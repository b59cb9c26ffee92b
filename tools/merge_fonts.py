"""Merge Sarabun's Thai and Latin subsets (fontsource's files, in tools/fonts/) into one
file per weight: theme/static/fonts/sarabun-400.woff2 and sarabun-700.woff2.

Why: a Thai page draws Thai letters and Latin digits in regular and bold. As four files, on a slow line some
arrive before the first paint and some after, and with `font-display: optional` each face decides alone:
the first screen came out half in Sarabun and half in the fallback. Two files of equal size, requested
together, arrive together: the page is drawn in Sarabun, or wholly in the fallback.

    .venv/bin/pip install "fonttools[woff]>=4.50,<5"   # only to run this tool (pyproject's `tools` extra)
    .venv/bin/python tools/merge_fonts.py
"""
import pathlib
import tempfile

from fontTools.merge import Merger
from fontTools.ttLib import TTFont

HERE = pathlib.Path(__file__).resolve().parent
FONTS = HERE.parent / "theme" / "static" / "fonts"
SOURCES_DIR = HERE / "fonts"  # fontsource's subsets, kept out of the published theme
SOURCES = "sarabun-{subset}-{weight}-normal.woff2"


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for weight in (400, 700):
            plain = []
            for subset in ("thai", "latin"):
                font = TTFont(SOURCES_DIR / SOURCES.format(subset=subset, weight=weight))
                font.flavor = None  # the merger reads plain TrueType
                path = pathlib.Path(tmp) / f"{subset}-{weight}.ttf"
                font.save(path)
                plain.append(str(path))
            merged = Merger().merge(plain)
            merged.flavor = "woff2"
            target = FONTS / f"sarabun-{weight}.woff2"
            merged.save(target)
            print(target, target.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
