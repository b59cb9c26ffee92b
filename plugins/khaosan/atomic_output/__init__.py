"""Build into a staging folder and swap it in only when the build succeeds.

A failed build (bad content, a template error) must leave the last good output/ exactly as it was.
"""
from __future__ import annotations

import logging
import os
import shutil


logger = logging.getLogger(__name__)

STAGING_SUFFIX = ".building"
RETIRED_SUFFIX = ".previous"


def final_path(pelican) -> str:
    return os.path.abspath(pelican.settings["OUTPUT_PATH"])


def start_staging(pelican):
    final = final_path(pelican)
    staging = final + STAGING_SUFFIX
    # A staging folder left by a crashed build holds nothing worth keeping.
    shutil.rmtree(staging, ignore_errors=True)
    if os.path.isdir(final):
        # Copying lets Pelican's own options that keep files in output/ (OUTPUT_RETENTION) still work.
        for name in pelican.settings.get("OUTPUT_RETENTION", []):
            src = os.path.join(final, name)
            if os.path.exists(src):
                dst = os.path.join(staging, name)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                (shutil.copytree if os.path.isdir(src) else shutil.copy2)(src, dst)
    os.makedirs(staging, exist_ok=True)
    pelican.output_path = staging


def swap_in(pelican):
    final = final_path(pelican)
    staging = pelican.output_path
    if os.path.abspath(staging) == final:
        return
    retired = final + RETIRED_SUFFIX
    shutil.rmtree(retired, ignore_errors=True)
    if os.path.exists(final):
        os.rename(final, retired)
    os.rename(staging, final)
    shutil.rmtree(retired, ignore_errors=True)
    pelican.output_path = final
    logger.debug("swapped the new build into %s", final)
