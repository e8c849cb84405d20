"""The stale facts issue #15 names stay corrected, with their history kept (an `until`, not a
deletion): CPB's funding of NPR and PBS ended (rescinded July 2025, board vote to dissolve
January 2026); Meta's label on RT and Sputnik ended with their ban (September 2024); RT's
YouTube funding panel ended with the block of its channels (March 2022); VOA stopped
producing content (March 2025); RFE/RL's funding shows its 2025 change."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

SEED = Path(__file__).resolve().parents[2] / "server" / "seed"


@pytest.fixture(scope="module")
def outlets() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(SEED.glob("*.json")):
        for outlet in json.loads(path.read_text("utf-8")).get("outlets", []):
            found[outlet["slug"]] = outlet
    return found


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@pytest.mark.parametrize("slug", ["npr", "pbs"])
def test_cpb_funding_has_ended(outlets, slug):
    cpb = [
        r
        for r in outlets[slug]["relations"]
        if r["object"] == "corporation-for-public-broadcasting"
    ]
    assert cpb and all(_day(r["until"]) and _day(r["until"]) <= dt.date(2026, 1, 31) for r in cpb)


@pytest.mark.parametrize("slug", ["rt", "sputnik"])
def test_metas_label_ended_with_the_ban_and_both_are_kept(outlets, slug):
    meta = [lab for lab in outlets[slug]["labels"] if lab["issuer"].startswith("Meta")]
    label = [lab for lab in meta if lab["kind"] == "platform_label"]
    ban = [lab for lab in meta if lab["kind"] == "broadcast_ban"]
    assert label and all(_day(lab["until"]) == dt.date(2024, 9, 16) for lab in label)
    assert ban and all(
        lab["until"] is None and _day(lab["since"]) == dt.date(2024, 9, 16) for lab in ban
    )


def test_rts_youtube_panel_ended_when_its_channels_were_blocked(outlets):
    youtube = [lab for lab in outlets["rt"]["labels"] if lab["issuer"].startswith("YouTube")]
    panel = [lab for lab in youtube if lab["kind"] == "platform_label"]
    assert panel and all(_day(lab["until"]) == dt.date(2022, 3, 11) for lab in panel)
    assert any(lab["kind"] == "broadcast_ban" and lab["until"] is None for lab in youtube)


def test_voa_is_not_shown_as_active(outlets):
    assert outlets["voa"]["status"] != "active"


def test_rferl_funding_is_dated_after_its_2025_change(outlets):
    funding = [r for r in outlets["rferl"]["relations"] if r["kind"] == "funded_by"]
    assert funding and all(_day(r["as_of"]) >= dt.date(2025, 3, 1) for r in funding)
