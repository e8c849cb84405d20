"""Fixtures for the admin page tests: users with passwords and a browser-like test client
that signs in through the real form and sends each form's CSRF token back (CSRF stays on)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

import pytest

from server import accounts, db

PASSWORD = "correct horse battery"


def make_user(app, name: str, role: str, password: str = PASSWORD) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        session = db.session()
        user = accounts.get_or_create_user(session, name, role)
        accounts.set_password(user, password)
        session.commit()
        return user.id


TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no CSRF token in the page"
    return unescape(match.group(1) or match.group(2))


def hidden(html: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    if match is None:
        match = re.search(rf'<input[^>]*value="([^"]*)"[^>]*name="{re.escape(name)}"', html)
    return unescape(match.group(1)) if match else None


@dataclass
class Browser:
    """The Flask test client used like a browser: GET a page, post its form back."""

    client: Any
    last: Any = None
    pages: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, **kw: Any) -> Any:
        self.last = self.client.get(path, **kw)
        return self.last

    def text(self, path: str) -> str:
        resp = self.get(path)
        assert resp.status_code == 200, (path, resp.status_code, resp.get_data(as_text=True)[:500])
        return resp.get_data(as_text=True)

    def post(self, path: str, data: dict[str, Any], *, page: str | None = None, **kw: Any) -> Any:
        """Post `data` with the CSRF token of `page` (a path to GET first; default `path`)."""
        html = self.text(page or path)
        body = {"csrf_token": csrf_token(html), **data}
        self.last = self.client.post(path, data=body, **kw)
        return self.last

    def sign_in(self, name: str, password: str = PASSWORD) -> Any:
        resp = self.post("/admin/", {"name": name, "password": password})
        assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
        return resp

    def sign_out(self) -> Any:
        return self.post("/admin/sign-out", {}, page="/admin/outlets")


@pytest.fixture
def browser(client) -> Browser:  # type: ignore[no-untyped-def]
    return Browser(client)


@pytest.fixture
def editor(app, browser) -> Browser:  # type: ignore[no-untyped-def]
    make_user(app, "erin", "editor")
    browser.sign_in("erin")
    return browser


@pytest.fixture
def admin_user(app, browser) -> Browser:  # type: ignore[no-untyped-def]
    make_user(app, "ada", "admin")
    browser.sign_in("ada")
    return browser
