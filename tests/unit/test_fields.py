"""The field types: each check on its own, and the same rule whether a form, an API payload
or a dataset file carries the value."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from server import fields


@pytest.mark.parametrize(
    ("check", "good", "clean"),
    [
        (fields.check_country, " gb ", "GB"),
        (fields.check_country, "XK", "XK"),
        (fields.check_slug, "rt-deutsch", "rt-deutsch"),
        (fields.check_language, "pt-BR", "pt-BR"),
        (fields.check_qid, "Q12345", "Q12345"),
        (fields.check_http_url, "https://www.rt.com/news/1/", "https://www.rt.com/news/1/"),
        (fields.check_share, 62.5, 62.5),
        (fields.check_path_prefix, "/@RT", "/@RT"),  # the case is settled with the host
        (fields.rule_host, "WWW.Bücher.example", "xn--bcher-kva.example"),
        (fields.check_past_date, dt.date(2005, 12, 10), dt.date(2005, 12, 10)),
    ],
)
def test_checks_return_the_clean_value(check, good, clean):
    assert check(good) == clean


@pytest.mark.parametrize(
    ("check", "bad", "message"),
    [
        (fields.check_country, "UK", "not an ISO 3166-1 alpha-2 country code"),
        (fields.check_country, "XX", "'XX' is not"),
        (fields.check_slug, "Bad Slug", "lower-case letters"),
        (fields.check_language, "english", "not a language tag"),
        (fields.check_qid, "12345", "Wikidata"),
        (fields.check_http_url, "javascript:alert(1)", "http:// or https://"),
        (fields.check_http_url, "ftp://files.example/x", "http:// or https://"),
        (fields.check_share, 100.5, "from 0 to 100"),
        (fields.check_share, -1, "from 0 to 100"),
        (fields.check_path_prefix, "/@rt/", "must start with '/' and not end with '/'"),
        (fields.rule_host, "co.uk", "public suffix"),
        (fields.check_past_date, dt.date(2999, 1, 1), "in the future"),
    ],
)
def test_checks_refuse_with_a_message_a_maintainer_can_act_on(check, bad, message):
    with pytest.raises(ValueError, match=message):
        check(bad)


def test_a_date_one_day_ahead_is_allowed_for_maintainers_east_of_utc():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert fields.check_past_date(tomorrow) == tomorrow


@pytest.mark.parametrize(
    ("field_type", "bad"),
    [
        (fields.Country, "XX"),
        (fields.PastDate, "2999-01-01"),
        (fields.Share, 101),
        (fields.Slug, "Not A Slug"),
        (fields.Language, "english"),
        (fields.HttpUrl, "mailto:someone@example.org"),
        (fields.Host, "co.uk"),
    ],
)
def test_the_pydantic_types_refuse_what_the_checks_refuse(field_type, bad):
    with pytest.raises(ValidationError):
        TypeAdapter(field_type).validate_python(bad)


def test_the_pydantic_types_clean_like_the_checks():
    assert TypeAdapter(fields.Country).validate_python("ru") == "RU"
    assert TypeAdapter(fields.Host).validate_python("www.rt.com") == "rt.com"


# -- invisible characters and bidi controls in free text ------------------------------------

BIDI_AND_INVISIBLE = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))] + [
    "\u200b",
    "\u200e",
    "\u200f",
    "\u00ad",
    "\ufeff",
    "\u2060",
]


@pytest.mark.parametrize("char", BIDI_AND_INVISIBLE)
def test_a_name_with_a_bidi_control_or_invisible_character_is_refused(char):
    with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
        fields.check_visible(f"RT{char}moc")


@pytest.mark.parametrize("char", BIDI_AND_INVISIBLE)
def test_long_text_loses_bidi_controls_and_invisible_characters(char):
    assert fields.strip_invisible(f"state{char} media") == "state media"


@pytest.mark.parametrize(
    "name", ["Deutsche Welle", "\u0645\u06cc\u200c\u0634\u0648\u062f", "\u0915\u094d\u200d\u0937"]
)
def test_joiners_that_scripts_need_stay(name):
    assert fields.check_visible(name) == name
    assert fields.strip_invisible(name) == name


def test_the_hidden_set_is_the_url_set_but_the_joiners():
    from server.urls.rules import INVISIBLE

    assert set(fields.HIDDEN) == set(INVISIBLE) - {"\u200c", "\u200d"}
    assert {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))} <= set(fields.HIDDEN)


@pytest.mark.parametrize(
    ("host", "prefix", "role", "field"),
    [
        ("t.me", "", "primary", "path_prefix"),
        ("telegram.me", "", "account", "path_prefix"),
        ("m.youtube.com", "", "mirror", "path_prefix"),
        ("x.com", "/rt_com", "primary", "role"),
        ("x.com", "/rt_com/status/1", "account", "path_prefix"),
        ("youtube.com", "/watch", "account", "path_prefix"),
        ("t.me", "/s/rt_russian", "account", "path_prefix"),
        ("youtu.be", "", "primary", "path_prefix"),
        ("youtu.be", "/dQw4w9WgXcQ", "account", "path_prefix"),
        ("t.co", "", "mirror", "path_prefix"),
    ],
)
def test_a_platform_host_takes_only_an_account(host, prefix, role, field):
    problem = fields.platform_rule_problem(host, prefix, role)
    assert problem is not None and problem[0] == field


@pytest.mark.parametrize(
    ("host", "prefix", "role"),
    [
        ("x.com", "/RT_com", "account"),
        ("twitter.com", "/rt_com", "account"),
        ("youtube.com", "/channel/UCpwvZwUam-URkxB7g4USKpg", "account"),
        ("youtube.com", "/@RT", "account"),
        ("t.me", "/rt_russian", "account"),
        ("rt.com", "", "primary"),
        ("rt.com", "/russian", "language_edition"),
        ("mastodon.social", "/@rt", "account"),
    ],
)
def test_accounts_and_other_hosts_pass(host, prefix, role):
    assert fields.platform_rule_problem(host, prefix, role) is None


@pytest.mark.parametrize(
    ("host", "prefix", "stored"),
    [
        ("youtube.com", "/channel/UCpwvZwUam-URkxB7g4USKpg", "/channel/UCpwvZwUam-URkxB7g4USKpg"),
        ("youtube.com", "/Channel/UCpwvZwUam-URkxB7g4USKpg", "/channel/UCpwvZwUam-URkxB7g4USKpg"),
        ("youtube.com", "/@RT", "/@rt"),
        ("x.com", "/RT_com", "/rt_com"),
        ("rt.com", "/Russian", "/russian"),
        ("rutube.ru", "/channel/ABC", "/channel/abc"),
    ],
)
def test_a_domain_rule_keeps_the_case_of_a_youtube_channel_id_only(host, prefix, stored):
    from server.curation.shapes import DomainFields

    role = "primary" if host == "rt.com" else "account"
    shape = DomainFields(host=host, path_prefix=prefix, role=role)
    assert shape.path_prefix == stored


# -- a domain rule's path prefix refuses hidden characters and spaces ------------------------

_HIDDEN_CHARS = sorted(fields.HIDDEN)


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"/[a-z0-9_]{0,8}", fullmatch=True),
    st.sampled_from([*_HIDDEN_CHARS, " ", "\u00a0", "\t"]),
    st.from_regex(r"[a-z0-9_]{1,8}", fullmatch=True),
    st.booleans(),
)
def test_a_path_prefix_with_a_hidden_character_or_space_is_refused(
    head: str, char: str, tail: str, encoded: bool
) -> None:
    written = quote(char) if encoded else char
    with pytest.raises(ValueError, match="path_prefix"):
        fields.check_path_prefix(head + written + tail)


@pytest.mark.parametrize(
    ("prefix", "refused"),
    [
        ("/channel/UCpwvZwUam-URkxB7g4USKpg", False),
        ("/channel/UC_-0123456789abcdefABCD", False),
        ("/channel/ucpwvzwuam-urkxb7g4uskpg", True),
        ("/channel/UCpwvZwUam-URkxB7g4USKp", True),
        ("/channel/UCpwvZwUam-URkxB7g4USKpgg", True),
        ("/channel/XXpwvZwUam-URkxB7g4USKpg", True),
    ],
)
def test_a_youtube_channel_path_needs_a_channel_id(prefix: str, refused: bool) -> None:
    for host in ("youtube.com", "m.youtube.com"):
        problem = fields.platform_rule_problem(host, prefix, "account")
        assert (problem is not None) == refused, problem
        if refused:
            assert problem is not None and "not a YouTube channel id" in problem[1]


def test_an_importer_leaves_out_an_account_with_a_space_and_says_why() -> None:
    from server.importers.common import platform_left_out

    why = platform_left_out("facebook.com", "/%D8%B1%20x")
    assert why is not None and "space" in why and why.endswith("left out")
    assert platform_left_out("substack.com", "") is not None
    assert platform_left_out("someone.substack.com", "") is None
    assert platform_left_out("facebook.com", "/rt") is None
