import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchRecord } from '../../background/services/record-service.js';
import { ServerClient } from '../../background/services/server-client.js';
import { SessionCache } from '../../background/services/cache.js';
import { DomainIndex } from '../../background/matching/matcher.js';
import { sha256Hex } from '../../background/matching/hash.js';
import { ArticleKeySet } from '../../background/matching/key-set.js';
import { fakeFetch, fixture, json, memoryStorage } from './helpers.js';

const PAGE = 'https://www.rt.com/news/398374-russia-syria-losses-reuters/';
const CANONICAL = 'https://rt.com/news/398374-russia-syria-losses-reuters';
const index = new DomainIndex(fixture('index.json'));
const pageArgs = (url) => {
  const match = index.matchPage(url);
  return { articleUrl: match.articleUrl, match };
};

// The index's set as the seed has it: fewer than k keys, so one bucket ("0") holds them all.
async function keySet(extra = 5) {
  const keys = [(await sha256Hex(CANONICAL)).slice(0, 8)];
  for (let i = 0; i < extra; i += 1) keys.push((await sha256Hex(`https://example.org/${i}`)).slice(0, 8));
  return new ArticleKeySet({ k: 50, count: keys.length, prefix_bits: 0, prefix_hex_digits: 1, key_hex_digits: 8, keys: keys.sort().join('') });
}

async function serverWith() {
  const sha = await sha256Hex(CANONICAL);
  const links = { disputes: [{ id: 1, url: 'http://uk.reuters.com/article/x', title: 'Russia denies Reuters report', outlet: { slug: 'reuters', name: 'Reuters' } }] };
  return fakeFetch({
    '/api/v1/outlets/rt': () => json(fixture('rt-outlet.json')),
    '/api/v1/reports/hash/0': () => json({
      prefix: '0', prefix_bits: 0, data_version: 17,
      articles: [
        { url_sha256: `${sha.slice(0, 5)}${'0'.repeat(59)}`, canonical_url: 'https://rt.com/other', title: 'a neighbour', report_links: { context: [] } },
        { url_sha256: sha, canonical_url: CANONICAL, title: 'False from start to finish', report_links: links },
      ],
    }),
    '/api/v1/lookup': () => json({ outlet: fixture('rt-outlet.json'), article: { title: 'x' }, report_links: links }),
  });
}

test('privacy mode asks for the outlet and the bucket the key set names, and matches the full hash locally', async () => {
  const fetch = await serverWith();
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  const record = await fetchRecord({ ...pageArgs(PAGE), privacyMode: true, client, cache: new SessionCache(), articleKeys: await keySet() });
  assert.equal(record.outlet.slug, 'rt');
  assert.equal(record.article.title, 'False from start to finish');
  assert.equal(record.reportLinks.disputes[0].outlet.name, 'Reuters');
  const paths = fetch.calls.map((c) => c.path).sort();
  assert.equal(paths.length, 2);
  assert.match(paths[0], /^\/api\/v1\/outlets\/rt$/);
  assert.equal(paths[1], '/api/v1/reports/hash/0');
  for (const c of fetch.calls) assert.ok(!c.url.includes('398374'), 'the article address never leaves');
});

test('results are cached for the session, across a restarted background too', async () => {
  const fetch = await serverWith();
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  const storage = memoryStorage();
  const args = { ...pageArgs(PAGE), privacyMode: true, client, dataVersion: 17, articleKeys: await keySet() };
  await fetchRecord({ ...args, cache: new SessionCache({ storage }) });
  await fetchRecord({ ...args, cache: new SessionCache({ storage }) });
  assert.equal(fetch.calls.length, 2);
});

test('an article whose key is not in the set: the outlet only, no article request at all', async () => {
  const fetch = await serverWith();
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  const url = 'https://www.rt.com/news/1-other/';
  const record = await fetchRecord({ ...pageArgs(url), privacyMode: true, client, cache: new SessionCache(), articleKeys: await keySet() });
  assert.equal(record.outlet.slug, 'rt');
  assert.equal(record.article, null);
  assert.deepEqual(fetch.calls.map((c) => c.path), ['/api/v1/outlets/rt']);
});

test('without a key set (an older server), privacy mode asks about no article', async () => {
  const fetch = await serverWith();
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  const record = await fetchRecord({ ...pageArgs(PAGE), privacyMode: true, client, cache: new SessionCache() });
  assert.equal(record.outlet.slug, 'rt');
  assert.equal(record.reportLinks, null);
  assert.deepEqual(fetch.calls.map((c) => c.path), ['/api/v1/outlets/rt']);
});

test('a bucket the set shows to hold fewer than k keys is not asked for', async () => {
  const fetch = await serverWith();
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  const small = await keySet(80); // 81 keys, but a server claiming 4-bit buckets of >= 50
  const lying = new ArticleKeySet({ k: 50, count: small.size, prefix_bits: 4, prefix_hex_digits: 1, key_hex_digits: 8, keys: small.keys });
  const record = await fetchRecord({ ...pageArgs(PAGE), privacyMode: true, client, cache: new SessionCache(), articleKeys: lying });
  assert.equal(record.reportLinks, null);
  assert.deepEqual(fetch.calls.map((c) => c.path), ['/api/v1/outlets/rt']);
});

test('a bucket the server refuses (an index of an older data version): outlet only, and the index is synced again', async () => {
  const fetch = fakeFetch({
    '/api/v1/outlets/rt': () => json(fixture('rt-outlet.json')),
    '/api/v1/reports/hash/0': () => new Response(JSON.stringify({ error: { code: 'bad_prefix', message: 'the prefix must be 2 hexadecimal characters' } }), { status: 400 }),
  });
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  let stale = 0;
  const record = await fetchRecord({ ...pageArgs(PAGE), privacyMode: true, client, cache: new SessionCache(), articleKeys: await keySet(), onStaleIndex: () => { stale += 1; } });
  assert.equal(record.outlet.slug, 'rt');
  assert.equal(record.reportLinks, null);
  assert.equal(stale, 1);
});

test('with privacy mode off the article key (its canonical URL), not the raw page URL, goes to /lookup', async () => {
  const fetch = await serverWith();
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  const raw = `${PAGE}?utm_source=twitter&fbclid=abc`;
  const record = await fetchRecord({ ...pageArgs(raw), privacyMode: false, client, cache: new SessionCache() });
  assert.equal(record.mode, 'direct');
  assert.equal(record.article.title, 'x');
  assert.equal(fetch.calls.length, 1);
  assert.equal(new URL(fetch.calls[0].url).searchParams.get('url'), CANONICAL);
});

test('a mirror page declaring its canonical address on RT is looked up by that address', async () => {
  const fetch = await serverWith();
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  const mirror = 'https://swentr.site/news/398374-russia-syria-losses-reuters/';
  const local = new DomainIndex({ ...fixture('index.json'), rules: [...fixture('index.json').rules, ['swentr.site', '', 0]] });
  const page = local.matchPage(mirror, [PAGE]);
  const privacy = await fetchRecord({ articleUrl: page.articleUrl, match: page, privacyMode: true, client, cache: new SessionCache(), articleKeys: await keySet() });
  assert.equal(privacy.reportLinks.disputes[0].outlet.name, 'Reuters');
  await fetchRecord({ articleUrl: page.articleUrl, match: page, privacyMode: false, client, cache: new SessionCache() });
  assert.equal(new URL(fetch.calls.at(-1).url).searchParams.get('url'), CANONICAL);
});

// The article at its real address, naming another RT article as its canonical address (and
// og:url): the article-key set lists the page's own article, so that keys it.
const OTHER_RT = 'https://www.rt.com/news/400001-weather-moscow-august/';
async function listedIndex() {
  const set = await keySet();
  return new DomainIndex({ ...fixture('index.json'), article_keys: { k: 50, count: set.size, prefix_bits: 0, prefix_hex_digits: 1, key_hex_digits: 8, keys: set.keys } });
}

test('a page whose own article has report links is keyed by its own address, whatever canonical it declares', async () => {
  const local = await listedIndex();
  assert.equal(await local.ownListed(PAGE), true);
  assert.equal(await local.ownListed(`${PAGE}?utm_source=x`), true, 'by its key, not its raw address');
  assert.equal(await local.ownListed(OTHER_RT), false);
  assert.equal(await local.ownListed('https://unknown.example/x'), false);
  const page = local.matchPage(PAGE, [OTHER_RT, OTHER_RT], { ownListed: await local.ownListed(PAGE) });
  assert.equal(page.articleUrl, CANONICAL);
  assert.equal(page.keyFrom, 'page');
  assert.equal(local.matchPage(PAGE, [OTHER_RT]).articleUrl, 'https://rt.com/news/400001-weather-moscow-august', 'without the listing, the canonical');
  const fetch = await serverWith();
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  const privacy = await fetchRecord({ articleUrl: page.articleUrl, match: page, privacyMode: true, client, cache: new SessionCache(), articleKeys: local.articleKeys });
  assert.equal(privacy.reportLinks.disputes[0].outlet.name, 'Reuters');
  assert.deepEqual(fetch.calls.map((c) => new URL(c.url).pathname).sort(), ['/api/v1/outlets/rt', '/api/v1/reports/hash/0'], 'the same bucket, nothing more');
  await fetchRecord({ articleUrl: page.articleUrl, match: page, privacyMode: false, client, cache: new SessionCache() });
  assert.equal(new URL(fetch.calls.at(-1).url).searchParams.get('url'), CANONICAL);
});

test('a page whose own article is not listed is still keyed by its canonical address on the same outlet', async () => {
  const local = await listedIndex();
  const page = local.matchPage(OTHER_RT, [PAGE], { ownListed: await local.ownListed(OTHER_RT) });
  assert.equal(page.articleUrl, CANONICAL);
  assert.equal(page.keyFrom, 'canonical');
  // A mirror (its own key not listed) declaring the article on rt.com, as before.
  const withMirror = new DomainIndex({ ...fixture('index.json'), rules: [...fixture('index.json').rules, ['swentr.site', '', 0]], article_keys: { k: 50, count: local.articleKeys.size, prefix_bits: 0, prefix_hex_digits: 1, key_hex_digits: 8, keys: local.articleKeys.keys } });
  const mirror = 'https://swentr.site/news/398374-russia-syria-losses-reuters/';
  assert.equal(await withMirror.ownListed(mirror), false);
  assert.equal(withMirror.matchPage(mirror, [PAGE], { ownListed: false }).articleUrl, CANONICAL);
});

test('server errors arrive as ServerError with the JSON error code', async () => {
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch: fakeFetch({}) });
  await assert.rejects(client.getOutlet('nope'), (e) => e.code === 'not_found' && e.status === 404);
  const down = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch: async () => { throw new TypeError('refused'); } });
  await assert.rejects(down.getOutlet('rt'), (e) => e.code === 'unreachable');
});
