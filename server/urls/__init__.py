"""URL canonicalization: one stable string per article, whatever link the reader arrived by.

Pure functions only (no Flask, no database), so the API, the importers, the tests and the
browser extension's JavaScript port can share one definition. The shared test vectors live
in ``tests/vectors/canonical_urls.json`` (``canonicalize``/``fold_variants``) and
``tests/vectors/resolve_urls.json`` (``resolve``/``unwrap``); the rule data (tracking
parameters, wrappers, invisible characters) in ``server/urls/rules.json``, which the
extension reads through a generated copy. Change a rule and those files together.

Modules: ``errors`` (InvalidURL), ``idna_host`` and ``hosts`` (the host grammar, public
suffixes), ``canonical`` (canonicalize, fold_variants), ``rules`` and ``tracking`` (the rule
data), ``unwrap`` (wrappers), ``resolve`` (the front door for pasted addresses).

Front door
----------
``resolve(raw)`` returns ``(canonical, via)`` for an address as people write it: it trims
whitespace and invisible characters (byte-order mark, zero-width space/joiners, word
joiner, soft hyphen, directional marks), refuses one left inside with a message that names
it, reads an address without a scheme (``rt.com/news/1``, ``//rt.com/news/1``) as
``https://``, gives ``https:/x`` and ``http:x`` their two slashes as browsers do, then
canonicalizes and unwraps. ``canonicalize`` itself keeps its stricter contract: it trims the
same characters but wants ``http://`` or ``https://``.

Canonical form
--------------
``canonicalize(raw)`` returns ``https://HOST[:PORT]PATH[?QUERY]``:

* surrounding whitespace and invisible characters are stripped; the input must be at most
  ``MAX_URL_LENGTH`` characters and must not contain control characters or backslashes
  (browsers read a backslash as ``/`` and Python does not, so accepting it would make the
  two disagree);
* the scheme must be ``http`` or ``https`` (any case) followed by ``//``. The canonical
  scheme is always ``https``: an article's identity does not depend on how it was fetched;
* userinfo is dropped; the ports 80 and 443 are dropped (whatever the scheme), others kept;
* the host follows the one host grammar of ``hosts``: it is converted to ASCII the way the
  browser's URL parser does (UTS #46, non-transitional, no STD3 rules, so ``faß.de`` stays
  distinct from ``fass.de`` and ``☃.rt.com`` is ``xn--n3h.rt.com``), an ``xn--`` label
  must be the standard Punycode form of a non-ASCII label (``xn--rt-.rt.com`` is refused),
  then it is lower-cased, one trailing dot is removed, and leading ``www.`` labels are
  removed while what remains is still at least a registrable domain (``www.rt.com`` ->
  ``rt.com``, but ``www.co.uk`` is left alone). Host names may contain ASCII letters,
  digits, ``-`` and ``_``. IPv4 literals must be dotted-quad decimal; a host whose last
  label is a number is otherwise rejected. IPv6 literals are written in brackets and
  serialized in their compressed form;
* the path has its percent-encoding normalized (hex upper-cased, unreserved characters
  ``A-Z a-z 0-9 - . _ ~`` decoded, everything outside the RFC 3986 path characters encoded
  as UTF-8, a stray ``%`` becomes ``%25``), then dot-segments are resolved; an empty path
  becomes ``/``; a trailing ``index.html``, ``index.htm`` or ``index.php`` segment and
  trailing slashes are removed (except for the root ``/``);
* the query is split on ``&``; empty pieces and tracking parameters are removed, each
  piece gets the same percent-encoding normalization (``'`` is encoded as ``%27`` in the
  query, as browsers do), and the pieces are sorted by key (stable for equal keys, by code
  point). ``+`` is left alone. An empty query leaves no ``?``;
* the fragment is dropped.

The result is never longer than ``MAX_URL_LENGTH`` and ``canonicalize`` is idempotent.

Tracking parameters
-------------------
A query parameter is removed when its key, compared case-insensitively, is named by a
tracking rule of ``rules.json`` for every host or for the URL's host or a parent of it
(``TRACKING_RULES``; each rule says why its parameters never identify content). The first
rule, ``common``, is exported as ``TRACKING_PREFIXES`` (``utm_``) and ``TRACKING_PARAMS``:
``fbclid`` (Facebook), ``gclid``, ``dclid``, ``gbraid``, ``wbraid`` (Google Ads),
``msclkid`` (Microsoft Ads), ``yclid`` (Yandex), ``mc_cid``, ``mc_eid`` (Mailchimp),
``igshid`` (Instagram), ``_ga``, ``_gl`` (Google Analytics linker), ``ocid``
(Microsoft/MSN), ``cmpid`` (campaign id), ``smid`` (New York Times share id), ``ref_src``
and ``__twitter_impression`` (Twitter/X), ``at_medium``, ``at_campaign`` (AT Internet) and
``wt_mc`` (Webtrends). Others add Webtrends ``WT.*``, comScore ``ns_*``, XiTi ``xtor``,
Matomo, HubSpot, mail and ad-network click ids, Google News and Apple News tokens, and,
host-scoped, ``_r`` on nytimes.com, ``ITO`` on dailymail.co.uk, ``CMP`` on theguardian.com.
``ref`` is not removed on every host: on some sites it selects content.

AMP and mobile variants
-----------------------
``fold_variants(canonical)`` maps AMP and mobile copies onto the main article. Callers
apply it only when the matched domain rule allows it (some outlets really do publish
different things on ``m.`` hosts). It strips leading ``amp.``/``m.``/``mobile.`` host labels
(while what remains is at least a registrable domain), a leading ``/amp/`` or trailing
``/amp`` path segment, an ``.amp`` suffix of the last path segment (``/story.amp`` ->
``/story``, ``/story.amp.html`` -> ``/story.html``) and the query parameters
``outputType=amp`` (also ``amp/``), ``amp`` and ``_amp``; it repeats until nothing changes,
so it is idempotent and its result is canonical. AMP copies on other hosts (Google's AMP
viewer, AMP caches) are for ``unwrap``.

Wrappers
--------
``unwrap(raw)`` returns ``Unwrapped(target, via)``: the address an archive copy (Wayback
Machine, archive.today and its mirrors, Google's cache), AMP copy (Google's AMP viewer,
AMP caches, Yandex Turbo), translation (``*.translate.goog``, Google/Microsoft/Yandex page
translation), annotation or reader proxy (via.hypothes.is, r.jina.ai, 12ft.io) or click
wrapper (Google, Bing, DuckDuckGo, Yahoo, Yandex; Facebook, Messenger, Instagram, Threads,
Reddit, LinkedIn, Slack, Outlook and Teams Safe Links, YouTube, VK, Tumblr) stands for, and
``Via(kind, host, captured)`` saying how it was reached. See ``unwrap`` for the rules;
X's ``t.co`` links cannot be unwrapped from the URL alone.

Why ``urllib.parse`` + ``idna``
-------------------------------
``urllib.parse.urlsplit`` is in the standard library, fast, and lenient: it only cuts the
string into scheme/netloc/path/query/fragment, so every normalization decision above is
made (and tested) here rather than inherited from a parser with its own opinions.
The ``idna`` package carries the UTS #46 mapping table and the joiner and Bidi rules that
browsers apply; it is slow (tens of µs per host), so it only runs for non-ASCII hosts and
``xn--`` labels, and its results are cached.

The public suffix list is the snapshot bundled with the ``publicsuffixlist`` package
(ICANN and private sections, so ``someone.github.io`` is its own registrable domain);
it is loaded once at import and never fetched.

Porting to JavaScript
---------------------
The extension's port (extension/background/matching/) cuts URLs with string operations
that mirror ``urlsplit`` rather than with ``new URL()``, asks ``new URL()`` only to convert
non-ASCII hosts (then applies the same ``xn--`` rule with its own Punycode decoder), works
on ``search`` with string operations (not ``URLSearchParams``, which turns ``+`` into a
space), and reads the same rule data and public suffix list.
"""

from __future__ import annotations

from .canonical import canonicalize, fold_variants, split, url_sha256
from .errors import ERROR_CODES, MAX_URL_LENGTH, InvalidURL
from .hosts import (
    _host_chain,
    host_chain,
    is_public_suffix,
    normalize_host,
    registrable_domain,
    strip_leading,
)
from .resolve import Resolved, front_door, resolve
from .rules import TRACKING_RULES, UNWRAP_RULES
from .tracking import TRACKING_PARAMS, TRACKING_PREFIXES
from .unwrap import Unwrapped, Via, unwrap

_strip_leading = strip_leading  # the name server/matching.py has always imported

__all__ = [
    "ERROR_CODES",
    "MAX_URL_LENGTH",
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "TRACKING_RULES",
    "UNWRAP_RULES",
    "InvalidURL",
    "Resolved",
    "Unwrapped",
    "Via",
    "_host_chain",
    "_strip_leading",
    "canonicalize",
    "fold_variants",
    "front_door",
    "host_chain",
    "is_public_suffix",
    "normalize_host",
    "registrable_domain",
    "resolve",
    "split",
    "unwrap",
    "url_sha256",
]
