// Unwrapping: a port of server/urls/unwrap.py (read its docstring). The address an archive
// copy, AMP copy, translation, proxy or click wrapper stands for, and how it was reached.
// X's t.co links carry no target in the URL: where the page shows it (the link's text on x.com,
// e.g. "rt.com/news/398374-russia…"), links.js passes that text to resolve(), which reads a host
// and path without a scheme as https:// (the path may be cut short; the outlet is right).

import { InvalidURL } from './errors.js';
import { canonicalize, split3, unquoteStrict } from './canonicalize.js';
import { punycodeDecode } from './punycode.js';
import { UNWRAP_RULES } from './rules.js';

export const MAX_DEPTH = 4;
const HTTP = /^([Hh][Tt][Tt][Pp][Ss]?):\/{0,2}(?!\/)/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const HOSTLIKE = /^([^\x00-\x20:/?#@[\]\\]+|\[[0-9A-Fa-f:.]+\])(:[0-9]+)?(?:[/?#][\s\S]*)?$/;
const ENCODED_URL = /^[Hh][Tt][Tt][Pp][Ss]?%3[Aa]%2[Ff]/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `text` as an absolute address, or null: http(s) with fewer than two slashes gets two;
 * with `schemeless`, a host name with a dot, a host with a port or a bracketed IPv6 address
 * gets https://. Other schemes come back unchanged (for canonicalize to refuse).
 */
export function withScheme(text, schemeless) {
  const m = HTTP.exec(text);
  if (m) return `${m[1]}://${text.slice(m[0].length)}`;
  if (text.startsWith('//') && schemeless) return `https:${text}`;
  const h = schemeless ? HOSTLIKE.exec(text) : null;
  if (h && (h[1].replace(/^\.+|\.+$/g, '').includes('.') || h[2] !== undefined || h[1].startsWith('['))) return `https://${text}`;
  return SCHEME.test(text) ? text : null;
}

/** ISO date from a capture timestamp (20170802120000, 2017.08.02-120000), or null. */
function captured(text) {
  const digits = (text ?? '').replace(/[^0-9]/g, '');
  if (digits.length < 8) return null;
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  if (year < 1991 || month < 1 || month > 12) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day < 1 || day > DAYS[month - 1] + (month === 2 && leap ? 1 : 0)) return null;
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

function percentDecode(text) {
  try {
    return unquoteStrict(text);
  } catch {
    return null;
  }
}

function base64(text) {
  const t = text.replace(/-/g, '+').replace(/_/g, '/');
  const bare = t.replace(/=+$/, '');
  if (!BASE64.test(t) || bare.length % 4 === 1) return null;
  try {
    const binary = atob(bare + '='.repeat((4 - (bare.length % 4)) % 4));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

const fill = (template, groups) => template.replace(/\{([0-9])\}/g, (_, n) => groups[Number(n)] ?? '');

function dropParams(query, drop) {
  const dropped = (key) => {
    const k = key.toLowerCase();
    return drop.some((d) => (d.endsWith('*') ? k.startsWith(d.slice(0, -1)) : k === d));
  };
  return query.split('&').filter((p) => p && !dropped(p.split('=', 1)[0])).join('&');
}

/** The percent-decoded value of the first of `names` present with a value, or null. */
function param(query, names) {
  const pieces = query ? query.split('&') : [];
  for (const name of names) {
    for (const piece of pieces) {
      const eq = piece.indexOf('=');
      const value = eq < 0 ? '' : piece.slice(eq + 1);
      if ((eq < 0 ? piece : piece.slice(0, eq)) === name && value) return percentDecode(value);
    }
  }
  return null;
}

function decodeHost(rule, host) {
  const dot = host.indexOf('.');
  let label = dot < 0 ? host : host.slice(0, dot);
  if (!rule.hosts.has(`*.${dot < 0 ? '' : host.slice(dot + 1)}`)) return null;
  if (label.startsWith('xn--')) label = punycodeDecode(label.slice(4)) ?? '';
  const decoded = label.split('--').map((p) => p.replaceAll('-', '.')).join('-');
  return decoded.replace(/^\.+|\.+$/g, '').includes('.') ? decoded : null;
}

/** The wrapped address as written in the wrapper, before any checking. */
function extract(rule, host, path, query, groups) {
  let text;
  if (rule.hostEncoded) {
    const decoded = decodeHost(rule, host);
    text = decoded === null ? null : `https://${decoded}${path}`;
  } else if (rule.param.length) {
    const value = param(query, rule.param);
    const m = rule.value && value !== null ? rule.value.exec(value) : null;
    if (rule.value && !m) return null;
    text = m ? fill(rule.target, [value, ...m.slice(1)]) : value;
  } else {
    text = fill(rule.target, groups);
  }
  if (text && rule.decode === 'base64') text = base64(text);
  if (text && ENCODED_URL.test(text)) text = percentDecode(text);
  if (text && rule.passQuery && query) {
    const kept = dropParams(query, rule.drop);
    if (kept) text += `?${kept}`;
  }
  return text || null;
}

const rulesCache = new Map();

function rulesFor(host) {
  let rules = rulesCache.get(host);
  if (rules) return rules;
  const labels = host.split('.');
  const candidates = [host, ...labels.slice(1).map((_, i) => `*.${labels.slice(i + 1).join('.')}`)];
  rules = UNWRAP_RULES.filter((r) => candidates.some((c) => r.hosts.has(c)));
  if (rulesCache.size > 4096) rulesCache.clear();
  rulesCache.set(host, rules);
  return rules;
}

/** One layer off: [target text, target canonical, via], or null. */
function step(canonical) {
  const { host, path, query } = split3(canonical);
  for (const rule of rulesFor(host)) {
    const m = rule.path ? rule.path.exec(path) : null;
    if (rule.path && !m) continue;
    const groups = m ? [path, ...m.slice(1)] : [path];
    let text = extract(rule, host, path, query, groups);
    text = text ? withScheme(text, rule.schemeless) : null;
    if (text === null || !HTTP.test(text)) return null;
    let target;
    try {
      target = canonicalize(text);
    } catch (err) {
      if (err instanceof InvalidURL) return null;
      throw err;
    }
    return [text, target, { kind: rule.kind, host, captured: rule.captured ? captured(groups[rule.captured]) : null }];
  }
  return null;
}

/**
 * [target text, target canonical, via] for a canonical URL, up to MAX_DEPTH layers. `via`
 * describes the outermost layer that is not a plain redirect, else the outermost redirect.
 */
export function unwrapCanonical(canonical) {
  let text = canonical;
  let current = canonical;
  const layers = [];
  for (let i = 0; i < MAX_DEPTH; i += 1) {
    const next = step(current);
    if (next === null) break;
    [text, current] = next;
    layers.push(next[2]);
  }
  return [text, current, layers.find((v) => v.kind !== 'redirect') ?? layers[0] ?? null];
}

/** {target, via}: the address `raw` wraps and how; {target: raw, via: null} if none. */
export function unwrap(raw) {
  let canonical;
  try {
    canonical = canonicalize(raw);
  } catch (err) {
    if (err instanceof InvalidURL) return { target: raw, via: null };
    throw err;
  }
  const [text, , via] = unwrapCanonical(canonical);
  return via ? { target: text, via } : { target: raw, via: null };
}
