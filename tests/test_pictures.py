"""khaosan.pictures over photos made here: every derived file has the right size, format and orientation
and no camera data; bad pictures are refused with one path:line line; the cache spares re-encoding."""
from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image

from picturesite import CAMERA_WORDS, GPS_IFD, photo_like, picture_site_files
from sitebuilder import ROOT, build, front_matter, settings_file, tiny_jpeg, write_content

CHECK = ROOT / ".venv" / "bin" / "khaosan-check"

EXPECTED_FORMAT = {".avif": "AVIF", ".webp": "WEBP", ".jpg": "JPEG", ".png": "PNG"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pictures")
    settings = settings_file(folder / "conf.py", f"PICTURE_CACHE_PATH = {str(folder / 'cache')!r}\n")
    result = build(folder, picture_site_files(), settings=str(settings))
    assert result.returncode == 0, result.stderr
    return result


def picture_files(page: str) -> list[str]:
    """Every picture file a page names, in src and srcset."""
    names = re.findall(r'\ssrc="/([^"]+)"', page)
    for srcset in re.findall(r'\ssrcset="([^"]+)"', page):
        names += [entry.strip().split(" ")[0].lstrip("/") for entry in srcset.split(",")]
    return sorted({n for n in names if n.startswith("pictures/")})


def srcset_widths(page: str, fmt: str, alt: str) -> dict:
    """{width: file} of the picture with this alt, in one format (image/avif, image/webp or the img's own)."""
    picture = re.search(r'<picture>((?:(?!</picture>).)*alt="' + re.escape(alt) + r'"(?:(?!</picture>).)*)</picture>', page)
    assert picture, alt
    if fmt == "img":
        srcset = re.search(r'<img[^>]* srcset="([^"]+)"', picture.group(1)).group(1)
    else:
        srcset = re.search(rf'<source type="{fmt}" srcset="([^"]+)"', picture.group(1)).group(1)
    return {int(e.split()[1][:-1]): e.split()[0].lstrip("/") for e in srcset.split(", ")}


def test_every_derived_file_is_clean_sized_and_of_its_format(site):
    page = site.page("/reports/forum/")
    files = picture_files(page)
    assert len(files) > 20
    for name in files:
        data = (site.output / name).read_bytes()
        for word in CAMERA_WORDS:
            assert word not in data, (name, word)
        assert b"Exif" not in data and b"http://ns.adobe.com/xap/" not in data, name
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == EXPECTED_FORMAT[os.path.splitext(name)[1]], name
            assert not image.getexif(), name
            assert image.getexif().get_ifd(GPS_IFD) == {}, name
            assert image.mode in ("RGB", "RGBA", "L", "P"), (name, image.mode)


def test_cover_comes_in_three_widths_upright_in_every_format(site):
    page = site.page("/reports/forum/")
    for fmt in ("image/avif", "image/webp", "img"):
        widths = srcset_widths(page, fmt, "ผู้เข้าร่วมเวทีถ่ายภาพร่วมกัน")
        # Stored 4000×3000 and turned by its EXIF orientation: 3000×4000 upright; never enlarged.
        assert sorted(widths) == [480, 960, 1600], fmt
        for width, name in widths.items():
            with Image.open(site.output / name) as image:
                assert image.size == (width, round(width * 4000 / 3000)), (name, image.size)
                rgb = image.convert("RGB")
                # The red block of the stored top-left corner is at the top right once upright.
                red, green, blue = rgb.getpixel((image.width - 5, 5))
                assert red > 200 and green < 80 and blue < 80, (name, rgb.getpixel((image.width - 5, 5)))
                red, _g, _b = rgb.getpixel((5, 5))
                assert red < 200 or _g > 80, name
    assert re.search(r'<img src="/pictures/[^"]+-960\.jpg" srcset="[^"]+" sizes="[^"]+" alt="ผู้เข้าร่วมเวทีถ่ายภาพร่วมกัน" '
                     r'width="1600" height="2133" fetchpriority="high" decoding="async">', page)


def test_small_pictures_are_never_enlarged_and_transparency_is_kept(site):
    page = site.page("/reports/forum/")
    widths = srcset_widths(page, "img", "ตราสัญลักษณ์โครงการ")
    assert sorted(widths) == [480, 600]          # 600 wide: 480 and its own width, nothing wider
    assert all(name.endswith(".png") for name in widths.values())   # the fallback of a transparent picture is PNG
    for fmt in ("image/avif", "image/webp", "img"):
        for name in srcset_widths(page, fmt, "ตราสัญลักษณ์โครงการ").values():
            with Image.open(site.output / name) as image:
                rgba = image.convert("RGBA")
                assert rgba.getpixel((0, 0))[3] == 0 and rgba.getpixel((image.width // 4, image.height // 2))[3] == 255, name


def test_cmyk_and_16_bit_pictures_are_converted_correctly(site):
    page = site.page("/reports/forum/")
    for name in srcset_widths(page, "img", "ป้ายสีฟ้า").values():
        with Image.open(site.output / name) as image:
            assert image.mode == "RGB"
            red, green, blue = image.getpixel((image.width // 2, image.height // 2))
            assert red < 60 and green > 150 and blue > 190, (name, (red, green, blue))     # cyan, not its negative
    for name in srcset_widths(page, "image/webp", "ภาพขาวดำ").values():
        with Image.open(site.output / name) as image:
            value = image.convert("L").getpixel((10, 10))
            assert 120 <= value <= 135, (name, value)      # 32768 of 65535: mid-grey, not clipped to white


def test_gallery_with_captions_count_and_full_size_links(site):
    page = site.page("/reports/forum/")
    gallery = page[page.index('<section class="gallery"'):]
    gallery = gallery[:gallery.index("</section>")]
    assert "ภาพกิจกรรม" in gallery and "(3 ภาพ)" in gallery
    assert "<figcaption>ตราใหม่ของเครือข่าย</figcaption>" in gallery
    links = re.findall(r'<a href="/(pictures/[^"]+)"', gallery)
    assert len(links) == 3 and all((site.output / link).is_file() for link in links)
    with Image.open(site.output / links[0]) as full:
        assert full.size == (600, 300)
    english = site.page("/en/reports/forum/")
    assert "Photos" in english and "(3 photos)" in english


def test_every_picture_after_the_first_screen_is_lazy(site):
    page = site.page("/reports/forum/")
    images = re.findall(r"<img\b[^>]*>", page)
    assert len(images) >= 5       # cover, body picture, three gallery photos
    assert 'fetchpriority="high"' in images[0] and 'loading="lazy"' not in images[0]
    for tag in images[1:]:
        assert 'loading="lazy"' in tag and 'decoding="async"' in tag and "width=" in tag and "height=" in tag, tag


def test_body_picture_is_served_as_a_picture_with_absolute_srcset_in_the_feed(site):
    page = site.page("/reports/forum/")
    assert re.search(r'<picture><source type="image/avif" srcset="/pictures/\S+ 480w, /pictures/\S+ 960w, '
                     r'/pictures/\S+ 1200w"[^>]*>.*?alt="ภาพในเนื้อความ"', page)
    feed = (site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8") if (site.output / "feeds" / "all.atom.xml").exists() else ""
    for path in site.output.rglob("*.xml"):
        text = path.read_text(encoding="utf-8")
        if "ภาพในเนื้อความ" in text:
            feed = text
            break
    assert "ภาพในเนื้อความ" in feed
    assert not re.search(r'srcset=&quot;/pictures|srcset="/pictures|, /pictures/', feed)


def test_partner_logo_is_square_transparent_and_small(site):
    page = site.page("/partners/thaihealth/")
    logo = re.search(r'<img class="logo" src="/(pictures/[^"]+\.png)" alt="[^"]*สสส\.[^"]*" width="96" height="96"', page)
    assert logo, page[:3000]
    name = logo.group(1)
    with Image.open(site.output / name) as image:
        assert image.size == (256, 256) and image.mode == "RGBA"
        assert image.getpixel((128, 10))[3] == 0 and image.getpixel((128, 128))[3] == 255
    directory = site.page("/partners/")
    assert re.search(r'<img class="logo" src="/pictures/[^"]+\.png" alt="" width="48" height="48" loading="lazy"', directory)


def test_share_cards_for_every_kind_in_their_own_language(site):
    cards = {}
    for url in ("/reports/forum/", "/en/reports/forum/", "/news/plain/", "/en/news/plain/", "/partners/thaihealth/",
                "/provinces/nakhon-phanom/", "/en/provinces/nakhon-phanom/", "/regions/northeast/", "/topics/partnership/",
                "/en/topics/partnership/", "/health-regions/8/"):
        page = site.page(url)
        image = re.search(r'<meta property="og:image" content="http://127\.0\.0\.1:8000/(pictures/[^"]+\.jpg)">', page)
        assert image, url
        assert '<meta property="og:image:width" content="1200">' in page and '<meta name="twitter:card" content="summary_large_image">' in page
        with Image.open(site.output / image.group(1)) as card:
            assert card.size == (1200, 630) and card.format == "JPEG", url
        cards[url] = (site.output / image.group(1)).read_bytes()
    # A cover is the card of both languages; title cards are each in their page's language.
    assert cards["/reports/forum/"] == cards["/en/reports/forum/"]
    assert cards["/news/plain/"] != cards["/en/news/plain/"]
    assert cards["/provinces/nakhon-phanom/"] != cards["/en/provinces/nakhon-phanom/"]
    assert cards["/topics/partnership/"] != cards["/en/topics/partnership/"]


def test_warm_cache_encodes_nothing_and_output_is_deterministic(site, tmp_path):
    cache = site.output.parent / "cache"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    files = picture_site_files()
    # Same photos, a fresh output folder: a cold build of the site with the cache kept.
    again = build(tmp_path, files, settings=str(settings_file(tmp_path / "conf.py", f"PICTURE_CACHE_PATH = {str(cache)!r}\n")))
    assert again.returncode == 0, again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before
    # And the same photos through an empty cache come out byte for byte the same.
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    third = build(fresh, files, settings=str(settings_file(fresh / "conf.py", f"PICTURE_CACHE_PATH = {str(fresh / 'cache')!r}\n")))
    assert third.returncode == 0, third.stderr
    page = site.page("/reports/forum/")
    assert third.page("/reports/forum/") == page
    for name in picture_files(page):
        assert (third.output / name).read_bytes() == (site.output / name).read_bytes(), name


def _bad_picture_build(tmp_path, picture: bytes, name: str = "bad.jpg"):
    files = {f"images/{name}": picture,
             "news/a.th.md": front_matter(title="ข่าว", date="2023-01-01", cover=f"images/{name}", cover_alt="ภาพ") + "ข่าว\n"}
    output = tmp_path / "output"
    (output).mkdir()
    (output / "last-good.html").write_text("kept", encoding="utf-8")
    return build(tmp_path, files, output=output)


def _animated_gif() -> bytes:
    frames = [Image.new("RGB", (40, 30), color) for color in ((255, 0, 0), (0, 255, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares a huge picture (a decompression bomb)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


BAD_PICTURES = [
    ("over 100 megapixels", lambda: _png_declaring(12000, 9000), "huge.png",
     "is 12000×9000 pixels (108 megapixels), more than the 100 megapixels"),
    ("animated GIF", _animated_gif, "moving.gif", "is an animation (2 frames)"),
    ("truncated JPEG", lambda: tiny_jpeg(600, 400)[:-400], "cut.jpg", "is damaged or cut short"),
    ("a .jpg that is text", lambda: b"<html>not a photo</html>", "page.jpg", "is not a picture"),
]


@pytest.mark.parametrize("case, picture, name, message", BAD_PICTURES)
def test_bad_pictures_are_refused_with_path_and_line(tmp_path, case, picture, name, message):
    result = _bad_picture_build(tmp_path, picture(), name)
    assert result.returncode != 0, case
    line = next((l for l in result.stderr.splitlines() if message in l and "a.th.md" in l), None)
    assert line, result.stderr
    assert re.match(rf'\S*content/news/a\.th\.md:4: cover: picture "images/{re.escape(name)}" ', line), line
    assert "Traceback" not in result.stderr + result.stdout
    assert (tmp_path / "output" / "last-good.html").read_text(encoding="utf-8") == "kept"


@pytest.mark.parametrize("case, picture, name, message", BAD_PICTURES)
def test_make_check_refuses_the_same_pictures_with_the_same_line(tmp_path, case, picture, name, message):
    """One rule (content_model.pictures) for make check and the build: the line the build writes, before a build."""
    write_content(tmp_path / "content", {
        f"images/{name}": picture(),
        "news/a.th.md": front_matter(title="ข่าว", date="2023-01-01", cover=f"images/{name}", cover_alt="ภาพ") + "ข่าว\n"})
    proc = subprocess.run([str(CHECK), str(tmp_path / "content")], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHAINLP_READ_ONLY": "1", "KHAOSAN_LANG": "en"})
    assert proc.returncode == 1, proc.stdout
    assert re.search(rf'content/news/a\.th\.md:4: cover: picture "images/{re.escape(name)}" [^\n]*{re.escape(message)}',
                     proc.stdout), proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_a_41_megapixel_picture_is_converted(tmp_path):
    """Past 40 megapixels (a 45-megapixel camera's photo) is converted, as a 12-megapixel one is."""
    buffer = io.BytesIO()
    Image.new("L", (8000, 5100), 90).save(buffer, "PNG")       # 40.8 megapixels
    result = _bad_picture_build(tmp_path, buffer.getvalue(), "big.png")
    assert result.returncode == 0, result.stderr
    names = picture_files(result.page("/news/a/"))
    assert names
    for name in names:
        with Image.open(result.output / name) as image:
            assert image.width <= 1600 and abs(image.width / image.height - 8000 / 5100) < 0.01, (name, image.size)


def test_a_png_named_jpg_is_converted(tmp_path):
    buffer = io.BytesIO()
    photo_like(800, 600).save(buffer, "PNG")
    result = _bad_picture_build(tmp_path, buffer.getvalue(), "really-png.jpg")
    assert result.returncode == 0, result.stderr
    page = result.page("/news/a/")
    for name in picture_files(page):
        with Image.open(result.output / name) as image:
            assert image.format == EXPECTED_FORMAT[os.path.splitext(name)[1]]


def test_heic_from_an_iphone_is_converted_and_its_original_not_published(tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")
    from picturesite import camera_exif
    buffer = io.BytesIO()
    pillow_heif.register_heif_opener()
    photo_like(1000, 750).save(buffer, "HEIF", quality=80, exif=camera_exif(1).tobytes())
    assert b"PhoneMaker" in buffer.getvalue()
    result = _bad_picture_build(tmp_path, buffer.getvalue(), "IMG_0001.HEIC")
    assert result.returncode == 0, result.stderr
    page = result.page("/news/a/")
    names = picture_files(page)
    assert {os.path.splitext(n)[1] for n in names} >= {".jpg", ".webp", ".avif"}
    for name in names:
        assert b"PhoneMaker" not in (result.output / name).read_bytes()
    assert not list(result.output.rglob("*.HEIC")) and not list(result.output.rglob("*.heic"))
