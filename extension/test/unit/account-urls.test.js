// Account URLs in the extension: the shared vectors (tests/vectors/account_urls.json) give the
// same outlet as the server's matcher (tests/unit/test_account_urls.py): platform host aliases
// folded, handles case-insensitive but YouTube channel ids not, a post of an account matches it,
// /rt never matches /rtl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DomainIndex } from '../../background/matching/matcher.js';
import { accountPath, accountPrefix, pathKey, platformHost } from '../../background/matching/platforms.js';
import { resolve, split } from '../../background/matching/canonical.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const VECTORS = JSON.parse(readFileSync(`${repo}tests/vectors/account_urls.json`, 'utf8'));
const index = new DomainIndex(VECTORS.index);

for (const v of VECTORS.cases) {
  test(`account vector: ${v.why}`, () => {
    assert.equal(index.matchUrl(v.url)?.outlet.slug ?? null, v.outlet, v.url);
  });
}

test('the three RT accounts of issue 17 and their posts match RT, neighbours do not', () => {
  for (const url of [
    'https://x.com/RT_com',
    'https://x.com/RT_com/status/1',
    'https://www.youtube.com/channel/UCpwvZwUam-URkxB7g4USKpg',
    'https://t.me/rt_russian',
    'https://t.me/rt_russian/12345',
  ]) {
    assert.equal(index.matchUrl(url)?.outlet.slug, 'rt', url);
  }
  assert.notEqual(index.matchUrl('https://x.com/rtl')?.outlet.slug, 'rt');
  assert.notEqual(index.matchUrl('https://www.youtube.com/@rtlnieuws')?.outlet.slug, 'rt');
});

test('platform hosts and the preview segment fold as on the server', () => {
  assert.equal(platformHost('twitter.com'), 'x.com');
  assert.equal(platformHost('telegram.me'), 't.me');
  assert.equal(platformHost('telegram.dog'), 't.me');
  assert.equal(platformHost('youtube-nocookie.com'), 'youtube.com');
  assert.equal(platformHost('old.reddit.com'), 'reddit.com');
  assert.equal(platformHost('youtu.be'), 'youtu.be');
  assert.equal(accountPath('t.me', '/s/rt_russian'), '/rt_russian');
  assert.equal(accountPath('t.me', '/s'), '/s');
  assert.equal(accountPath('t.me', '/s/'), '/s/');
  assert.equal(accountPath('x.com', '/s/rt'), '/s/rt');
});

for (const v of VECTORS.prefixes) {
  test(`account prefix vector: ${v.url}`, () => {
    const [host, path] = split(resolve(v.url).canonical);
    assert.deepEqual(accountPrefix(host, path), v.account);
  });
}

for (const [host, path, key] of VECTORS.path_keys) {
  test(`path key vector: ${host}${path}`, () => {
    assert.equal(pathKey(host, path), key);
  });
}

test('a YouTube channel id matches only in its own case, a handle in any case', () => {
  const channel = 'https://www.youtube.com/channel/UCpwvZwUam-URkxB7g4USKpg';
  assert.equal(index.matchUrl(channel)?.outlet.slug, 'rt');
  assert.equal(index.matchUrl(channel.replace('UCpwvZwUam', 'ucpwvzwuam')), null);
  assert.equal(index.matchUrl(channel.toUpperCase().replace('HTTPS://WWW.YOUTUBE.COM', 'https://www.youtube.com')), null);
  assert.equal(index.matchUrl('https://www.youtube.com/@rt')?.outlet.slug, 'rt');
  assert.equal(index.matchUrl('https://www.youtube.com/@RT/videos')?.outlet.slug, 'rt');
});

test('an exact platform is its host and www./m. forms only, not the sites below it', () => {
  assert.deepEqual(accountPrefix('substack.com', '/@someone'), ['substack.com', '/@someone']);
  assert.deepEqual(accountPrefix('m.substack.com', '/@someone'), ['substack.com', '/@someone']);
  assert.equal(accountPrefix('someone.substack.com', '/@someone'), null);
  assert.equal(accountPrefix('someone.medium.com', '/@someone'), null);
  assert.equal(accountPrefix('news.google.com', '/publications/CAAq'), null);
  assert.deepEqual(accountPrefix('mobile.twitter.com', '/SomeHandle'), ['x.com', '/SomeHandle']);
});
