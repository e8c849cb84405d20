// X (x.com, twitter.com): where a post and its author are in X's markup. Read by
// content/badges.js; docs/extension.md says what a surface module may declare.
// Needs from the page: each post rendered as <article data-testid="tweet"> with a
// [data-testid="User-Name"] block whose first link goes to the author's profile ("/RT_com").
// t.co links show their target as the link's text (background/matching/links.js reads it).
// The page's own address (a profile, a post) is matched from the URL by the background.
if (!globalThis.__mastheadSurface) {
  globalThis.__mastheadSurface = Object.freeze({
    id: 'x',
    posts: 'article[data-testid="tweet"]',
    author: '[data-testid="User-Name"] a[href^="/"]',
  });
}
