// The record's words in the reader's language: the view model built with a translator other
// than English (lib/i18n.js), as the background builds it for a German or Arabic reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EN, translator } from '../../lib/i18n.js';
import { badgeViewModel, recordPageUrl, recordViewModel } from '../../lib/view-model.js';
import { fullDate, thenAndNow } from '../../lib/then-now.js';
import { fixture } from './helpers.js';

const catalogue = (lang) => JSON.parse(readFileSync(new URL(`../../_locales/${lang}/messages.json`, import.meta.url), 'utf8'));
const de = translator(catalogue('de'), 'de');
const ar = translator(catalogue('ar'), 'ar');
const zh = translator(catalogue('zh_CN'), 'zh_CN');
const reportLinks = {
  disputes: [{ id: 1, url: 'http://uk.reuters.com/article/x', title: 'Russia denies Reuters report', outlet: { slug: 'reuters', name: 'Reuters' }, published: '2017-08-02' }],
};
const today = '2026-01-01';

test('German: kind, ownership lines, country names, dates and what the article does', () => {
  const vm = recordViewModel({ outlet: fixture('rt-outlet.json'), reportLinks, pageDate: '2017-08-02', today, t: de });
  assert.equal(vm.kind.label, 'Staatlich kontrolliertes Medium');
  assert.deepEqual([vm.lang, vm.dir, vm.locale], ['de', 'ltr', 'de']);
  assert.match(vm.summary.lines[0].words, /^Betrieben von ANO TV-Novosti \(Russland\)$/);
  assert.equal(vm.summary.articleDate, '2. Aug. 2017');
  assert.equal(vm.summary.action.words, 'Bestreitet einen Bericht von Reuters vom 2. Aug. 2017');
  assert.equal(vm.reportLinks[0].items[0].reader, 'Bericht von Reuters, den dieser Artikel bestreitet');
  assert.equal(vm.reportLinks[0].heading, 'Dieser Artikel bestreitet');
  const ban = vm.labels.find((l) => l.kind === 'broadcast_ban');
  assert.equal(ban.kindLabel, 'Sendeverbot');
  assert.match(ban.timing.words, /^seit März 2022 — nach diesem Artikel$/);
});

test('Arabic: right to left, Arabic words around Latin names, Western digits in dates', () => {
  const vm = recordViewModel({ outlet: fixture('rt-outlet.json'), reportLinks, pageDate: '2017-08-02', today, t: ar });
  assert.deepEqual([vm.lang, vm.dir], ['ar', 'rtl']);
  assert.equal(vm.kind.label, 'وسيلة إعلام تسيطر عليها الدولة');
  assert.match(vm.summary.lines[0].words, /^تديرها ANO TV-Novosti \(روسيا\)$/);
  assert.match(vm.summary.articleDate, /2017/);
  assert.ok(!/[٠-٩]/.test(vm.summary.articleDate), vm.summary.articleDate);
});

test('Chinese: dates and periods in Chinese', () => {
  assert.match(fullDate('2017-08-02', 'zh_CN'), /^2017年8月2日$/);
  assert.equal(thenAndNow({ since: '2022-03' }, '2017-08-02', today, zh).words, '自 2022年3月 起 — 晚于本文');
});

test('English stays as it was: "an" before a vowel, possessives, "2 Aug 2017"', () => {
  const ap = { disputes: [{ ...reportLinks.disputes[0], outlet: { slug: 'ap', name: 'AP' } }] };
  const vm = recordViewModel({ outlet: fixture('rt-outlet.json'), reportLinks: ap, pageDate: '2017-08-02', today, t: EN });
  assert.equal(vm.summary.action.words, 'Disputes an AP report of 2 Aug 2017');
  assert.equal(vm.reportLinks[0].items[0].reader, "AP's report, which this article disputes");
  assert.deepEqual([vm.lang, vm.dir], ['en', 'ltr']);
});

test('a badge links to the outlet\'s public record page on the configured server, and says so', () => {
  assert.equal(recordPageUrl('http://127.0.0.1:8000/', 'rt'), 'http://127.0.0.1:8000/outlets/rt');
  assert.equal(recordPageUrl('https://m.example/base', 'a b'), 'https://m.example/base/outlets/a%20b');
  assert.equal(recordPageUrl(null, 'rt'), null);
  const outlet = { slug: 'rt', name: 'RT', kind: 'state_controlled', country: 'RU', owner: 'Government of the Russian Federation' };
  const badge = badgeViewModel(outlet, de, { serverUrl: 'http://127.0.0.1:8000' });
  assert.equal(badge.recordUrl, 'http://127.0.0.1:8000/outlets/rt');
  assert.equal(badge.tooltip, 'RT — Staatlich kontrolliertes Medium (Russland)\nEigentümer: Government of the Russian Federation\nQuelle: Masthead\nKlicken, um den Eintrag des Mediums bei Masthead zu öffnen.');
  assert.equal(badgeViewModel(outlet).recordUrl, null, 'no server, no link');
});
