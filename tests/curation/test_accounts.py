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


# -- a YouTube channel id keeps its case ------------------------------------------------------

CHANNEL = "/channel/UCpwvZwUam-URkxB7g4USKpg"


def _channel(editor, outlet, prefix, host="youtube.com"):  # type: ignore[no-untyped-def]
    return editor.post(
        "/domains", {"outlet": outlet, "host": host, "path_prefix": prefix, "role": "account"}
    )


def test_a_channel_id_is_stored_and_matched_in_its_own_case(editor, harbour, client):
    resp = _channel(editor, "harbour-ledger", "/Channel/UCpwvZwUam-URkxB7g4USKpg")
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["path_prefix"] == CHANNEL  # the id as written, the rest lowered
    url = "/api/v1/lookup?url=https://www.youtube.com" + CHANNEL + "/videos"
    assert client.get(url).get_json()["outlet"]["slug"] == "harbour-ledger"
    other_case = "/api/v1/lookup?url=https://www.youtube.com" + CHANNEL.lower()
    assert client.get(other_case).get_json()["outlet"] is None


def test_the_same_channel_id_in_another_case_is_another_channel(editor, harbour):
    assert _channel(editor, "harbour-ledger", CHANNEL).status_code == 201
    again = _channel(editor, "other", "/CHANNEL/UCpwvZwUam-URkxB7g4USKpg", "www.youtube.com")
    assert again.status_code == 409, again.get_json()  # the same id: the same channel
    assert again.get_json()["error"]["outlet"] == "harbour-ledger"
    upper = _channel(editor, "other", "/channel/UCPWVZWUAM-URKXB7G4USKPG")
    assert upper.status_code == 201, upper.get_json()  # another id: another channel


@pytest.mark.parametrize(
    "prefix",
    [
        CHANNEL.lower(),  # the tester's 'ucpw...': a channel id starts with 'UC'
        "/channel/UCpwvZwUam-URkxB7g4USKp",  # 21 characters after UC
        "/channel/UCpwvZwUam-URkxB7g4USKpgX",  # 23
        "/channel/UCpwvZwUam+URkxB7g4USKpg",  # '+' is no id character
    ],
)
def test_a_channel_path_that_is_no_channel_id_is_422(editor, harbour, client, prefix):
    resp = _channel(editor, "harbour-ledger", prefix)
    assert resp.status_code == 422, resp.get_json()
    error = resp.get_json()["error"]
    assert error["field"] == "path_prefix"
    assert "not a YouTube channel id" in error["message"]
    assert "UC" in error["message"]


def test_a_youtube_handle_in_another_case_is_the_same_account(editor, harbour):
    assert _channel(editor, "harbour-ledger", "/@HarbourLedger").status_code == 201
    again = _channel(editor, "other", "/@harbourledger")
    assert again.status_code == 409, again.get_json()


def test_a_patch_of_the_host_alone_settles_the_prefix_case(editor, harbour):
    resp = editor.post(
        "/domains",
        {"outlet": "other", "host": "rt.example", "path_prefix": "/Channel/AbC"},
    )
    assert resp.status_code == 201, resp.get_json()
    made = resp.get_json()
    assert made["path_prefix"] == "/channel/abc"  # not a platform: lower case
    patched = editor.patch(
        f"/domains/{made['id']}",
        {
            "path_prefix": "/channel/UCpwvZwUam-URkxB7g4USKpg",
            "host": "youtube.com",
            "role": "account",
        },
        if_match=made["version"],
    )
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["path_prefix"] == CHANNEL


def test_an_unknown_role_is_422(editor, harbour):
    resp = editor.post(
        "/domains", {"outlet": "other", "host": "t.me", "path_prefix": "/other", "role": "handle"}
    )
    assert resp.status_code == 422


# -- a platform's host takes only accounts ---------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"host": "t.me"}, "path_prefix"),  # the tester's case: the whole of Telegram
        ({"host": "t.me", "role": "account"}, "path_prefix"),
        ({"host": "telegram.me", "path_prefix": ""}, "path_prefix"),
        ({"host": "www.youtube.com", "role": "mirror"}, "path_prefix"),
        ({"host": "m.youtube.com", "path_prefix": "", "role": "account"}, "path_prefix"),
        ({"host": "mobile.twitter.com", "role": "account"}, "path_prefix"),
        ({"host": "x.com", "path_prefix": "/other"}, "role"),  # role primary by default
        ({"host": "x.com", "path_prefix": "/search", "role": "account"}, "path_prefix"),
        ({"host": "x.com", "path_prefix": "/other/status/1", "role": "account"}, "path_prefix"),
        ({"host": "youtube.com", "path_prefix": "/watch", "role": "account"}, "path_prefix"),
        ({"host": "t.me", "path_prefix": "/s/other", "role": "account"}, "path_prefix"),
        ({"host": "tiktok.com", "path_prefix": "/other", "role": "account"}, "path_prefix"),
        # F9: platform hosts that were taken as an outlet's domain (every reddit.com page then
        # showed that outlet), with their www. and m. forms and a host alias
        ({"host": "reddit.com"}, "path_prefix"),
        ({"host": "www.reddit.com", "role": "mirror"}, "path_prefix"),
        ({"host": "old.reddit.com"}, "path_prefix"),
        ({"host": "mastodon.social"}, "path_prefix"),
        ({"host": "telegram.dog"}, "path_prefix"),
        ({"host": "youtube-nocookie.com"}, "path_prefix"),
        ({"host": "twitch.tv"}, "path_prefix"),
        ({"host": "medium.com"}, "path_prefix"),
        ({"host": "m.medium.com"}, "path_prefix"),
        ({"host": "substack.com"}, "path_prefix"),
        ({"host": "odysee.com"}, "path_prefix"),
        ({"host": "bitchute.com"}, "path_prefix"),
        ({"host": "truthsocial.com"}, "path_prefix"),
        ({"host": "whatsapp.com"}, "path_prefix"),
        ({"host": "dzen.ru"}, "host"),  # no account shape Masthead knows: no rule at all
        ({"host": "vimeo.com"}, "host"),
        ({"host": "dailymotion.com", "role": "mirror"}, "host"),
        ({"host": "gab.com"}, "host"),
        ({"host": "news.google.com"}, "host"),
        ({"host": "telegra.ph"}, "host"),
        ({"host": "pinterest.com"}, "host"),
        ({"host": "www.tumblr.com"}, "host"),
        ({"host": "vimeo.com", "path_prefix": "/someone", "role": "account"}, "host"),
        # a platform's own pages are no accounts
        ({"host": "x.com", "path_prefix": "/compose", "role": "account"}, "path_prefix"),
        ({"host": "x.com", "path_prefix": "/home", "role": "account"}, "path_prefix"),
        ({"host": "x.com", "path_prefix": "/i", "role": "account"}, "path_prefix"),
        ({"host": "x.com", "path_prefix": "/settings", "role": "account"}, "path_prefix"),
        ({"host": "x.com", "path_prefix": "/explore", "role": "account"}, "path_prefix"),
        ({"host": "x.com", "path_prefix": "/messages", "role": "account"}, "path_prefix"),
        ({"host": "facebook.com", "path_prefix": "/l.php", "role": "account"}, "path_prefix"),
        ({"host": "facebook.com", "path_prefix": "/sharer", "role": "account"}, "path_prefix"),
        ({"host": "facebook.com", "path_prefix": "/watch", "role": "account"}, "path_prefix"),
        ({"host": "twitch.tv", "path_prefix": "/directory", "role": "account"}, "path_prefix"),
        ({"host": "reddit.com", "path_prefix": "/other", "role": "account"}, "path_prefix"),
        ({"host": "mastodon.social", "path_prefix": "/other", "role": "account"}, "path_prefix"),
    ],
)
def test_a_platform_host_takes_only_an_account_422(editor, harbour, client, rule, field):
    resp = editor.post("/domains", {"outlet": "other", **rule})
    assert resp.status_code == 422, resp.get_json()
    error = resp.get_json()["error"]
    assert error["field"] == field
    assert "platform" in error["message"] or "account" in error["message"]
    body = client.get("/api/v1/lookup?url=https://t.me/any_channel").get_json()
    assert body["outlet"] is None  # nothing was written


def test_an_outlet_created_with_a_platform_host_is_422_naming_the_nested_field(editor):
    resp = editor.post(
        "/outlets",
        {"slug": "claims-telegram", "name": "Claims Telegram", "domains": [{"host": "t.me"}]},
    )
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["field"] == "domains[0].path_prefix"
    assert editor.get("/outlets/claims-telegram").status_code == 404


def test_a_patch_cannot_turn_an_account_into_a_whole_platform_host(editor, harbour):
    rule_id = harbour["id"]
    version = harbour["version"]
    resp = editor.patch(f"/domains/{rule_id}", {"path_prefix": ""}, if_match=version)
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["field"] == "path_prefix"
    resp = editor.patch(f"/domains/{rule_id}", {"role": "primary"}, if_match=version)
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["field"] == "role"


@pytest.mark.parametrize(
    ("host", "prefix"),
    [
        ("youtube.com", "/@HarbourLedger"),
        ("youtube.com", "/channel/UCpwvZwUam-URkxB7g4USKpX"),
        ("facebook.com", "/HarbourLedger"),
        ("instagram.com", "/harbourledger"),
        ("tiktok.com", "/@harbourledger"),
        ("telegram.me", "/harbourledger"),
        ("bsky.app", "/profile/harbourledger.bsky.social"),
        ("reddit.com", "/user/harbourledger"),
        ("www.reddit.com", "/r/harbourledger"),
        ("mastodon.social", "/@harbourledger"),
        ("twitch.tv", "/harbourledger"),
        ("medium.com", "/@harbourledger"),
        ("substack.com", "/@harbourledger"),
        ("odysee.com", "/@harbourledger"),
        ("bitchute.com", "/channel/harbourledger"),
        ("truthsocial.com", "/@harbourledger"),
        ("whatsapp.com", "/channel/0029VaHarbourLedger"),
    ],
)
def test_an_account_path_on_each_platform_is_accepted(editor, harbour, host, prefix):
    resp = editor.post(
        "/domains", {"outlet": "other", "host": host, "path_prefix": prefix, "role": "account"}
    )
    assert resp.status_code == 201, resp.get_json()


@pytest.mark.parametrize(
    "host", ["someone.substack.com", "someone.medium.com", "blog.tumblr.com", "hub.gab.com"]
)
def test_a_site_below_an_exact_platform_host_can_be_an_outlets_domain(editor, harbour, host):
    resp = editor.post("/domains", {"outlet": "other", "host": host})
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["host"] == host


# -- F8: an account is stored on the platform's own host, so the duplicate check sees it -----


@pytest.mark.parametrize(
    ("host", "prefix", "stored"),
    [
        ("mobile.twitter.com", "/SomeHandle", "x.com"),
        ("twitter.com", "/SomeHandle", "x.com"),
        ("m.youtube.com", "/@SomeHandle", "youtube.com"),
        ("youtube-nocookie.com", "/@SomeHandle", "youtube.com"),
        ("fb.com", "/SomeHandle", "facebook.com"),
        ("m.facebook.com", "/SomeHandle", "facebook.com"),
        ("telegram.me", "/SomeHandle", "t.me"),
        ("telegram.dog", "/SomeHandle", "t.me"),
        ("old.reddit.com", "/user/SomeHandle", "reddit.com"),
        ("m.medium.com", "/@SomeHandle", "medium.com"),
    ],
)
def test_an_account_is_stored_on_the_platforms_own_host(editor, harbour, host, prefix, stored):
    resp = editor.post(
        "/domains", {"outlet": "other", "host": host, "path_prefix": prefix, "role": "account"}
    )
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["host"] == stored
    assert resp.get_json()["path_prefix"] == prefix.lower()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # the tester's case: twitter.com/somehandle is BBC's, mobile.twitter.com is the same
        (("twitter.com", "/somehandle"), ("mobile.twitter.com", "/SomeHandle")),
        (("x.com", "/somehandle"), ("mobile.twitter.com", "/SOMEHANDLE")),
        (("youtube.com", CHANNEL), ("m.youtube.com", CHANNEL)),
        (("m.youtube.com", "/@SomeHandle"), ("youtube.com", "/@somehandle")),
        (("facebook.com", "/somehandle"), ("m.facebook.com", "/SomeHandle")),
        (("fb.com", "/somehandle"), ("facebook.com", "/somehandle")),
        (("t.me", "/somehandle"), ("telegram.dog", "/somehandle")),
        (("telegram.me", "/somehandle"), ("telegram.dog", "/somehandle")),
        (("reddit.com", "/user/somehandle"), ("old.reddit.com", "/user/SomeHandle")),
    ],
)
def test_the_same_account_on_a_host_alias_or_below_is_409(editor, harbour, first, second):
    for host, prefix, outlet, status in ((*first, "harbour-ledger", 201), (*second, "other", 409)):
        resp = editor.post(
            "/domains",
            {"outlet": outlet, "host": host, "path_prefix": prefix, "role": "account"},
        )
        assert resp.status_code == status, resp.get_json()
    assert resp.get_json()["error"]["outlet"] == "harbour-ledger"


# -- account paths refuse hidden characters and spaces, as names do -------------------------


@pytest.mark.parametrize(
    ("prefix", "said"),
    [
        ("/harbour\u202eregdel", "U+202E"),
        ("/harbour\u200bledger", "U+200B"),
        ("/harbour%E2%80%AEledger", "U+202E"),
        ("/harbour ledger", "space"),
        ("/harbour%20ledger", "space"),
        ("/harbour\u00a0ledger", "space"),
    ],
)
def test_an_account_path_with_a_hidden_character_or_space_is_422(editor, harbour, prefix, said):
    resp = editor.post(
        "/domains", {"outlet": "other", "host": "x.com", "path_prefix": prefix, "role": "account"}
    )
    assert resp.status_code == 422, resp.get_json()
    error = resp.get_json()["error"]
    assert error["field"] == "path_prefix"
    assert said in error["message"]


def test_an_outlets_path_rule_with_a_bidi_control_is_422(editor, harbour):
    resp = editor.post(
        "/domains", {"outlet": "other", "host": "rt.example", "path_prefix": "/news\u202e"}
    )
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["field"] == "path_prefix"


# -- names refuse bidi controls and invisible characters; long text loses them ---------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"slug": "rt\u202ex", "name": "Harbour"}, "slug"),
        ({"slug": "spoof", "name": "Harbour\u202eregdeL"}, "name"),
        (
            {"slug": "spoof", "name": "Harbour", "other_names": ["ok", "Ledger\u2067"]},
            "other_names",
        ),
        ({"slug": "spoof", "name": "Harbour\u200bLedger"}, "name"),
    ],
)
def test_an_outlet_name_with_a_bidi_control_is_422(editor, body, field):
    resp = editor.post("/outlets", body)
    assert resp.status_code == 422, resp.get_json()
    error = resp.get_json()["error"]
    assert error["field"].startswith(field)
    assert editor.get("/outlets/spoof").status_code == 404


def test_an_entity_name_with_a_bidi_control_is_422(editor):
    resp = editor.post("/entities", {"slug": "holding", "name": "Holding\u202d Ltd"})
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["field"] == "name"


def test_a_description_loses_bidi_controls_and_invisible_characters(editor):
    resp = editor.post(
        "/outlets",
        {
            "slug": "harbour-desc",
            "name": "Harbour",
            "description": "Regional\u202e daily\u00ad news\u200bpaper, \u0645\u200c\u0647",
        },
    )
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["description"] == "Regional daily newspaper, \u0645\u200c\u0647"
    resp = editor.post(
        "/entities",
        {"slug": "holding-desc", "name": "Holding", "description": "Owner\u2066 of\u2069 it"},
    )
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["description"] == "Owner of it"
