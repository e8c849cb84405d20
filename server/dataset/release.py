"""Open-data releases: the whole dataset written as a dated, versioned folder (`flask export
--release`), with a manifest and a changelog of what changed since the previous release.

    <root>/2026.11.30/manifest.json      version, sequence, data version, counts, sha256 of files
                     /masthead.json      the dataset format (as `flask export`)
                     /outlets.csv        one row per outlet
                     /domain-rules.csv   one row per domain rule
                     /changelog.json     the revisions since the previous release
                     /CHANGELOG.md       the same, to read

A release is written into a hidden folder and renamed into place, so a reader (the releases
API, server/dataset/release_store.py) never sees half of one. The version is the UTC date,
with `.2`, `.3`… for further releases on one day; `sequence` counts releases. The changelog
lists the revisions after the previous release's `last_revision` up to this one's.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import models as m
from ..errors import ValidationFailed
from ..models.base import utcnow
from .export import export_dataset
from .release_store import MANIFEST, latest_manifest

RELEASE_FORMAT = "masthead-release/1"
DATASET_FILE = "masthead.json"
OUTLET_COLUMNS = (
    "slug", "name", "other_names", "country", "kind", "status", "languages", "founded",
    "website", "wikidata_qid", "description", "citation_url", "citation_accessed",
)  # fmt: skip
RULE_COLUMNS = ("outlet", "host", "path_prefix", "role", "fold_variants")
COUNTED = {
    "outlets": m.Outlet,
    "domain_rules": m.DomainRule,
    "entities": m.Entity,
    "relations": m.Relation,
    "labels": m.Label,
    "citations": m.Citation,
    "stories": m.Story,
    "articles": m.Article,
    "report_links": m.ReportLink,
}
MEDIA_TYPES = {".json": "application/json", ".csv": "text/csv", ".md": "text/markdown"}


def _csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


def outlets_csv(dataset: dict[str, Any]) -> bytes:
    def row(o: dict[str, Any]) -> list[Any]:
        cite = o.get("citation") or {}
        lists = {"other_names": "|".join(o["other_names"]), "languages": "|".join(o["languages"])}
        own = [lists.get(c, o.get(c)) for c in OUTLET_COLUMNS[:-2]]
        return [*own, cite.get("url"), cite.get("accessed")]

    return _csv(OUTLET_COLUMNS, (row(o) for o in dataset["outlets"]))


def domain_rules_csv(dataset: dict[str, Any]) -> bytes:
    rows = (
        [o["slug"], d["host"], d["path_prefix"], d["role"], str(d["fold_variants"]).lower()]
        for o in dataset["outlets"]
        for d in o["domains"]
    )
    return _csv(RULE_COLUMNS, rows)


# -- the changelog ---------------------------------------------------------------------------


def _name(rev: m.Revision) -> str:
    snap = rev.after or rev.before or {}
    label = snap.get("slug") or snap.get("host") or snap.get("canonical_url")
    kind = rev.record_type.replace("_", " ")
    return f"{kind} {label} ({rev.record_id})" if label else f"{kind} {rev.record_id}"


def change_of(rev: m.Revision) -> dict[str, Any]:
    """One revision as a changelog entry: what record, what was done, which fields."""
    before, after = rev.before or {}, rev.after or {}
    fields = sorted(
        k
        for k in set(before) | set(after)
        if k not in ("id", "version") and not k.startswith("_") and before.get(k) != after.get(k)
    )
    return {
        "revision": rev.id,
        "at": rev.created_at.replace(microsecond=0).isoformat() + "Z",
        "record_type": rev.record_type,
        "record_id": rev.record_id,
        "record": _name(rev),
        "action": rev.action,
        "fields": fields if rev.before is not None and rev.after is not None else [],
        "comment": rev.comment,
    }


def changelog(session: Session, after: int, upto: int) -> list[dict[str, Any]]:
    stmt = (
        select(m.Revision)
        .where(m.Revision.id > after, m.Revision.id <= upto)
        .order_by(m.Revision.id)
    )
    return [change_of(rev) for rev in session.scalars(stmt)]


def changelog_markdown(manifest: dict[str, Any], changes: list[dict[str, Any]]) -> bytes:
    lines = [f"# Masthead data {manifest['version']}", ""]
    previous = manifest["previous"]
    if previous is None:
        lines.append("The first release: no earlier release to compare with.")
    else:
        lines.append(f"Changes since {previous}: {len(changes)} revisions.")
    lines.append("")
    for c in changes:
        what = f" ({', '.join(c['fields'])})" if c["fields"] else ""
        why = f": {c['comment']}" if c["comment"] else ""
        lines.append(f"- {c['at'][:10]} {c['record']} {c['action']}{what}{why}")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


# -- writing a release -----------------------------------------------------------------------


def _snapshot(session: Session) -> tuple[int, int, dict[str, Any], dict[str, int]]:
    """(data version, last revision id, dataset, counts), read so they agree: read again
    when a write landed in between (at most a few times)."""
    for _attempt in range(5):
        version = session.scalar(select(m.DataVersion.version)) or 0
        last = session.scalar(select(func.max(m.Revision.id))) or 0
        dataset = export_dataset(session)
        counts = {
            name: session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in COUNTED.items()
        }
        if (session.scalar(select(m.DataVersion.version)) or 0) == version:
            return int(version), int(last), dataset, counts
        session.rollback()
    raise ValidationFailed("the data kept changing while the release was read; try again")


def _release_root(root: Path) -> Path:
    if root.exists() and not root.is_dir():
        raise ValidationFailed(f"{root} is not a directory", field="release")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationFailed(
            f"cannot create the release directory {root}: {exc.strerror}", field="release"
        ) from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise ValidationFailed(f"the release directory {root} is not writable", field="release")
    return root


def _version_for(root: Path, day: dt.date) -> str:
    base = day.strftime("%Y.%m.%d")
    n = 1
    while (root / (base if n == 1 else f"{base}.{n}")).exists():
        n += 1
    return base if n == 1 else f"{base}.{n}"


def write_release(session: Session, root: Path, *, now: dt.datetime | None = None) -> dict:
    """Write the next release under `root` (created if missing); return its manifest."""
    root = _release_root(root)
    now = (now or utcnow()).replace(microsecond=0)
    previous = latest_manifest(root)
    data_version, last, dataset, counts = _snapshot(session)
    after = int(previous["last_revision"]) if previous else last
    changes = changelog(session, after, last) if previous else []
    dataset_bytes = (json.dumps(dataset, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    version = _version_for(root, now.date())
    manifest: dict[str, Any] = {
        "format": RELEASE_FORMAT,
        "version": version,
        "sequence": (int(previous["sequence"]) + 1) if previous else 1,
        "created_at": now.isoformat() + "Z",
        "data_version": data_version,
        "last_revision": last,
        "previous": previous["version"] if previous else None,
        "counts": counts,
        "changes": len(changes),
    }
    files = {
        DATASET_FILE: dataset_bytes,
        "outlets.csv": outlets_csv(dataset),
        "domain-rules.csv": domain_rules_csv(dataset),
        "changelog.json": (json.dumps(changes, ensure_ascii=False, indent=1) + "\n").encode(),
        "CHANGELOG.md": changelog_markdown(manifest, changes),
    }
    manifest["files"] = [
        {
            "name": name,
            "media_type": MEDIA_TYPES[Path(name).suffix],
            "bytes": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
        for name, body in files.items()
    ]
    files[MANIFEST] = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()
    _publish(root, version, files)
    return manifest


def _publish(root: Path, version: str, files: dict[str, bytes]) -> None:
    """Write the files into a hidden folder, then rename it to `version` in one step."""
    partial = root / f".partial-{version}-{secrets.token_hex(4)}"
    partial.mkdir()
    for name, body in files.items():
        (partial / name).write_bytes(body)
    try:
        partial.rename(root / version)
    except OSError:
        for name in files:
            (partial / name).unlink()
        partial.rmdir()
        raise ValidationFailed(
            f"a release {version} appeared meanwhile; run the export again", field="release"
        ) from None
