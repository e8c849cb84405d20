// YouTube (www.youtube.com, m.youtube.com): videos in lists and the video being watched, and
// their channels. Read by content/badges.js; docs/extension.md says what a surface may declare.
// Needs from the page:
// - each video in a feed, a search or the "up next" list as one of YouTube's renderer elements
//   (ytd-rich-item-renderer, ytd-video-renderer, ytd-compact-video-renderer,
//   ytd-grid-video-renderer, yt-lockup-view-model; ytd-watch-metadata under the video being
//   watched), with its channel's link inside a <ytd-channel-name> (href "/@handle" or
//   "/channel/UC…");
// - on a video page, the channel in the page's markup: <meta itemprop="channelId">, the
//   <span itemprop="author"> <link itemprop="url">, or the owner block's link
//   (ytd-video-owner-renderer). The background matches these locally (page:account) so that
//   the panel opens on a video of a known channel; the video's address is never sent.
if (!globalThis.__mastheadSurface) {
  const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
  globalThis.__mastheadSurface = Object.freeze({
    id: 'youtube',
    posts: 'ytd-rich-item-renderer, ytd-video-renderer, ytd-compact-video-renderer, ytd-grid-video-renderer, yt-lockup-view-model, ytd-watch-metadata',
    author: 'ytd-channel-name a[href]',
    /**
     * The addresses a video page names for its channel, or []. The owner block under the video
     * is YouTube's live view and wins; the microdata is what the server rendered for the first
     * video of the document (YouTube does not always update it when it moves to another video).
     */
    pageAccounts(doc, loc) {
      if (!/^\/(?:watch|shorts\/|live\/)/.test(loc.pathname)) return [];
      const owner = doc.querySelector('ytd-video-owner-renderer ytd-channel-name a[href]') ?? doc.querySelector('ytd-video-owner-renderer a[href]');
      if (owner?.href) return [owner.href];
      const out = [];
      const id = doc.querySelector('meta[itemprop="channelId"]')?.getAttribute('content') ?? '';
      if (CHANNEL_ID.test(id)) out.push(`https://www.youtube.com/channel/${id}`);
      const url = doc.querySelector('[itemprop="author"] link[itemprop="url"]')?.href;
      if (url) out.push(url);
      return out;
    },
  });
}
