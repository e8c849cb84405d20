import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexStore, META_KEY, PAYLOAD_KEY } from '../../background/services/index-store.js';
import { ServerClient } from '../../background/services/server-client.js';
import { fakeFetch, fixture, json, memoryStorage } from './helpers.js';

const SERVER = 'http://127.0.0.1:8000';

function server({ etag = '"v17"', payload = fixture('index.json'), fail = false } = {}) {
  return fakeFetch({
    '/api/v1/index': ({ init }) => {
      if (fail) throw new TypeError('connection refused');
      if (init.headers['If-None-Match'] === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
      return json(payload, 200, { ETag: etag });
    },
  });
}

test('the first sync fetches and stores the index; the next sends If-None-Match and gets 304', async () => {
  const storage = memoryStorage();
  const fetch = server();
  const client = new ServerClient({ baseUrl: SERVER, fetch });
  const store = new IndexStore({ storage, now: () => 1000 });
  assert.deepEqual(await store.sync(client), { status: 'updated', dataVersion: 17 });
  assert.equal(store.index.matchUrl('https://www.rt.com/news/1').outlet.slug, 'rt');
  assert.equal(storage.data.get(META_KEY).etag, '"v17"');
  assert.equal(storage.data.get(PAYLOAD_KEY).rules.length, 6);

  const writesBefore = storage.writes;
  assert.equal((await store.sync(client)).status, 'not-modified');
  assert.equal(fetch.calls[1].headers['If-None-Match'], '"v17"');
  assert.equal(storage.writes, writesBefore + 1);
  assert.equal(storage.data.get(PAYLOAD_KEY).rules.length, 6, 'a 304 does not rewrite the rules');
});

test('a new background loads the stored index without any request', async () => {
  const storage = memoryStorage();
  await new IndexStore({ storage }).sync(new ServerClient({ baseUrl: SERVER, fetch: server() }));
  const fresh = new IndexStore({ storage });
  const index = await fresh.ready(SERVER);
  assert.equal(index.dataVersion, 17);
  assert.equal(index.matchUrl('https://de.rt.com/').outlet.slug, 'rt-de');
  assert.equal(fresh.status().ruleCount, 6);
});

test('an index from another server is not used', async () => {
  const storage = memoryStorage();
  await new IndexStore({ storage }).sync(new ServerClient({ baseUrl: SERVER, fetch: server() }));
  const other = new IndexStore({ storage });
  assert.equal(await other.ready('https://masthead.example'), null);
  const fetch = server();
  await other.sync(new ServerClient({ baseUrl: 'https://masthead.example', fetch }));
  assert.equal(fetch.calls[0].headers['If-None-Match'], undefined, 'no stale ETag sent to a new server');
});

test('concurrent syncs share one request', async () => {
  const fetch = server();
  const client = new ServerClient({ baseUrl: SERVER, fetch });
  const store = new IndexStore({ storage: memoryStorage() });
  await Promise.all([store.sync(client), store.sync(client), store.sync(client)]);
  assert.equal(fetch.calls.length, 1);
});

test('a failed sync keeps the old index and reports the error', async () => {
  const storage = memoryStorage();
  const store = new IndexStore({ storage });
  await store.sync(new ServerClient({ baseUrl: SERVER, fetch: server() }));
  const result = await store.sync(new ServerClient({ baseUrl: SERVER, fetch: server({ fail: true }) }));
  assert.equal(result.status, 'error');
  assert.match(result.error, /unreachable/);
  assert.equal(store.index.dataVersion, 17);
  assert.match(store.status().lastError, /connection refused/);
});

test('a corrupt stored index is dropped', async () => {
  const storage = memoryStorage({ [META_KEY]: { serverUrl: SERVER }, [PAYLOAD_KEY]: { rules: 'nope' } });
  const store = new IndexStore({ storage });
  assert.equal(await store.ready(SERVER), null);
  assert.equal(storage.data.has(PAYLOAD_KEY), false);
});
