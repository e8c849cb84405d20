// Link badges: which known outlet a link on a search or social page really goes to. The link
// is read with the shared rules (click wrappers, Google's AMP viewer, AMP caches, archives,
// translations: resolve(), as the server reads it); a link to the page's own site is not
// badged. X's t.co links carry no target, but X shows it as the link's text
// ("rt.com/news/398374-russia…"): for those the text is read as an address without a scheme.

import { split } from './canonical.js';
import { isPlatformHost, platformHost } from './platforms.js';
import { registrableDomain } from './psl.js';

/** Hosts of short links whose target only the page shows (as the link's text). */
export const SHORT_LINK_HOSTS = new Set(['t.co']);

function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

const siteOf = (host) => registrableDomain(host) ?? host;

/** The address a short link's text shows, without the ellipsis X puts after a cut-short path. */
export function shownAddress(text) {
  if (typeof text !== 'string') return null;
  const shown = text.trim().replace(/(?:\u2026|\.\.\.)$/u, '');
  return shown && !/\s/.test(shown) ? shown : null;
}

/**
 * The index match of a link ({href, text?} or an href), or null when it goes to no known outlet
 * or stays on the page's own site.
 */
export function linkMatch(index, link, pageUrl) {
  const href = typeof link === 'string' ? link : link?.href;
  let match = index.matchUrl(href);
  if (!match && typeof link === 'object' && SHORT_LINK_HOSTS.has(hostOf(href))) {
    const shown = shownAddress(link.text);
    match = shown ? index.matchUrl(shown) : null;
  }
  if (!match) return null;
  const pageSite = siteOf(hostOf(pageUrl));
  return siteOf(split(match.canonicalUrl)[0]) === pageSite ? null : match;
}

/** Whether an index match is an account's rule (a path on a platform host), not a site's. */
export function isAccountMatch(match) {
  return Boolean(match && match.pathPrefix && isPlatformHost(match.host));
}

/**
 * The index match of a post's author link when it is a known account's, else null: an author
 * is badged only as an account (on the platform itself, unlike a link).
 */
export function authorMatch(index, href) {
  const match = index.matchUrl(href);
  return isAccountMatch(match) ? match : null;
}

/** The first of a page's named accounts (channel addresses) that is a known account, or null. */
export function pageAccountMatch(index, accounts, pageUrl) {
  const pageHost = platformHost(stripWww(hostOf(pageUrl)));
  for (const account of accounts) {
    const match = authorMatch(index, account);
    // Only the page's own platform can name its account (a YouTube page, a YouTube channel).
    if (match && match.host === pageHost) return match;
  }
  return null;
}

const stripWww = (host) => host.toLowerCase().replace(/^www\./, '').replace(/^m\./, '');
