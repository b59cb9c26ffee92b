"""Remove metadata from JPEG and PNG files by dropping segments; the compressed picture is untouched."""
from __future__ import annotations

import struct

ORIENTATION_TAG = 0x0112
# JPEG segments kept: APP0 (JFIF), APP2 only for ICC colour profiles, APP14 (Adobe colour transform).
KEEP_APP = {0xE0, 0xEE}
STANDALONE = {0x01} | set(range(0xD0, 0xD8))   # TEM, RST0-7 carry no length


def _orientation(exif: bytes) -> int:
    """The Orientation value of an EXIF APP1 payload (after 'Exif\\0\\0'), or 1."""
    try:
        order = {b"II": "<", b"MM": ">"}[exif[:2]]
        (ifd,) = struct.unpack(order + "I", exif[4:8])
        (count,) = struct.unpack(order + "H", exif[ifd:ifd + 2])
        for i in range(count):
            entry = exif[ifd + 2 + 12 * i: ifd + 14 + 12 * i]
            tag, kind, _n = struct.unpack(order + "HHI", entry[:8])
            if tag == ORIENTATION_TAG and kind == 3:
                value = struct.unpack(order + "H", entry[8:10])[0]
                return value if 1 <= value <= 8 else 1
    except (KeyError, struct.error, IndexError):
        pass
    return 1


def _orientation_segment(value: int) -> bytes:
    """A minimal EXIF APP1 with one tag, Orientation, so rotated phone photos still show upright."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + struct.pack(">HHIHH", ORIENTATION_TAG, 3, 1, value, 0) + struct.pack(">I", 0)
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def strip_jpeg(data: bytes) -> bytes:
    """The same JPEG without EXIF (but its orientation), XMP, IPTC, comments, or trailing images (MPF)."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out = [b"\xff\xd8"]
    orientation = 1
    pos = 2
    n = len(data)
    while pos < n:
        if data[pos] != 0xFF:
            raise ValueError(f"broken JPEG structure at byte {pos}")
        marker = data[pos + 1] if pos + 1 < n else 0xD9
        if marker == 0xFF:          # fill byte
            pos += 1
            continue
        if marker == 0xD9:          # end of image: whatever follows (MPF previews with their own EXIF) goes
            out.append(b"\xff\xd9")
            break
        if marker in STANDALONE:
            out.append(data[pos:pos + 2])
            pos += 2
            continue
        if pos + 4 > n:
            raise ValueError("truncated JPEG")
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        end = pos + 2 + length
        segment = data[pos:end]
        payload = segment[4:]
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            orientation = _orientation(payload[6:])
        elif 0xE0 <= marker <= 0xEF:
            if marker in KEEP_APP or (marker == 0xE2 and payload.startswith(b"ICC_PROFILE\x00")):
                out.append(segment)
        elif marker == 0xFE:        # comment
            pass
        else:
            out.append(segment)
        pos = end
        if marker == 0xDA:          # start of scan: copy the entropy-coded data up to the next real marker
            scan_end = pos
            while True:
                scan_end = data.find(b"\xff", scan_end)
                if scan_end < 0 or scan_end + 1 >= n:
                    scan_end = n
                    break
                following = data[scan_end + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    scan_end += 1 if following == 0xFF else 2
                    continue
                break
            out.append(data[pos:scan_end])
            pos = scan_end
    if orientation != 1:
        out.insert(1, _orientation_segment(orientation))
    return b"".join(out)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# eXIf holds EXIF (GPS included); tEXt, zTXt and iTXt hold XMP and free text; tIME the moment of saving.
PNG_DROPPED = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}


def strip_png(data: bytes) -> bytes:
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    out = [PNG_SIGNATURE]
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise ValueError("truncated PNG")
        if kind not in PNG_DROPPED:
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            break
    return b"".join(out)


# WebP (RIFF) chunks that hold EXIF and XMP; the VP8X header's flags announce them and are cleared too.
WEBP_DROPPED = {b"EXIF", b"XMP "}
VP8X_EXIF_FLAG, VP8X_XMP_FLAG = 0x08, 0x04


def strip_webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    chunks = []
    pos = 12
    while pos + 8 <= len(data):
        kind = data[pos:pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4:pos + 8])
        end = pos + 8 + length + (length & 1)
        if pos + 8 + length > len(data):
            raise ValueError("truncated WebP")
        chunk = data[pos:min(end, len(data))]
        if kind == b"VP8X" and length >= 1:
            flags = chunk[8] & ~(VP8X_EXIF_FLAG | VP8X_XMP_FLAG)
            chunk = chunk[:8] + bytes([flags]) + chunk[9:]
        if kind not in WEBP_DROPPED:
            chunks.append(chunk)
        pos = end
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# GIF application extensions kept: the animation loop count. Others (XMP DataXMP, ICC, editors' notes) go.
GIF_KEPT_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


def _gif_sub_blocks(data: bytes, pos: int) -> int:
    """The position after a chain of GIF data sub-blocks starting at `pos`."""
    while True:
        if pos >= len(data):
            raise ValueError("truncated GIF")
        size = data[pos]
        pos += 1 + size
        if size == 0:
            return pos


def strip_gif(data: bytes) -> bytes:
    """The same GIF without comments and application data other than the loop count."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        raise ValueError("not a GIF")
    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    out = [data[:pos]]
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:           # trailer
            out.append(b"\x3b")
            return b"".join(out)
        if block == 0x21:           # extension
            if pos + 2 > len(data):
                raise ValueError("truncated GIF")
            label = data[pos + 1]
            end = _gif_sub_blocks(data, pos + 2)
            keep = label in (0xF9, 0x01) or (label == 0xFF and data[pos + 3:pos + 14] in GIF_KEPT_APPLICATIONS)
            if keep:
                out.append(data[pos:end])
            pos = end
        elif block == 0x2C:         # image: descriptor, local colour table, LZW data
            if pos + 10 > len(data):
                raise ValueError("truncated GIF")
            local = data[pos + 9]
            start = pos + 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0)
            end = _gif_sub_blocks(data, start + 1)
            out.append(data[pos:end])
            pos = end
        else:
            raise ValueError(f"broken GIF structure at byte {pos}")
    raise ValueError("truncated GIF")
