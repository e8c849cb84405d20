"""The credits a record owes the datasets its facts come from (their licences ask for
attribution), shown on the public record page under the facts they cover."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

RSP_ISSUER = "Wikipedia editors (Reliable sources/Perennial sources)"
RSP_URL = "https://en.wikipedia.org/wiki/Wikipedia:Reliable_sources/Perennial_sources"

# issuer of a label -> its credit: what it is, where, by whom, under which licence.
LABEL_CREDITS: dict[str, dict[str, str]] = {
    RSP_ISSUER: {
        "work": "Wikipedia:Reliable sources/Perennial sources",
        "url": RSP_URL,
        "by": "Wikipedia contributors",
        "licence": "CC BY-SA 4.0",
    },
}


def label_credits(labels: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The credits the labels owe, once each, in the labels' order."""
    issuers = dict.fromkeys(str(label.get("issuer")) for label in labels)
    return [LABEL_CREDITS[i] for i in issuers if i in LABEL_CREDITS]
