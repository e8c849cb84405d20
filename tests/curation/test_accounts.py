"""Outlets' accounts through the curation API (issue 17): an account is a domain rule with the
role `account` on a platform's host; the same account written on another host of the platform
or in another case is a collision, a different account sharing a prefix is not."""

from __future__ import annotations

import pytest


@pytest.fixture
def harbour(editor):  # type: ignore[no-untyped-def]
    resp = editor.post("/outlets", {"slug": "harbour-ledger", "name": "Harbour Ledger"})
    assert resp.status_code == 201, resp.get_json()
    assert editor.post("/outlets", {"slug": "other", "name": "Other"}).status_code == 201
    resp = editor.post(
        "/domains",
        {
            "outlet": "harbour-ledger",
            "host": "x.com",
            "path_prefix": "/HarbourLedger",
            "role": "account",
        },
    )
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_an_account_is_a_domain_rule_with_the_account_role(editor, harbour, client):
    assert (
        harbour["role"] == "account" and harbour["path_prefix"] == "/harbourledger"
    )  # stored lower case
    body = client.get("/api/v1/lookup?url=https://twitter.com/harbourledger/status/1").get_json()
    assert body["outlet"]["slug"] == "harbour-ledger"
    assert body["domain_rule"]["role"] == "account"


@pytest.mark.parametrize(
    ("host", "prefix"),
    [
        ("x.com", "/harbourledger"),
        ("twitter.com", "/HarbourLedger"),
        ("twitter.com", "/HARBOURLEDGER"),
    ],
)
def test_the_same_account_on_another_host_or_case_is_409(editor, harbour, host, prefix):
    resp = editor.post(
        "/domains", {"outlet": "other", "host": host, "path_prefix": prefix, "role": "account"}
    )
    assert resp.status_code == 409, resp.get_json()
    assert resp.get_json()["error"]["outlet"] == "harbour-ledger"


def test_an_account_sharing_a_prefix_is_another_account(editor, harbour, client):
    resp = editor.post(
        "/domains",
        {"outlet": "other", "host": "x.com", "path_prefix": "/HarbourLedgerX", "role": "account"},
    )
    assert resp.status_code == 201
    body = client.get("/api/v1/lookup?url=https://x.com/harbourledgerx").get_json()
    assert body["outlet"]["slug"] == "other"


def test_an_unknown_role_is_422(editor, harbour):
    resp = editor.post(
        "/domains", {"outlet": "other", "host": "t.me", "path_prefix": "/other", "role": "handle"}
    )
    assert resp.status_code == 422
