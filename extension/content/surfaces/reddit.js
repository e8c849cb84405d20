// Reddit (www.reddit.com, old.reddit.com): links in posts and comments. Read by
// content/badges.js; docs/extension.md says what a surface module may declare.
// Needs from the page: the outbound links as plain <a href> elements (the link of a link post,
// links in comments). Reddit's authors are Reddit users, not outlets' accounts, so there is no
// post author to read: a post or comment linking to a known outlet, or to a known account's
// page or post elsewhere (x.com/RT_com/status/…), gets the badge beside that link.
if (!globalThis.__mastheadSurface) {
  globalThis.__mastheadSurface = Object.freeze({ id: 'reddit' });
}
