"""Fixtures for the curation tests: users with tokens and an HTTP client that sends them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server import accounts, db
from tests.datasets.conftest import dataset_file, datasets_dir  # noqa: F401 - shared fixtures


def make_token(app: Flask, name: str, role: str) -> str:
    with app.app_context():
        session = db.session()
        user = accounts.get_or_create_user(session, name, role)
        token, _row = accounts.issue_token(session, user, name="test")
        session.commit()
    return token


@dataclass
class Api:
    """The test client with a bearer token: api.post("/outlets", {...}, if_match=3)."""

    client: Any
    token: str | None

    def _headers(self, if_match: int | str | None, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if if_match is not None:
            headers["If-Match"] = f'"{if_match}"' if isinstance(if_match, int) else if_match
        return headers

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        if_match: int | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        url = path if path.startswith("/") and path.startswith("/api/") else "/api/v1" + path
        return self.client.open(
            url, method=method, json=body, headers=self._headers(if_match, headers)
        )

    def get(self, path: str, **kw: Any) -> Any:
        return self.call("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("POST", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("PATCH", path, body, **kw)

    def delete(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("DELETE", path, body, **kw)


@pytest.fixture
def token_for(app: Flask) -> Callable[..., str]:
    """token_for(name, role="editor"): a new token for that user."""

    def make(name: str, role: str = "editor") -> str:
        return make_token(app, name, role)

    return make


@pytest.fixture
def editor(app: Flask, client: FlaskClient) -> Api:
    return Api(client, make_token(app, "erin", "editor"))


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> Api:
    return Api(client, make_token(app, "ada", "admin"))


@pytest.fixture
def anonymous(client: FlaskClient) -> Api:
    return Api(client, None)


CITATION = {
    "url": "https://www.example.org/annual-report-2023",
    "title": "Annual report 2023",
    "publisher": "Example Holding",
    "accessed": "2024-03-01",
}


def outlet_payload(slug: str = "harbour-ledger", **extra: Any) -> dict[str, Any]:
    """A new outlet with two domains, a two-hop ownership chain and a label, all cited."""
    body: dict[str, Any] = {
        "slug": slug,
        "name": "Harbour Ledger",
        "kind": "private",
        "country": "GB",
        "description": "Regional daily newspaper.",
        "domains": [
            {"host": "harbourledger.example.co.uk"},
            {"host": "www.harbour-ledger.example", "role": "mirror"},
        ],
        "relations": [
            {
                "kind": "owned_by",
                "object": "coastal-media",
                "share": 100,
                "as_of": "2024-03-01",
                "citation": CITATION,
            }
        ],
        "labels": [
            {
                "kind": "regulatory_finding",
                "issuer": "Ofcom",
                "text": "Breach of due impartiality rules",
                "since": "2023-05-01",
                "as_of": "2024-03-01",
                "citation": {
                    "url": "https://www.ofcom.org.uk/bulletin/2023-05",
                    "publisher": "Ofcom",
                    "accessed": "2024-03-01",
                },
            }
        ],
    }
    body.update(extra)
    return body


def entities_payload() -> list[dict[str, Any]]:
    """coastal-media is owned by the person ava-marsh: the top of the chain."""
    return [
        {"slug": "ava-marsh", "name": "Ava Marsh", "kind": "person", "country": "GB"},
        {
            "slug": "coastal-media",
            "name": "Coastal Media Ltd",
            "kind": "company",
            "country": "GB",
            "relations": [
                {
                    "kind": "controlled_by",
                    "object": "ava-marsh",
                    "share": 62.5,
                    "as_of": "2024-03-01",
                    "citation": {
                        "url": "https://find-and-update.company-information.service.gov.uk/x",
                        "publisher": "Companies House",
                        "accessed": "2024-03-01",
                    },
                }
            ],
        },
    ]
