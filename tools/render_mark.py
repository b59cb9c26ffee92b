"""Render the site's mark (theme/static/images/mark.svg) into the PNG and ICO files that browsers, phones
and feed readers ask for. Run it after changing the mark; the results are committed.

    .venv/bin/python tools/render_mark.py

Debian's Chromium draws the SVG (the same engine readers see it in, and no network), Pillow packs the
favicon.ico. Outputs, all in theme/static/images/:
  icon-512.png, icon-192.png   the mark with its rounded corners (JSON Feed icon, web app manifest)
  maskable-512.png             full-bleed green with the bubble inside the 80 % safe circle (Android)
  apple-touch-icon.png         180 px full-bleed (iOS rounds the corners itself)
  logo-2x1.png                 960 x 480 green band with the mark's bubble (Atom <logo>, 2:1)
  favicon.ico                  16, 32 and 48 px for browsers that ask for /favicon.ico
"""
import io
import pathlib
import re

from PIL import Image
from playwright.sync_api import sync_playwright

IMAGES = pathlib.Path(__file__).resolve().parent.parent / "theme" / "static" / "images"
CHROMIUM = "/usr/bin/chromium"


def mark_parts():
    """The mark's background colour and the bubble-and-heart shapes, read from mark.svg (one source)."""
    svg = (IMAGES / "mark.svg").read_text(encoding="utf-8")
    background = re.search(r'<rect [^>]*fill="(#[0-9a-fA-F]+)"', svg).group(1)
    shapes = "\n".join(re.findall(r"<path [^>]*/>", svg))
    return svg, background, shapes


def full_bleed(background, shapes, scale):
    """A square without rounded corners; the shapes scaled about the centre (for maskable and iOS icons)."""
    offset = 16 * (1 - scale)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" '
            f'fill="{background}"/><g transform="translate({offset} {offset}) scale({scale})">{shapes}</g></svg>')


def wide(background, shapes):
    """The 2:1 logo: a green band with the bubble in the middle."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 32"><rect width="64" height="32" rx="4" '
            f'fill="{background}"/><g transform="translate(18 2) scale(.875)">{shapes}</g></svg>')


def render(page, svg, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.set_content(
        '<html><body style="margin:0;background:transparent">'
        f'<div style="width:{width}px;height:{height}px">{svg.replace("<svg ", f"<svg width={width} height={height} ", 1)}</div>'
        "</body></html>")
    return page.screenshot(omit_background=True, clip={"x": 0, "y": 0, "width": width, "height": height})


def main():
    svg, background, shapes = mark_parts()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(device_scale_factor=1)
        outputs = {
            "icon-512.png": (svg, 512, 512),
            "icon-192.png": (svg, 192, 192),
            "maskable-512.png": (full_bleed(background, shapes, 0.7), 512, 512),
            "apple-touch-icon.png": (full_bleed(background, shapes, 0.8), 180, 180),
            "logo-2x1.png": (wide(background, shapes), 960, 480),
        }
        for name, (source, width, height) in outputs.items():
            png = render(page, source, width, height)
            # Pillow re-encodes so the files carry no timestamps and stay byte-stable between runs.
            Image.open(io.BytesIO(png)).save(IMAGES / name, optimize=True)
        favicon_sizes = [16, 32, 48]
        frames = [Image.open(io.BytesIO(render(page, svg, size, size))).convert("RGBA") for size in favicon_sizes]
        browser.close()
    frames[-1].save(IMAGES / "favicon.ico", sizes=[(size, size) for size in favicon_sizes],
                    append_images=frames[:-1])
    for name in list(outputs) + ["favicon.ico"]:
        print(IMAGES / name, (IMAGES / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
