"""English country names as third-party lists spell them -> ISO 3166-1 alpha-2 codes.

Covers every name in the State Media Matrix (ASD/GMF) plus common variants. A name that
stands for no single country (e.g. "European Union") maps to None: the record keeps no
country rather than a wrong one.
"""

from __future__ import annotations

import re
import unicodedata

_CODES = {
    "afghanistan": "AF", "albania": "AL", "algeria": "DZ", "angola": "AO", "argentina": "AR",
    "armenia": "AM", "australia": "AU", "austria": "AT", "azerbaijan": "AZ", "bahrain": "BH",
    "bangladesh": "BD", "belarus": "BY", "belgium": "BE", "benin": "BJ", "bhutan": "BT",
    "bolivia": "BO", "bosnia and herzegovina": "BA", "botswana": "BW", "brazil": "BR",
    "brunei": "BN", "bulgaria": "BG", "burkina faso": "BF", "burundi": "BI", "cambodia": "KH",
    "cameroon": "CM", "canada": "CA", "central african republic": "CF", "chad": "TD",
    "chile": "CL", "china": "CN", "colombia": "CO", "congo": "CG", "republic of the congo": "CG",
    "costa rica": "CR", "croatia": "HR", "cuba": "CU", "cyprus": "CY", "czechia": "CZ",
    "czech republic": "CZ", "cote d'ivoire": "CI", "ivory coast": "CI", "dr congo": "CD",
    "democratic republic of the congo": "CD", "denmark": "DK", "djibouti": "DJ",
    "dominican republic": "DO", "ecuador": "EC", "egypt": "EG", "el salvador": "SV",
    "eritrea": "ER", "estonia": "EE", "ethiopia": "ET", "finland": "FI", "france": "FR",
    "gabon": "GA", "georgia": "GE", "germany": "DE", "ghana": "GH", "greece": "GR",
    "guatemala": "GT", "haiti": "HT", "honduras": "HN", "hong kong": "HK", "hungary": "HU",
    "iceland": "IS", "india": "IN", "indonesia": "ID", "iran": "IR", "iraq": "IQ",
    "ireland": "IE", "israel": "IL", "italy": "IT", "jamaica": "JM", "japan": "JP",
    "jordan": "JO", "kazakhstan": "KZ", "kenya": "KE", "kosovo": "XK", "kuwait": "KW",
    "kyrgyzstan": "KG", "laos": "LA", "latvia": "LV", "lebanon": "LB", "lesotho": "LS",
    "liberia": "LR", "libya": "LY", "liechtenstein": "LI", "lithuania": "LT", "macao": "MO",
    "macau": "MO", "madagascar": "MG", "malawi": "MW", "malaysia": "MY", "mali": "ML",
    "malta": "MT", "mauritania": "MR", "mexico": "MX", "moldova": "MD", "mongolia": "MN",
    "montenegro": "ME", "morocco": "MA", "mozambique": "MZ", "myanmar": "MM", "namibia": "NA",
    "nepal": "NP", "netherlands": "NL", "new zealand": "NZ", "nicaragua": "NI", "niger": "NE",
    "nigeria": "NG", "north korea": "KP", "north macedonia": "MK", "norway": "NO", "oman": "OM",
    "pakistan": "PK", "palestine": "PS", "palestine territories": "PS",
    "palestinian territories": "PS", "panama": "PA", "paraguay": "PY", "peru": "PE",
    "philippines": "PH", "poland": "PL", "portugal": "PT", "qatar": "QA", "romania": "RO",
    "russia": "RU", "rwanda": "RW", "saudi arabia": "SA", "senegal": "SN", "serbia": "RS",
    "singapore": "SG", "slovakia": "SK", "slovenia": "SI", "somalia": "SO",
    "south africa": "ZA", "south korea": "KR", "south sudan": "SS", "spain": "ES",
    "sri lanka": "LK", "sudan": "SD", "sweden": "SE", "switzerland": "CH", "syria": "SY",
    "taiwan": "TW", "tajikistan": "TJ", "tanzania": "TZ", "thailand": "TH", "the gambia": "GM",
    "gambia": "GM", "togo": "TG", "tunisia": "TN", "turkey": "TR", "turkiye": "TR",
    "turkmenistan": "TM", "uae": "AE", "united arab emirates": "AE", "uganda": "UG",
    "ukraine": "UA", "united kingdom": "GB", "uk": "GB", "united states of america": "US",
    "united states": "US", "usa": "US", "uruguay": "UY", "uzbekistan": "UZ",
    "vatican city": "VA", "venezuela": "VE", "vietnam": "VN", "viet nam": "VN", "yemen": "YE",
    "zambia": "ZM", "zimbabwe": "ZW",
}  # fmt: skip

# Names that stand for no single country (the upstream file spells one "Europen Union").
_NO_COUNTRY = frozenset({"european union", "europen union", "eu", "international"})


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def country_code(name: str) -> str | None:
    """'Russia' -> 'RU', "Côte d'Ivoire" -> 'CI', 'Europen Union' -> None.

    Raises KeyError(name) for a name the table does not know, so a typo is never stored.
    """
    key = _key(name)
    if key in _NO_COUNTRY:
        return None
    if key in _CODES:
        return _CODES[key]
    raise KeyError(name)
