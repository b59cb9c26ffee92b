"""Pelican plugin: Thai provinces, regions and health regions (see table.py)."""
from __future__ import annotations

from .table import (
    ATTRIBUTION,
    HealthRegion,
    Places,
    Province,
    Region,
    load_places,
    shapes,
)

__all__ = ["ATTRIBUTION", "HealthRegion", "Places", "Province", "Region", "load_places", "shapes"]


def add_to_context(generator) -> None:
    # One shared context dict serves every generator; a value set by the lead's config wins.
    generator.context.setdefault("PLACES", load_places())
