// Platform hosts for accounts (server/urls/rules.json "platforms", as server/urls/platforms.py
// reads them): which hosts are one platform (twitter.com is x.com), which leading path
// segments only wrap an account's path (t.me/s/<channel>), and which account names keep their
// case (YouTube channel ids). The matcher folds a host and path with these before matching,
// so an account rule on x.com + /rt_com matches every alias.

import { hostChain } from './psl.js';
import { URL_RULES } from './rules-data.js';

const ALIASES = new Map();
const DROPS = new Map();
const BY_HOST = new Map(); // canonical platform host -> {accounts: string[][], reserved: Set, drop, exact}
const CASED = new Map(); // canonical platform host -> account shapes whose '*' names keep their case
for (const p of URL_RULES.platforms ?? []) {
  if (p.cased?.length) CASED.set(p.host, p.cased.map((a) => a.toLowerCase().split('/')));
  for (const alias of p.aliases ?? []) ALIASES.set(alias, p.host);
  const drop = (p.drop ?? []).map((d) => d.toLowerCase());
  if (drop.length) DROPS.set(p.host, drop);
  const accounts = (p.accounts ?? []).map((a) => a.toLowerCase().split('/'));
  // as server/urls/rules.py: a shape's literal segments and the dropped ones are no names
  const literal = accounts.flat().filter((s) => s !== '*' && s !== '@*');
  const reserved = new Set([...(p.reserved ?? []).map((r) => r.toLowerCase()), ...literal, ...drop.map((d) => d.slice(1))]);
  BY_HOST.set(p.host, { accounts, reserved, drop, exact: p.exact === true });
}

/** The platform's canonical host for a lower-case host without www.; other hosts as given. */
export function platformHost(host) {
  return ALIASES.get(host) ?? host;
}

/** Whether a canonical host is a platform's (its rules are accounts, not an outlet's site). */
export function isPlatformHost(host) {
  return BY_HOST.has(platformHost(host));
}

function casedShapes(host) {
  const h = platformHost(host);
  const shapes = CASED.get(h);
  if (shapes) return shapes;
  for (const [platform, list] of CASED) if (h.endsWith(`.${platform}`)) return list; // m.youtube.com
  return null;
}

/**
 * A path, or a rule's path prefix, as matching compares it on `host` (server/urls/platforms.py
 * path_key): lower case but the names of the platform's "cased" account shapes, kept as written.
 * YouTube channel ids are case-sensitive, handles are not: on youtube.com
 * "/Channel/UCpwvZwUam-URkxB7g4USKpg/Videos" -> "/channel/UCpwvZwUam-URkxB7g4USKpg/videos",
 * "/@RT" -> "/@rt".
 */
export function pathKey(host, path) {
  const p = String(path);
  const lowered = p.toLowerCase();
  if (lowered === p || !p.startsWith('/') || CASED.size === 0) return lowered;
  const shapes = casedShapes(host);
  if (!shapes) return lowered;
  const low = lowered.split('/'); // low[0] is "" (the path starts with "/")
  for (const shape of shapes) {
    const n = shape.length;
    if (low.length > n && shape.every((want, i) => want === '*' || want === low[i + 1])) {
      const kept = p.split('/');
      return low.map((seg, i) => (i > 0 && i <= n && shape[i - 1] === '*' ? kept[i] : seg)).join('/');
    }
  }
  return lowered;
}

/** A path on a canonical platform host, as pathKey gives it, without a segment that only wraps it. */
export function accountPath(host, lowered) {
  const drops = DROPS.get(host);
  if (drops) {
    for (const drop of drops) {
      const n = drop.length;
      if (lowered.startsWith(drop) && lowered.length > n + 1 && lowered[n] === '/') return lowered.slice(n);
    }
  }
  return lowered;
}

function fits(shape, segments, reserved) {
  if (segments.length < shape.length) return false;
  return shape.every((want, i) => {
    const low = segments[i].toLowerCase();
    if (want === '@*') return low.startsWith('@') && low.length > 1;
    if (want === '*') return !reserved.has(low) && !low.startsWith('@') && safeDecode(low).trim() !== '';
    return low === want;
  });
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * [canonical platform host, platform] of a host on a platform, itself or below it
 * (server/urls/platforms.py _platform_of); a platform marked "exact" only for the host itself
 * and its www./m. forms: m.substack.com is Substack, someone.substack.com an ordinary host.
 */
function platformOf(host) {
  for (const candidate of hostChain(host)) {
    const canonical = platformHost(candidate);
    const platform = BY_HOST.get(canonical);
    if (platform) {
      if (platform.exact && ![candidate, `www.${candidate}`, `m.${candidate}`].includes(host)) return null;
      return [canonical, platform];
    }
  }
  return null;
}

/**
 * [platform host, account path prefix] of a canonical host and path (server/urls/platforms.py
 * account_prefix), or null when the host is no platform's or the path no account's.
 */
export function accountPrefix(host, path) {
  const found = platformOf(host);
  if (!found) return null;
  const [canonical, platform] = found;
  let segments = String(path).split('/').filter(Boolean);
  if (segments.length > 1 && platform.drop.includes(`/${segments[0].toLowerCase()}`)) segments = segments.slice(1);
  for (const shape of platform.accounts) {
    if (fits(shape, segments, platform.reserved)) return [canonical, `/${segments.slice(0, shape.length).join('/')}`];
  }
  return null;
}
