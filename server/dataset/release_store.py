"""Reading the releases folder (written by release.py): which releases there are, the latest
one's manifest, and a release's files by the names its manifest lists (nothing else is ever
served from the folder)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
# 2026.11.30, or 2026.11.30.2 for a second release on one day.
VERSION = re.compile(r"^\d{4}\.\d{2}\.\d{2}(\.\d{1,4})?$")


def _manifest(folder: Path) -> dict[str, Any] | None:
    """A release's manifest, None unless it is a complete, readable release."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(data, dict) and data.get("version") == folder.name
    return data if ok and isinstance(data.get("sequence"), int) else None


def manifests(root: Path) -> list[dict[str, Any]]:
    """Every release under `root`, oldest first (none when the folder does not exist)."""
    try:
        folders = [p for p in root.iterdir() if VERSION.match(p.name) and p.is_dir()]
    except OSError:
        return []
    found = [m for m in (_manifest(p) for p in folders) if m is not None]
    return sorted(found, key=lambda m: m["sequence"])


def latest_manifest(root: Path) -> dict[str, Any] | None:
    found = manifests(root)
    return found[-1] if found else None


def manifest_of(root: Path, version: str) -> dict[str, Any] | None:
    if not VERSION.match(version):
        return None
    return _manifest(root / version)


def release_file(root: Path, version: str, name: str) -> tuple[Path, dict[str, Any]] | None:
    """A file of a release and its manifest entry, when the manifest lists it."""
    manifest = manifest_of(root, version)
    if manifest is None:
        return None
    for entry in manifest.get("files", []):
        if entry.get("name") == name:
            path = root / version / name
            return (path, entry) if path.is_file() else None
    return None
