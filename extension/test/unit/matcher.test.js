import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainIndex, indexHost, indexPrefix } from '../../background/matching/matcher.js';
import { fixture } from './helpers.js';

const index = new DomainIndex(fixture('index.json'));
const slugOf = (url) => index.matchUrl(url)?.outlet.slug ?? null;

test('a host matches its own rule and every subdomain walks up to it', () => {
  assert.equal(slugOf('https://www.rt.com/news/398374-russia-syria-losses-reuters/'), 'rt');
  assert.equal(slugOf('http://rt.com/'), 'rt');
  assert.equal(slugOf('https://arabic.rt.com/news/1'), 'rt');
});

test('the most specific host wins: de.rt.com beats rt.com', () => {
  assert.equal(slugOf('https://de.rt.com/international/1'), 'rt-de');
  assert.equal(slugOf('https://a.b.de.rt.com/x'), 'rt-de');
});

test('path prefixes match case-insensitively on a segment boundary only', () => {
  assert.equal(slugOf('https://www.youtube.com/@RT'), 'rt');
  assert.equal(slugOf('https://youtube.com/@rt/videos'), 'rt');
  assert.equal(slugOf('https://youtube.com/@rte'), null);
  assert.equal(slugOf('https://youtube.com/watch?v=1'), null);
});

test('unknown hosts, non-web URLs and public suffixes do not match', () => {
  assert.equal(slugOf('https://example.org/news'), null);
  assert.equal(slugOf('https://notrt.com/'), null);
  assert.equal(slugOf('ftp://rt.com/'), null);
  assert.equal(slugOf('not a url'), null);
  // A rule for a public suffix can never claim the sites under it.
  assert.equal(slugOf('https://someone.github.io/'), null);
});

test('www. in a rule host is ignored like in canonical URLs', () => {
  assert.equal(slugOf('https://reuters.com/world/'), 'reuters');
  assert.equal(slugOf('https://uk.reuters.com/article/x'), 'reuters');
});

test('the fold flag comes from the matched rule', () => {
  assert.equal(index.matchUrl('https://rt.com/a').fold, true);
  const m = index.matchUrl('https://m.example.com/a');
  assert.equal(m.outlet.slug, 'example-mobile');
  assert.equal(m.fold, false);
});

test('a match reports the rule and the canonical URL', () => {
  const m = index.matchUrl('https://www.youtube.com/@RT/videos?utm_source=x');
  assert.equal(m.host, 'youtube.com');
  assert.equal(m.pathPrefix, '/@rt');
  assert.equal(m.canonicalUrl, 'https://youtube.com/@RT/videos');
});

test('rules on the same host fall back to the host rule, then walk up', () => {
  const idx = new DomainIndex({
    outlets: [{ slug: 'a' }, { slug: 'b' }, { slug: 'c' }],
    rules: [['x.com', '', 0], ['x.com', '/b', 1], ['sub.x.com', '/only', 2], ['x.com', '/b', 2]],
  });
  assert.equal(idx.matchUrl('https://x.com/b/1').outlet.slug, 'b', 'first of two equal rules wins');
  assert.equal(idx.matchUrl('https://x.com/c').outlet.slug, 'a');
  assert.equal(idx.matchUrl('https://sub.x.com/only/1').outlet.slug, 'c');
  assert.equal(idx.matchUrl('https://sub.x.com/other').outlet.slug, 'a', 'no prefix matched: walk up');
  assert.equal(idx.ruleCount, 4);
});

test('malformed rules are skipped, not fatal', () => {
  const idx = new DomainIndex({ outlets: [{ slug: 'a' }], rules: [['a.com', '', 5], 'junk', ['', '', 0], ['b.com', '', 0]] });
  assert.equal(idx.ruleCount, 1);
  assert.throws(() => new DomainIndex({ rules: [] }), TypeError);
});

test('rule hosts and prefixes are normalized like the server does', () => {
  assert.equal(indexHost(' WWW.RT.com. '), 'rt.com');
  assert.equal(indexHost('www.co.uk'), 'www.co.uk');
  assert.equal(indexPrefix('@RT/'), '/@rt');
  assert.equal(indexPrefix(''), '');
  assert.equal(indexPrefix('/@RT', 'youtube.com'), '/@rt');
  assert.equal(indexPrefix('/Channel/UCpwvZwUam-URkxB7g4USKpg/', 'youtube.com'), '/channel/UCpwvZwUam-URkxB7g4USKpg');
  assert.equal(indexPrefix('/channel/UCpwvZwUam-URkxB7g4USKpg', 'rt.com'), '/channel/ucpwvzwuam-urkxb7g4uskpg');
});

test('matching 100,000 rules on an unknown host is fast', () => {
  const outlets = Array.from({ length: 1000 }, (_, i) => ({ slug: `o${i}` }));
  const rules = Array.from({ length: 100_000 }, (_, i) => [`news${i}.example${i % 97}.com`, i % 10 ? '' : `/p${i}`, i % 1000]);
  const big = new DomainIndex({ outlets, rules });
  const t0 = performance.now();
  for (let i = 0; i < 1000; i += 1) assert.equal(big.matchUrl(`https://www.unknown-site-${i}.org/some/article?id=${i}`), null);
  const perMatch = (performance.now() - t0) / 1000;
  assert.ok(perMatch < 1, `${perMatch} ms per match`);
  assert.equal(big.matchUrl('https://news5.example5.com/x').outlet.slug, 'o5');
});
