"""Freshness: archived copies of sources, review-due dates (derived from the citation's access
date or set by a maintainer), the review queue, `flask review-due`, and marking a fact
reviewed through the one writer."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server import db
from server.curation import Actor, Curator
from server.curation.review import REVIEW_INTERVAL, due_date, due_for_review
from server.models import Revision

from .conftest import entities_payload, outlet_payload

TODAY = dt.date.today()
ARCHIVED = "https://web.archive.org/web/20240301000000/https://www.ofcom.org.uk/bulletin/2023-05"


@pytest.fixture
def harbour(editor):  # type: ignore[no-untyped-def]
    for ent in entities_payload():
        assert editor.post("/entities", ent).status_code == 201
    body = outlet_payload()
    body["labels"][0]["citation"]["archived_url"] = ARCHIVED
    resp = editor.post("/outlets", body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


# -- the due date: pure ------------------------------------------------------------------------


# A loaded machine may draw slowly; the draws are what they are.
QUICK = settings(suppress_health_check=[HealthCheck.too_slow])


@QUICK
@given(st.dates(), st.dates() | st.none())
def test_an_explicit_review_date_wins(explicit, accessed):
    assert due_date(explicit, accessed) == explicit


@QUICK
@given(st.dates(max_value=dt.date(9000, 1, 1)))
def test_without_one_a_fact_is_due_90_days_after_its_source_was_checked(accessed):
    assert due_date(None, accessed) == accessed + REVIEW_INTERVAL
    assert REVIEW_INTERVAL.days == 90


def test_a_never_checked_fact_has_no_due_date():
    assert due_date(None, None) is None


# -- archived copies ----------------------------------------------------------------------------


def test_an_archived_copy_is_kept_and_shown_publicly(editor, anonymous, harbour):
    label = harbour["labels"][0]
    assert label["citation"]["archived_url"] == ARCHIVED and label["review_due"] is None
    assert harbour["relations"][0]["citation"]["archived_url"] is None
    public = anonymous.get("/api/v1/outlets/harbour-ledger").get_json()
    assert public["labels"][0]["citation"]["archived_url"] == ARCHIVED
    assert public["labels"][0]["citation"]["accessed"] == "2024-03-01"
    page = anonymous.client.get("/outlets/harbour-ledger").get_data(as_text=True)
    assert ARCHIVED in page and "[archived copy]" in page and "checked 2024-03-01" in page


def test_an_archived_copy_must_be_a_web_address(editor, harbour):
    cid = harbour["labels"][0]["citation_id"]
    resp = editor.patch(f"/citations/{cid}", {"archived_url": "archive.org/x"}, if_match=1)
    assert resp.status_code == 422
    assert resp.get_json()["error"]["field"] == "archived_url"


def test_the_dataset_carries_archived_copies_and_review_dates(runner, editor, harbour, tmp_path):
    label_id = harbour["labels"][0]["id"]
    later = (TODAY + dt.timedelta(days=30)).isoformat()
    assert editor.patch(f"/labels/{label_id}", {"review_due": later}, if_match=1).status_code == 200
    out = tmp_path / "export.json"
    assert runner.invoke(args=["export", str(out)]).exit_code == 0
    (outlet,) = json.loads(out.read_text())["outlets"]
    assert outlet["labels"][0]["citation"]["archived_url"] == ARCHIVED
    assert outlet["labels"][0]["review_due"] == later
    assert outlet["relations"][0]["review_due"] is None


# -- the queue ----------------------------------------------------------------------------------


def test_the_queue_lists_never_checked_first_then_the_most_overdue(app, editor, harbour):
    never = {
        "outlet": "harbour-ledger",
        "kind": "platform_label",
        "issuer": "Example Platform",
        "as_of": "2024-05-01",
        "citation": {"url": "https://platform.example/labels/harbour-ledger"},
    }
    assert editor.post("/labels", never).status_code == 201
    with app.app_context():
        total, rows = due_for_review(db.session(), TODAY)
    assert total == 4  # two relations (outlet and entity), two labels
    first = rows[0]
    assert (first.record_type, first.summary, first.days_overdue) == (
        "label",
        "platform label by Example Platform",
        None,
    )
    overdue = (TODAY - (dt.date(2024, 3, 1) + REVIEW_INTERVAL)).days
    assert {r.days_overdue for r in rows[1:]} == {overdue}
    assert rows[1].to_dict()["last_checked"] == "2024-03-01"
    with app.app_context():
        assert due_for_review(db.session(), dt.date(2024, 3, 1))[0] == 1
        assert len(due_for_review(db.session(), TODAY, limit=2)[1]) == 2


def test_a_review_date_in_the_future_takes_a_fact_off_the_queue(app, editor, harbour):
    rel = harbour["relations"][0]
    later = (TODAY + dt.timedelta(days=10)).isoformat()
    resp = editor.patch(f"/relations/{rel['id']}", {"review_due": later}, if_match=1)
    assert resp.status_code == 200 and resp.get_json()["review_due"] == later
    with app.app_context():
        total, rows = due_for_review(db.session(), TODAY)
    assert total == 2 and ("relation", rel["id"]) not in {(r.record_type, r.id) for r in rows}


# -- marking reviewed ---------------------------------------------------------------------------


def test_marking_reviewed_re_dates_the_source_with_a_revision(app, editor, harbour):
    label = harbour["labels"][0]
    resp = editor.post(f"/labels/{label['id']}/reviewed", if_match=1)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert resp.headers["ETag"] == '"2"' and body["version"] == 2
    assert body["citation"]["accessed"] == TODAY.isoformat()
    assert body["citation"]["archived_url"] == ARCHIVED  # the same source, re-dated
    assert body["citation"]["url"] == label["citation"]["url"]
    assert body["review_due"] is None
    history = editor.get(f"/labels/{label['id']}/history").get_json()
    newest = history["revisions"][0]
    assert newest["action"] == "update" and newest["actor"] == "erin"
    assert newest["comment"] == f"reviewed: source checked on {TODAY.isoformat()}"
    assert newest["before"]["citation_id"] == label["citation_id"]
    assert newest["after"]["citation_id"] == body["citation_id"]
    with app.app_context():
        _total, rows = due_for_review(db.session(), TODAY)
    assert ("label", label["id"]) not in {(r.record_type, r.id) for r in rows}
    public = editor.get("/api/v1/outlets/harbour-ledger").get_json()
    assert public["labels"][0]["citation"]["accessed"] == TODAY.isoformat()


def test_a_shared_source_is_copied_so_other_facts_stay_unchecked(app, editor, harbour):
    shared = harbour["relations"][0]["citation_id"]
    second = {
        "outlet": "harbour-ledger",
        "kind": "state_funded",
        "issuer": "Example Holding",
        "as_of": "2024-03-01",
        "citation_id": shared,
    }
    other = editor.post("/labels", second).get_json()
    resp = editor.post(f"/labels/{other['id']}/reviewed", {"comment": "checked"}, if_match=1)
    assert resp.status_code == 200
    assert resp.get_json()["citation_id"] != shared
    relation = editor.get(f"/relations/{harbour['relations'][0]['id']}").get_json()
    assert relation["citation_id"] == shared and relation["citation"]["accessed"] == "2024-03-01"
    with app.app_context():
        rev = db.session().query(Revision).order_by(Revision.id.desc()).first()
        assert rev is not None and rev.comment == "checked"


def test_marking_reviewed_can_set_the_next_review(editor, harbour):
    rel = harbour["relations"][0]
    later = (TODAY + dt.timedelta(days=400)).isoformat()
    resp = editor.post(f"/relations/{rel['id']}/reviewed", {"review_due": later}, if_match=1)
    assert resp.status_code == 200 and resp.get_json()["review_due"] == later
    past = editor.post(
        f"/relations/{rel['id']}/reviewed", {"review_due": TODAY.isoformat()}, if_match=2
    )
    assert past.status_code == 422 and past.get_json()["error"]["field"] == "review_due"


def test_marking_reviewed_checks_the_version_and_the_record(editor, anonymous, harbour):
    label_id = harbour["labels"][0]["id"]
    assert editor.post(f"/labels/{label_id}/reviewed").status_code == 428
    stale = editor.post(f"/labels/{label_id}/reviewed", if_match=7)
    assert stale.status_code == 412 and stale.get_json()["error"]["current_version"] == 1
    assert editor.post("/labels/999999/reviewed", if_match=1).status_code == 404
    assert anonymous.post(f"/labels/{label_id}/reviewed", if_match=1).status_code == 401
    bad = editor.post(f"/labels/{label_id}/reviewed", {"until": "2020-01-01"}, if_match=1)
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "until"
    assert editor.get(f"/labels/{label_id}").get_json()["version"] == 1


def test_only_relations_and_labels_are_reviewed(app, harbour):
    from server.errors import ValidationFailed

    with app.app_context():
        cur = Curator(db.session(), Actor(None, "test"))
        with pytest.raises(ValidationFailed, match="only relations and labels"):
            cur.mark_reviewed("citation", harbour["labels"][0]["citation_id"], if_match=None)
        db.session().rollback()


def test_marking_reviewed_twice_the_same_day_changes_nothing_more(editor, harbour):
    label_id = harbour["labels"][0]["id"]
    assert editor.post(f"/labels/{label_id}/reviewed", if_match=1).status_code == 200
    again = editor.post(f"/labels/{label_id}/reviewed", if_match=2)
    assert again.status_code == 200 and again.get_json()["version"] == 2


# -- flask review-due -----------------------------------------------------------------------------


def test_review_due_command_prints_the_queue(runner, harbour):
    text = runner.invoke(args=["review-due", "--limit", "1"])
    assert text.exit_code == 0, text.output
    lines = text.output.strip().splitlines()
    assert len(lines) == 2 and "days over" in lines[0] and "harbour-ledger" in lines[0]
    assert lines[-1] == f"3 due for review on {TODAY.isoformat()}, 1 shown"
    as_json = runner.invoke(args=["review-due", "--format", "json"])
    doc = json.loads(as_json.output)
    assert doc["total"] == 3 and len(doc["items"]) == 3
    assert {i["record_type"] for i in doc["items"]} == {"relation", "label"}
    assert all(i["last_checked"] == "2024-03-01" for i in doc["items"])
    bad = runner.invoke(args=["review-due", "--limit", "0"])
    assert bad.exit_code == 2 and "--limit" in bad.output
