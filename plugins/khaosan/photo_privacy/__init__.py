"""Photos lose their EXIF GPS position (and every other camera note but orientation) in the output.

A communicator's phone writes where a photo was taken into the file; published as is, it would show
where people live. After the build has copied the pictures, every JPEG and PNG in the output is
rewritten without its metadata segments. The picture data itself is copied byte for byte: no re-encoding,
no loss of quality.
"""
from __future__ import annotations

import logging
import os


from .strip import strip_jpeg, strip_png

logger = logging.getLogger(__name__)

# What EXIF, XMP and PNG text chunks start with: a damaged file holding one of them may hold a position.
CAMERA_DATA_MARKERS = (b"Exif\x00\x00", b"http://ns.adobe.com/xap/", b"eXIf", b"iTXt", b"tEXt", b"zTXt")
STRIPPERS = {".jpg": strip_jpeg, ".jpeg": strip_jpeg, ".png": strip_png}


def strip_output(pelican):
    """Runs on `finalized`, before atomic_output swaps the finished build into place."""
    changed = 0
    for dirpath, dirnames, filenames in os.walk(pelican.output_path):
        dirnames.sort()
        for name in sorted(filenames):
            strip = STRIPPERS.get(os.path.splitext(name)[1].lower())
            if strip is None:
                continue
            path = os.path.join(dirpath, name)
            with open(path, "rb") as fh:
                data = fh.read()
            try:
                cleaned = strip(data)
            except ValueError as e:
                if any(marker in data for marker in CAMERA_DATA_MARKERS):
                    # Name the communicator's file: pictures are published at their path in the content folder.
                    rel = os.path.relpath(path, pelican.output_path)
                    source = os.path.join(pelican.settings["PATH"], rel)
                    logger.error("%s: a damaged picture (%s) that carries camera data, which could not be removed; "
                                 "open it in a photo editor and save it again, or remove it",
                                 os.path.relpath(source) if os.path.exists(source) else rel, e)
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
