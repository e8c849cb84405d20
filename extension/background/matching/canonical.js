// URL canonicalization: a port of the server's server/urls.py (read its docstring for the
// rules). One stable string per article whatever link the reader arrived by; its SHA-256 is
// the article key. Tested against the shared vectors in tests/vectors/canonical_urls.json.
// The URL is cut up with string operations that mirror Python's urlsplit rather than with
// new URL(), so both sides make every normalization decision the same way.

import { isIp, registrableDomain, stripLeading } from './psl.js';

export const MAX_URL_LENGTH = 2048;

export const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'mc_cid', 'mc_eid',
  'igshid', '_ga', '_gl', 'ocid', 'cmpid', 'smid', 'ref_src', '__twitter_impression',
  'at_medium', 'at_campaign', 'wt_mc',
]);
export const TRACKING_PREFIXES = ['utm_'];

const AMP_PARAMS = new Set(['amp', '_amp']);
const WWW_LIKE = new Set(['www']);
const VARIANT_LABELS = new Set(['www', 'm', 'mobile', 'amp']);
const INDEX_FILES = ['/index.html', '/index.htm', '/index.php'];
const MAX_HOST_LENGTH = 253;

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const PATH_CLEAN = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
const PATH_DIRTY = /%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu;
const QUERY_CLEAN = /^[A-Za-z0-9\-._~!$&()*+,;=:@/?]*$/;
const QUERY_DIRTY = /%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&()*+,;=:@/?]/gu;
const FORBIDDEN = /[\x00-\x1f\x7f\\]/;
const ASCII_HOST = /^[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*$/;
const ENDS_IN_NUMBER = /^(?:[0-9]+|0x[0-9a-f]*)$/;
const AMP_SUFFIX = /^(.+)\.amp((?:\.[A-Za-z0-9]+)?)$/s;
const SCHEME_CHARS = /^[A-Za-z0-9+\-.]*$/;
// Python's str.isspace() set, which str.strip() removes (differs from String#trim).
const PY_SPACE = '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

export class InvalidURL extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'InvalidURL';
    this.code = code;
  }
}

function pyStrip(s) {
  let a = 0;
  let b = s.length;
  while (a < b && PY_SPACE.includes(s[a])) a += 1;
  while (b > a && PY_SPACE.includes(s[b - 1])) b -= 1;
  return s.slice(a, b);
}

const codePointLength = (s) => {
  let n = 0;
  for (const _ of s) n += 1; // eslint-disable-line no-unused-vars
  return n;
};

function shorten(s, max, keep) {
  return codePointLength(s) <= max ? s : `${[...s].slice(0, keep).join('')}...`;
}

function badHost(host, why) {
  return new InvalidURL('bad_host', `The host name '${shorten(host, 80, 77)}' is not valid: ${why}.`);
}

// ------------------------------------------------------------------ IP literals

/** Python's ipaddress.IPv4Address(text) -> str, or null when it would raise. */
function parseIPv4(text) {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return null;
    if (p.length > 1 && p[0] === '0') return null; // leading zeros are ambiguous
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out.join('.');
}

/** Python's ipaddress.IPv6Address(text).compressed, or null when it would raise. */
function compressIPv6(text) {
  if (!text || text.length > 45) return null;
  let hextets = [];
  let tail = text;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    const b = v4.split('.').map(Number);
    tail = `${text.slice(0, lastColon + 1)}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const parts = tail.split(':');
  if (parts.length < 3 || parts.length > 9) return null;
  let skip = -1;
  for (let i = 1; i < parts.length - 1; i += 1) {
    if (parts[i] === '') {
      if (skip >= 0) return null;
      skip = i;
    }
  }
  let lead;
  let trail;
  if (skip >= 0) {
    lead = skip;
    trail = parts.length - skip - 1;
    if (parts[0] === '') {
      lead -= 1;
      if (lead) return null;
    }
    if (parts[parts.length - 1] === '') {
      trail -= 1;
      if (trail) return null;
    }
    if (lead + trail > 7) return null;
  } else {
    if (parts.length !== 8) return null;
    if (parts[0] === '' || parts[parts.length - 1] === '') return null;
    lead = parts.length;
    trail = 0;
  }
  const parse = (p) => (/^[0-9a-fA-F]{1,4}$/.test(p) ? parseInt(p, 16) : null);
  for (let i = 0; i < lead; i += 1) hextets.push(parse(parts[i]));
  if (skip >= 0) for (let i = 0; i < 8 - lead - trail; i += 1) hextets.push(0);
  for (let i = parts.length - trail; i < parts.length; i += 1) hextets.push(parse(parts[i]));
  if (hextets.length !== 8 || hextets.some((h) => h === null)) return null;
  hextets = hextets.map((h) => h.toString(16));
  // Longest run (> 1) of zero hextets, the first if tied, becomes "::".
  let bestStart = -1;
  let bestLen = 0;
  let runStart = -1;
  let runLen = 0;
  for (let i = 0; i < 8; i += 1) {
    if (hextets[i] === '0') {
      runLen += 1;
      if (runStart < 0) runStart = i;
      if (runLen > bestLen) {
        bestLen = runLen;
        bestStart = runStart;
      }
    } else {
      runLen = 0;
      runStart = -1;
    }
  }
  if (bestLen > 1) {
    const end = bestStart + bestLen;
    const out = [...hextets.slice(0, bestStart), '', ...hextets.slice(end)];
    if (end === 8) out.push('');
    if (bestStart === 0) out.unshift('');
    return out.join(':');
  }
  return hextets.join(':');
}

function canonicalIPv6(inner) {
  const compressed = inner.includes('%') ? null : compressIPv6(inner);
  if (compressed === null) throw badHost(`[${inner}]`, 'it is not a valid IPv6 address');
  return `[${compressed}]`;
}

// ------------------------------------------------------------------ hosts

const hostCache = new Map();

function toAsciiHost(host) {
  // UTS #46 non-transitional processing, as browsers do it (faß.de stays distinct).
  try {
    const ascii = new URL(`http://${host}/`).hostname;
    if (!ascii || /[^\x21-\x7e]/.test(ascii)) return null;
    return ascii;
  } catch {
    return null;
  }
}

/** Lower-case/punycode/validate a host (no brackets, no port) and strip "www.". */
function canonicalHost(host) {
  const cached = hostCache.get(host);
  if (cached !== undefined) return cached;
  const original = host;
  let h = host;
  if (/[^\x00-\x7f]/.test(h) || h.toLowerCase().includes('xn--')) {
    const ascii = toAsciiHost(h);
    if (ascii === null) throw badHost(original, 'it is not a valid internationalized name');
    h = ascii;
  }
  h = h.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (!h) throw new InvalidURL('no_host', 'The URL has no host name (like example.com).');
  if (h.length > MAX_HOST_LENGTH || !ASCII_HOST.test(h)) {
    throw badHost(original, "a host name is made of dot-separated labels of letters, digits, '-' and '_' (at most 63 characters each, 253 in all)");
  }
  if (ENDS_IN_NUMBER.test(h.slice(h.lastIndexOf('.') + 1))) {
    const v4 = parseIPv4(h);
    if (v4 === null) throw badHost(original, 'a host ending in a number must be an IPv4 address like 192.0.2.1');
    h = v4;
  } else if (h.startsWith('www.')) {
    h = stripLeading(h, WWW_LIKE);
  }
  if (hostCache.size > 8192) hostCache.clear();
  hostCache.set(host, h);
  return h;
}

/** Python's urllib.parse.unquote(s, errors='strict'); throws on bad UTF-8. */
function unquoteStrict(s) {
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
      throw new InvalidURL('bad_port', `The port '${shorten(port, 20, 17)}' is not valid: it must be a number 0-65535.`);
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

function isTracking(key) {
  const k = key.toLowerCase();
  return TRACKING_PARAMS.has(k) || TRACKING_PREFIXES.some((prefix) => k.startsWith(prefix));
}

function normalizeQuery(query) {
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
    const close = netloc.includes(']');
    if (open !== close) throw new InvalidURL('bad_host', 'The host part of the URL is not valid.');
    if (open && close) checkBracketedNetloc(netloc);
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
  const bad = () => new InvalidURL('bad_host', 'The host part of the URL is not valid.');
  if (open > 0) throw bad();
  const bracketed = hostport.slice(open + 1);
  const close = bracketed.indexOf(']');
  const hostname = close < 0 ? bracketed : bracketed.slice(0, close);
  const port = close < 0 ? '' : bracketed.slice(close + 1);
  if (port && !port.startsWith(':')) throw bad();
  if (hostname.startsWith('v')) {
    if (!/^v[0-9a-fA-F]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/.test(hostname)) throw bad();
  } else {
    const pct = hostname.indexOf('%');
    const addr = pct < 0 ? hostname : hostname.slice(0, pct);
    if (compressIPv6(addr) === null || (pct >= 0 && hostname.length === pct + 1)) throw bad();
  }
}

function checkNetloc(netloc) {
  if (!netloc || /^[\x00-\x7f]*$/.test(netloc)) return;
  const n = netloc.replace(/[@:#?]/g, '');
  const normalized = n.normalize('NFKC');
  if (n === normalized) return;
  for (const c of '/?#@:') {
    if (normalized.includes(c)) throw new InvalidURL('bad_host', 'The host part of the URL is not valid.');
  }
}

// ------------------------------------------------------------------ public functions

/**
 * The canonical https:// form of a URL. Throws InvalidURL (with .code) when the input is
 * not a usable web address.
 */
export function canonicalize(raw) {
  if (typeof raw !== 'string') {
    if (raw === null || raw === undefined) throw new InvalidURL('empty', 'No URL was given.');
    throw new InvalidURL('malformed', 'The URL must be a string.');
  }
  const s = pyStrip(raw);
  if (!s) throw new InvalidURL('empty', 'No URL was given.');
  if (codePointLength(s) > MAX_URL_LENGTH) {
    throw new InvalidURL('too_long', `The URL is longer than the ${MAX_URL_LENGTH} characters allowed.`);
  }
  const bad = FORBIDDEN.exec(s);
  if (bad) {
    const what = bad[0] === '\\' ? 'a backslash' : 'a control character';
    throw new InvalidURL('malformed', `The URL contains ${what}, which is not allowed.`);
  }
  const parts = urlsplit(s);
  if (parts.scheme !== 'http' && parts.scheme !== 'https') {
    let message;
    if (!parts.scheme) message = 'The URL has no scheme; include http:// or https:// at the start.';
    else message = `Only web addresses are supported, not '${shorten(parts.scheme, 20, 17)}'; the URL must start with http:// or https://.`;
    throw new InvalidURL('unsupported_scheme', message);
  }
  if (!parts.netloc) {
    throw new InvalidURL('no_host', 'The URL has no host name; it should look like https://example.com/page.');
  }
  const [host, port] = splitNetloc(parts.netloc);
  const path = normalizePath(parts.path);
  const query = parts.query ? normalizeQuery(parts.query) : '';
  const url = `https://${host}${port ? `:${port}` : ''}${path}${query ? `?${query}` : ''}`;
  if (url.length > MAX_URL_LENGTH) {
    throw new InvalidURL('too_long', `The URL is longer than the ${MAX_URL_LENGTH} characters allowed once normalized.`);
  }
  return url;
}

function split3(canonical) {
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

function foldOnce(url) {
  let { host, port, path, query } = split3(url);
  if (!isIp(host)) host = stripLeading(host, VARIANT_LABELS);
  if (path.startsWith('/amp/')) path = path.slice(4);
  if (path === '/amp' || path.endsWith('/amp')) path = path.slice(0, -4);
  const slash = path.lastIndexOf('/');
  const head = path.slice(0, slash);
  const last = path.slice(slash + 1);
  const m = AMP_SUFFIX.exec(last);
  if (slash >= 0 && m) path = `${head}/${m[1]}${m[2]}`;
  if (query) {
    query = query.split('&').filter((piece) => {
      const eq = piece.indexOf('=');
      const key = (eq < 0 ? piece : piece.slice(0, eq)).toLowerCase();
      const value = eq < 0 ? '' : piece.slice(eq + 1);
      return !(AMP_PARAMS.has(key) || (key === 'outputtype' && value.toLowerCase() === 'amp'));
    }).join('&');
  }
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

/** The article key for a page: canonical URL, folded when the matched rule allows it. */
export function articleUrl(raw, { fold = true } = {}) {
  const canonical = canonicalize(raw);
  return fold ? foldVariants(canonical) : canonical;
}

export { registrableDomain };
