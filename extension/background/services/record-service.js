// Fetches what the server knows about one page on a known outlet. In privacy mode the
// server only ever sees the outlet's slug and a 5-hex-digit prefix of the article's hash;
// the exact match against the full SHA-256 happens here. Otherwise it asks /lookup?url= with
// the article's key (its canonical URL, folded by the domain rules), never the raw address.

import { HASH_PREFIX_LENGTH, sha256Hex } from '../matching/hash.js';

/**
 * @param {{articleUrl: string, match: {outlet: {slug: string}}, privacyMode: boolean,
 *          client: import('./server-client.js').ServerClient, cache: import('./cache.js').SessionCache,
 *          dataVersion?: number|null}} args
 *   articleUrl: the article's key (DomainIndex.matchPage(...).articleUrl)
 * @returns {Promise<{outlet: object|null, article: object|null, reportLinks: object|null, mode: string}>}
 */
export async function fetchRecord({ articleUrl, match, privacyMode, client, cache, dataVersion = null }) {
  const scope = `${client.baseUrl}|${dataVersion ?? '-'}`;
  const slug = match.outlet.slug;
  if (privacyMode) {
    const key = await sha256Hex(articleUrl);
    const prefix = key.slice(0, HASH_PREFIX_LENGTH);
    const [outlet, hashed] = await Promise.all([
      cache.get(`${scope}|outlet|${slug}`, () => client.getOutlet(slug)),
      // Reports are a bonus: without them the panel still shows the outlet.
      cache.get(`${scope}|hash|${prefix}`, () => client.getReportsByHashPrefix(prefix)).catch(() => null),
    ]);
    const article = (hashed?.articles ?? []).find((a) => a?.url_sha256 === key) ?? null;
    return { outlet, article, reportLinks: article?.report_links ?? null, mode: 'privacy' };
  }
  const data = await cache.get(`${scope}|lookup|${articleUrl}`, () => client.lookup(articleUrl));
  return {
    outlet: data?.outlet ?? null,
    article: data?.article ?? null,
    reportLinks: data?.report_links ?? null,
    mode: 'direct',
  };
}
