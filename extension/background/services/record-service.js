// Fetches what the server knows about one page on a known outlet. In privacy mode the
// server sees the outlet's slug and, only for an article whose key is in the index's
// article-key set, a bucket shared by at least K_ANONYMITY such articles (matching/key-set.js);
// the exact match against the full SHA-256 happens here. Otherwise it asks /lookup?url= with
// the article's key (its canonical URL, folded by the domain rules), never the raw address.

import { sha256Hex } from '../matching/hash.js';

/**
 * @param {{articleUrl: string, match: {outlet: {slug: string}}, privacyMode: boolean,
 *          client: import('./server-client.js').ServerClient, cache: import('./cache.js').SessionCache,
 *          dataVersion?: number|null, articleKeys?: import('../matching/key-set.js').ArticleKeySet|null}} args
 *   articleUrl: the article's key (DomainIndex.matchPage(...).articleUrl)
 *   articleKeys: the index's article-key set (DomainIndex.articleKeys); without one, privacy
 *   mode asks for no article at all
 *   onStaleIndex: called when the server refuses the bucket (400 bad_prefix: the index is of
 *   an older data version whose bucket length differs), so the index is synced again
 * @returns {Promise<{outlet: object|null, article: object|null, reportLinks: object|null, mode: string}>}
 */
export async function fetchRecord({ articleUrl, match, privacyMode, client, cache, dataVersion = null, articleKeys = null, onStaleIndex = () => {} }) {
  const scope = `${client.baseUrl}|${dataVersion ?? '-'}`;
  const slug = match.outlet.slug;
  if (privacyMode) {
    const key = await sha256Hex(articleUrl);
    // No report links by the local set (or a bucket too small to name): no article request.
    const prefix = articleKeys?.has(key) ? articleKeys.bucketOf(key) : null;
    const [outlet, hashed] = await Promise.all([
      cache.get(`${scope}|outlet|${slug}`, () => client.getOutlet(slug)),
      // Reports are a bonus: without them the panel still shows the outlet.
      prefix === null ? null : cache.get(`${scope}|hash|${prefix}`, () => client.getReportsByHashPrefix(prefix)).catch((err) => {
        if (err?.code === 'bad_prefix') onStaleIndex();
        return null;
      }),
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
