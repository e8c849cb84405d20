"""A fact check's ClaimReview: the claim, its rating and where the claim appeared."""

from __future__ import annotations

from typing import Any

from .jsonld import JsonLd, types_of, walk_nodes
from .values import as_list, clean, first


def _find_review(ld: JsonLd) -> dict[str, Any] | None:
    review = ld.find("ClaimReview")
    if review is not None:
        return review
    for node in walk_nodes(ld.top):
        if "ClaimReview" in types_of(node):
            return node
    return None


def _rating(ld: JsonLd, review: dict[str, Any]) -> str | None:
    rating = ld.resolve(first(as_list(review.get("reviewRating"))))
    if not isinstance(rating, dict):
        return None
    return (
        clean(rating.get("alternateName"))
        or clean(rating.get("ratingValue"))
        or clean(rating.get("name"))
    )


def _item_reviewed(ld: JsonLd, review: dict[str, Any]) -> tuple[str | None, str | None]:
    """The reviewed claim's URL and author."""
    item = ld.resolve(first(as_list(review.get("itemReviewed"))))
    if not isinstance(item, dict):
        return None, None
    item_url = ld.url(item.get("url")) or ld.url(item.get("sameAs"))
    for key in ("appearance", "firstAppearance"):
        item_url = item_url or ld.url(item.get(key))
    return item_url, ld.name(item.get("author"))


def claim_review(ld: JsonLd, fallback_url: str | None) -> dict[str, Any] | None:
    """The page's ClaimReview as a plain dict, or None when it has none."""
    review = _find_review(ld)
    if review is None:
        return None
    item_url, item_author = _item_reviewed(ld, review)
    return {
        "claim_reviewed": clean(review.get("claimReviewed")),
        "rating": _rating(ld, review),
        "item_reviewed_url": item_url,
        "item_reviewed_author": item_author,
        "review_url": ld.url(review.get("url")) or fallback_url,
    }
