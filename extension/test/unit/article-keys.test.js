// Article keys in the extension: the shared vectors (tests/vectors/article_keys.json) give the
// same outlet, key and via as the server's matching.identify; path folds as the server applies
// them; a page's declared canonical address is used only when it is on the same outlet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DomainIndex, MAX_ROUNDS, foldPath, mayFold } from '../../background/matching/matcher.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const VECTORS = JSON.parse(readFileSync(`${repo}tests/vectors/article_keys.json`, 'utf8'));
const index = new DomainIndex(VECTORS.index);

for (const v of VECTORS.cases) {
  test(`article key vector: ${v.why}`, () => {
    const m = index.matchUrl(v.input);
    assert.equal(m?.outlet.slug ?? null, v.outlet);
    if (m) {
      assert.equal(m.articleUrl, v.key);
      assert.deepEqual(m.via, v.via);
      assert.equal(index.identify(m.articleUrl).key, m.articleUrl, 'a key is its own key');
    } else {
      assert.equal(index.identify(v.key).key, v.key);
    }
  });
}

test('the issue\'s CNN AMP page keys like the main site', () => {
  const amp = index.matchUrl('https://amp.cnn.com/cnn/2023/06/19/europe/titanic-shipwreck-vessel-missing-intl/index.html');
  const main = index.matchUrl('https://www.cnn.com/2023/06/19/europe/titanic-shipwreck-vessel-missing-intl/index.html');
  assert.equal(amp.articleUrl, main.articleUrl);
  assert.equal(amp.host, 'cnn.com', 'the rule matched after folding');
  assert.equal(amp.canonicalUrl, 'https://amp.cnn.com/cnn/2023/06/19/europe/titanic-shipwreck-vessel-missing-intl');
});

test('foldPath replaces the longest prefix on a "/" boundary, case-insensitively, keeping the query', () => {
  const folds = [['/cnn', ''], ['/news/amp', '/news'], ['/news', '/n']];
  assert.equal(foldPath('https://amp.cnn.com/CNN/2023/x', folds), 'https://amp.cnn.com/2023/x');
  assert.equal(foldPath('https://amp.cnn.com/cnn', folds), 'https://amp.cnn.com/');
  assert.equal(foldPath('https://amp.cnn.com/cnnx/1', folds), 'https://amp.cnn.com/cnnx/1');
  assert.equal(foldPath('https://amp.cnn.com:8443/cnn/a?b=1', folds), 'https://amp.cnn.com:8443/a?b=1');
  assert.equal(foldPath('https://amp.cnn.com/news/amp/n1', folds), 'https://amp.cnn.com/news/n1');
  assert.equal(foldPath('https://a.example/print/1', [['/print', '/Story']]), 'https://a.example/Story/1');
});

test('malformed path folds in an index are skipped; older rules without folds still match', () => {
  const idx = new DomainIndex({
    outlets: [{ slug: 'a' }],
    rules: [['a.example', '', 0, 1, [['/ok', ''], 'junk', [3, ''], ['no-slash', '']]], ['b.example', '', 0, 0]],
  });
  assert.deepEqual(idx.matchUrl('https://a.example/ok/1').pathFolds, [['/ok', '']]);
  assert.equal(idx.matchUrl('https://a.example/ok/1').articleUrl, 'https://a.example/1');
  assert.equal(idx.matchUrl('https://m.b.example/x').articleUrl, 'https://m.b.example/x', 'fold flag 0');
  assert.deepEqual(idx.matchUrl('https://b.example/x').pathFolds, []);
});

test('a fold cycle across rules of one host stops after MAX_ROUNDS', () => {
  const idx = new DomainIndex({
    outlets: [{ slug: 'a' }, { slug: 'b' }],
    rules: [['loop.example', '', 0, 1, [['/a', '/x/a']]], ['loop.example', '/x', 1, 1, [['/x/a', '/a']]]],
  });
  const { key } = idx.identify('https://loop.example/a/1');
  assert.ok(['https://loop.example/a/1', 'https://loop.example/x/a/1'].includes(key));
  assert.ok(MAX_ROUNDS >= 2);
});

test('folding is skipped only when it cannot change the URL (as on the server)', () => {
  assert.equal(mayFold('https://daily.org/a'), false);
  for (const url of ['https://www.daily.org/a', 'https://m.daily.org/a', 'https://mobile.daily.org/a', 'https://daily.org/amp/a', 'https://daily.org/a?outputType=AMP']) {
    assert.equal(mayFold(url), true, url);
  }
});

const MIRROR = 'https://swentr.site/news/398374-russia-syria-losses-reuters/';
const RT_KEY = 'https://rt.com/news/398374-russia-syria-losses-reuters';

test('a mirror page that declares its canonical address on the same outlet is keyed by it', () => {
  const page = index.matchPage(MIRROR, ['https://www.rt.com/news/398374-russia-syria-losses-reuters/']);
  assert.equal(page.outlet.slug, 'rt');
  assert.equal(page.articleUrl, RT_KEY);
  assert.equal(page.keyFrom, 'canonical');
});

test('a declared canonical address on another outlet, or on none, is ignored', () => {
  for (const declared of [['https://edition.cnn.com/2023/x'], ['https://unknown.example/x'], ['not a url'], []]) {
    const page = index.matchPage(MIRROR, declared);
    assert.equal(page.articleUrl, 'https://swentr.site/news/398374-russia-syria-losses-reuters');
    assert.equal(page.keyFrom, 'page');
  }
  assert.equal(index.matchPage('https://unknown.example/x', [MIRROR]), null, 'the page itself decides the outlet');
});

test('og:url is used when the canonical link is on another outlet', () => {
  const page = index.matchPage(MIRROR, ['https://edition.cnn.com/2023/x', 'https://www.rt.com/news/398374-russia-syria-losses-reuters/']);
  assert.equal(page.articleUrl, RT_KEY);
});

test('an archived copy keeps its via, whatever it declares', () => {
  const archived = 'https://web.archive.org/web/20170802120000/https://www.rt.com/news/398374-russia-syria-losses-reuters/';
  const page = index.matchPage(archived, ['https://web.archive.org/web/20170802120000/https://www.rt.com/news/398374-russia-syria-losses-reuters/']);
  assert.equal(page.articleUrl, RT_KEY);
  assert.deepEqual(page.via, { kind: 'archive', host: 'web.archive.org', captured: '2017-08-02' });
});
