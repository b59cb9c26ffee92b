"""Whole output trees, compared byte for byte."""
from __future__ import annotations

import hashlib
from pathlib import Path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path → SHA-256 of its bytes)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(a: dict, b: dict) -> list[str]:
    out = [f"only in the first: {k}" for k in sorted(a.keys() - b.keys())]
    out += [f"only in the second: {k}" for k in sorted(b.keys() - a.keys())]
    out += [f"differs: {k}" for k in sorted(a.keys() & b.keys()) if a[k] != b[k]]
    return out
