"""End to end: Debian's Chromium (driven by Playwright) against the real app served over
HTTP on 127.0.0.1, on a seeded SQLite file. Report pages are fetched from a local page
server (FETCH_ALLOW="127.0.0.1").

With MASTHEAD_UPDATE_SCREENSHOTS=1 the tests also write the maintainer guide's screenshots
(docs/images/admin-*.png); otherwise screenshots go to a temporary directory.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from server import create_app, db
from server.curation import Actor, Curator
from tests.databases import copy_sqlite_database

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]
DOCS_IMAGES = REPO / "docs" / "images"
XSS = "<img src=x onerror=alert(1)>"
RT_ARTICLE = "https://www.rt.com/news/398374-russia-syria-losses-reuters/"


def _chromium_or_skip() -> None:
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing (CI is set, so this is a failure)")
        pytest.skip(f"{CHROMIUM} is missing")


@pytest.fixture(scope="module")
def live(request, tmp_path_factory, page_server) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The app on a real HTTP server, with a seeded database and two maintainers."""
    _chromium_or_skip()
    from werkzeug.serving import make_server

    # A copy of the test run's seeded SQLite database (migrated, `flask seed` checked).
    seeded = request.getfixturevalue("sqlite_seeded")
    url = copy_sqlite_database(seeded.url, tmp_path_factory.mktemp("e2e") / "masthead.sqlite3")
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "e2e-secret-e2e-secret-e2e-secret-e2e",
            "FETCH_ALLOW": "127.0.0.1",
            "DATA_VERSION_CHECK_INTERVAL": 0.0,
            # Its own counters: the default store under instance/ outlives the run.
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    make_user(app, "erin", "editor")
    make_user(app, "ada", "admin")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"app": app, "base": f"http://127.0.0.1:{server.server_port}", "pages": page_server}
    finally:
        server.shutdown()
        server.server_close()
        with app.app_context():
            db.engine().dispose()


@pytest.fixture(scope="module")
def chromium(live) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1200, "height": 850}, base_url=live["base"])
    context.set_default_timeout(10_000)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.dialogs = dialogs
    yield tab
    context.close()
    assert not dialogs, f"a script ran and opened a dialog: {dialogs}"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    if os.environ.get("MASTHEAD_UPDATE_SCREENSHOTS") == "1":
        return DOCS_IMAGES
    return Path(tmp_path_factory.mktemp("screenshots"))


def sign_in(page: Any, name: str = "erin", password: str = PASSWORD) -> None:
    page.goto("/admin/")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")


def service(live: dict[str, Any], work: Any) -> Any:
    """Set up data directly through the curation service (as another maintainer would)."""
    with live["app"].app_context(), Curator(db.session(), Actor(None, "setup")) as cur:
        return work(cur)


def add_outlet(live: dict[str, Any], slug: str, name: str) -> None:
    service(
        live,
        lambda cur: cur.outlets.create(
            {
                "slug": slug,
                "name": name,
                "kind": "private",
                "domains": [{"host": f"{slug}.example"}],
            }
        ),
    )


def api_json(live: dict[str, Any], path: str) -> Any:
    with urllib.request.urlopen(live["base"] + path, timeout=10) as resp:
        return json.load(resp)


# -- the tests -------------------------------------------------------------------------------


def test_sign_in_wrong_password_then_right(page, shots) -> None:
    page.goto("/admin/outlets")
    assert "/admin/?next=" in page.url
    page.screenshot(path=str(shots / "admin-signin.png"))
    sign_in(page, password="not the password")
    assert page.locator(".error-box").inner_text() == "Wrong user name or password."
    page.fill("#name", "erin")
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    assert page.url.endswith("/admin/outlets")
    page.fill("input[name=q]", "rt.com")
    page.click("button:has-text('Filter')")
    assert page.locator("table.list a", has_text="RT").count() >= 1
    page.goto("/admin/outlets?country=RU")
    page.screenshot(path=str(shots / "admin-outlets.png"))
    page.click("button:has-text('Sign out')")
    page.goto("/admin/outlets")
    assert "/admin/?next=" in page.url


def test_add_outlet_with_owner_and_cited_label_then_look_it_up(page, live, shots) -> None:
    sign_in(page)
    page.click("text=Add an outlet")
    page.fill("#name", "Northwind Gazette")
    page.fill("#country", "gb")
    page.select_option("#kind", "private")
    page.fill("#host", "northwind-gazette.example")
    page.fill("#source_url", "https://example.com/northwind/about")
    page.fill("#source_title", "About the Northwind Gazette")
    page.click("button:has-text('Add outlet')")
    assert page.url.endswith("/admin/outlets/northwind-gazette")
    assert "Outlet Northwind Gazette added." in page.content()

    page.click("text=Add an owner, operator or funder")
    page.fill("#new_owner_name", "Northwind Holdings")
    page.fill("#new_owner_country", "GB")
    page.select_option("#kind", "owned_by")
    page.fill("#share", "60")
    page.fill("#since", "2015-03-01")
    page.fill("#source_url", "https://example.com/register/northwind-holdings")
    page.fill("#source_publisher", "Companies Register")
    page.click("button:has-text('Save')")
    assert page.url.endswith("/admin/outlets/northwind-gazette#ownership")

    page.click("text=Add a label")
    page.select_option("#kind", "platform_label")
    page.fill("#issuer", "ExampleTube")
    page.fill("#text", "Funded in part by a holding company")
    page.fill("#source_url", "https://example.com/exampletube/labels")
    page.fill("#source_title", "ExampleTube label policy")
    page.click("button:has-text('Save')")
    tree = page.locator(".owntree")
    assert "Northwind Holdings" in tree.inner_text() and "60%" in tree.inner_text()
    labels = page.locator("#labels").inner_text()
    assert "ExampleTube" in labels

    found = api_json(live, "/api/v1/lookup?url=https://northwind-gazette.example/news/1")
    outlet = found["outlet"]
    assert outlet["name"] == "Northwind Gazette"
    owners = [edge["object"]["name"] for path in outlet["ownership"]["paths"] for edge in path]
    assert "Northwind Holdings" in owners
    label = next(lab for lab in outlet["labels"] if lab["issuer"] == "ExampleTube")
    assert label["citation"]["url"] == "https://example.com/exampletube/labels"

    # The page the guide shows: an outlet with a deeper ownership graph.
    page.goto("/admin/outlets/cgtn")
    page.locator("#ownership").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "admin-outlet.png"))


def test_edit_then_stale_edit_shows_the_conflict(page, live, shots) -> None:
    add_outlet(live, "stale-news", "Stale News")
    sign_in(page)
    other = page.context.new_page()
    page.goto("/admin/outlets/stale-news/edit")
    other.goto("/admin/outlets/stale-news/edit")  # both at version 1
    page.fill("#name", "Stale News Daily")
    page.fill("#comment", "new masthead")
    page.click("button:has-text('Save')")
    assert "Outlet Stale News Daily saved." in page.content()

    other.fill("#name", "Stale News Weekly")
    other.fill("#country", "IE")
    other.click("button:has-text('Save')")
    panel = other.locator("#conflict")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "You opened version 1; it is now at version 2" in text
    assert "Stale News Daily" in text and "Stale News Weekly" in text
    assert "new masthead" in text
    other.screenshot(path=str(shots / "admin-conflict.png"), full_page=True)
    found = api_json(live, "/api/v1/outlets/stale-news")
    assert found["name"] == "Stale News Daily"  # not overwritten

    other.click("button:has-text('Save')")  # deliberately, after seeing the newer values
    assert "Outlet Stale News Weekly saved." in other.content()
    assert api_json(live, "/api/v1/outlets/stale-news")["country"] == "IE"


def test_revert_from_history(page, live, shots) -> None:
    add_outlet(live, "revert-news", "Revert News")
    sign_in(page)
    page.goto("/admin/outlets/revert-news/edit")
    page.fill("#name", "Revert News (renamed by mistake)")
    page.fill("#description", "A description that was added by mistake in the same edit.")
    page.click("button:has-text('Save')")
    page.goto("/admin/outlets/revert-news/history")
    change = page.locator("article.revision").first
    assert "Revert News (renamed by mistake)" in change.inner_text()
    page.screenshot(path=str(shots / "admin-history.png"), full_page=True)
    change.locator("input[name=comment]").fill("undo the mistaken rename")
    change.locator("button:has-text('Revert this change')").click()
    assert "reverted" in page.content()
    record = api_json(live, "/api/v1/outlets/revert-news")
    assert record["name"] == "Revert News" and record["description"] is None
    assert page.locator("article.revision .action-revert").count() == 1


def test_report_link_from_a_fetched_page(page, live) -> None:
    sign_in(page)
    page.goto("/admin/outlets/rt#articles")
    page.click("text=Add a report link to this article")
    page.fill("#report_url", f"{live['pages']}/factcheck_claimreview.html")
    page.click("button:has-text('Fetch the report page')")
    fetched = page.locator("#fetched").inner_text()
    assert "Mostly false" in fetched
    assert page.input_value("#report_title").startswith("Fact check: No, the ministry")
    assert page.input_value("#rating") == "Mostly false"
    page.select_option("#relation", "fact_check")
    page.fill("#summary", "A fact-checker rates a related claim mostly false.")
    page.click("button:has-text('Save report link')")
    assert "Report link saved." in page.content()
    assert "Fact check: No, the ministry" in page.locator("table.list").first.inner_text()


def test_accept_a_suggestion(page, live, shots) -> None:
    body = json.dumps(
        {
            "kind": "report",
            "page_url": RT_ARTICLE,
            "report_url": "https://www.reuters.com/article/us-russia-syria-casualties",
            "relation": "disputes",
            "message": "The article attacks this Reuters count of Russian deaths in Syria.",
        }
    ).encode()
    req = urllib.request.Request(
        live["base"] + "/api/v1/suggestions",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        sid = json.load(resp)["id"]
    sign_in(page)
    page.goto("/admin/suggestions")
    item = page.locator(f"#s-{sid}")
    assert "Reuters count of Russian deaths" in item.inner_text()
    item.locator(f"#s{sid}-report_title").fill("Reuters count of Russian deaths in Syria")
    page.screenshot(path=str(shots / "admin-suggestions.png"), full_page=True)
    item.locator(f"button:has-text('Accept #{sid}')").click()
    assert f"Suggestion {sid} accepted" in page.content()
    assert "Reuters count of Russian deaths in Syria" in page.content()  # the article page
    page.goto("/admin/suggestions")
    assert page.locator(f"#s-{sid}").count() == 0


def test_form_without_its_csrf_token_is_refused(page, live) -> None:
    add_outlet(live, "csrf-news", "CSRF News")
    sign_in(page)
    page.goto("/admin/outlets/csrf-news/edit")
    page.locator("form:has(#name) input[name=csrf_token]").evaluate("e => e.remove()")
    page.fill("#name", "Forged")
    page.click("button:has-text('Save')")
    assert "security token" in page.content()
    assert api_json(live, "/api/v1/outlets/csrf-news")["name"] == "CSRF News"


def test_html_in_data_is_shown_as_text(page, live) -> None:
    sign_in(page)
    page.goto("/admin/outlets/new")
    page.fill("#name", XSS)
    page.fill("#slug", "xss-news")
    page.fill("#description", XSS)
    page.click("button:has-text('Add outlet')")
    assert page.url.endswith("/admin/outlets/xss-news")
    assert page.locator("h1").first.inner_text() == XSS
    assert page.locator("img[src=x]").count() == 0
    page.goto("/admin/outlets?q=xss")
    assert page.locator("table.list td a").first.inner_text() == XSS
    page.goto("/admin/history")
    assert page.locator("img[src=x]").count() == 0
    assert XSS in page.locator("article.revision").first.inner_text()
