"""QR codes of the shared pages' addresses, drawn once per address and kept in the picture cache.

segno draws a code in pure Python in about 6 ms, four fifths of it scoring the eight masks the QR standard
asks an encoder to choose between; at one code a page that was a third of a full build (docs/benchmarks.md).
So the codes of every page that shows the share box that the cache lacks are drawn before the pages are
written, on every core (khaosan.parallel's pool), and kept in the picture cache under a name made of the
address and segno's version: a build after the first draws only the addresses it has not seen, and reads a
kept code only for a page it writes.
A page the list below does not foresee still gets its code, drawn when its template asks.
"""
from __future__ import annotations

import hashlib
import logging
import os

import segno

from khaosan import parallel, pictures, url_scheme
from khaosan.content_model.reader import BUILD_KEY
from khaosan.feeds.absolute import absolute_url
from khaosan.places import load_places

logger = logging.getLogger(__name__)

QR_KEY = "KHAOSAN_QR_CODES"
CACHE_SUBFOLDER = "qr"
PLACE_SECTIONS = ("provinces", "regions", "health-regions")


def draw(address: str) -> str:
    """The address as an inline SVG QR code: one path, sized by CSS, with a quiet zone of two modules."""
    code = segno.make(address, error="m")
    return code.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True, svgclass="qr-code",
                           lineclass=None)


def address_of(settings, url: str) -> str:
    """The page at `url` (site-relative) as a whole address; a whole address (LINE's) stays as it is."""
    return absolute_url(url_scheme.site_address(settings), url)


def shared_urls(index) -> list[str]:
    """The pages whose templates show the share box: items, partners and editions, places, the home pages."""
    urls = [url_scheme.item(entry.kind.name, entry.slug, entry.lang)
            for entry in index.entries if entry.kind.name in pictures.CARD_KINDS]
    places = load_places()
    for lang in url_scheme.LANGUAGES:
        urls.append(url_scheme.home(lang))
        for section, group in zip(PLACE_SECTIONS, (places.provinces, places.regions, places.health_regions)):
            urls.extend(url_scheme.item(section, place.slug, lang) for place in group)
    return urls


def cache_name(address: str) -> str:
    return hashlib.sha256(f"segno {segno.__version__}\n{address}".encode("utf-8")).hexdigest()[:40] + ".svg"


def _draw_chunk(addresses):
    return [draw(address) for address in addresses]


class Codes:
    """The codes of one build: those drawn now, and the cache's, read when a page asks for one (a build
    after an edit writes a few pages, and reading every kept code was half a second at 4,000 × 2 items)."""

    def __init__(self, folder: str, names: set[str], drawn: dict[str, str]):
        self._folder, self._names, self._codes = folder, names, drawn

    def get(self, address: str) -> str | None:
        svg = self._codes.get(address)
        if svg is None:
            name = cache_name(address)
            if name in self._names:
                try:
                    with open(os.path.join(self._folder, name), encoding="utf-8") as fh:
                        svg = fh.read()
                except OSError:
                    svg = None
            if svg is None:
                svg = draw(address)
            self._codes[address] = svg
        return svg


def prepare(pelican):
    """get_generators (after the content index): the codes the cache lacks for the shared pages, drawn now."""
    settings = pelican.settings
    folder = os.path.join(pictures.cache_folder(settings), CACHE_SUBFOLDER)
    os.makedirs(folder, exist_ok=True)
    names = set(os.listdir(folder))
    missing = [address for address in sorted({address_of(settings, url) for url in shared_urls(settings[BUILD_KEY].index)})
               if cache_name(address) not in names]
    drawn = {}
    count = parallel.processes_for(settings, len(missing), small=64)
    for address, svg in zip(missing, parallel.share_out(count, _draw_chunk, missing, "drawing QR codes")):
        drawn[address] = svg
        path = os.path.join(folder, cache_name(address))
        tmp = f"{path}.{os.getpid()}.tmp"   # two builds sharing a cache never read half a file
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(svg)
        os.replace(tmp, path)
    settings[QR_KEY] = Codes(folder, names, drawn)
    logger.debug("QR codes: %d drawn, the others from the cache as pages ask", len(missing))


def svg_for(settings, url: str) -> str:
    address = address_of(settings, url)
    codes = settings.get(QR_KEY)
    return codes.get(address) if codes is not None else draw(address)
