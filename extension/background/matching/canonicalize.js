// canonicalize, split and foldVariants: a port of server/urls/canonical.py (read the server's
// package docstring for the rules). The URL is cut up with string operations that mirror
// Python's urlsplit rather than with new URL(), so both sides make every normalization decision
// the same way.

import { InvalidURL, MAX_URL_LENGTH, codePointLength, shorten } from './errors.js';
import { badHost, canonicalHost, canonicalIPv6, compressIPv6 } from './hosts.js';
import { isIp, stripLeading } from './psl.js';
import { INVISIBLE, trackingTest } from './rules.js';

const AMP_PARAMS = new Set(['amp', '_amp']);
const VARIANT_LABELS = new Set(['www', 'm', 'mobile', 'amp']);
const INDEX_FILES = ['/index.html', '/index.htm', '/index.php'];

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const PATH_CLEAN = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
const PATH_DIRTY = /%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu;
const QUERY_CLEAN = /^[A-Za-z0-9\-._~!$&()*+,;=:@/?]*$/;
const QUERY_DIRTY = /%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&()*+,;=:@/?]/gu;
const FORBIDDEN = /[\x00-\x1f\x7f\\]/;
const AMP_SUFFIX = /^(.+)\.amp((?:\.[A-Za-z0-9]+)?)$/s;
const SCHEME_CHARS = /^[A-Za-z0-9+\-.]*$/;
// Python's str.isspace() set, which str.strip() removes (differs from String#trim).
const PY_SPACE = '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

const edge = (c) => PY_SPACE.includes(c) || INVISIBLE.has(c);

/** `raw` without surrounding whitespace and invisible characters (the server's strip_text). */
export function stripText(raw) {
  let a = 0;
  let b = raw.length;
  while (a < b && edge(raw[a])) a += 1;
  while (b > a && edge(raw[b - 1])) b -= 1;
  return raw.slice(a, b);
}

/** Python's urllib.parse.unquote(s, errors='strict'); throws on bad UTF-8. */
export function unquoteStrict(s) {
  const bytes = [];
  let out = '';
  const flush = () => {
    if (!bytes.length) return;
    out += new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    bytes.length = 0;
  };
  for (let i = 0; i < s.length;) {
    if (s[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      flush();
      out += s[i];
      i += 1;
    }
  }
  flush();
  return out;
}

function splitNetloc(netloc) {
  const hostport = netloc.slice(netloc.lastIndexOf('@') + 1);
  let host;
  let port;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']', 1);
    const rest = close < 0 ? '' : hostport.slice(close + 1);
    if (close < 0 || (rest && !rest.startsWith(':'))) {
      throw badHost(hostport, 'an IPv6 address must be written as [address]:port');
    }
    host = canonicalIPv6(hostport.slice(1, close));
    port = rest.slice(1);
  } else {
    const colon = hostport.indexOf(':');
    host = colon < 0 ? hostport : hostport.slice(0, colon);
    port = colon < 0 ? '' : hostport.slice(colon + 1);
    if (!host) throw new InvalidURL('no_host', 'The URL has no host name (like example.com).');
    if (host.includes('%')) {
      try {
        host = unquoteStrict(host);
      } catch {
        throw badHost(host, 'its percent-escapes are not UTF-8');
      }
    }
    host = canonicalHost(host);
  }
  if (port) {
    if (!/^[0-9]+$/.test(port) || Number(port) > 65535) {
      throw new InvalidURL('bad_port', `The port '${shorten(port, 20)}' is not valid: it must be a number 0-65535.`);
    }
    const n = Number(port);
    port = n === 80 || n === 443 ? '' : String(n);
  }
  return [host, port];
}

// ------------------------------------------------------------------ paths and queries

function utf8Escape(ch) {
  const cp = ch.codePointAt(0);
  if (cp >= 0xd800 && cp <= 0xdfff) throw new InvalidURL('malformed', 'The URL contains characters that are not valid text.');
  let out = '';
  for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

function fixEscape(s) {
  if (s.length === 3 && s[0] === '%') {
    const c = String.fromCharCode(parseInt(s.slice(1), 16));
    return UNRESERVED.test(c) ? c : s.toUpperCase();
  }
  return utf8Escape(s);
}

function removeDotSegments(path) {
  const out = [];
  for (const segment of path.split('/').slice(1)) {
    if (segment === '.') continue;
    if (segment === '..') {
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return `/${out.join('/')}`;
}

function normalizePath(path) {
  if (!path) return '/';
  let p = path;
  if (!PATH_CLEAN.test(p)) p = p.replace(PATH_DIRTY, fixEscape);
  if (p.includes('/.')) p = removeDotSegments(p);
  for (;;) {
    p = p.replace(/\/+$/, '');
    const name = INDEX_FILES.find((n) => p.endsWith(n));
    if (!name) return p || '/';
    p = p.slice(0, -name.length);
  }
}

function normalizeQuery(query, isTracking) {
  const pieces = [];
  for (let piece of query.split('&')) {
    if (!piece) continue;
    if (!QUERY_CLEAN.test(piece)) piece = piece.replace(QUERY_DIRTY, fixEscape);
    const eq = piece.indexOf('=');
    const key = eq < 0 ? piece : piece.slice(0, eq);
    if (!isTracking(key)) pieces.push([key, piece]);
  }
  // Keys are ASCII after normalization, so code-unit order is code-point order; sort is stable.
  pieces.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return pieces.map(([, piece]) => piece).join('&');
}

// ------------------------------------------------------------------ urlsplit

const hostPartError = () => new InvalidURL('bad_host', 'The host part of the URL is not valid.');

/** Python's urlsplit, for the parts canonicalize uses; throws InvalidURL('bad_host') where it raises. */
function urlsplit(url) {
  let scheme = '';
  let rest = url;
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[A-Za-z]$/.test(rest[0]) && SCHEME_CHARS.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    let end = rest.length;
    for (const c of '/?#') {
      const at = rest.indexOf(c, 2);
      if (at >= 0 && at < end) end = at;
    }
    netloc = rest.slice(2, end);
    rest = rest.slice(end);
    const open = netloc.includes('[');
    if (open !== netloc.includes(']')) throw hostPartError();
    if (open) checkBracketedNetloc(netloc);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  checkNetloc(netloc);
  return { scheme, netloc, path: rest, query };
}

function checkBracketedNetloc(netloc) {
  const hostport = netloc.slice(netloc.lastIndexOf('@') + 1);
  const open = hostport.indexOf('[');
  if (open < 0) return;
  if (open > 0) throw hostPartError();
  const bracketed = hostport.slice(open + 1);
  const close = bracketed.indexOf(']');
  const hostname = close < 0 ? bracketed : bracketed.slice(0, close);
  const port = close < 0 ? '' : bracketed.slice(close + 1);
  if (port && !port.startsWith(':')) throw hostPartError();
  if (hostname.startsWith('v')) {
    if (!/^v[0-9a-fA-F]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/.test(hostname)) throw hostPartError();
  } else {
    const pct = hostname.indexOf('%');
    const addr = pct < 0 ? hostname : hostname.slice(0, pct);
    if (compressIPv6(addr) === null || (pct >= 0 && hostname.length === pct + 1)) throw hostPartError();
  }
}

function checkNetloc(netloc) {
  if (!netloc || /^[\x00-\x7f]*$/.test(netloc)) return;
  const n = netloc.replace(/[@:#?]/g, '');
  const normalized = n.normalize('NFKC');
  if (n === normalized) return;
  for (const c of '/?#@:') {
    if (normalized.includes(c)) throw hostPartError();
  }
}

// ------------------------------------------------------------------ canonicalize

function checkedText(raw) {
  if (typeof raw !== 'string') {
    if (raw === null || raw === undefined) throw new InvalidURL('empty', 'No URL was given.');
    throw new InvalidURL('malformed', 'The URL must be a string.');
  }
  const s = stripText(raw);
  if (!s) throw new InvalidURL('empty', 'No URL was given.');
  if (codePointLength(s) > MAX_URL_LENGTH) {
    throw new InvalidURL('too_long', `The URL is longer than the ${MAX_URL_LENGTH} characters allowed.`);
  }
  const bad = FORBIDDEN.exec(s);
  if (bad) {
    const what = bad[0] === '\\' ? 'a backslash' : 'a control character';
    throw new InvalidURL('malformed', `The URL contains ${what}, which is not allowed.`);
  }
  return s;
}

/**
 * The canonical https:// form of a URL. Throws InvalidURL (with .code) when the input is
 * not a usable web address.
 */
export function canonicalize(raw) {
  const parts = urlsplit(checkedText(raw));
  if (parts.scheme !== 'http' && parts.scheme !== 'https') {
    let message;
    if (!parts.scheme) message = 'The URL has no scheme; include http:// or https:// at the start.';
    else message = `Only web addresses are supported, not '${shorten(parts.scheme, 20)}'; the URL must start with http:// or https://.`;
    throw new InvalidURL('unsupported_scheme', message);
  }
  if (!parts.netloc) {
    throw new InvalidURL('no_host', 'The URL has no host name; it should look like https://example.com/page.');
  }
  const [host, port] = splitNetloc(parts.netloc);
  const path = normalizePath(parts.path);
  const query = parts.query ? normalizeQuery(parts.query, trackingTest(host)) : '';
  const url = `https://${host}${port ? `:${port}` : ''}${path}${query ? `?${query}` : ''}`;
  if (url.length > MAX_URL_LENGTH) {
    throw new InvalidURL('too_long', `The URL is longer than the ${MAX_URL_LENGTH} characters allowed once normalized.`);
  }
  return url;
}

// ------------------------------------------------------------------ helpers

/** {host, port, path, query} of a canonical URL, by string operations only. */
export function split3(canonical) {
  const rest = canonical.slice(canonical.indexOf('://') + 3);
  const slash = rest.indexOf('/');
  const hostport = slash < 0 ? rest : rest.slice(0, slash);
  const pathquery = slash < 0 ? '/' : rest.slice(slash);
  const q = pathquery.indexOf('?');
  const path = q < 0 ? pathquery : pathquery.slice(0, q);
  const query = q < 0 ? '' : pathquery.slice(q + 1);
  let host;
  let port;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']') + 1;
    host = hostport.slice(0, end);
    port = hostport.slice(end + 1);
  } else {
    const c = hostport.indexOf(':');
    host = c < 0 ? hostport : hostport.slice(0, c);
    port = c < 0 ? '' : hostport.slice(c + 1);
  }
  return { host, port, path, query };
}

/** [host, path] of a canonical URL: no port, no query. */
export function split(canonical) {
  const { host, path } = split3(canonical);
  return [host, path];
}

function isAmpParam(piece) {
  const eq = piece.indexOf('=');
  const key = (eq < 0 ? piece : piece.slice(0, eq)).toLowerCase();
  const value = eq < 0 ? '' : piece.slice(eq + 1);
  return AMP_PARAMS.has(key) || (key === 'outputtype' && value.replace(/\/+$/, '').toLowerCase() === 'amp');
}

function foldOnce(url) {
  let { host, port, path, query } = split3(url);
  if (!isIp(host)) host = stripLeading(host, VARIANT_LABELS);
  if (path.startsWith('/amp/')) path = path.slice(4);
  if (path === '/amp' || path.endsWith('/amp')) path = path.slice(0, -4);
  const slash = path.lastIndexOf('/');
  const m = AMP_SUFFIX.exec(path.slice(slash + 1));
  if (slash >= 0 && m) path = `${path.slice(0, slash)}/${m[1]}${m[2]}`;
  if (query) query = query.split('&').filter((piece) => !isAmpParam(piece)).join('&');
  return `https://${host}${port ? `:${port}` : ''}${path}${query ? `?${query}` : ''}`;
}

/** Folds AMP/mobile variants of a URL onto the main article; the result is canonical. */
export function foldVariants(canonical) {
  let url = canonicalize(canonical);
  for (;;) {
    const folded = canonicalize(foldOnce(url));
    if (folded === url) return url;
    url = folded;
  }
}
