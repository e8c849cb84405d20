import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, SettingsStore, isSiteDisabled, mergeSettings, siteKey } from '../../background/services/settings.js';
import { SessionCache } from '../../background/services/cache.js';
import { memoryStorage } from './helpers.js';

test('defaults: local server, auto panel, privacy mode on, browser language, link badges on', () => {
  assert.deepEqual({ ...DEFAULT_SETTINGS }, { serverUrl: 'http://127.0.0.1:8000', panelMode: 'auto', privacyMode: true, language: 'auto', badges: true, badgeSitesOff: [], disabledSites: [] });
});

test('an unknown language setting falls back to automatic; badges stay on unless switched off', () => {
  assert.equal(mergeSettings({ language: 'xx' }).language, 'auto');
  assert.equal(mergeSettings({ language: 'ar' }).language, 'ar');
  assert.equal(mergeSettings({}).badges, true);
  assert.equal(mergeSettings({}, { badges: false }).badges, false);
  assert.deepEqual(mergeSettings({}, { badgeSitesOff: ['youtube', 'nowhere', 'x', 'x'] }).badgeSitesOff, ['x', 'youtube'], 'known site ids, in the sites\' order');
  assert.deepEqual(mergeSettings({ badgeSitesOff: 'x' }).badgeSitesOff, []);
});

test('settings are normalized and persisted', async () => {
  const storage = memoryStorage();
  const store = new SettingsStore(storage);
  const s = await store.set({ serverUrl: 'https://masthead.example/base/', disabledSites: ['WWW.RT.com', 'rt.com', 'de.rt.com'] });
  assert.equal(s.serverUrl, 'https://masthead.example/base');
  assert.deepEqual(s.disabledSites, ['de.rt.com', 'rt.com']);
  assert.equal((await new SettingsStore(storage).get()).serverUrl, 'https://masthead.example/base');
  assert.throws(() => mergeSettings({}, { serverUrl: 'ftp://x' }));
});

test('a site on the off list covers its subdomains', () => {
  assert.equal(siteKey('www.rt.com'), 'rt.com');
  assert.ok(isSiteDisabled('www.rt.com', ['rt.com']));
  assert.ok(isSiteDisabled('de.rt.com', ['rt.com']));
  assert.ok(!isSiteDisabled('rt.com', ['de.rt.com']));
  assert.ok(!isSiteDisabled('notrt.com', ['rt.com']));
  assert.ok(!isSiteDisabled('rt.com', []));
});

test('the session cache shares one call per key and keeps failures out', async () => {
  const cache = new SessionCache({ maxEntries: 2 });
  let calls = 0;
  const produce = async () => { calls += 1; return calls; };
  assert.deepEqual(await Promise.all([cache.get('a', produce), cache.get('a', produce)]), [1, 1]);
  await assert.rejects(cache.get('b', async () => { throw new Error('down'); }));
  assert.equal(await cache.get('b', produce), 2);
  await cache.get('c', produce);
  assert.equal(cache.memory.has('a'), false, 'oldest entry evicted');
});
