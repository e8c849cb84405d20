// Link badges read links with the shared URL rules (background/matching/links.js): click
// wrappers, Google's AMP viewer and archives are unwrapped even when they point at the page's
// own site; X's t.co links are read from the address their text shows; the site's own links
// get no badge. The badge content script sends links as the page has them, in batches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainIndex } from '../../background/matching/matcher.js';
import { linkMatch, shownAddress } from '../../background/matching/links.js';
import { badgeViewModel } from '../../lib/view-model.js';
import { fixture, runBadgeScript } from './helpers.js';

const index = new DomainIndex(fixture('index.json'));
const GOOGLE = 'https://www.google.com/search?q=russia+syria+losses';
const X = 'https://x.com/someone/status/1';
const slug = (link, page = GOOGLE) => linkMatch(index, link, page)?.outlet.slug ?? null;

test('wrappers on the page\'s own site are unwrapped with the shared rules', () => {
  assert.equal(slug('https://www.google.com/url?q=https://www.rt.com/news/1/&sa=U'), 'rt');
  assert.equal(slug('https://www.google.com/amp/s/www.rt.com/news/398374-russia-syria-losses-reuters/amp/'), 'rt', 'Google AMP viewer');
  assert.equal(slug('https://www-rt-com.cdn.ampproject.org/c/s/www.rt.com/news/1/'), 'rt', 'AMP cache');
  assert.equal(slug('https://web.archive.org/web/2017/https://www.rt.com/news/1'), 'rt', 'archived copy');
  const bing = `https://www.bing.com/ck/a?u=a1${Buffer.from('https://de.rt.com/x').toString('base64url')}&ntb=1`;
  assert.equal(slug(bing, 'https://www.bing.com/search?q=x'), 'rt-de');
  assert.equal(slug('https://duckduckgo.com/l/?uddg=https%3A%2F%2Fwww.reuters.com%2Fworld', 'https://duckduckgo.com/?q=x'), 'reuters');
  assert.equal(slug('https://l.facebook.com/l.php?u=https%3A%2F%2Frt.com%2Fa&h=AT0', 'https://www.facebook.com/'), 'rt');
  assert.equal(slug('https://out.reddit.com/t3_x?url=https%3A%2F%2Frt.com%2Fa&token=y', 'https://old.reddit.com/r/news'), 'rt');
});

test('the site\'s own links and unknown sites get no badge', () => {
  assert.equal(slug('https://www.google.com/preferences'), null);
  assert.equal(slug('https://support.google.com/websearch'), null);
  assert.equal(slug('https://www.google.com/url?q=https://maps.google.com/x'), null);
  assert.equal(slug('https://www.rt.com/news/1', 'https://www.rt.com/'), null, 'on RT itself');
  assert.equal(slug('https://example.org/x'), null);
});

test('t.co links are read from the address their text shows, cut short or not', () => {
  assert.equal(slug({ href: 'https://t.co/AbC123', text: 'rt.com/news/398374-russia…' }, X), 'rt');
  assert.equal(slug({ href: 'https://t.co/AbC123', text: 'https://www.reuters.com/world/x' }, X), 'reuters');
  assert.equal(slug({ href: 'https://t.co/AbC123', text: 'Read more' }, X), null);
  assert.equal(slug({ href: 'https://t.co/AbC123' }, X), null, 'no text: no target');
  assert.equal(slug({ href: 'https://x.com/rt_com', text: 'rt.com' }, X), null, 'text counts for short links only');
  assert.equal(slug({ href: 'https://t.co/AbC123', text: 'x.com/someone' }, X), null, 'X itself');
});

test('shownAddress trims the ellipsis and refuses prose', () => {
  assert.equal(shownAddress(' rt.com/news/1-a… '), 'rt.com/news/1-a');
  assert.equal(shownAddress('rt.com/news/1...'), 'rt.com/news/1');
  assert.equal(shownAddress('two words'), null);
  assert.equal(shownAddress(''), null);
  assert.equal(shownAddress(undefined), null);
});

// ------------------------------------------------------------------ the content script

function fakeAnchor(href, text = '') {
  const anchor = {
    nodeType: 1, tagName: 'A', href, textContent: text, isConnected: true, nextElementSibling: null, badges: [],
    after(node) {
      anchor.nextElementSibling = node;
      anchor.badges.push(node);
    },
  };
  return anchor;
}

function fakeElement(tag) {
  const el = {
    tagName: tag.toUpperCase(), attributes: {}, children: [],
    setAttribute(name, value) { el.attributes[name] = value; },
    attachShadow() { return { appendChild(child) { el.children.push(child); } }; },
  };
  return el;
}

/** Runs content/badges.js on a page of `anchors`; the background answers with linkMatch. */
function runBadges(pageUrl, anchors) {
  const root = { nodeType: 1, tagName: 'HTML', querySelectorAll: () => anchors };
  const answer = (_message, payload) => ({ ok: true, matches: payload.links.map((link) => badgeViewModel(linkMatch(index, link, pageUrl)?.outlet)) });
  return runBadgeScript(pageUrl, answer, { document: { documentElement: root, createElement: fakeElement } });
}

test('the badge script sends links as the page has them, once each, in one batch, and badges the answers', async () => {
  const rtAmp = 'https://www.google.com/amp/s/www.rt.com/news/398374-russia-syria-losses-reuters/amp/';
  const anchors = [
    fakeAnchor('https://www.google.com/url?q=https://www.reuters.com/world/x&sa=U'),
    fakeAnchor(rtAmp),
    fakeAnchor(rtAmp),
    fakeAnchor('https://t.co/AbC123', ' rt.com/news/398374-russia… '),
    fakeAnchor(`${GOOGLE}#top`),
    fakeAnchor('javascript:void(0)'),
    fakeAnchor(`https://example.org/${'x'.repeat(2100)}`),
    fakeAnchor('https://www.google.com/preferences'),
  ];
  const sent = await runBadges(GOOGLE, anchors);
  assert.equal(sent.length, 1, 'one message for the batch');
  assert.deepEqual(JSON.parse(JSON.stringify(sent[0].links)), [ // (made in another realm)
    { href: 'https://www.google.com/url?q=https://www.reuters.com/world/x&sa=U' },
    { href: rtAmp },
    { href: 'https://t.co/AbC123', text: 'rt.com/news/398374-russia…' },
    { href: 'https://www.google.com/preferences' },
  ], 'in page order');
  const outlets = anchors.map((a) => a.badges[0]?.attributes['data-outlet'] ?? null);
  assert.deepEqual(outlets, ['reuters', 'rt', 'rt', 'rt', null, null, null, null]);
});

test('a badge\'s host is a built-in <span> marked data-masthead="badge", which no page can define as a custom element', async () => {
  const anchors = [fakeAnchor('https://www.rt.com/news/1'), fakeAnchor('https://www.reuters.com/world/x')];
  await runBadges(GOOGLE, anchors);
  for (const a of anchors) {
    assert.equal(a.badges.length, 1);
    const host = a.badges[0];
    assert.equal(host.tagName, 'SPAN');
    assert.equal(host.attributes['data-masthead'], 'badge');
    assert.equal(host.children.length, 1, 'its label in its own shadow root');
  }
});
