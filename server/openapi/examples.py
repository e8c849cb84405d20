"""Example documents shown in the OpenAPI description (trimmed from the seed data); a test
validates each against the schema it illustrates."""

from __future__ import annotations

from typing import Any

_WIKIPEDIA = {
    "url": "https://en.wikipedia.org/wiki/RT_(TV_network)",
    "title": "RT (TV network)",
    "publisher": "Wikipedia",
    "accessed": None,
    "archived_url": None,
}
_SMM = {
    "url": "https://statemediamonitor.com/2023/10/rt/",
    "title": "RT",
    "publisher": "State Media Monitor",
    "accessed": None,
    "archived_url": None,
}
_GOVERNMENT = {
    "slug": "government-of-russia",
    "name": "Government of the Russian Federation",
    "kind": "government",
    "country": "RU",
}
_OWNERSHIP = {
    "paths": [
        [
            {
                "subject": {"type": "outlet", "slug": "rt", "name": "RT"},
                "kind": "operated_by",
                "object": {
                    "slug": "ano-tv-novosti",
                    "name": "ANO TV-Novosti",
                    "kind": "nonprofit",
                    "country": "RU",
                },
                "share": None,
                "since": "2005-04-06",
                "until": None,
                "as_of": "2025-06-01",
                "citation": _WIKIPEDIA,
            },
            {
                "subject": {"type": "entity", "slug": "ano-tv-novosti", "name": "ANO TV-Novosti"},
                "kind": "funded_by",
                "object": _GOVERNMENT,
                "share": None,
                "since": None,
                "until": None,
                "as_of": "2023-10-01",
                "citation": _SMM,
            },
        ]
    ],
    "ultimate_owners": [_GOVERNMENT],
    "truncated": False,
}
OUTLET: dict[str, Any] = {
    "slug": "rt",
    "name": "RT",
    "other_names": ["Russia Today"],
    "description": "Russian state-funded international television network and news website.",
    "country": "RU",
    "languages": ["en", "ru"],
    "kind": "state_controlled",
    "founded": "2005-12-10",
    "website": "https://www.rt.com/",
    "wikidata_qid": None,
    "status": "active",
    "version": 1,
    "citation": _WIKIPEDIA,
    "domains": [
        {
            "host": "rt.com",
            "path_prefix": "",
            "role": "primary",
            "fold_variants": True,
            "path_folds": [],
        },
        {
            "host": "de.rt.com",
            "path_prefix": "",
            "role": "language_edition",
            "fold_variants": True,
            "path_folds": [],
        },
    ],
    "labels": [
        {
            "kind": "state_controlled",
            "issuer": "State Media Monitor",
            "text": "Classed as State-Controlled in the State Media Matrix.",
            "since": None,
            "until": None,
            "as_of": "2023-10-01",
            "citation": _SMM,
        }
    ],
    "ownership": _OWNERSHIP,
    "record_url": "https://masthead.example/outlets/rt",
}
LOOKUP: dict[str, Any] = {
    "url": "https://www.rt.com/news/398374-russia-syria-losses-reuters/",
    "canonical_url": "https://rt.com/news/398374-russia-syria-losses-reuters",
    "url_sha256": "664c26d334ded5fc36a72b38ea3a57fc88c25dd6bdf54695699e4b2ed48ae99c",
    "via": None,
    "data_version": 2,
    "domain_rule": {"host": "rt.com", "path_prefix": "", "role": "primary"},
    "outlet": OUTLET,
    "article": {
        "canonical_url": "https://rt.com/news/398374-russia-syria-losses-reuters",
        "title": "Russian defense ministry slams Reuters report on military casualties",
        "published": "2017-08-02",
        "story": {"slug": "russian-losses-syria-2017", "title": "Russian deaths in Syria (2017)"},
    },
    "report_links": {
        "context": [
            {
                "id": 5,
                "relation": "context",
                "url": "http://tass.com/defense/942082",
                "title": "Russian Defence Ministry rejects Reuters report on military losses",
                "outlet": {"slug": "tass", "name": "TASS"},
                "published": "2017-04-19",
                "author": None,
                "rating": None,
                "summary": "An earlier round of the same dispute.",
                "attached_to": "article",
            }
        ]
    },
}
BATCH_REQUEST = {
    "urls": [
        "https://web.archive.org/web/20220301000000/https://de.rt.com/x",
        "https://example.org/",
        "nope",
    ]
}
BATCH_RESULT = {
    "data_version": 2,
    "results": [
        {
            "url": "https://web.archive.org/web/20220301000000/https://de.rt.com/x",
            "canonical_url": "https://de.rt.com/x",
            "via": {"kind": "archive", "host": "web.archive.org", "captured": "2022-03-01"},
            "outlet": {
                "slug": "rt",
                "name": "RT",
                "kind": "state_controlled",
                "country": "RU",
                "label_kinds": ["state_controlled", "broadcast_ban"],
            },
        },
        {
            "url": "https://example.org/",
            "canonical_url": "https://example.org/",
            "via": None,
            "outlet": None,
        },
        {
            "url": "nope",
            "error": {
                "code": "unsupported_scheme",
                "message": "The URL has no scheme; include http:// or https:// at the start.",
            },
        },
    ],
}
DOMAIN_INDEX = {
    "data_version": 2,
    "outlets": [
        {
            "slug": "rt",
            "name": "RT",
            "kind": "state_controlled",
            "country": "RU",
            "labels": ["state_controlled"],
            "owner": "Government of the Russian Federation",
        },
        {
            "slug": "cnn",
            "name": "CNN",
            "kind": "private",
            "country": "US",
            "labels": [],
            "owner": "Warner Bros. Discovery",
        },
    ],
    "rules": [
        ["amp.cnn.com", "", 1, 1, [["/cnn", ""]]],
        ["cnn.com", "", 1],
        ["de.rt.com", "", 0],
        ["rt.com", "", 0],
        ["rt.com", "/amp-only", 0, 0],
    ],
    "article_keys": {
        "k": 50,
        "count": 2,
        "prefix_bits": 0,
        "prefix_hex_digits": 1,
        "key_hex_digits": 8,
        "keys": "2f0c1a7e664c26d3",
    },
}
OUTLET_LIST = {
    "total": 102,
    "limit": 2,
    "offset": 0,
    "outlets": [
        {
            "slug": "abc-australia",
            "name": "ABC (Australia)",
            "kind": "public_service",
            "country": "AU",
            "version": 1,
        },
        {"slug": "ansa", "name": "ANSA", "kind": "cooperative", "country": "IT", "version": 1},
    ],
}
STALE_VERSION = {
    "error": {
        "code": "stale_version",
        "message": "outlet 'rt' is at version 4, not 3: reload it and apply your change again",
        "current_version": 4,
        "request_id": "4bf92f3577b34da6a3ce929d0e0e4736",
    }
}
OUTLET_CREATE = {
    "slug": "harbour-ledger",
    "name": "Harbour Ledger",
    "country": "GB",
    "kind": "private",
    "domains": [{"host": "harbourledger.example.co.uk"}],
    "labels": [
        {
            "kind": "platform_label",
            "issuer": "Example Platform",
            "as_of": "2024-05-01",
            "citation": {"url": "https://platform.example/labels/harbour-ledger"},
        }
    ],
}
