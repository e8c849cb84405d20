import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchRecord } from '../../background/services/record-service.js';
import { ServerClient } from '../../background/services/server-client.js';
import { SessionCache } from '../../background/services/cache.js';
import { DomainIndex } from '../../background/matching/matcher.js';
import { sha256Hex } from '../../background/matching/hash.js';
import { fakeFetch, fixture, json, memoryStorage } from './helpers.js';

const PAGE = 'https://www.rt.com/news/398374-russia-syria-losses-reuters/';
const CANONICAL = 'https://rt.com/news/398374-russia-syria-losses-reuters';
const index = new DomainIndex(fixture('index.json'));
const pageArgs = (url) => {
  const match = index.matchPage(url);
  return { articleUrl: match.articleUrl, match };
};

async function serverWith() {
  const sha = await sha256Hex(CANONICAL);
  const links = { disputes: [{ id: 1, url: 'http://uk.reuters.com/article/x', title: 'Russia denies Reuters report', outlet: { slug: 'reuters', name: 'Reuters' } }] };
  return fakeFetch({
    '/api/v1/outlets/rt': () => json(fixture('rt-outlet.json')),
    [`/api/v1/reports/hash/${sha.slice(0, 5)}`]: () => json({
      prefix: sha.slice(0, 5), data_version: 17,
      articles: [
        { url_sha256: `${sha.slice(0, 5)}${'0'.repeat(59)}`, canonical_url: 'https://rt.com/other', title: 'a neighbour', report_links: { context: [] } },
        { url_sha256: sha, canonical_url: CANONICAL, title: 'False from start to finish', report_links: links },
      ],
    }),
    '/api/v1/lookup': () => json({ outlet: fixture('rt-outlet.json'), article: { title: 'x' }, report_links: links }),
  });
}

test('privacy mode asks for the outlet and a 5-digit hash prefix only, and matches the full hash locally', async () => {
  const fetch = await serverWith();
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  const record = await fetchRecord({ ...pageArgs(PAGE), privacyMode: true, client, cache: new SessionCache() });
  assert.equal(record.outlet.slug, 'rt');
  assert.equal(record.article.title, 'False from start to finish');
  assert.equal(record.reportLinks.disputes[0].outlet.name, 'Reuters');
  const paths = fetch.calls.map((c) => c.path).sort();
  assert.equal(paths.length, 2);
  assert.match(paths[0], /^\/api\/v1\/outlets\/rt$/);
  assert.match(paths[1], /^\/api\/v1\/reports\/hash\/[0-9a-f]{5}$/);
  for (const c of fetch.calls) assert.ok(!c.url.includes('398374'), 'the article address never leaves');
});

test('results are cached for the session, across a restarted background too', async () => {
  const fetch = await serverWith();
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  const storage = memoryStorage();
  const args = { ...pageArgs(PAGE), privacyMode: true, client, dataVersion: 17 };
  await fetchRecord({ ...args, cache: new SessionCache({ storage }) });
  await fetchRecord({ ...args, cache: new SessionCache({ storage }) });
  assert.equal(fetch.calls.length, 2);
});

test('an article without reports (or a failed report look-up) shows the outlet only', async () => {
  const fetch = await serverWith();
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch });
  const url = 'https://www.rt.com/news/1-other/';
  const record = await fetchRecord({ ...pageArgs(url), privacyMode: true, client, cache: new SessionCache() });
  assert.equal(record.outlet.slug, 'rt');
  assert.equal(record.article, null);
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
  const privacy = await fetchRecord({ articleUrl: page.articleUrl, match: page, privacyMode: true, client, cache: new SessionCache() });
  assert.equal(privacy.reportLinks.disputes[0].outlet.name, 'Reuters');
  await fetchRecord({ articleUrl: page.articleUrl, match: page, privacyMode: false, client, cache: new SessionCache() });
  assert.equal(new URL(fetch.calls.at(-1).url).searchParams.get('url'), CANONICAL);
});

test('server errors arrive as ServerError with the JSON error code', async () => {
  const client = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch: fakeFetch({}) });
  await assert.rejects(client.getOutlet('nope'), (e) => e.code === 'not_found' && e.status === 404);
  const down = new ServerClient({ baseUrl: 'http://127.0.0.1:8000', fetch: async () => { throw new TypeError('refused'); } });
  await assert.rejects(down.getOutlet('rt'), (e) => e.code === 'unreachable');
});
