// The local domain index: every domain rule from GET /api/v1/index, matched against a page
// with the server's rules (server/matching.py) so that only pages on known outlets ever
// reach the server. Walk the host chain (the host, then its parents down to the registrable
// domain); at the first host that has rules take the longest path prefix that matches
// (case-insensitively, on a "/" boundary); if none matches keep walking up.

import { InvalidURL, resolve, split } from './canonical.js';
import { hostChain, stripLeading } from './psl.js';

// A host's rules are packed to stay small at 100,000 rules: a host with only a whole-host
// rule maps to one integer (outlet index * 2 + fold bit); a host with path prefixes maps to
// an array of [prefix, packed] pairs, longest prefix first (input order among equals).

const WWW = new Set(['www']);

/** A rule host as the server indexes it: lower case, no trailing dot, no leading www. */
export function indexHost(host) {
  let h = String(host ?? '').trim().toLowerCase();
  while (h.endsWith('.')) h = h.slice(0, -1);
  return h.startsWith('www.') ? stripLeading(h, WWW) : h;
}

/** "" for the whole host; otherwise "/segment..." lower-cased, no trailing "/". */
export function indexPrefix(prefix) {
  let p = String(prefix ?? '').trim().toLowerCase().replace(/\/+$/, '');
  if (p && !p.startsWith('/')) p = `/${p}`;
  return p;
}

export class DomainIndex {
  /** @param {{data_version?: number, outlets: object[], rules: Array}} payload */
  constructor(payload) {
    if (!payload || !Array.isArray(payload.outlets) || !Array.isArray(payload.rules)) {
      throw new TypeError('not a domain index: needs outlets[] and rules[]');
    }
    this.dataVersion = payload.data_version ?? null;
    this.outlets = payload.outlets;
    this.ruleCount = 0;
    /** @type {Map<string, number | Array<[string, number]>>} */
    this.hosts = new Map();
    for (const rule of payload.rules) this.#add(rule);
  }

  #add(rule) {
    if (!Array.isArray(rule) || rule.length < 3) return;
    const host = indexHost(rule[0]);
    const prefix = indexPrefix(rule[1]);
    const outlet = rule[2];
    if (!host || !Number.isInteger(outlet) || outlet < 0 || outlet >= this.outlets.length) return;
    const fold = rule.length > 3 && rule[3] === 0 ? 0 : 1;
    const packed = outlet * 2 + fold;
    this.ruleCount += 1;
    const existing = this.hosts.get(host);
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
   * @returns {{outlet: object, outletIndex: number, host: string, pathPrefix: string, fold: boolean} | null}
   */
  match(host, path = '/') {
    const chain = hostChain(host);
    let lowered = null;
    for (const candidate of chain) {
      const entry = this.hosts.get(candidate);
      if (entry === undefined) continue;
      let hit = null;
      if (typeof entry === 'number') {
        hit = ['', entry];
      } else {
        if (lowered === null) lowered = String(path).toLowerCase();
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
        };
      }
    }
    return null;
  }

  /**
   * Resolves a URL (archive copies, AMP copies, translations and click wrappers unwrapped, as the
   * server does it) and matches the address it stands for; null for unknown hosts and for anything
   * not a web URL. `via` says how the URL reached it ({kind, host, captured}) or is null.
   */
  matchUrl(url) {
    let resolved;
    try {
      resolved = resolve(url);
    } catch (err) {
      if (err instanceof InvalidURL) return null;
      throw err;
    }
    const [host, path] = split(resolved.canonical);
    const hit = this.match(host, path);
    return hit ? { ...hit, canonicalUrl: resolved.canonical, via: resolved.via } : null;
  }
}
