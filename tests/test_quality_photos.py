"""Gate 5, photos: the output's pictures carry no GPS position or camera notes; the picture is unchanged."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from khaosan.photo_privacy.strip import strip_jpeg, strip_png
from quality.fixtures import small_site_files, tiny_jpeg
from sitebuilder import ROOT, build, settings_file

# A quality gate (docs/quality.md): `make quality` and `make test` run it, `make test-fast` does not.
pytestmark = pytest.mark.slow

GPS_IFD = 0x8825


def exif_with_gps(orientation=6):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"            # Make
    exif[0x0132] = "2023:05:05 10:00:00"   # DateTime
    exif[0x0112] = orientation              # Orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (17.0, 24.0, 36.5), 3: "E", 4: (104.0, 46.0, 12.25)})
    return exif


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(GPS_IFD))


def test_fixture_photo_really_has_gps():
    data = tiny_jpeg(exif=exif_with_gps())
    assert gps_of(data)[2] == (17.0, 24.0, 36.5)
    assert b"PhoneMaker" in data


def test_strip_keeps_the_picture_and_its_orientation():
    data = tiny_jpeg(exif=exif_with_gps(orientation=6))
    stripped = strip_jpeg(data)
    assert gps_of(stripped) == {}
    assert b"PhoneMaker" not in stripped and b"2023:05:05" not in stripped
    with Image.open(io.BytesIO(stripped)) as after, Image.open(io.BytesIO(data)) as before:
        assert after.getexif().get(0x0112) == 6
        assert after.tobytes() == before.tobytes()        # same pixels: nothing was re-encoded
    # The compressed scan is copied byte for byte.
    scan = data[data.index(b"\xff\xda"):]
    assert stripped.endswith(scan)
    assert strip_jpeg(stripped) == stripped


def test_strip_drops_trailing_preview_images_and_comments():
    data = tiny_jpeg(exif=exif_with_gps())
    preview = tiny_jpeg(exif=exif_with_gps())
    with_comment = data[:2] + b"\xff\xfe\x00\x0ahome!!!!" + data[2:] + preview
    stripped = strip_jpeg(with_comment)
    assert b"home!!!!" not in stripped and stripped.count(b"\xff\xd8") == 1 and gps_of(stripped) == {}


def test_png_text_and_exif_chunks_are_dropped():
    buffer = io.BytesIO()
    from PIL import PngImagePlugin
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "taken at home 17.41N 104.77E")
    Image.new("RGB", (4, 4), (1, 2, 3)).save(buffer, "PNG", pnginfo=info, exif=exif_with_gps())
    data = buffer.getvalue()
    stripped = strip_png(data)
    assert b"17.41N" in data and b"17.41N" not in stripped and b"eXIf" not in stripped
    with Image.open(io.BytesIO(stripped)) as image:
        assert image.tobytes() == Image.new("RGB", (4, 4), (1, 2, 3)).tobytes()


def test_broken_picture_is_refused():
    with pytest.raises(ValueError):
        strip_jpeg(b"\xff\xd8\x00\x01garbage")


def test_damaged_picture_with_gps_fails_the_build_and_one_without_passes(tmp_path):
    files = small_site_files()
    good = tiny_jpeg(exif=exif_with_gps())
    exif_end = good.index(b"\xff\xdb")                     # damaged after the EXIF, before the picture tables
    files["images/forum.jpg"] = good[:exif_end] + b"\x00junk" + good[exif_end:]
    files["images/blank.jpg"] = b"\xff\xd8\xff\xe0" + b"\x00" * 64 + b"\xff\xd9"       # damaged, no camera data
    site = build(tmp_path / "a", files)
    messages = " ".join((site.stdout + site.stderr).split())
    assert site.returncode != 0 and "damaged picture" in messages and "images/forum.jpg" in messages, messages
    del files["images/forum.jpg"]
    files["reports/food-forum.th.md"] = files["reports/food-forum.th.md"].replace("cover: images/forum.jpg\n", "")
    files["reports/food-forum.en.md"] = files["reports/food-forum.en.md"].replace("cover: images/forum.jpg\n", "")
    assert build(tmp_path / "b", files).returncode == 0


def test_build_output_has_no_gps(tmp_path):
    files = small_site_files()
    files["images/forum.jpg"] = tiny_jpeg(exif=exif_with_gps())
    site = build(tmp_path, files).ok()
    source = (site.content / "images" / "forum.jpg").read_bytes()
    published = (site.output / "images" / "forum.jpg").read_bytes()
    assert gps_of(source), "the content file keeps its GPS: only the published copy is cleaned"
    assert gps_of(published) == {} and b"PhoneMaker" not in published


def test_bundled_site_pictures_have_no_gps(bundled_build):
    site = bundled_build.ok()
    pictures = [p for p in site.output.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg")]
    assert pictures
    leaking = [str(p.relative_to(site.output)) for p in pictures if gps_of(p.read_bytes())]
    assert not leaking, f"pictures that still say where they were taken: {leaking}"


def test_gate_fails_without_the_plugin(tmp_path):
    """The same build without photo_privacy publishes the position: the test above can fail."""
    files = small_site_files()
    files["images/forum.jpg"] = tiny_jpeg(exif=exif_with_gps())
    settings = settings_file(tmp_path / "no_privacy.py",
                             f"PLUGIN_PATHS = [{str(ROOT / 'tests' / 'plugins')!r}]\nPLUGINS = ['without_photo_privacy']\n")
    site = build(tmp_path, files, settings=str(settings)).ok()
    assert gps_of((site.output / "images" / "forum.jpg").read_bytes())
