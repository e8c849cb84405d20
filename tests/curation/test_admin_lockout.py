"""Nobody locks the API out (issue #13): the last live token of an active admin is never
revoked, nor its holder demoted or deactivated; the last active admin stays one."""

from __future__ import annotations

from typing import Any

from .conftest import Api


def _token_ids(admin: Api, user: str) -> list[int]:
    return [t["id"] for t in admin.get(f"/tokens?user={user}").get_json()["tokens"]]


def _user_id(admin: Api, name: str) -> int:
    return next(u["id"] for u in admin.get("/users").get_json()["users"] if u["name"] == name)


def _conflict(resp: Any, field: str) -> None:
    assert resp.status_code == 409, resp.data
    error = resp.get_json()["error"]
    assert error["field"] == field and "last live token" in error["message"]


def test_the_last_admin_token_cannot_be_revoked(admin):
    (own,) = _token_ids(admin, "ada")
    _conflict(admin.delete(f"/tokens/{own}"), "id")
    assert admin.get("/tokens").status_code == 200  # still works


def test_an_admin_token_can_go_while_another_admin_token_lives(client, admin):
    issued = admin.post("/tokens", {"user": "grace", "role": "admin"}).get_json()
    (own,) = _token_ids(admin, "ada")
    assert admin.delete(f"/tokens/{own}").status_code == 204
    grace = Api(client, issued["token"])
    assert admin.get("/tokens").status_code == 401
    _conflict(grace.delete(f"/tokens/{issued['id']}"), "id")


def test_two_tokens_of_the_last_admin_can_go_down_to_one(admin):
    second = admin.post("/tokens", {"user": "ada", "name": "spare"}).get_json()
    first = next(i for i in _token_ids(admin, "ada") if i != second["id"])
    assert admin.delete(f"/tokens/{first}").status_code == 204  # the spare one lives on
    spare = Api(admin.client, second["token"])
    _conflict(spare.delete(f"/tokens/{second['id']}"), "id")


def test_the_holder_of_the_last_admin_token_cannot_be_demoted_or_deactivated(admin):
    assert admin.post("/users", {"name": "olga", "role": "admin"}).status_code == 201
    ada = _user_id(admin, "ada")
    _conflict(admin.patch(f"/users/{ada}", {"role": "editor"}), "role")
    _conflict(admin.patch(f"/users/{ada}", {"active": False}), "active")
    assert admin.get("/users").status_code == 200  # unchanged: ada is still an admin
    assert {u["name"]: u["role"] for u in admin.get("/users").get_json()["users"]}["ada"] == (
        "admin"
    )


def test_revoking_an_editors_token_or_a_revoked_one_is_unaffected(admin):
    issued = admin.post("/tokens", {"user": "nadia", "role": "editor"}).get_json()
    assert admin.delete(f"/tokens/{issued['id']}").status_code == 204
    assert admin.delete(f"/tokens/{issued['id']}").status_code == 204  # already revoked
