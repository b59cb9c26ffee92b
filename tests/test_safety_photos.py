"""Issue 9, class 5: photo privacy for every format the checker accepts, decided by the file's bytes.

Pictures with a GPS position, a camera serial and an owner's name, in WebP, GIF, AVIF and JPEG under a
wrong name, go through the real pelican command; no copy in the output may keep any of it.
"""
from __future__ import annotations

import io
import re

from PIL import Image

from sitebuilder import build, write_content

GPS_IFD = 0x8825
OWNER = "Somchai Owner"
SERIAL = "SN-4711-0815"
REPORT = "---\ntitle: รายงาน\ndate: 2566-05-05\ncover: {cover}\ncover_alt: ภาพ\n---\nเนื้อหา\n"
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="17,24.6N"/></rdf:RDF></x:xmpmeta>')


def private_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x013B] = OWNER               # Artist
    exif[0xA431] = SERIAL              # BodySerialNumber (in the EXIF IFD in real files; here in IFD0 is enough)
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (17.0, 24.0, 36.5), 3: "E", 4: (104.0, 46.0, 12.25)})
    return exif


def picture(fmt: str, **extra) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (16, 12), (11, 107, 69))
    if fmt == "GIF":
        image.save(buffer, "GIF", comment=f"owner {OWNER} {SERIAL}".encode())
        return buffer.getvalue()
    image.save(buffer, fmt, exif=private_exif(), **extra)
    return buffer.getvalue()


def gif_with_xmp() -> bytes:
    data = picture("GIF")
    # An XMP application extension ("XMP DataXMP"), as photo tools write it, before the trailer.
    payload = XMP
    sub_blocks = b"".join(bytes([len(payload[i:i + 255])]) + payload[i:i + 255] for i in range(0, len(payload), 255))
    return data[:-1] + b"\x21\xff\x0bXMP DataXMP" + sub_blocks + b"\x00" + b"\x3b"


def leaks(data: bytes) -> list[str]:
    found = [word for word in (OWNER.encode(), SERIAL.encode(), b"PhoneMaker", b"17,24.6N") if word in data]
    return [w.decode() for w in found]


def test_every_accepted_format_is_cleaned_by_its_content_not_its_name(tmp_path):
    files = {
        "images/a.webp": picture("WEBP"),
        "images/b.gif": gif_with_xmp(),
        "images/c.png": picture("JPEG"),          # a JPEG named .png
        "images/d.jpg": picture("WEBP"),          # a WebP named .jpg
        "images/e.gif": picture("PNG"),           # a PNG named .gif
    }
    for name in list(files):
        assert leaks(files[name]), f"the fixture {name} should carry private data"
        files[f"reports/{name[7]}.th.md"] = REPORT.format(cover=name)
    result = build(tmp_path, files)
    assert result.returncode == 0, result.stderr
    for name in ("a.webp", "b.gif", "c.png", "d.jpg", "e.gif"):
        data = (result.output / "images" / name).read_bytes()
        assert leaks(data) == [], (name, leaks(data))
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (16, 12)
            assert not image.getexif().get_ifd(GPS_IFD)


def test_webp_and_gif_keep_their_pictures():
    from khaosan.photo_privacy.strip import strip_gif, strip_webp

    webp = picture("WEBP", lossless=True)
    with Image.open(io.BytesIO(strip_webp(webp))) as after, Image.open(io.BytesIO(webp)) as before:
        assert after.tobytes() == before.tobytes()
    gif = gif_with_xmp()
    with Image.open(io.BytesIO(strip_gif(gif))) as after, Image.open(io.BytesIO(gif)) as before:
        assert after.tobytes() == before.tobytes()


def test_a_picture_whose_camera_data_cannot_be_removed_is_refused(tmp_path):
    good = build(tmp_path, {"reports/r.th.md": REPORT.replace("cover: {cover}\ncover_alt: ภาพ\n", "")})
    assert good.returncode == 0, good.stderr
    before = {p: p.read_bytes() for p in good.output.rglob("*") if p.is_file()}
    avif = picture("AVIF")
    assert b"Exif" in avif
    write_content(tmp_path / "content", {"images/f.avif": avif, "images/g.heic.jpg": b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64})
    result = build(tmp_path, content=tmp_path / "content")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert re.search(r"content/images/f\.avif:1: picture: is an AVIF picture that carries camera data", result.stderr), result.stderr
    assert re.search(r"content/images/g\.heic\.jpg:1: picture: is an HEIC photo", result.stderr), result.stderr
    assert {p: p.read_bytes() for p in good.output.rglob("*") if p.is_file()} == before


def test_an_avif_without_camera_data_is_published(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (11, 107, 69)).save(buffer, "AVIF")
    result = build(tmp_path, {"images/clean.avif": buffer.getvalue(), "reports/r.th.md": REPORT.format(cover="images/clean.avif")})
    assert result.returncode == 0, result.stderr
    assert (result.output / "images" / "clean.avif").read_bytes() == buffer.getvalue()
