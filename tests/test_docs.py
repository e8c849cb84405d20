"""Docs that are generated must match what generates them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_api_reference_is_generated_from_the_current_openapi_document():
    spec = importlib.util.spec_from_file_location("gen", REPO / "scripts" / "gen_api_docs.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    expected = gen.render(gen.document())
    assert (REPO / "docs" / "api.md").read_text(encoding="utf-8") == expected, (
        "docs/api.md is stale: run python scripts/gen_api_docs.py"
    )
