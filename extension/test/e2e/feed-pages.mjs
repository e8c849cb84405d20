// Local copies of feed pages for the feed-badge tests (test/e2e/feeds.test.mjs): an X timeline,
// RT's profile on X, a YouTube video page and a Reddit thread. Written here, small, imitating
// the parts of each site's markup the surface modules read (content/surfaces/), with the
// wrapper elements and attributes around them that the real pages have. Served under the real
// host names by the test page server.

const RT_CHANNEL_ID = 'UCpwvZwUam-URkxB7g4USKpg'; // RT's channel, as the state-media dataset lists it

const page = (title, body, head = '') => `<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.4 system-ui,sans-serif;margin:0;background:#fff;color:#0f1419}
main{max-width:600px;margin:0 auto;border-left:1px solid #eff3f4;border-right:1px solid #eff3f4}
article{padding:12px 16px;border-bottom:1px solid #eff3f4}a{color:inherit;text-decoration:none}
[data-testid="User-Name"]{display:flex;gap:4px;align-items:center}[data-testid="User-Name"] div{display:flex;gap:4px;align-items:center}
.handle,time{color:#536471}.name{font-weight:700}[data-testid="tweetText"]{margin:4px 0}
.card{display:block;border:1px solid #cfd9de;border-radius:12px;padding:8px 12px;color:#536471;margin-top:8px}</style>${head}</head>
<body>${body}</body></html>`;

// ------------------------------------------------------------------ X

export const X_HOME = 'https://x.com/home';
export const X_RT_PROFILE = 'https://x.com/RT_com';

/** One post in X's markup: <article data-testid="tweet"> with its User-Name block. */
function tweet({ name, handle, id, text, card = '' }) {
  return `<div data-testid="cellInnerDiv"><article data-testid="tweet" role="article" tabindex="0" aria-labelledby="id-${id}">
<div data-testid="User-Name" id="id-${id}"><div><a href="/${handle}" role="link"><span class="name">${name}</span></a></div>
<div><a href="/${handle}" role="link" tabindex="-1"><span class="handle">@${handle}</span></a><span class="handle">·</span>
<a href="/${handle}/status/${id}" role="link"><time datetime="2026-11-29T10:00:00.000Z">Nov 29</time></a></div></div>
<div data-testid="tweetText" lang="en" dir="auto"><span>${text}</span></div>${card}
<div role="group"><button data-testid="reply" type="button">Reply</button></div></article></div>`;
}

const tco = (id, shown) => `<a href="https://t.co/${id}" rel="noopener noreferrer nofollow" target="_blank" role="link" class="card"><span>${shown}</span></a>`;

/** Which posts of the X timeline are by whom, and whose author must carry RT's badge. */
export const X_TIMELINE = [
  { name: 'RT', handle: 'RT_com', id: '1862000000000000001', text: 'Russian defense ministry slams Reuters report on military casualties', card: tco('AbC123xyz', 'rt.com/news/398374-russ…'), author: 'rt' },
  { name: 'A neighbour', handle: 'rtl', id: '1862000000000000002', text: 'A neighbour whose handle starts like RT\'s.', author: null },
  { name: 'A reader', handle: 'a_reader', id: '1862000000000000003', text: 'What <a href="/RT_com" role="link">@RT_com</a> says today.', author: null },
  { name: 'Another account', handle: 'RT_comedy', id: '1862000000000000004', text: 'Another account that merely starts with RT_com.', author: null },
];
// A post that arrives after load, as a timeline grows when scrolled.
export const X_LATE = { name: 'RT', handle: 'rt_com', id: '1862000000000000005', text: 'A later post (the handle in another case).', author: 'rt' };

const xTimeline = (title, heading, posts) => page(title, `<div id="react-root"><main role="main"><h1>${heading}</h1>
<div aria-label="Timeline: ${heading}" id="timeline">
${posts.map(tweet).join('\n')}
</div></main></div>
<script>
setTimeout(() => {
  const holder = document.createElement('div');
  holder.innerHTML = ${JSON.stringify(tweet(X_LATE))};
  document.getElementById('timeline').appendChild(holder.firstElementChild);
}, 400);
</script>`);

// ------------------------------------------------------------------ YouTube

export const YT_VIDEO = 'https://www.youtube.com/watch?v=dQw4w9WgXcR';

/** One "up next" video: ytd-compact-video-renderer with its channel in ytd-channel-name. */
const upNext = (title, channelHref, channel) => `<ytd-compact-video-renderer class="style-scope ytd-watch-next-secondary-results-renderer">
<div id="dismissible"><a id="thumbnail" href="/watch?v=${title.length}x"><img alt=""></a>
<div class="details"><a id="video-title" href="/watch?v=${title.length}x"><span>${title}</span></a>
<ytd-channel-name id="channel-name"><div id="container"><div id="text-container"><yt-formatted-string id="text">
<a class="yt-simple-endpoint" spellcheck="false" href="${channelHref}" dir="auto">${channel}</a></yt-formatted-string></div></div></ytd-channel-name></div></div>
</ytd-compact-video-renderer>`;

export const YT_UP_NEXT = [
  { channel: 'RT', href: `/channel/${RT_CHANNEL_ID}`, slug: 'rt' },
  { channel: 'A neighbouring channel', href: '/@rtlnieuws', slug: null },
  { channel: 'Someone else', href: '/@someone_else', slug: null },
];

// YouTube's server-rendered microdata (itemprop channelId, the author's url) and the owner
// block under the video (ytd-video-owner-renderer), as on a watch page.
const ytVideo = page('Russia rejects Reuters report - YouTube', `<ytd-app><div id="content">
<div itemscope itemid="" itemtype="http://schema.org/VideoObject" id="microdata">
<meta itemprop="name" content="Russia rejects Reuters report">
<meta itemprop="channelId" content="${RT_CHANNEL_ID}">
<span itemprop="author" itemscope itemtype="http://schema.org/Person"><link itemprop="url" href="http://www.youtube.com/channel/${RT_CHANNEL_ID}"><link itemprop="name" content="RT"></span>
</div>
<ytd-watch-flexy video-id="dQw4w9WgXcR"><div id="primary"><div id="player" style="background:#000;height:240px"></div>
<ytd-watch-metadata class="watch-active-metadata"><div id="title"><h1><yt-formatted-string>Russia rejects Reuters report</yt-formatted-string></h1></div>
<div id="owner"><ytd-video-owner-renderer class="style-scope ytd-watch-metadata">
<a class="yt-simple-endpoint" href="/channel/${RT_CHANNEL_ID}"><yt-img-shadow id="avatar">RT</yt-img-shadow></a>
<div id="upload-info"><ytd-channel-name id="channel-name"><div id="container"><div id="text-container"><yt-formatted-string id="text">
<a class="yt-simple-endpoint" spellcheck="false" href="/channel/${RT_CHANNEL_ID}" dir="auto">RT</a></yt-formatted-string></div></div></ytd-channel-name>
<yt-formatted-string id="owner-sub-count">subscribers</yt-formatted-string></div></ytd-video-owner-renderer></div>
<div id="description"><p>Read more: <a href="https://www.rt.com/news/398374-russia-syria-losses-reuters/">rt.com/news/398374</a></p></div>
</ytd-watch-metadata></div>
<div id="secondary"><ytd-watch-next-secondary-results-renderer>
${YT_UP_NEXT.map((v, i) => upNext(`Up next ${i + 1}`, v.href, v.channel)).join('\n')}
</ytd-watch-next-secondary-results-renderer></div></ytd-watch-flexy></div></ytd-app>
<script>
// YouTube moves to the next video without a new document: the URL first, the owner block a
// moment later (the microdata above stays as it was).
window.__nextVideo = () => {
  history.pushState({}, '', '/watch?v=NeXtViDeO01');
  setTimeout(() => {
    for (const a of document.querySelectorAll('ytd-video-owner-renderer a')) a.setAttribute('href', '/@rtlnieuws');
    document.querySelector('ytd-video-owner-renderer ytd-channel-name a').textContent = 'A neighbouring channel';
  }, 150);
};
</script>`,
'<link rel="canonical" href="https://www.youtube.com/watch?v=dQw4w9WgXcR">');

// ------------------------------------------------------------------ Reddit

export const REDDIT_THREAD = 'https://www.reddit.com/r/worldnews/comments/1h2abcd/russia_rejects_reuters_report_on_syria_losses/';

/** Links in the thread and the outlet each must be badged with (null: no badge). */
export const REDDIT_LINKS = [
  ['https://www.rt.com/news/398374-russia-syria-losses-reuters/', 'rt'],
  ['http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A', 'reuters'],
  ['https://x.com/RT_com/status/892789456789000001', 'rt'],
  ['https://t.me/rt_russian/12345', 'rt'],
  [`https://www.youtube.com/channel/${RT_CHANNEL_ID}`, 'rt'],
  ['https://x.com/rtl/status/892789456789000002', null],
  ['https://www.youtube.com/@rtlnieuws', null],
  ['https://t.me/rt_russian_bot', null],
  ['https://en.wikipedia.org/wiki/Russian_military_intervention_in_the_Syrian_civil_war', null],
];

const comment = (author, body, depth = 1) => `<shreddit-comment author="${author}" depth="${depth}" thingid="t1_${author}">
<a slot="commentAvatar" href="/user/${author}/">u/${author}</a><div slot="comment" id="t1_${author}-comment-rtjson-content"><p>${body}</p></div></shreddit-comment>`;

const redditThread = page('Russia rejects Reuters report on Syria losses : r/worldnews', `<shreddit-app><main id="main-content">
<shreddit-post post-title="Russia rejects Reuters report on Syria losses" content-href="${REDDIT_LINKS[0][0]}" author="news_reader" subreddit-prefixed-name="r/worldnews" post-type="link" id="t3_1h2abcd">
<a slot="full-post-link" href="/r/worldnews/comments/1h2abcd/russia_rejects_reuters_report_on_syria_losses/">Russia rejects Reuters report on Syria losses</a>
<h1 slot="title">Russia rejects Reuters report on Syria losses</h1>
<faceplate-tracker source="post" action="click" noun="outbound_link"><a slot="post-media-container" href="${REDDIT_LINKS[0][0]}" target="_blank" rel="noopener nofollow ugc">rt.com</a></faceplate-tracker>
</shreddit-post>
<shreddit-comment-tree>
${comment('commenter_1', `The report it rejects: <a href="${REDDIT_LINKS[1][0]}" rel="noopener nofollow ugc">Reuters</a>`)}
${comment('commenter_2', `RT posted it too: <a href="${REDDIT_LINKS[2][0]}" rel="noopener nofollow ugc">x.com/RT_com/status/…</a> and on Telegram <a href="${REDDIT_LINKS[3][0]}" rel="noopener nofollow ugc">t.me/rt_russian/12345</a>, and their <a href="${REDDIT_LINKS[4][0]}">YouTube channel</a>`, 2)}
${comment('commenter_3', `Not RT: <a href="${REDDIT_LINKS[5][0]}">x.com/rtl/status/…</a>, <a href="${REDDIT_LINKS[6][0]}">youtube.com/@rtlnieuws</a>, <a href="${REDDIT_LINKS[7][0]}">t.me/rt_russian_bot</a>`)}
${comment('commenter_4', `Background: <a href="${REDDIT_LINKS[8][0]}">Wikipedia</a>; see also <a href="/r/syriancivilwar/">r/syriancivilwar</a>`)}
</shreddit-comment-tree></main></shreddit-app>`);

// Single-page navigation (issue: SPA navigation gave no panel): a neighbour's profile and one of
// RT's posts, each with a script the test calls to move on without a new document.
export const X_NEIGHBOUR = 'https://x.com/rtl';
export const X_RT_POST = 'https://x.com/RT_com/status/1';
const spaScript = '<script>window.__go = (path) => history.pushState({}, "", path);</script>';
// A video page whose owner block names another channel, until YouTube changes it in place.
export const YT_OTHER = 'https://www.youtube.com/channel/UCsomeoneelse0000000000/videos';
const ytOther = page('Someone else - YouTube', `<ytd-app><div id="content"><ytd-watch-flexy><div id="primary">
<ytd-watch-metadata class="watch-active-metadata"><div id="owner"><ytd-video-owner-renderer class="style-scope ytd-watch-metadata">
<a class="yt-simple-endpoint" href="/@someone_else"><yt-img-shadow id="avatar">S</yt-img-shadow></a>
<div id="upload-info"><ytd-channel-name id="channel-name"><div id="container"><div id="text-container"><yt-formatted-string id="text">
<a class="yt-simple-endpoint" spellcheck="false" href="/@someone_else" dir="auto">Someone else</a></yt-formatted-string></div></div></ytd-channel-name>
</div></ytd-video-owner-renderer></div></ytd-watch-metadata></div></ytd-watch-flexy></div></ytd-app>
<script>
// As YouTube does: the URL first, then the owner block's links and name changed in place.
window.__toRtVideo = () => {
  history.pushState({}, '', '/watch?v=RtViDeO0001');
  setTimeout(() => {
    for (const a of document.querySelectorAll('ytd-video-owner-renderer a')) a.setAttribute('href', '/channel/${RT_CHANNEL_ID}');
    document.querySelector('ytd-video-owner-renderer ytd-channel-name a').firstChild.data = 'RT';
  }, 150);
};
</script>`);

// F7: current YouTube names the owner by handle (/@RT, not seeded: the dataset lists channel
// ids), while the page's microdata and player response give the channel id of this very video.
export const YT_HANDLE_VIDEO = 'https://www.youtube.com/watch?v=HaNdLeViD01';
const playerResponse = (video, channelId) => `<script>var ytInitialPlayerResponse = {"responseContext":{"serviceTrackingParams":[]},"playabilityStatus":{"status":"OK"},"videoDetails":{"videoId":"${video}","title":"Russia rejects Reuters report {part 2}","lengthSeconds":"95","keywords":["RT","news"],"channelId":"${channelId}","isOwnerViewing":false,"shortDescription":"","isCrawlable":true,"thumbnail":{"thumbnails":[]},"author":"RT"},"microformat":{"playerMicroformatRenderer":{"ownerProfileUrl":"http://www.youtube.com/@RT","externalChannelId":"${channelId}"}}};</script>`;
const ytHandleVideo = page('Russia rejects Reuters report, part 2 - YouTube', `<ytd-app><div id="content">
<div itemscope itemid="" itemtype="http://schema.org/VideoObject" id="microdata">
<meta itemprop="name" content="Russia rejects Reuters report, part 2">
<meta itemprop="identifier" content="HaNdLeViD01">
<meta itemprop="channelId" content="${RT_CHANNEL_ID}">
<span itemprop="author" itemscope itemtype="http://schema.org/Person"><link itemprop="url" href="http://www.youtube.com/@RT"><link itemprop="name" content="RT"></span>
</div>
<ytd-watch-flexy video-id="HaNdLeViD01"><div id="primary"><div id="player" style="background:#000;height:240px"></div>
<ytd-watch-metadata class="watch-active-metadata"><div id="title"><h1><yt-formatted-string>Russia rejects Reuters report, part 2</yt-formatted-string></h1></div>
<div id="owner"><ytd-video-owner-renderer class="style-scope ytd-watch-metadata">
<a class="yt-simple-endpoint" href="/@RT"><yt-img-shadow id="avatar">RT</yt-img-shadow></a>
<div id="upload-info"><ytd-channel-name id="channel-name"><div id="container"><div id="text-container"><yt-formatted-string id="text">
<a class="yt-simple-endpoint" spellcheck="false" href="/@RT" dir="auto">RT</a></yt-formatted-string></div></div></ytd-channel-name>
<yt-formatted-string id="owner-sub-count">subscribers</yt-formatted-string></div></ytd-video-owner-renderer></div>
</ytd-watch-metadata></div></ytd-watch-flexy></div></ytd-app>
${playerResponse('HaNdLeViD01', RT_CHANNEL_ID)}`,
'<link rel="canonical" href="https://www.youtube.com/watch?v=HaNdLeViD01">');

// The same on m.youtube.com: YouTube's mobile markup (ytm-*), the owner by handle in the slim
// owner block, the channel id in the player response; related videos with their channel's
// avatar link (ytm-channel-thumbnail-with-link-renderer).
export const YT_MOBILE_VIDEO = 'https://m.youtube.com/watch?v=MoBiLeViD01';
export const YT_MOBILE_RELATED = [
  { channel: 'RT', href: `/channel/${RT_CHANNEL_ID}`, slug: 'rt' },
  { channel: 'A neighbouring channel', href: '/@rtlnieuws', slug: null },
];
const mobileRelated = (title, href, channel, i) => `<ytm-video-with-context-renderer class="item">
<ytm-media-item><a class="media-item-thumbnail-container" href="/watch?v=ReLaTeD000${i}"><div class="video-thumbnail-container-large"></div></a>
<div class="details"><div class="media-channel"><ytm-channel-thumbnail-with-link-renderer><a href="${href}" aria-label="${channel}"><ytm-profile-icon class="channel-thumbnail-icon">${channel.slice(0, 1)}</ytm-profile-icon></a></ytm-channel-thumbnail-with-link-renderer></div>
<div class="media-item-info"><a href="/watch?v=ReLaTeD000${i}"><h3 class="media-item-headline"><span class="yt-core-attributed-string">${title}</span></h3></a>
<div class="media-item-metadata"><ytm-badge-and-byline-renderer><span class="ytm-badge-and-byline-item-byline">${channel}</span></ytm-badge-and-byline-renderer></div></div></div>
</ytm-media-item></ytm-video-with-context-renderer>`;
const ytMobileVideo = page('Russia rejects Reuters report - YouTube', `<ytm-app><div id="app"><ytm-mobile-topbar-renderer><a href="/" aria-label="YouTube home">YouTube</a></ytm-mobile-topbar-renderer>
<ytm-watch><div id="player-container-id" style="background:#000;height:200px"></div>
<ytm-single-column-watch-next-results-renderer><ytm-slim-video-metadata-section-renderer>
<ytm-slim-video-information-renderer><h2 class="slim-video-information-title"><span class="yt-core-attributed-string">Russia rejects Reuters report</span></h2></ytm-slim-video-information-renderer>
<ytm-slim-owner-renderer><a class="slim-owner-icon-and-title" href="/@RT"><ytm-profile-icon class="slim-owner-profile-icon">RT</ytm-profile-icon>
<div class="slim-owner-channel-name"><h3><span class="yt-core-attributed-string">RT</span></h3><div class="slim-owner-subtitle">subscribers</div></div></a>
<div class="slim-owner-subscribe-button"><button>Subscribe</button></div></ytm-slim-owner-renderer>
</ytm-slim-video-metadata-section-renderer>
<ytm-item-section-renderer data-content-type="related">
${YT_MOBILE_RELATED.map((v, i) => mobileRelated(`Related ${i + 1}`, v.href, v.channel, i)).join('\n')}
</ytm-item-section-renderer></ytm-single-column-watch-next-results-renderer></ytm-watch></div></ytm-app>
${playerResponse('MoBiLeViD01', RT_CHANNEL_ID)}`,
'<link rel="canonical" href="https://www.youtube.com/watch?v=MoBiLeViD01">');

/** host -> path -> html, for the page server. */
export const FEED_SITES = {
  'x.com': {
    '/home': xTimeline('Home / X', 'Home', X_TIMELINE),
    '/RT_com': xTimeline('RT (@RT_com) / X', 'RT', X_TIMELINE.filter((p) => p.author === 'rt')),
    '/rtl': xTimeline('RTL (@rtl) / X', 'RTL', X_TIMELINE.filter((p) => p.handle === 'rtl')).replace('</body>', `${spaScript}</body>`),
    '/RT_com/status/1': xTimeline('RT on X', 'Post', X_TIMELINE.filter((p) => p.author === 'rt').slice(0, 1)).replace('</body>', `${spaScript}</body>`),
  },
  'www.youtube.com': { '/watch': ytVideo, '/watch?v=HaNdLeViD01': ytHandleVideo, [new URL(YT_OTHER).pathname]: ytOther },
  'm.youtube.com': { '/watch': ytMobileVideo },
  'www.reddit.com': { [new URL(REDDIT_THREAD).pathname]: redditThread },
};

/** An X timeline of n posts, every other one by RT, for the feed-badge benchmark (bench/extension). */
export function manyPostsPage(n) {
  const posts = Array.from({ length: n }, (_, i) => (i % 2
    ? { name: 'RT', handle: 'RT_com', id: String(1862000000000100000 + i), text: `Post ${i}`, card: tco(`b${i}`, 'rt.com/news/1-bench…') }
    : { name: `Reader ${i}`, handle: `reader_${i % 50}`, id: String(1862000000000100000 + i), text: `Post ${i} <a href="https://www.reuters.com/world/${i}">reuters.com</a>` }));
  return page('Home / X', `<main role="main"><div aria-label="Timeline: Home">${posts.map(tweet).join('\n')}</div></main>`);
}
