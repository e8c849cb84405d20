// The search and social sites where outbound links get badges: the only pages a declared
// content script runs on. The manifest's content_scripts.matches must list exactly these
// patterns (a unit test checks it); docs/user-guide.md lists the same sites.

export const BADGE_SITES = [
  { name: 'Google Search', patterns: ['*://www.google.com/search*', '*://www.google.co.uk/search*', '*://www.google.de/search*', '*://www.google.fr/search*', '*://www.google.es/search*', '*://www.google.it/search*', '*://www.google.ca/search*', '*://www.google.com.au/search*'] },
  { name: 'Bing', patterns: ['*://www.bing.com/search*'] },
  { name: 'DuckDuckGo', patterns: ['*://duckduckgo.com/*', '*://html.duckduckgo.com/*'] },
  { name: 'Reddit', patterns: ['*://www.reddit.com/*', '*://old.reddit.com/*'] },
  { name: 'X (Twitter)', patterns: ['*://x.com/*', '*://twitter.com/*'] },
  { name: 'Facebook', patterns: ['*://www.facebook.com/*', '*://m.facebook.com/*'] },
];

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
