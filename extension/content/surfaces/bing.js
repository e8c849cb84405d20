// Bing results. Read by content/badges.js; docs/extension.md says what a surface module may
// declare.
// Needs from the page: each result's link as an <a href> (Bing's /ck/a click wrappers carry
// the target in u=, which the shared URL rules read when they know the wrapper).
if (!globalThis.__mastheadSurface) {
  globalThis.__mastheadSurface = Object.freeze({ id: 'bing' });
}
