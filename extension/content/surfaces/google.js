// Google Search results. Read by content/badges.js; docs/extension.md says what a surface
// module may declare.
// Needs from the page: each result's link as an <a href>, either the target itself or
// Google's /url?q= click wrapper (unwrapped by the shared URL rules). A result on a platform
// that links to a known account's page or post (x.com/RT_com) is badged too.
if (!globalThis.__mastheadSurface) {
  globalThis.__mastheadSurface = Object.freeze({ id: 'google' });
}
