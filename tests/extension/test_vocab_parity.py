"""The extension's vocabularies (extension/lib/vocab.js) agree with the server's (server/vocab.py).

The server is the source of truth. Every vocabulary in `server.vocab` is either mirrored by
the extension's `SERVER_VOCABULARIES`, with exactly the server's values (order aside: the panel
keeps its own display order), or named in its `VOCABULARIES_NOT_SHOWN` with the reason the
extension needs no words for it. A new server vocabulary or value fails here until the
extension has decided. The extension's vocabularies are read by running node; without node the
test is skipped, unless CI is set, when it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from server import vocab

REPO = Path(__file__).resolve().parents[2]
VOCAB_JS = REPO / "extension" / "lib" / "vocab.js"

# Prints the extension's vocabularies as JSON; the module's file URL is the one argument.
DUMP = """
const m = await import(process.argv[1]);
process.stdout.write(JSON.stringify({
  mirrored: m.SERVER_VOCABULARIES,
  notShown: m.VOCABULARIES_NOT_SHOWN,
}));
"""


def server_vocabularies() -> dict[str, tuple[str, ...]]:
    """Every vocabulary in server/vocab.py: its upper-case tuples of strings."""
    return {
        name: value
        for name, value in vars(vocab).items()
        if name.isupper() and isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    }


def extension_vocabularies() -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed: the vocabulary parity test cannot run in CI")
        pytest.skip("node is not installed")
    run = subprocess.run(
        [node, "--input-type=module", "-e", DUMP, VOCAB_JS.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def disagreements(
    server: dict[str, tuple[str, ...]], mirrored: dict[str, list[str]], not_shown: dict[str, str]
) -> dict[str, Any]:
    """What the two sides disagree on, by vocabulary name; empty when they agree."""
    found: dict[str, Any] = {}
    for name in sorted(set(server) | set(mirrored) | set(not_shown)):
        if name not in server:
            found[name] = "the extension names a vocabulary server/vocab.py does not have"
        elif name in mirrored and name in not_shown:
            found[name] = "both mirrored and listed as not shown"
        elif name in mirrored:
            values = mirrored[name]
            missing = [v for v in server[name] if v not in values]
            extra = [v for v in values if v not in server[name]]
            duplicated = sorted({v for v in values if values.count(v) > 1})
            if missing or extra or duplicated:
                found[name] = {"missing": missing, "not_on_server": extra, "duplicated": duplicated}
        elif name not in not_shown:
            found[name] = "in neither SERVER_VOCABULARIES nor VOCABULARIES_NOT_SHOWN"
    return found


def test_the_extension_agrees_with_the_server_on_every_vocabulary():
    ext = extension_vocabularies()
    found = disagreements(server_vocabularies(), ext["mirrored"], ext["notShown"])
    assert found == {}, f"extension/lib/vocab.js disagrees with server/vocab.py: {found}"
    # The vocabularies the extension shows are the ones its panel and badges need.
    assert {"OUTLET_KINDS", "RELATION_KINDS", "LABEL_KINDS", "REPORT_RELATIONS"} <= set(
        ext["mirrored"]
    )
    assert all(reason.strip() for reason in ext["notShown"].values())


def test_disagreements_are_found():
    server = {"KINDS": ("a", "b"), "ROLES": ("x",), "NEW": ("n",)}
    assert disagreements(server, {"KINDS": ["b", "a"]}, {"ROLES": "why", "NEW": "why"}) == {}
    assert disagreements(server, {"KINDS": ["a", "c", "c"]}, {"ROLES": "why", "NEW": "why"}) == {
        "KINDS": {"missing": ["b"], "not_on_server": ["c", "c"], "duplicated": ["c"]}
    }
    found = disagreements(server, {"KINDS": ["a", "b"], "GONE": ["g"]}, {"ROLES": "why"})
    assert set(found) == {"GONE", "NEW"}
    found = disagreements(server, {"KINDS": ["a", "b"], "ROLES": ["x"]}, {"ROLES": "w", "NEW": "w"})
    assert set(found) == {"ROLES"}
