"""Production settings: an absolute SITEURL, so feeds and e-mail editions carry absolute links.

Set KHAOSAN_SITEURL to the address the site is published at.
"""
import os

from pelican.settings import get_settings_from_file

# Pelican runs this file by path; the development settings are read from beside it, wherever the command runs.
globals().update(get_settings_from_file(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pelicanconf.py")))

SITEURL = os.environ.get("KHAOSAN_SITEURL", "https://khaosan.github.io").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
SHOW_DRAFTS = False  # a published site never carries drafts, whatever the environment says
LIVE_RELOAD = False
