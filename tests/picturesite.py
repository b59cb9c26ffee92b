"""Photos made in the tests for khaosan.pictures: a phone photo with EXIF orientation and GPS, a transparent
PNG, a CMYK JPEG, a 16-bit PNG, and the small site that uses them all."""
from __future__ import annotations

import functools
import io
import random

from PIL import Image, ImageDraw

from sitebuilder import front_matter

GPS_IFD = 0x8825
CAMERA_WORDS = (b"PhoneMaker", b"PhoneModel", b"Somchai", b"2023:05:05")


def camera_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"       # Make
    exif[0x0110] = "PhoneModel"       # Model
    exif[0x013B] = "Somchai"          # Artist: the owner
    exif[0x0132] = "2023:05:05 10:00:00"
    exif[0x0112] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (17.0, 24.0, 36.5), 3: "E", 4: (104.0, 46.0, 12.25)})
    return exif


def photo_like(width: int, height: int, seed: int = 7) -> Image.Image:
    """Something with a photo's detail (smooth shapes, edges, fine grain), so encoded sizes are realistic."""
    rng = random.Random(seed)   # the same photo every time: the cache tests build it twice
    small_size = (max(8, width // 40), max(8, height // 40))
    small = Image.frombytes("RGB", small_size, rng.randbytes(small_size[0] * small_size[1] * 3))
    image = small.resize((width, height), Image.BICUBIC)
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y = (i * 7919 * seed) % width, (i * 104729) % height
        draw.ellipse((x, y, x + width // 8, y + height // 8), fill=((i * 50) % 255, (i * 90) % 255, (i * 20) % 255))
    grain = Image.frombytes("L", (width // 4, height // 4), rng.randbytes((width // 4) * (height // 4))).resize((width, height)).convert("RGB")
    return Image.blend(image, grain, 0.15)


@functools.lru_cache(maxsize=4)
def phone_jpeg(width: int = 4000, height: int = 3000) -> bytes:
    """A sideways phone photo: stored landscape, EXIF orientation 6 (turn 90° clockwise to view), with a
    red block in the stored top-left corner, which shows at the top-right once turned upright."""
    image = photo_like(width, height)
    ImageDraw.Draw(image).rectangle((0, 0, width // 5, height // 5), fill=(255, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=camera_exif(6))
    return buffer.getvalue()


def transparent_png(size: int = 600) -> bytes:
    image = Image.new("RGBA", (size, size // 2), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, size // 2, size // 2 - 10), fill=(11, 107, 69, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", exif=camera_exif(1))
    return buffer.getvalue()


def cmyk_jpeg(width: int = 1200, height: int = 800) -> bytes:
    # Pure cyan in CMYK: it must arrive as a blue-green in RGB, not as a negative or a red.
    image = Image.new("CMYK", (width, height), (255, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def sixteen_bit_png(width: int = 700, height: int = 500) -> bytes:
    """16-bit grey with a mid-grey of 32768 (which an 8-bit clip would turn white)."""
    image = Image.new("I;16", (width, height), 32768)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def logo_png() -> bytes:
    image = Image.new("RGBA", (900, 300), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((0, 100, 899, 199), fill=(179, 71, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def picture_site_files(cover: bytes | None = None) -> dict:
    report = dict(date="2023-05-05", provinces=["nakhon-phanom"], cover="images/phone.jpg",
                  cover_alt="ผู้เข้าร่วมเวทีถ่ายภาพร่วมกัน", partners=["thaihealth"],
                  photos=[{"src": "images/transparent.png", "alt": "ตราสัญลักษณ์โครงการ", "caption": "ตราใหม่ของเครือข่าย"},
                          {"src": "images/cmyk.jpg", "alt": "ป้ายสีฟ้า"},
                          {"src": "images/grey16.png", "alt": "ภาพขาวดำ"}])
    return {
        "images/phone.jpg": cover if cover is not None else phone_jpeg(),
        "images/transparent.png": transparent_png(),
        "images/cmyk.jpg": cmyk_jpeg(),
        "images/grey16.png": sixteen_bit_png(),
        "images/logo.png": logo_png(),
        "partners/thaihealth.th.md": front_matter(title="สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ", short_name="สสส.",
                                                  type="government", logo="images/logo.png") + "กองทุน\n",
        "partners/thaihealth.en.md": front_matter(title="Thai Health Promotion Foundation", short_name="ThaiHealth",
                                                  type="government", logo="images/logo.png") + "The fund.\n",
        "reports/forum.th.md": front_matter(title="เวทีผู้สูงอายุที่นี่มีสุข", **report)
        + "เนื้อความ\n\n![ภาพในเนื้อความ](../images/cmyk.jpg)\n",
        "reports/forum.en.md": front_matter(title="Happy elders forum", **{**report, "cover_alt": "The participants"})
        + "Body.\n",
        "news/plain.th.md": front_matter(title="ผู้สูงอายุที่นี่มีสุข", date="2023-06-01", provinces=["nakhon-phanom"]) + "ข่าว\n",
        "news/plain.en.md": front_matter(title="The elders here are happy", date="2023-06-01", provinces=["nakhon-phanom"]) + "News.\n",
    }
