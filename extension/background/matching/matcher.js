// The local domain index: every domain rule from GET /api/v1/index, matched against a page
// with the server's rules (server/matching.py) so that only pages on known outlets ever
// reach the server. Walk the host chain (the host, then its parents down to the registrable
// domain); at the first host that has rules take the longest path prefix that matches
// (case-insensitively but in a YouTube channel id, see pathKey; on a "/" boundary); if none
// matches keep walking up.
// The article key (identify) is made as the server makes it: the matched rule's path folds
// replace a leading path prefix, then AMP/mobile variants are folded when the rule allows it,
// matched again, until nothing changes (tests/vectors/article_keys.json holds both to it).

import { InvalidURL, canonicalize, foldVariants, resolve, split } from './canonical.js';
import { split3 } from './canonicalize.js';
import { accountPath, pathKey, platformHost } from './platforms.js';
import { hostChain, stripLeading } from './psl.js';
import { ArticleKeySet } from './key-set.js';
import { sha256Hex } from './hash.js';

// A host's rules are packed to stay small at 100,000 rules: a host with only a whole-host
// rule maps to one integer (outlet index * 2 + fold bit); a host with path prefixes maps to
// an array of [prefix, packed] pairs, longest prefix first (input order among equals).
// The few rules with path folds keep them in a separate map, by host and prefix.

export const MAX_ROUNDS = 8;
const NO_FOLDS = Object.freeze([]);

const WWW = new Set(['www']);

/** A rule host as the server indexes it: lower case, no trailing dot, no leading www. */
export function indexHost(host) {
  let h = String(host ?? '').trim().toLowerCase();
  while (h.endsWith('.')) h = h.slice(0, -1);
  return platformHost(h.startsWith('www.') ? stripLeading(h, WWW) : h);
}

/**
 * "" for the whole host; otherwise "/segment..." as pathKey compares it on `host` (lower case
 * but a YouTube channel id), no trailing "/".
 */
export function indexPrefix(prefix, host = '') {
  let p = String(prefix ?? '').trim().replace(/\/+$/, '');
  if (p && !p.startsWith('/')) p = `/${p}`;
  return pathKey(host, p);
}

export class DomainIndex {
  /** @param {{data_version?: number, outlets: object[], rules: Array}} payload */
  constructor(payload) {
    if (!payload || !Array.isArray(payload.outlets) || !Array.isArray(payload.rules)) {
      throw new TypeError('not a domain index: needs outlets[] and rules[]');
    }
    this.dataVersion = payload.data_version ?? null;
    this.outlets = payload.outlets;
    /** The articles that have report links (privacy mode asks only about those). */
    this.articleKeys = new ArticleKeySet(payload.article_keys);
    this.ruleCount = 0;
    /** @type {Map<string, number | Array<[string, number]>>} */
    this.hosts = new Map();
    /** @type {Map<string, Array<[string, string]>>} host + "\n" + prefix -> path folds */
    this.folds = new Map();
    for (const rule of payload.rules) this.#add(rule);
  }

  #add(rule) {
    if (!Array.isArray(rule) || rule.length < 3) return;
    const host = indexHost(rule[0]);
    const prefix = indexPrefix(rule[1], host);
    const outlet = rule[2];
    if (!host || !Number.isInteger(outlet) || outlet < 0 || outlet >= this.outlets.length) return;
    const fold = rule.length > 3 && rule[3] === 0 ? 0 : 1;
    const packed = outlet * 2 + fold;
    this.ruleCount += 1;
    const existing = this.hosts.get(host);
    const folds = pathFolds(rule[4]);
    if (folds.length && !hasRule(existing, prefix)) this.folds.set(`${host}\n${prefix}`, folds);
    if (existing === undefined && prefix === '') {
      this.hosts.set(host, packed);
      return;
    }
    let list;
    if (existing === undefined) list = [];
    else if (typeof existing === 'number') list = [['', existing]];
    else list = existing;
    list.push([prefix, packed]);
    list.sort((a, b) => b[0].length - a[0].length); // stable: the first of equal rules wins
    this.hosts.set(host, list);
  }

  /**
   * The rule for a canonical host (no port) and path, or null.
   * @returns {{outlet: object, outletIndex: number, host: string, pathPrefix: string, fold: boolean,
   *            pathFolds: Array<[string, string]>} | null}
   */
  match(host, path = '/') {
    const chain = hostChain(host);
    for (const hostInChain of chain) {
      const candidate = platformHost(hostInChain);
      const entry = this.hosts.get(candidate);
      if (entry === undefined) continue;
      let hit = null;
      if (typeof entry === 'number') {
        hit = ['', entry];
      } else {
        const lowered = accountPath(candidate, pathKey(candidate, path));
        for (const pair of entry) {
          const prefix = pair[0];
          const n = prefix.length;
          if (!n || (lowered.startsWith(prefix) && (lowered.length === n || lowered[n] === '/'))) {
            hit = pair;
            break;
          }
        }
      }
      if (hit) {
        const outletIndex = hit[1] >> 1;
        return {
          outlet: this.outlets[outletIndex],
          outletIndex,
          host: candidate,
          pathPrefix: hit[0],
          fold: (hit[1] & 1) === 1,
          pathFolds: this.folds.size ? this.folds.get(`${candidate}\n${hit[0]}`) ?? NO_FOLDS : NO_FOLDS,
        };
      }
    }
    return null;
  }

  /** The rule of a canonical URL, or null. */
  matchCanonical(canonical) {
    const [host, path] = split(canonical);
    return this.match(host, path);
  }

  /**
   * The article key of a canonical URL and its rule (server/matching.py identify): the rule's
   * path folds, then AMP/mobile folding when it allows it, repeated until nothing changes.
   * @returns {{key: string, match: object | null}}
   */
  identify(canonical) {
    let url = canonical;
    let match = this.matchCanonical(url);
    for (let round = 0; round < MAX_ROUNDS && match; round += 1) {
      let folded = match.pathFolds.length ? foldPath(url, match.pathFolds) : url;
      if (match.fold && mayFold(folded)) folded = foldVariants(folded);
      if (folded === url) break;
      url = folded;
      match = this.matchCanonical(url) ?? match;
    }
    return { key: url, match };
  }

  /**
   * Resolves a URL (archive copies, AMP copies, translations and click wrappers unwrapped, as the
   * server does it) and matches the address it stands for; null for unknown hosts and for anything
   * not a web URL. `canonicalUrl` is the address it stands for, `articleUrl` the article's key,
   * `via` how the URL reached it ({kind, host, captured}) or null.
   */
  matchUrl(url) {
    let resolved;
    try {
      resolved = resolve(url);
    } catch (err) {
      if (err instanceof InvalidURL) return null;
      throw err;
    }
    const { key, match } = this.identify(resolved.canonical);
    return match ? { ...match, canonicalUrl: resolved.canonical, articleUrl: key, via: resolved.via } : null;
  }

  /**
   * A page's match. Keyed by the page's own address when `ownListed` (its article key is in the
   * index's article-key set: that article has report links, see ownListed()); else by the
   * canonical address the page declares (<link rel=canonical>, then og:url) when that address is
   * on the same outlet by this index; else by its own address. A declared address on another
   * outlet, or on none, is ignored, and one on the same outlet cannot hide the report links of
   * the article the page's own address names. `keyFrom` says which address made the key.
   */
  matchPage(url, declared = [], { ownListed = false } = {}) {
    const page = this.matchUrl(url);
    if (!page) return null;
    if (ownListed) return { ...page, keyFrom: 'page' };
    for (const address of declared) {
      const other = typeof address === 'string' ? this.matchUrl(address) : null;
      if (other && other.outlet.slug === page.outlet.slug) {
        return { ...page, articleUrl: other.articleUrl, keyFrom: 'canonical' };
      }
    }
    return { ...page, keyFrom: 'page' };
  }

  /**
   * Whether the article key of a page's own address is in the index's article-key set (it has
   * report links, by the local index: the test privacy mode makes before asking for a bucket).
   * Local only: a SHA-256 and a look-up in the set, no request. False for unknown pages.
   */
  async ownListed(url) {
    const page = this.matchUrl(url);
    return page ? this.articleKeys.has(await sha256Hex(page.articleUrl)) : false;
  }
}

/** Whether a host's packed rules already hold this prefix (the first of equal rules wins). */
function hasRule(existing, prefix) {
  if (existing === undefined) return false;
  return typeof existing === 'number' ? prefix === '' : existing.some((pair) => pair[0] === prefix);
}

/** [[prefix, replacement], ...] from an index rule's fifth member; malformed pairs are skipped. */
function pathFolds(raw) {
  if (!Array.isArray(raw)) return NO_FOLDS;
  const out = raw.filter((f) => Array.isArray(f) && typeof f[0] === 'string' && f[0].startsWith('/') && typeof f[1] === 'string');
  return out.length ? out.map(([p, r]) => [p.toLowerCase(), r]) : NO_FOLDS;
}

/**
 * `canonical` with the longest matching fold prefix of its path (case-insensitive, on a "/"
 * boundary) replaced by the fold's replacement; canonical. Unchanged when none matches.
 */
export function foldPath(canonical, folds) {
  const { host, port, path, query } = split3(canonical);
  const lowered = path.toLowerCase();
  let best = null;
  for (const fold of folds) {
    const prefix = fold[0].toLowerCase();
    const n = prefix.length;
    const starts = lowered.startsWith(prefix) && (lowered.length === n || lowered[n] === '/');
    if (starts && (best === null || n > best[0].length)) best = fold;
  }
  if (best === null) return canonical;
  const folded = best[1] + path.slice(best[0].length);
  return canonicalize(`https://${host}${port ? `:${port}` : ''}${folded || '/'}${query ? `?${query}` : ''}`);
}

/** False when foldVariants would certainly return the URL unchanged (server: _may_fold). */
export function mayFold(canonical) {
  if (canonical.toLowerCase().includes('amp')) return true;
  const host = canonical.slice(8).split('/', 1)[0];
  return host.startsWith('m.') || host.startsWith('mobile.') || host.startsWith('www.');
}
