"""Photos lose their EXIF GPS position (and every other camera note but orientation) in the output.

A communicator's phone writes where a photo was taken into the file; published as is, it would show
where people live. After the build has copied the pictures, every picture in the output is rewritten
without its metadata: JPEG, PNG, WebP and GIF, recognised by their bytes, never by their names (a JPEG
named .png, or with no extension, is cleaned as a JPEG). The picture data itself is copied byte for
byte: no re-encoding, no loss of quality. A picture that cannot be cleaned (an AVIF or HEIC that carries
camera data, a damaged file with camera data in it) stops the build: the content check refuses them
first, so this is the last line, for files that reach the output some other way. The pictures
khaosan.pictures encodes itself from pixels (every photo's sizes, logos, share cards) are not read again.
"""
from __future__ import annotations

import logging
import os

from khaosan.content_model.pictures import AVIF_METADATA, sniff
from khaosan.content_model.problems import ContentError, one_line, report_logger
from khaosan.pictures import PUBLISHED_KEY

from .strip import strip_gif, strip_jpeg, strip_png, strip_webp

logger = logging.getLogger(__name__)

# What EXIF, XMP and PNG text chunks start with: a damaged file holding one of them may hold a position.
CAMERA_DATA_MARKERS = (b"Exif\x00\x00", b"http://ns.adobe.com/xap/", b"eXIf", b"iTXt", b"tEXt", b"zTXt", b"XMP ", b"EXIF")
STRIPPERS = {"JPEG": strip_jpeg, "PNG": strip_png, "WEBP": strip_webp, "GIF": strip_gif}


class PhotoPrivacyError(ContentError):
    """A picture in the output still carries camera data; the build stops before the swap."""


def strip_output(pelican):
    """Runs on `finalized`, before atomic_output swaps the finished build into place."""
    changed = 0
    refused = []
    derived = pelican.settings.get(PUBLISHED_KEY) or set()
    for dirpath, dirnames, filenames in os.walk(pelican.output_path):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if os.path.islink(path) or not os.path.isfile(path) or os.path.abspath(path) in derived:
                continue
            with open(path, "rb") as fh:
                kind = sniff(fh.read(16))
            if kind is None:
                continue
            with open(path, "rb") as fh:
                data = fh.read()
            strip = STRIPPERS.get(kind)
            if strip is None:
                if any(marker in data for marker in AVIF_METADATA):
                    refused.append((path, f"a {kind} picture that carries camera data, which cannot be removed from {kind}",
                                    "export it as JPEG or WebP"))
                continue
            try:
                cleaned = strip(data)
            except ValueError as e:
                if any(marker in data for marker in CAMERA_DATA_MARKERS):
                    refused.append((path, f"a damaged picture ({e}) that carries camera data, which could not be removed",
                                    "open it in a photo editor and save it again, or remove it"))
                else:   # damaged, but with nothing in it that could tell where it was taken
                    logger.debug("%s: not a readable picture (%s); it has no camera data", path, e)
                continue
            if cleaned != data:
                # A copy of our own, never the content file: Pelican may have linked rather than copied it.
                os.unlink(path)
                with open(path, "wb") as fh:
                    fh.write(cleaned)
                changed += 1
    logger.debug("removed camera metadata from %d pictures", changed)
    if refused:
        lines = [one_line(f"{source_name(pelican, path)}:1: picture: {problem}; {fix}") for path, problem, fix in refused]
        lines.append(f"{len(refused)} picture(s) would publish camera data; nothing was built and the last good output was left as it was.")
        try:
            report_logger().error("%s", "\n".join(lines))
        except RuntimeError:
            pass  # Pelican's --fatal raises after the record is written
        raise PhotoPrivacyError(f"{len(refused)} picture(s) with camera data; see the lines above")


def source_name(pelican, path: str) -> str:
    """Name the communicator's file: pictures are published at their path in the content folder."""
    rel = os.path.relpath(path, pelican.output_path)
    source = os.path.join(pelican.settings["PATH"], rel)
    return os.path.relpath(source) if os.path.exists(source) else rel
