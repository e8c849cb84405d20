// Platform hosts for accounts (server/urls/rules.json "platforms", as server/urls/platforms.py
// reads them): which hosts are one platform (twitter.com is x.com), and which leading path
// segments only wrap an account's path (t.me/s/<channel>). The matcher folds a host and path
// with these before matching, so an account rule on x.com + /rt_com matches every alias.

import { URL_RULES } from './rules-data.js';

const ALIASES = new Map();
const DROPS = new Map();
for (const p of URL_RULES.platforms ?? []) {
  for (const alias of p.aliases ?? []) ALIASES.set(alias, p.host);
  if (p.drop?.length) DROPS.set(p.host, p.drop.map((d) => d.toLowerCase()));
}

/** The platform's canonical host for a lower-case host without www.; other hosts as given. */
export function platformHost(host) {
  return ALIASES.get(host) ?? host;
}

/** A lower-case path on a canonical platform host without a segment that only wraps it. */
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
