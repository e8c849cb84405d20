// The extension's URL API: canonical URLs, article keys and the front door, ported from the
// server's server/urls package (read its docstring for the rules) and tested against the shared
// vectors in tests/vectors/canonical_urls.json and resolve_urls.json. The work is done in
// canonicalize.js (canonical form), hosts.js (host grammar), rules.js (the shared rule data),
// unwrap.js (wrappers) and resolve.js (the front door).

import { foldVariants } from './canonicalize.js';
import { resolve } from './resolve.js';

export { InvalidURL, MAX_URL_LENGTH } from './errors.js';
export { canonicalize, foldVariants, split } from './canonicalize.js';
export { TRACKING_PARAMS, TRACKING_PREFIXES } from './rules.js';
export { registrableDomain } from './psl.js';
export { resolve } from './resolve.js';
export { unwrap } from './unwrap.js';

/**
 * The canonical URL of what an address shows (archive copies, AMP copies, translations and click
 * wrappers unwrapped), with AMP/mobile variants folded unless `fold` is false. Without a domain
 * index: a page of a known outlet is keyed by DomainIndex.identify (matcher.js), which also
 * applies its domain rule's path folds.
 */
export function articleUrl(raw, { fold = true } = {}) {
  const { canonical } = resolve(raw);
  return fold ? foldVariants(canonical) : canonical;
}
