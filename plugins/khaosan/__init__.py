"""khaosan: Pelican with the regional e-news of Thailand's health-promotion partner networks.

One plugin (`PLUGINS = ["khaosan"]`): `register()` connects every receiver of every module from the one
wiring table in `khaosan.wiring`, in the order written there. The other modules are plain libraries.
"""
from __future__ import annotations

from khaosan.wiring import register

__all__ = ["register"]
