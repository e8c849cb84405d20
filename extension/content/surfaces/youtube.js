// YouTube (www.youtube.com, m.youtube.com): videos in lists and the video being watched, and
// their channels. Read by content/badges.js; docs/extension.md says what a surface may declare.
// Needs from the page:
// - each video in a feed, a search or the "up next" list as one of YouTube's renderer elements:
//   desktop ytd-rich-item-renderer, ytd-video-renderer, ytd-compact-video-renderer,
//   ytd-grid-video-renderer, yt-lockup-view-model (ytd-watch-metadata under the video being
//   watched), with its channel's link inside a <ytd-channel-name> (href "/@handle" or
//   "/channel/UC…", a "/channel/UC…" link preferred when there are both); mobile
//   (m.youtube.com) ytm-video-with-context-renderer, ytm-compact-video-renderer,
//   ytm-rich-item-renderer, ytm-media-item, with the channel's link in
//   ytm-channel-thumbnail-with-link-renderer (ytm-slim-owner-renderer under the video being watched);
// - on a video page, its channel, every way the page names it (pageAccounts). The background
//   matches them locally (page:account), the first known one wins, so that the panel opens on
//   a video of a known channel; the video's address is never sent.
if (!globalThis.__mastheadSurface) {
  const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
  const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
  const MAX_ACCOUNTS = 4; // lib/messages.js MAX_PAGE_ACCOUNTS
  const OWNER = [
    'ytd-video-owner-renderer ytd-channel-name a[href]',
    'ytd-video-owner-renderer a[href]',
    'ytm-slim-owner-renderer a[href]',
    'ytm-slim-video-metadata-section-renderer ytm-channel-thumbnail-with-link-renderer a[href]',
  ];
  // The player's own description of the video it was served with, in the document's inline
  // script (var ytInitialPlayerResponse = {…}); a content script cannot read page variables.
  const PLAYER_VIDEO = /"videoDetails":\{"videoId":"([A-Za-z0-9_-]{11})"/;
  // videoDetails keeps videoId, title, lengthSeconds and keywords before channelId: the first
  // "channelId" key after it is the video's (a title's quotes and braces are escaped or harmless).
  const PLAYER_CHANNEL = /"videoDetails":\{"videoId":"[A-Za-z0-9_-]{11}"[\s\S]{0,20000}?"channelId":"(UC[A-Za-z0-9_-]{22})"/;
  const PLAYER_EXTERNAL = /"externalChannelId":"(UC[A-Za-z0-9_-]{22})"/;
  const MAX_SCRIPT = 4_000_000; // characters of one inline script read, at most
  const scriptsRead = new WeakMap(); // script element -> {videoId, channelIds} | null

  const channelUrl = (id) => `https://www.youtube.com/channel/${id}`;

  /** The id of the video the address shows (/watch?v=…, /shorts/…, /live/…), or ''. */
  function videoOf(url) {
    let u;
    try {
      u = new URL(url, 'https://www.youtube.com/');
    } catch {
      return '';
    }
    const id = u.pathname === '/watch' ? u.searchParams.get('v') ?? '' : (/^\/(?:shorts|live)\/([^/]+)/.exec(u.pathname)?.[1] ?? '');
    return VIDEO_ID.test(id) ? id : '';
  }

  /** {videoId, channelIds} from the inline player response of the document, or null. */
  function playerDetails(doc) {
    if (typeof doc.querySelectorAll !== 'function') return null;
    for (const script of doc.querySelectorAll('script:not([src])')) {
      if (scriptsRead.has(script)) {
        const found = scriptsRead.get(script);
        if (found) return found;
        continue;
      }
      const text = String(script.textContent ?? '');
      let found = null;
      const at = text.length <= MAX_SCRIPT ? text.indexOf('ytInitialPlayerResponse') : -1;
      if (at >= 0) {
        const videoId = PLAYER_VIDEO.exec(text)?.[1] ?? '';
        const channelIds = [PLAYER_CHANNEL.exec(text)?.[1], PLAYER_EXTERNAL.exec(text)?.[1]].filter(Boolean);
        if (videoId && channelIds.length) found = { videoId, channelIds };
      }
      scriptsRead.set(script, found);
      if (found) return found;
    }
    return null;
  }

  /** The video the server-rendered microdata describes (identifier, else the canonical link), or ''. */
  function documentVideo(doc) {
    const identifier = doc.querySelector('meta[itemprop="identifier"]')?.getAttribute('content') ?? '';
    if (VIDEO_ID.test(identifier)) return identifier;
    const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
    return canonical ? videoOf(canonical) : '';
  }

  globalThis.__mastheadSurface = Object.freeze({
    id: 'youtube',
    posts: [
      'ytd-rich-item-renderer', 'ytd-video-renderer', 'ytd-compact-video-renderer', 'ytd-grid-video-renderer', 'yt-lockup-view-model', 'ytd-watch-metadata',
      'ytm-video-with-context-renderer', 'ytm-compact-video-renderer', 'ytm-rich-item-renderer', 'ytm-media-item', 'ytm-slim-owner-renderer',
    ].join(', '),
    // Tried in order, the first that finds a link wins: a channel id where the item has one.
    author: [
      'ytd-channel-name a[href*="/channel/UC"]',
      'ytd-channel-name a[href]',
      'ytm-slim-owner-renderer a[href]',
      'ytm-channel-thumbnail-with-link-renderer a[href]',
    ],
    /**
     * The addresses a video page names for its channel (at most 4, []: not a video page), in
     * the order they are tried: the owner block under the video (YouTube's live view, desktop
     * or mobile), then the channel id of the player response and of the microdata, then the
     * microdata's author link. YouTube moves to another video without a new document and
     * leaves the player response and microdata as they were, so they are taken only when
     * they describe the video the address shows (or, when they name no video, when there is
     * no owner block).
     */
    pageAccounts(doc, loc) {
      if (!/^\/(?:watch|shorts\/|live\/)/.test(loc.pathname)) return [];
      const current = videoOf(loc.href);
      const out = [];
      let owner = null;
      for (const selector of OWNER) {
        owner = doc.querySelector(selector);
        if (owner?.href) break;
      }
      if (owner?.href) out.push(owner.href);
      const player = playerDetails(doc);
      if (player && player.videoId === current) for (const id of player.channelIds) out.push(channelUrl(id));
      const described = documentVideo(doc);
      if (described ? described === current : !owner?.href) {
        const id = doc.querySelector('meta[itemprop="channelId"]')?.getAttribute('content') ?? '';
        if (CHANNEL_ID.test(id)) out.push(channelUrl(id));
        const url = doc.querySelector('[itemprop="author"] link[itemprop="url"]')?.href;
        if (url) out.push(url);
      }
      return [...new Set(out)].slice(0, MAX_ACCOUNTS);
    },
  });
}
