// Facebook (www.facebook.com, m.facebook.com): posts and their authors. Read by
// content/badges.js; docs/extension.md says what a surface module may declare.
// Needs from the page: each post as an element with role="article", its author's page linked
// from the post's heading (h2/h3/h4 a, or the [data-ad-rendering-role="profile_name"] block).
// Links through l.facebook.com are unwrapped by the shared URL rules.
if (!globalThis.__mastheadSurface) {
  globalThis.__mastheadSurface = Object.freeze({
    id: 'facebook',
    posts: '[role="article"]',
    author: Object.freeze(['[data-ad-rendering-role="profile_name"] a[href]', 'h2 a[href], h3 a[href], h4 a[href]']),
  });
}
