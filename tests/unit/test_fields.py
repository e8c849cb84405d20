"""The field types: each check on its own, and the same rule whether a form, an API payload
or a dataset file carries the value."""

from __future__ import annotations

import datetime as dt

import pytest
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
        (fields.check_path_prefix, "/@RT", "/@rt"),
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
