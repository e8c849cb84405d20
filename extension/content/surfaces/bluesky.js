// Bluesky (bsky.app): posts and their authors. Read by content/badges.js; docs/extension.md
// says what a surface module may declare.
// Needs from the page: each post in a feed or thread as an element whose data-testid starts
// with "feedItem-by-" or "postThreadItem-by-", its author's profile linked inside it
// (href "/profile/<handle>").
if (!globalThis.__mastheadSurface) {
  globalThis.__mastheadSurface = Object.freeze({
    id: 'bluesky',
    posts: '[data-testid^="feedItem-by-"], [data-testid^="postThreadItem-by-"]',
    author: 'a[href^="/profile/"]',
  });
}
