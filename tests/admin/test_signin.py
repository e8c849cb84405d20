"""Sign-in, sessions, CSRF, roles and rate limiting of the admin pages (CSRF stays on)."""

from __future__ import annotations

from server import accounts, db
from server.models import User

from .conftest import PASSWORD, make_user


def test_visitor_without_session_gets_the_sign_in_form(client) -> None:
    resp = client.get("/admin/")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert 'name="password"' in html and 'name="csrf_token"' in html


def test_pages_redirect_to_sign_in_with_next(client) -> None:
    resp = client.get("/admin/outlets?q=rt")
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/admin/?next=")


def test_sign_in_sets_a_hardened_session_cookie_and_goes_to_next(app, browser) -> None:
    make_user(app, "erin", "editor")
    html = browser.text("/admin/?next=/admin/history")
    assert 'value="/admin/history"' in html
    resp = browser.post("/admin/", {"name": "erin", "password": PASSWORD, "next": "/admin/history"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/admin/history"
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert browser.get("/admin/outlets").status_code == 200


def test_secure_cookie_when_configured(app, browser) -> None:
    app.config["SESSION_COOKIE_SECURE"] = True  # MASTHEAD_SECURE_COOKIES=1
    make_user(app, "erin", "editor")
    resp = browser.post("/admin/", {"name": "erin", "password": PASSWORD})
    assert resp.status_code == 302
    assert "; Secure" in resp.headers["Set-Cookie"]


def test_next_never_leaves_the_admin_pages(app, browser) -> None:
    make_user(app, "erin", "editor")
    for target in ("https://evil.example/", "//evil.example/admin/", "/admin/\\evil"):
        resp = browser.post("/admin/", {"name": "erin", "password": PASSWORD, "next": target})
        assert resp.headers["Location"] == "/admin/outlets"
        browser.sign_out()


def test_wrong_password_and_unknown_user_get_the_same_answer(app, browser) -> None:
    make_user(app, "erin", "editor")
    wrong = browser.post("/admin/", {"name": "erin", "password": "not the password"})
    unknown = browser.post("/admin/", {"name": "nobody", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong user name or password." in wrong.get_data(as_text=True)
    assert "Wrong user name or password." in unknown.get_data(as_text=True)
    assert browser.get("/admin/outlets").status_code == 302


def test_failed_sign_ins_are_rate_limited(app, browser) -> None:
    app.config["ADMIN_SIGNIN_LIMIT"] = "3 per 15 minutes"
    make_user(app, "erin", "editor")
    for _ in range(3):
        assert (
            browser.post("/admin/", {"name": "erin", "password": "guess guess"}).status_code == 401
        )
    blocked = browser.post("/admin/", {"name": "erin", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.get_data(as_text=True)
    assert browser.get("/admin/outlets").status_code == 302


def test_sign_in_without_csrf_token_is_refused(app, client) -> None:
    make_user(app, "erin", "editor")
    resp = client.post("/admin/", data={"name": "erin", "password": PASSWORD})
    assert resp.status_code == 400
    assert "security token" in resp.get_data(as_text=True)
    assert client.get("/admin/outlets").status_code == 302


def test_sign_out_is_a_post_with_csrf(editor) -> None:
    assert editor.get("/admin/sign-out").status_code == 405
    assert editor.client.post("/admin/sign-out").status_code == 400  # no token
    assert editor.get("/admin/outlets").status_code == 200
    resp = editor.sign_out()
    assert resp.status_code == 302
    assert editor.get("/admin/outlets").status_code == 302


def test_new_password_ends_old_sessions(app, editor) -> None:
    with app.app_context():
        session = db.session()
        user = session.query(User).filter_by(name="erin").one()
        accounts.set_password(user, "another long password")
        session.commit()
    assert editor.get("/admin/outlets").status_code == 302


def test_deactivated_user_is_signed_out(app, editor) -> None:
    with app.app_context():
        session = db.session()
        session.query(User).filter_by(name="erin").one().active = False
        session.commit()
    assert editor.get("/admin/outlets").status_code == 302


def test_users_page_is_for_admins_only(app, editor) -> None:
    resp = editor.get("/admin/users")
    assert resp.status_code == 403
    assert "admin role" in resp.get_data(as_text=True)
    editor.sign_out()
    make_user(app, "ada", "admin")
    editor.sign_in("ada")
    assert editor.get("/admin/users").status_code == 200


def test_admin_creates_a_user_who_can_sign_in(app, admin_user) -> None:
    resp = admin_user.post(
        "/admin/users", {"name": "newbie", "role": "editor", "password": "a long password 1"}
    )
    assert resp.status_code == 302
    admin_user.sign_out()
    admin_user.sign_in("newbie", "a long password 1")
    assert admin_user.get("/admin/outlets").status_code == 200


def test_admin_pages_send_strict_headers(editor) -> None:
    resp = editor.get("/admin/outlets")
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert "script-src" not in resp.headers["Content-Security-Policy"]  # default-src 'none'
    assert resp.headers["Cache-Control"] == "no-store"


def test_json_api_is_not_blocked_by_csrf(app, client) -> None:
    """Bearer-token and anonymous API posts carry no CSRF token and must keep working."""
    resp = client.post(
        "/api/v1/suggestions",
        json={
            "kind": "report",
            "page_url": "https://www.rt.com/news/1-a/",
            "report_url": "https://www.reuters.com/a",
            "relation": "disputes",
            "message": "see this",
        },
    )
    assert resp.status_code == 201, resp.get_data(as_text=True)
    with app.app_context():
        session = db.session()
        user = accounts.get_or_create_user(session, "bot", "editor")
        token, _ = accounts.issue_token(session, user)
        session.commit()
    resp = client.post(
        "/api/v1/entities",
        json={"slug": "acme", "name": "Acme", "kind": "company"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert resp.status_code == 201, resp.get_data(as_text=True)
