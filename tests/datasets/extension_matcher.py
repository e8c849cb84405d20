"""The extension's local matcher (extension/background/matching/matcher.js) run by node over a
domain index, for data-set tests that compare it with the server's lookups.

Without node the caller skips, unless CI is set, when it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
MATCHER_JS = REPO / "extension" / "background" / "matching" / "matcher.js"

# argv: the matcher's file URL, a file holding {index, urls}; prints one slug (or null) per URL.
MATCH_ALL = """
import { readFileSync } from 'node:fs';
const { DomainIndex } = await import(process.argv[1]);
const { index, urls } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const local = new DomainIndex(index);
process.stdout.write(JSON.stringify(urls.map((u) => local.matchUrl(u)?.outlet.slug ?? null)));
"""


def local_slugs(index: dict[str, Any], urls: list[str]) -> list[str | None]:
    """The outlet slug the extension's matcher gives each URL with this index, offline."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed: the extension's matcher cannot be checked in CI")
        pytest.skip("node is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "input.json"
        data.write_text(json.dumps({"index": index, "urls": urls}), encoding="utf-8")
        out = subprocess.run(
            [node, "--input-type=module", "-e", MATCH_ALL, MATCHER_JS.as_uri(), str(data)],
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
    slugs: list[str | None] = json.loads(out.stdout)
    return slugs
