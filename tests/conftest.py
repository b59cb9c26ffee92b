"""The fixture sites, each built once per test session and shared by every test file that reads it.

A test that changes a site's content builds its own (sitebuilder.build); a test that only reads one takes
the session's: bundled_site (content/), partner_site (tests/partnersite.py), place_site
(tests/placesite.py), feed_site (tests/feedsite.py) and, for the quality gates, small_site.
"""
import contextlib
import os

import pytest

import feedsite
import partnersite
import placesite
from sitebuilder import build


@pytest.fixture(scope="session", autouse=True)
def shared_picture_cache(tmp_path_factory):
    """Every site a test builds shares one picture cache (pelicanconf.py reads KHAOSAN_PICTURE_CACHE), as a
    communicator's repeated builds do: the share cards of the 77 provinces are drawn once per session, not
    once per small site. Tests of the cache itself set PICTURE_CACHE_PATH in their own settings."""
    folder = tmp_path_factory.mktemp("picture-cache")
    previous = os.environ.get("KHAOSAN_PICTURE_CACHE")
    os.environ["KHAOSAN_PICTURE_CACHE"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("KHAOSAN_PICTURE_CACHE", None)
    else:
        os.environ["KHAOSAN_PICTURE_CACHE"] = previous


@pytest.fixture(scope="session")
def bundled_site(bundled_build):
    """The bundled content/ built once per test session with the real pelican command (must build)."""
    return bundled_build.ok()


@pytest.fixture(scope="session")
def partner_site(tmp_path_factory):
    """Partners, reports and news across regions and languages (the directory, topics, open data, JSON-LD)."""
    return build(tmp_path_factory.mktemp("partner_site"), partnersite.files()).ok()


@pytest.fixture(scope="session")
def place_site(tmp_path_factory):
    """Reports, news and partners spread over provinces, regions and health regions."""
    return build(tmp_path_factory.mktemp("place_site"), placesite.files()).ok()


@pytest.fixture(scope="session")
def feed_site(tmp_path_factory):
    """Reports and news in both languages with a cover picture, and two e-news editions."""
    return build(tmp_path_factory.mktemp("feed_site"), feedsite.files()).ok()


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for every browser test of the session (each test opens its own pages)."""
    from quality.browser import chromium
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def server():
    """`server(site)`: the base URL of a loopback HTTP server for a built site, one server per site."""
    from browser import serve
    bases = {}
    with contextlib.ExitStack() as stack:
        def base_of(site) -> str:
            key = str(site.output)
            if key not in bases:
                bases[key] = stack.enter_context(serve(site.output))
            return bases[key]
        yield base_of


# The quality gates' sites (issue 6): the bundled site for the gates, and a small fixture site they break.
from quality.fixtures import bundled_build, small_copy, small_site  # noqa: E402,F401
