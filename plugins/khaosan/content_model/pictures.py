"""What a picture file really is, decided by its bytes and never by its name: the one place that says
which pictures the site takes, for the content check (`make check` and the build alike), photo_privacy
and khaosan.pictures, which makes the files pages serve.

The content check refuses a file that is not a picture (a text file named .jpg), a picture in a format the
site cannot clean of camera data, an animation, and a picture so large that opening it would take
gigabytes (a 100-byte PNG can declare 30000×30000 pixels). Up to that limit every picture is converted
(a 48-megapixel phone photo, a CMYK or 16-bit file, an iPhone's HEIC): `load` decodes it once, upright,
for khaosan.pictures, and `make check` decodes every picture a page shows the same way, so a file cut short
is named before a build.
photo_privacy uses the same sniffing to clean every published copy.
"""
from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass

# Phone photos are 12 to 50 megapixels, a news photographer's camera up to 61; past 100 a picture is a
# mistake or an attack. Every picture up to this is converted; none past it is opened.
MAX_PIXELS = 100_000_000
# Formats read only to be converted (khaosan.pictures): the original, with its camera data, is never published.
CONVERTED_ONLY = ("HEIC",)
# Every format a picture in the content may have; photo_privacy can clean each of them (AVIF: see below).
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "AVIF")
# The names of EXIF and XMP in an AVIF file's item table: photo_privacy cannot take them out of one.
AVIF_METADATA = (b"Exif", b"mime", b"http://ns.adobe.com/xap/", b"<x:xmpmeta")


def sniff(head: bytes) -> str | None:
    """The picture format the first bytes of a file announce, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return "AVIF"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return "HEIC"
    return None


@dataclass(frozen=True)
class Picture:
    format: str | None = None
    size: tuple[int, int] | None = None
    problem: str = ""
    fix: str = ""


class PictureError(Exception):
    """A picture that cannot be shown: `problem` and `fix` complete a `path:line: field: picture "…"` line."""

    def __init__(self, problem: str, fix: str):
        super().__init__(problem)
        self.problem, self.fix = problem, fix


def heif_readable() -> bool:
    """True when Pillow can read HEIC/HEIF (pillow-heif, a dependency of the project), its opener registered."""
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def inspect(path: str) -> Picture:
    """The picture's format and size from its header, or the problem that keeps it off the site."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError as e:
        return Picture(problem=f"cannot be read ({e.strerror})", fix="check the file's permissions")
    kind = sniff(head)
    if kind is None:
        return Picture(problem="is not a picture (its content is not JPEG, PNG, WebP, GIF or AVIF, whatever its name says)",
                       fix="export the picture again from a photo app as JPEG")
    if kind == "HEIC" and not heif_readable():
        return Picture(kind, problem="is an HEIC photo, which browsers do not show and this installation cannot convert",
                       fix="export it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible)")
    if kind == "AVIF" and avif_has_metadata(path):
        return Picture(kind, problem="is an AVIF picture that carries camera data (EXIF or XMP), which cannot be removed from AVIF",
                       fix="export it as JPEG or WebP; their camera data is removed when the site is built")
    size, frames = header_size(path)
    if size is None:
        if kind in CONVERTED_ONLY:
            return Picture(kind, problem=f"is an {kind} photo that cannot be read (damaged or cut short)",
                           fix="copy the original photo again from the phone, or export it as JPEG")
        # Damaged, but a picture: published as it is unless it carries camera data (photo_privacy decides).
        return Picture(kind)
    width, height = size
    if width * height > MAX_PIXELS or not width:
        shown = f"{width}×{height} pixels ({width * height / 1e6:.0f} megapixels)" if width else f"{height / 1e6:.0f} megapixels"
        return Picture(kind, None, problem=f"is {shown}, more than the {MAX_PIXELS // 1_000_000} megapixels a picture may have",
                       fix="save a smaller copy, at most 4000 pixels wide")
    if frames > 1:
        return Picture(kind, size, problem=f"is an animation ({frames} frames); a news page shows still photos",
                       fix="save the frame you want as a JPEG or PNG, or share the animation as a video link")
    return Picture(kind, size)


def header_size(path: str):
    """((width, height), frames) from the header, without decoding the picture; (None, 0) if unreadable."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # The decompression-bomb warning is our own check above; Pillow's error past twice its limit too.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                # Frames are counted from their headers (GIF, APNG, WebP): nothing is decoded.
                return picture.size, (getattr(picture, "n_frames", 1) if picture.format in ("GIF", "PNG", "WEBP") else 1)
    except Image.DecompressionBombError as e:
        # Pillow refused it before giving a size (past twice its own limit); its message has the pixel count.
        match = re.search(r"\((\d+) pixels\)", str(e))
        return (0, int(match.group(1)) if match else MAX_PIXELS + 1), 1
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, EOFError):
        return None, 0


def load(path: str, at_least: int = 0):
    """The picture decoded and upright (EXIF orientation applied), or a PictureError; the content check's
    rules first. `at_least`: a JPEG may be decoded at a reduced scale down to that many pixels a side,
    which the pictures made from it never exceed (a 48-megapixel photo decodes at a quarter of the cost)."""
    from PIL import Image, ImageOps

    found = inspect(path)
    if found.problem:
        raise PictureError(found.problem, found.fix)
    if found.size is None:
        raise PictureError("cannot be read as a picture (damaged or cut short)",
                           "copy the original photo again from the camera or phone, or save it again as JPEG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # inspect() applied MAX_PIXELS
            image = Image.open(path)
            if at_least and image.format == "JPEG":
                image.draft(image.mode, (at_least, at_least))
            image.load()
            return ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as e:
        raise PictureError(f"is damaged or cut short ({e})", "copy the original photo again from the camera or phone")


def avif_has_metadata(path: str) -> bool:
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            # The item table (meta box) sits at the start; XMP may also trail the picture data.
            data = fh.read(min(size, 1 << 20))
            if size > 1 << 20:
                fh.seek(max(size - (1 << 20), 1 << 20))
                data += fh.read()
    except OSError:
        return True
    return any(marker in data for marker in AVIF_METADATA)
