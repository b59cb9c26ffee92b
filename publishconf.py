"""Production settings: an absolute SITEURL, so feeds and e-mail editions carry absolute links.

Set KHAOSAN_SITEURL to the address the site is published at.
"""
import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("KHAOSAN_SITEURL", "https://khaosan.github.io").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
