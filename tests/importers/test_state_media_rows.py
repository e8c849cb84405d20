"""Reading the State Media Matrix into assets (pure): grouping, paths, typology, errors."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.errors import ValidationFailed
from server.importers.state_media_rows import TYPOLOGY, asset_name, read_assets

HEAD = ["Country", "Media company", "Main assets", "URL", "Typology", "Status", "Notes"]


def matrix(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEAD)
    writer.writerows(rows)
    return out.getvalue()


def test_rows_of_one_asset_are_one_asset_in_file_order():
    text = matrix(
        [
            ["Russia", "RT", "RT Deutsch", "https://de.rt.com/", "SC", "", "x"],
            ["Russia", "RT", "RT Deutsch", "rtde.world", "SC", "", ""],
            ["Russia", "RT", "RT Deutsch", "https://www.rtde.world/", "SC", "", ""],
        ]
    )
    (asset,) = read_assets(text)
    assert (asset.line, asset.country, asset.typology) == (2, "RU", "SC")
    assert [(u.line, u.host, u.path) for u in asset.urls] == [
        (2, "de.rt.com", ""),
        (3, "rtde.world", ""),
    ]


def test_one_name_in_two_countries_is_two_assets():
    text = matrix(
        [
            ["Denmark", "TV2", "TV2", "https://tv2.example/", "ISM", "", ""],
            ["Hungary", "TV2", "TV2", "https://tv2-hu.example/", "CaPr", "", ""],
        ]
    )
    assert [(a.country, a.typology) for a in read_assets(text)] == [("DK", "ISM"), ("HU", "CaPr")]


def test_a_path_is_kept_only_where_two_assets_share_the_host():
    text = matrix(
        [
            ["Afghanistan", "A", "A", "https://a.example/en/", "SC", "", ""],
            ["Belarus", "SB", "One", "https://sb.example/one/", "SC", "", ""],
            ["Belarus", "SB", "Two", "https://sb.example/two?id=3", "SC", "", ""],
        ]
    )
    paths = [(u.host, u.path) for a in read_assets(text) for u in a.urls]
    assert paths == [("a.example", ""), ("sb.example", "/one"), ("sb.example", "/two")]


def test_status_and_uncertain_typology():
    text = matrix(
        [
            ["Zambia", "Z", "Z", "z.example", "SC", "Currently Not Functional", ""],
            ["USA", "V", "G", "g.example", "ISFM?", "Merged from Project", ""],
            ["Europen Union", "E", "E", "", "", "", ""],
        ]
    )
    z, g, e = read_assets(text)
    assert not z.urls[0].current
    assert (g.typology, g.uncertain) == (None, "ISFM?")
    assert (e.country, e.typology, e.urls) == (None, None, [])


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B"]),
            st.sampled_from(["x", "y", "z"]),
            st.sampled_from(["", "h1.example", "h2.example/p", "h2.example/q"]),
            st.sampled_from([*TYPOLOGY, "", "SC?"]),
        ),
        max_size=12,
    )
)
def test_assets_are_unique_and_hold_each_address_once(rows):
    text = matrix([["France", c, a, u, t, "", ""] for c, a, u, t in rows])
    assets = read_assets(text)
    assert len({(a.country, a.company, a.name) for a in assets}) == len(assets)
    for asset in assets:
        keys = [(u.host, u.path) for u in asset.urls]
        assert len(keys) == len(set(keys))
        assert asset.typology is None or asset.typology in TYPOLOGY
    assert [a.line for a in assets] == sorted(a.line for a in assets)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["Narnia", "A", "A", "", "SC", "", ""], "line 2: Country"),
        (["France", "", "A", "", "SC", "", ""], "line 2: Media company"),
        (["France", "A", "A", "", "SC!", "", ""], "line 2: Typology"),
        (["France", "A", "A", "https://com/", "SC", "", ""], "line 2: URL"),
    ],
)
def test_a_bad_row_names_its_line(row, message):
    with pytest.raises(ValidationFailed, match=message):
        read_assets(matrix([row]))


def test_an_empty_file_is_an_error():
    with pytest.raises(ValidationFailed, match="empty"):
        read_assets("")


def test_social_columns_become_accounts_and_other_links_are_reported():
    header = "Country,Media company,Main assets,URL,Typology,Status,Twitter Link,Youtube Link"
    text = "\n".join(
        [
            header,
            "Russia,RT,RT,https://www.rt.com/,SC,,https://www.twitter.com/RT_com,"
            "https://www.youtube.com/watch?v=1",
            "Russia,RT,RT,https://de.rt.com/,SC,,https://x.com/rt_com/,"
            "https://m.youtube.com/channel/UCpwvZwUam-URkxB7g4USKpg/videos",
        ]
    )
    (asset,) = read_assets(text)
    assert [(a.line, a.host, a.path) for a in asset.accounts] == [
        (2, "x.com", "/RT_com"),
        (3, "youtube.com", "/channel/UCpwvZwUam-URkxB7g4USKpg"),
    ]
    assert len(asset.odd_links) == 1 and "line 2: Youtube Link" in asset.odd_links[0]


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        ("News agency: Xinhua", "Xinhua"),
        ("Print media: Reference News (Cānkǎo Xiāoxī)", "Reference News (Cānkǎo Xiāoxī)"),
        ("Television: CCTV-4", "CCTV-4"),
        ("Yicai Media Group (Television: Yicai TV", "Yicai Media Group (Yicai TV)"),
        ("Dar Al Tahrir (Al Gomhuria", "Dar Al Tahrir (Al Gomhuria)"),
        ("RT Deutsch", "RT Deutsch"),
        ("Radio:", "Radio:"),
        ("Hong Kong: Wen Wei Po", "Hong Kong: Wen Wei Po"),
    ],
)
def test_asset_names_lose_the_medium_label_and_close_their_brackets(cell, name):
    assert asset_name(cell) == name


@given(st.text(min_size=1, max_size=60).filter(str.strip))
def test_an_asset_name_is_never_empty_and_its_brackets_balance_or_stay_as_given(cell):
    name = asset_name(cell)
    assert name.strip()
    assert name.count("(") <= name.count(")") or name == cell.strip()
