// Feed badges (issue 17): a post's author link is badged only as a known account's, on the
// platform itself; a page's named channel opens the panel only for a known account of the
// page's own platform; the badge script reads posts through the site's surface module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { DomainIndex } from '../../background/matching/matcher.js';
import { authorMatch, isAccountMatch, linkMatch, pageAccountMatch } from '../../background/matching/links.js';
import { validateMessage } from '../../lib/messages.js';
import { BADGE_SITES } from '../../lib/sites.js';
import { badgeViewModel } from '../../lib/view-model.js';
import { runBadgeScript } from './helpers.js';

const RT_CHANNEL = 'https://www.youtube.com/channel/UCpwvZwUam-URkxB7g4USKpg';
const index = new DomainIndex({
  outlets: [
    { slug: 'rt', name: 'RT', kind: 'state_controlled', country: 'RU', owner: 'Government of the Russian Federation' },
    { slug: 'rtl-nieuws', name: 'RTL Nieuws', kind: 'private', country: 'NL' },
  ],
  rules: [
    ['rt.com', '', 0], ['x.com', '/RT_com', 0], ['youtube.com', '/channel/UCpwvZwUam-URkxB7g4USKpg', 0], ['t.me', '/rt_russian', 0],
    ['rtl.nl', '', 1],
  ],
});
const slugOf = (match) => match?.outlet.slug ?? null;

test('an author link is a known account on the platform itself, in any alias and case', () => {
  assert.equal(slugOf(authorMatch(index, 'https://x.com/RT_com')), 'rt');
  assert.equal(slugOf(authorMatch(index, 'https://twitter.com/rt_com')), 'rt');
  assert.equal(slugOf(authorMatch(index, `${RT_CHANNEL}/videos`)), 'rt');
  assert.equal(slugOf(authorMatch(index, 'https://t.me/s/rt_russian')), 'rt');
  assert.equal(slugOf(linkMatch(index, 'https://x.com/RT_com', 'https://x.com/home')), null, 'as a link on X, X\'s own');
});

test('neighbouring accounts, platform pages and outlets\' own sites are no author', () => {
  for (const href of ['https://x.com/rtl', 'https://x.com/RT_comedy', 'https://www.youtube.com/@rtlnieuws', 'https://x.com/home',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.rt.com/news/1', 'https://t.me/rt_russian_bot']) {
    assert.equal(authorMatch(index, href), null, href);
  }
  assert.equal(isAccountMatch(index.matchUrl('https://www.rt.com/')), false);
});

test('a page names its account only on its own platform', () => {
  const watch = 'https://www.youtube.com/watch?v=abc';
  assert.equal(slugOf(pageAccountMatch(index, ['https://www.youtube.com/@someone', RT_CHANNEL], watch)), 'rt', 'the first known one');
  assert.equal(slugOf(pageAccountMatch(index, [RT_CHANNEL], 'https://m.youtube.com/watch?v=abc')), 'rt');
  assert.equal(pageAccountMatch(index, ['https://x.com/RT_com'], watch), null, 'a YouTube page cannot name an X account');
  assert.equal(pageAccountMatch(index, ['https://www.rt.com/'], watch), null, 'nor a site');
  assert.equal(pageAccountMatch(index, ['https://www.youtube.com/@rtlnieuws'], watch), null);
});

test('page:account and author links pass the message contract; anything else is refused', () => {
  const ids = { extensionId: 'ext', extensionOrigin: 'chrome-extension://ext/' };
  const sender = { id: 'ext', url: 'https://www.youtube.com/watch?v=abc', frameId: 0, tab: { id: 1 } };
  assert.ok(validateMessage({ type: 'page:account', accounts: [RT_CHANNEL] }, sender, ids));
  assert.ok(validateMessage({ type: 'badges:match', links: [{ href: 'https://x.com/RT_com', author: true }] }, sender, ids));
  for (const bad of [
    { type: 'page:account', accounts: [] },
    { type: 'page:account', accounts: Array(5).fill(RT_CHANNEL) },
    { type: 'page:account', accounts: ['javascript:alert(1)'] },
    { type: 'badges:match', links: [{ href: 'https://x.com/RT_com', author: 'yes' }] },
  ]) assert.throws(() => validateMessage(bad, sender, ids), JSON.stringify(bad));
});

test('every badge site has a surface module that declares its id, and selectors that parse', () => {
  for (const site of BADGE_SITES) {
    const context = vm.createContext({});
    vm.runInContext(readFileSync(new URL(`../../content/surfaces/${site.id}.js`, import.meta.url), 'utf8'), context);
    const surface = context.__mastheadSurface;
    assert.equal(surface.id, site.id);
    assert.ok(Object.isFrozen(surface), 'the module cannot be changed after it is declared');
    assert.equal(Boolean(surface.posts), Boolean(surface.author), `${site.id}: posts and their author go together`);
  }
});

/** The YouTube surface module, run as the browser runs it. */
function youtubeSurface() {
  const context = vm.createContext({ URL });
  vm.runInContext(readFileSync(new URL('../../content/surfaces/youtube.js', import.meta.url), 'utf8'), context);
  return context.__mastheadSurface;
}

/** A document that answers querySelector from a table (selector -> element) and has the given inline scripts. */
const fakeDoc = (found, scripts = []) => ({
  querySelector: (sel) => found[sel] ?? null,
  querySelectorAll: (sel) => (sel === 'script:not([src])' ? scripts.map((textContent) => ({ textContent })) : []),
});
const RT_ID = 'UCpwvZwUam-URkxB7g4USKpg';
const attr = (value) => ({ getAttribute: () => value });
const microdata = (video) => ({
  'meta[itemprop="channelId"]': attr(RT_ID),
  '[itemprop="author"] link[itemprop="url"]': { href: `http://www.youtube.com/channel/${RT_ID}` },
  ...(video ? { 'link[rel="canonical"]': attr(`https://www.youtube.com/watch?v=${video}`) } : {}),
});
const playerScript = (video, channel) => `var ytInitialPlayerResponse = {"responseContext":{},"videoDetails":{"videoId":"${video}","title":"Russia {rejects}","lengthSeconds":"61","keywords":["news","RT"],"channelId":"${channel}","isOwnerViewing":false,"thumbnail":{"thumbnails":[]}},"microformat":{"playerMicroformatRenderer":{"externalChannelId":"${channel}"}}};`;

test('a YouTube video page names its channel every way it can: the owner block first, then the channel id of the player and the microdata', () => {
  const { pageAccounts } = youtubeSurface();
  const watch = new URL('https://www.youtube.com/watch?v=dQw4w9WgXcR');
  const handleOwner = { 'ytd-video-owner-renderer ytd-channel-name a[href]': { href: 'https://www.youtube.com/@RT' } };
  const microOnly = microdata(null);
  assert.deepEqual([...pageAccounts(fakeDoc(microOnly), watch)], [RT_CHANNEL, `http://www.youtube.com/channel/${RT_ID}`], 'no owner block: the microdata');
  // F7: the owner link is a handle, the microdata of this very video gives the channel id: both, owner first.
  assert.deepEqual([...pageAccounts(fakeDoc({ ...microdata('dQw4w9WgXcR'), ...handleOwner }), watch)],
    ['https://www.youtube.com/@RT', RT_CHANNEL, `http://www.youtube.com/channel/${RT_ID}`]);
  assert.deepEqual([...pageAccounts(fakeDoc({ ...microdata(null), 'meta[itemprop="identifier"]': attr('dQw4w9WgXcR'), ...handleOwner }), watch)],
    ['https://www.youtube.com/@RT', RT_CHANNEL, `http://www.youtube.com/channel/${RT_ID}`], 'the microdata\'s own identifier names the video');
  // The player response of this video (channelId, externalChannelId), no microdata at all.
  assert.deepEqual([...pageAccounts(fakeDoc(handleOwner, ['var x = 1;', playerScript('dQw4w9WgXcR', RT_ID)]), watch)], ['https://www.youtube.com/@RT', RT_CHANNEL]);
  const other = 'UCsomeoneelse0000000000x';
  assert.deepEqual([...pageAccounts(fakeDoc({}, [playerScript('dQw4w9WgXcR', RT_ID).replace(`"channelId":"${RT_ID}"`, `"channelId":"${other}"`)]), watch)],
    [`https://www.youtube.com/channel/${other}`, RT_CHANNEL], 'videoDetails.channelId, then externalChannelId');
  // Stale: YouTube moved on to another video; the microdata and the player response describe the first.
  const next = new URL('https://www.youtube.com/watch?v=NeXtViDeO01');
  const neighbour = { 'ytd-video-owner-renderer ytd-channel-name a[href]': { href: 'https://www.youtube.com/@rtlnieuws' } };
  assert.deepEqual([...pageAccounts(fakeDoc({ ...microdata('dQw4w9WgXcR'), ...neighbour }, [playerScript('dQw4w9WgXcR', RT_ID)]), next)],
    ['https://www.youtube.com/@rtlnieuws'], 'the live owner block alone once the rest is stale');
  assert.deepEqual([...pageAccounts(fakeDoc({ ...microOnly, ...neighbour }), next)], ['https://www.youtube.com/@rtlnieuws'], 'microdata naming no video: not with an owner block');
  // Mobile (m.youtube.com): the slim owner block.
  const mobile = { 'ytm-slim-owner-renderer a[href]': { href: 'https://m.youtube.com/@RT' } };
  assert.deepEqual([...pageAccounts(fakeDoc({ ...mobile, ...microdata('dQw4w9WgXcR') }), new URL('https://m.youtube.com/watch?v=dQw4w9WgXcR&pp=x'))],
    ['https://m.youtube.com/@RT', RT_CHANNEL, `http://www.youtube.com/channel/${RT_ID}`]);
  assert.deepEqual([...pageAccounts(fakeDoc(mobile, [playerScript('ShOrTs00001', RT_ID)]), new URL('https://m.youtube.com/shorts/ShOrTs00001'))], ['https://m.youtube.com/@RT', RT_CHANNEL]);
  // Never the video's address, never anything but http(s) channel addresses; only video pages.
  assert.deepEqual([...pageAccounts(fakeDoc({ 'meta[itemprop="channelId"]': attr('<b>') }), watch)], []);
  assert.deepEqual([...pageAccounts(fakeDoc({}, [playerScript('dQw4w9WgXcR', 'UC<b>')]), watch)], []);
  assert.deepEqual([...pageAccounts(fakeDoc(microOnly), new URL('https://www.youtube.com/feed/subscriptions'))], [], 'only video pages');
  for (const doc of [fakeDoc({ ...microdata('dQw4w9WgXcR'), ...handleOwner }, [playerScript('dQw4w9WgXcR', RT_ID)])]) {
    const named = pageAccounts(doc, watch);
    assert.ok(named.length <= 4 && !named.some((u) => /watch|dQw4w9WgXcR/.test(u)), named.join(' '));
  }
});

test('the F7 page: an owner named by handle and the channel id in the markup opens the panel for the known channel', () => {
  const { pageAccounts } = youtubeSurface();
  for (const host of ['www.youtube.com', 'm.youtube.com']) {
    const loc = new URL(`https://${host}/watch?v=dQw4w9WgXcR`);
    const doc = fakeDoc({ 'ytd-video-owner-renderer ytd-channel-name a[href]': { href: `https://${host}/@RT` }, ...microdata('dQw4w9WgXcR') });
    assert.equal(slugOf(pageAccountMatch(index, [...pageAccounts(doc, loc)], loc.href)), 'rt', host);
    const stale = new URL(`https://${host}/watch?v=NeXtViDeO01`);
    const moved = fakeDoc({ 'ytd-video-owner-renderer ytd-channel-name a[href]': { href: `https://${host}/@rtlnieuws` }, ...microdata('dQw4w9WgXcR') });
    assert.equal(pageAccountMatch(index, [...pageAccounts(moved, stale)], stale.href), null, `${host}: no panel once the video is another channel's`);
  }
});

test('YouTube feed items: desktop and mobile renderers are posts, a channel id link is preferred', () => {
  const surface = youtubeSurface();
  for (const tag of ['ytd-video-renderer', 'ytd-compact-video-renderer', 'ytm-video-with-context-renderer', 'ytm-compact-video-renderer', 'ytm-media-item', 'ytm-slim-owner-renderer']) {
    assert.ok(surface.posts.split(', ').includes(tag), tag);
  }
  assert.deepEqual([...surface.author].slice(0, 2), ['ytd-channel-name a[href*="/channel/UC"]', 'ytd-channel-name a[href]']);
  assert.ok(surface.author.includes('ytm-channel-thumbnail-with-link-renderer a[href]'));
});

// ------------------------------------------------------------------ the content script

/** A tiny DOM: elements with tag, attributes, children; selectors by a lookup table. */
function fakeDom(pageUrl, { posts, links }) {
  const badges = [];
  const anchor = (href, text = '') => {
    const a = { nodeType: 1, tagName: 'A', href, textContent: text, isConnected: true, nextElementSibling: null, closest: () => null };
    a.after = (node) => { a.nextElementSibling = node; badges.push({ href, node }); };
    return a;
  };
  const postEls = posts.map(({ author, inner = [] }) => {
    const a = anchor(author);
    const innerAnchors = inner.map((h) => anchor(h));
    const post = { nodeType: 1, tagName: 'ARTICLE', querySelector: () => a, querySelectorAll: () => [a, ...innerAnchors], closest: () => null };
    a.closest = () => post;
    for (const i of innerAnchors) i.closest = () => post;
    return { post, anchors: [a, ...innerAnchors] };
  });
  const loose = links.map((h) => anchor(h));
  const all = [...postEls.flatMap((p) => p.anchors), ...loose];
  const root = {
    nodeType: 1, tagName: 'HTML', closest: () => null,
    querySelectorAll: (sel) => (sel === 'a[href]' ? all : postEls.map((p) => p.post)),
  };
  const createElement = (tag) => {
    const el = { tagName: tag.toUpperCase(), attributes: {}, children: [], textContent: '' };
    el.setAttribute = (k, v) => { el.attributes[k] = v; };
    el.attachShadow = () => ({ appendChild(child) { el.children.push(child); } });
    return el;
  };
  return { root, badges, createElement, location: new URL(pageUrl) };
}

async function runFeed(pageUrl, surface, page) {
  const intervals = [];
  const dom = fakeDom(pageUrl, page);
  const answer = (message, payload) => {
    if (message.type === 'page:account') return { ok: true, known: Boolean(pageAccountMatch(index, payload.accounts, pageUrl)) };
    const matchOf = (l) => (l.author ? authorMatch(index, l.href) : linkMatch(index, l, pageUrl));
    return { ok: true, matches: payload.links.map((l) => badgeViewModel(matchOf(l)?.outlet)) };
  };
  const sent = await runBadgeScript(pageUrl, answer, {
    location: dom.location,
    document: { documentElement: dom.root, createElement: dom.createElement, querySelector: () => null },
    setInterval: (fn) => { intervals.push(fn); return intervals.length; },
    window: { addEventListener() {} },
    __mastheadSurface: surface,
  });
  return { sent, badges: dom.badges, intervals, location: dom.location };
}

test('on X, a known account\'s posts get one badge beside the author, with kind and name, from one message', async () => {
  const { sent, badges } = await runFeed('https://x.com/home', { id: 'x', posts: 'article', author: 'a' }, {
    posts: [
      { author: 'https://x.com/RT_com', inner: ['https://x.com/RT_com/status/1', 'https://t.co/zzz'] },
      { author: 'https://x.com/rtl' },
      { author: 'https://x.com/RT_com' },
    ],
    links: ['https://www.rt.com/news/1', 'https://x.com/RT_com'],
  });
  assert.equal(sent.length, 1, 'one message for the page');
  const authors = [...sent[0].links.filter((l) => l.author).map((l) => l.href)];
  assert.deepEqual(authors, ['https://x.com/RT_com', 'https://x.com/rtl'], 'each author once');
  const got = badges.map((b) => [b.href, b.node.attributes['data-outlet'], b.node.attributes['data-kind'] ?? null]);
  assert.deepEqual(got, [
    ['https://x.com/RT_com', 'rt', 'account'],
    ['https://x.com/RT_com', 'rt', 'account'],
    ['https://www.rt.com/news/1', 'rt', null],
  ]);
  const [label, , tip] = badges[0].node.children;
  assert.equal(label.textContent, 'STA · RT');
  assert.match(tip.textContent, /^RT — State-controlled media \(Russia\)\nOwner: Government of the Russian Federation/);
});

test('a YouTube video page names its channel; the background is asked once per page', async () => {
  const surface = { id: 'youtube', pageAccounts: () => [RT_CHANNEL, RT_CHANNEL] };
  const { sent } = await runFeed('https://www.youtube.com/watch?v=abc', surface, { posts: [], links: [] });
  const asked = sent.filter((m) => m.type === 'page:account');
  assert.equal(asked.length, 1);
  assert.deepEqual([...asked[0].accounts], [RT_CHANNEL]);
  assert.equal(asked[0].pageUrl, 'https://www.youtube.com/watch?v=abc', 'the page\'s current address goes with it');
});

test('after a single-page navigation the page\'s account is asked again, with the new address', async () => {
  const surface = { id: 'youtube', pageAccounts: () => [RT_CHANNEL] };
  const run = await runFeed('https://www.youtube.com/watch?v=abc', surface, { posts: [], links: [] });
  assert.equal(run.intervals.length, 1, 'one cheap look at location.href a second');
  run.location.href = 'https://www.youtube.com/watch?v=def'; // history.pushState
  run.intervals[0]();
  for (let i = 0; i < 5; i += 1) await new Promise((r) => setImmediate(r));
  const asked = run.sent.filter((m) => m.type === 'page:account');
  assert.deepEqual(asked.map((m) => m.pageUrl), ['https://www.youtube.com/watch?v=abc', 'https://www.youtube.com/watch?v=def']);
});

test('property: an author is RT on X exactly when the first path segment is RT_com in some case', () => {
  // A fixed pseudo-random walk over handles that share a prefix with RT_com, and what follows them.
  let seed = 17;
  const next = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const alphabet = 'rRtT_cCoOmMlL0';
  const tails = ['', '/', '/status/1', '/with_replies', '?s=20', '#x'];
  for (let i = 0; i < 500; i += 1) {
    let handle = '';
    for (let j = 0, n = 2 + next(8); j < n; j += 1) handle += alphabet[next(alphabet.length)];
    if (next(3) === 0) handle = 'RT_com'.split('').map((c) => (next(2) ? c.toUpperCase() : c.toLowerCase())).join('');
    const href = `https://${next(2) ? 'x.com' : 'twitter.com'}/${handle}${tails[next(tails.length)]}`;
    const want = handle.toLowerCase() === 'rt_com' ? 'rt' : null;
    assert.equal(slugOf(authorMatch(index, href)), want, href);
  }
});
