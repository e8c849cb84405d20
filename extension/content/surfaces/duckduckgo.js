// DuckDuckGo results (duckduckgo.com, html.duckduckgo.com). Read by content/badges.js;
// docs/extension.md says what a surface module may declare.
// Needs from the page: each result's link as an <a href>; the HTML version's /l/?uddg=
// redirects are unwrapped by the shared URL rules.
if (!globalThis.__mastheadSurface) {
  globalThis.__mastheadSurface = Object.freeze({ id: 'duckduckgo' });
}
