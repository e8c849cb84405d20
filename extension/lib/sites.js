// The search and social sites where links and posts get badges: the only pages a declared
// content script runs on. The manifest has one content_scripts entry per site, with exactly
// these patterns and surfaceScripts(site) (a unit test checks it); docs/user-guide.md lists the
// same sites. Each site can be switched off on its own in the options (settings.badgeSitesOff).

export const BADGE_SITES = [
  { id: 'google', name: 'Google Search', patterns: ['*://www.google.com/search*', '*://www.google.co.uk/search*', '*://www.google.de/search*', '*://www.google.fr/search*', '*://www.google.es/search*', '*://www.google.it/search*', '*://www.google.ca/search*', '*://www.google.com.au/search*'] },
  { id: 'bing', name: 'Bing', patterns: ['*://www.bing.com/search*'] },
  { id: 'duckduckgo', name: 'DuckDuckGo', patterns: ['*://duckduckgo.com/*', '*://html.duckduckgo.com/*'] },
  { id: 'reddit', name: 'Reddit', patterns: ['*://www.reddit.com/*', '*://old.reddit.com/*'] },
  { id: 'x', name: 'X (Twitter)', patterns: ['*://x.com/*', '*://twitter.com/*'] },
  { id: 'facebook', name: 'Facebook', patterns: ['*://www.facebook.com/*', '*://m.facebook.com/*'] },
  { id: 'youtube', name: 'YouTube', patterns: ['*://www.youtube.com/*', '*://m.youtube.com/*'] },
  { id: 'telegram', name: 'Telegram', patterns: ['*://t.me/s/*', '*://web.telegram.org/*'] },
  { id: 'bluesky', name: 'Bluesky', patterns: ['*://bsky.app/*'] },
];

/** The content script of each site: its surface module (content/surfaces/<id>.js), then the badge script. */
export const surfaceScripts = (site) => [`content/surfaces/${site.id}.js`, 'content/badges.js'];

export const BADGE_PATTERNS = BADGE_SITES.flatMap((s) => s.patterns);

function patternToRegExp(pattern) {
  const m = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!m) throw new Error(`bad match pattern ${pattern}`);
  const scheme = m[1] === '*' ? 'https?' : m[1];
  const host = m[2].replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/^\\\*\\\./, '(?:[^/]+\\.)?');
  const path = m[3].replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${scheme}://${host}${path}$`);
}

const BADGE_RES = BADGE_PATTERNS.map(patternToRegExp);

/** Whether a page URL is one where the link-badge content script is declared to run. */
export function isBadgeSite(url) {
  if (typeof url !== 'string') return false;
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const bare = `${u.protocol}//${u.host}${u.pathname}${u.search}`;
  return BADGE_RES.some((re) => re.test(bare));
}

/** The badge site a page URL is on ({id, name, patterns}), or null. */
export function badgeSiteOf(url) {
  if (!isBadgeSite(url)) return null;
  const u = new URL(url);
  const bare = `${u.protocol}//${u.host}${u.pathname}${u.search}`;
  return BADGE_SITES.find((s) => s.patterns.some((p) => patternToRegExp(p).test(bare))) ?? null;
}

export const BADGE_SITE_IDS = BADGE_SITES.map((s) => s.id);
