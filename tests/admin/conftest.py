"""Fixtures for the admin page tests: users with passwords and a browser-like test client
that signs in through the real form and sends each form's CSRF token back (CSRF stays on)."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from server import accounts, db

PASSWORD = "correct horse battery"
# The users tests make get a cheap hash (werkzeug's PBKDF2 with few rounds, ~1 ms) instead of
# the app's scrypt (~0.2 s to make and again to check at each sign-in). Signing in still
# checks it with werkzeug's check_password_hash, which reads the method from the hash.
TEST_HASH_METHOD = "pbkdf2:sha256:1000"


@functools.cache
def _password_hash(password: str) -> str:
    return generate_password_hash(password, method=TEST_HASH_METHOD)


def make_user(app: Flask, name: str, role: str, password: str = PASSWORD) -> int:
    with app.app_context():
        session = db.session()
        user = accounts.get_or_create_user(session, name, role)
        user.password_hash = _password_hash(password)
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

    def submit(
        self, path: str, changes: dict[str, Any] | None = None, *, has: str = "version"
    ) -> Any:
        """GET `path`, take its form (the one with field `has`), change fields, post it."""
        return self.submit_form(self.text(path), path, changes, has=has)

    def submit_form(
        self, html: str, path: str, changes: dict[str, Any] | None = None, *, has: str = "version"
    ) -> Any:
        fields = page_form(html, has=has)
        fields.update(changes or {})
        self.last = self.client.post(path, data=fields)
        return self.last

    def sign_in(self, name: str, password: str = PASSWORD) -> Any:
        resp = self.post("/admin/", {"name": name, "password": password})
        assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
        return resp

    def sign_out(self) -> Any:
        return self.post("/admin/sign-out", {}, page="/admin/outlets")


@pytest.fixture
def browser(client: FlaskClient) -> Browser:
    return Browser(client)


@pytest.fixture
def editor(app: Flask, browser: Browser) -> Browser:
    make_user(app, "erin", "editor")
    browser.sign_in("erin")
    return browser


@pytest.fixture
def admin_user(app: Flask, browser: Browser) -> Browser:
    make_user(app, "ada", "admin")
    browser.sign_in("ada")
    return browser


class _Forms(HTMLParser):
    """Every <form> of a page with the values a browser would send for it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button"):
                return
            if kind == "checkbox":
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "y")
                return
            fields[a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self._select, self._select_first = a["name"], None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
                fields.setdefault(self._select, value)
            if "selected" in a:
                fields[self._select] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            fields = self.forms[-1]["fields"]
            # The first newline after <textarea> is not part of the value.
            value = fields[self._textarea] + data
            fields[self._textarea] = value[1:] if value.startswith("\n") else value


def page_form(html: str, action: str | None = None, has: str | None = None) -> dict[str, Any]:
    """The fields of the page's form posting to `action` (or containing field `has`)."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if action is not None and form["action"] != action:
            continue
        if has is not None and has not in form["fields"]:
            continue
        return dict(form["fields"])
    raise AssertionError(f"no form (action={action}, has={has}) in the page")


# Saved copies of outside pages, shared with the fetcher tests.
PAGES = Path(__file__).parent.parent / "fetcher" / "pages"


class _QuietPages(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(PAGES), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def page_server() -> Iterator[str]:
    """Local copies of report pages on 127.0.0.1 (the fetcher is allowed to read them when
    the app has FETCH_ALLOW="127.0.0.1"). Yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _QuietPages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetch_local(app: Flask, page_server: str) -> str:
    from server.fetcher import clear_cache

    app.config["FETCH_ALLOW"] = "127.0.0.1"
    clear_cache()
    return page_server
