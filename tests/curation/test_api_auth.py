"""Bearer tokens and roles: 401 without a valid token, 403 with too small a role; admins
issue, list and revoke tokens and manage users through the API."""

from __future__ import annotations

from sqlalchemy import select

from server import db
from server.models import ApiToken

from .conftest import Api


def test_writes_without_a_token_are_401_with_a_bearer_challenge(anonymous):
    resp = anonymous.post("/stories", {"slug": "s", "title": "T"})
    assert resp.status_code == 401
    assert resp.get_json()["error"]["code"] == "unauthorized"
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_bad_token_is_401(client):
    resp = Api(client, "mh_not-a-real-token").post("/stories", {"slug": "s", "title": "T"})
    assert resp.status_code == 401
    resp = client.post(
        "/api/v1/stories", json={"slug": "s", "title": "T"}, headers={"Authorization": "Basic x"}
    )
    assert resp.status_code == 401


def test_editors_curate_but_cannot_manage_tokens(editor):
    assert editor.post("/stories", {"slug": "s", "title": "T"}).status_code == 201
    resp = editor.post("/tokens", {"user": "mallory", "role": "admin"})
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "forbidden"
    assert editor.get("/tokens").status_code == 403
    assert editor.get("/users").status_code == 403


def test_admin_issues_lists_and_revokes_tokens(app, client, admin):
    resp = admin.post("/tokens", {"user": "nadia", "role": "editor", "name": "laptop"})
    assert resp.status_code == 201
    issued = resp.get_json()
    assert issued["token"].startswith("mh_") and issued["user"]["role"] == "editor"
    assert resp.headers["Cache-Control"] == "no-store"
    nadia = Api(client, issued["token"])
    assert nadia.post("/stories", {"slug": "s1", "title": "T"}).status_code == 201

    listed = admin.get("/tokens?user=nadia").get_json()["tokens"]
    assert [t["id"] for t in listed] == [issued["id"]]
    assert "token" not in listed[0] and listed[0]["prefix"] == issued["token"][:10]
    assert listed[0]["last_used_at"] is not None
    with app.app_context():
        stored = db.session().scalar(select(ApiToken).where(ApiToken.id == issued["id"]))
        assert issued["token"] not in (stored.token_hash, stored.prefix)

    assert admin.delete(f"/tokens/{issued['id']}").status_code == 204
    assert nadia.post("/stories", {"slug": "s2", "title": "T"}).status_code == 401
    assert admin.get("/tokens?user=nadia").get_json()["tokens"] == []
    assert len(admin.get("/tokens?user=nadia&include_revoked=1").get_json()["tokens"]) == 1
    assert admin.delete("/tokens/99999").status_code == 404


def test_token_for_an_unknown_user_needs_a_role(admin):
    resp = admin.post("/tokens", {"user": "ghost"})
    assert resp.status_code == 404 and resp.get_json()["error"]["field"] == "user"
    resp = admin.post("/tokens", {"user": "erin2", "role": "boss"})
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "role"


def test_admin_manages_users_and_keeps_one_admin(admin):
    resp = admin.post("/users", {"name": "olga", "role": "editor", "password": "correct horse"})
    assert resp.status_code == 201 and resp.get_json()["has_password"] is True
    olga = resp.get_json()["id"]
    assert admin.post("/users", {"name": "olga", "role": "editor"}).status_code == 409
    assert (
        admin.post("/users", {"name": "x", "role": "editor", "password": "short"}).status_code
        == 422
    )
    resp = admin.patch(f"/users/{olga}", {"role": "admin"})
    assert resp.status_code == 200 and resp.get_json()["role"] == "admin"
    users = {u["name"]: u for u in admin.get("/users").get_json()["users"]}
    assert set(users) >= {"ada", "olga"}
    # Demoting both admins would leave nobody to manage tokens.
    assert admin.patch(f"/users/{olga}", {"role": "editor"}).status_code == 200
    resp = admin.patch(f"/users/{users['ada']['id']}", {"active": False})
    assert resp.status_code == 409


def test_deactivated_users_tokens_stop_working(admin, client, token_for):
    token = token_for("temp", "editor")
    temp = Api(client, token)
    assert temp.post("/stories", {"slug": "t", "title": "T"}).status_code == 201
    user_id = next(u["id"] for u in admin.get("/users").get_json()["users"] if u["name"] == "temp")
    assert admin.patch(f"/users/{user_id}", {"active": False}).status_code == 200
    assert temp.post("/stories", {"slug": "t2", "title": "T"}).status_code == 401


def test_cli_token_works_with_the_api(runner, client):
    result = runner.invoke(args=["create-token", "cli-editor", "--role", "editor"])
    assert result.exit_code == 0
    token = result.stdout.strip()
    assert token.startswith("mh_") and "\n" not in token
    assert Api(client, token).post("/stories", {"slug": "c", "title": "T"}).status_code == 201
