// The catalogues in _locales: every language has exactly English's keys with the same
// placeholders, every key the code uses exists, and the translator's fallbacks and choices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EN, LANGUAGES, format, loadMessages, pickLanguage, translator } from '../../lib/i18n.js';
import { englishModule } from '../../tools/build-messages.mjs';
import { RUNTIME_DIRS } from '../../tools/package.mjs';
import { LABEL_KINDS, OUTLET_KINDS, RELATION_KINDS, REPORT_RELATION_NAMES } from '../../lib/vocab.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const catalogue = (lang) => JSON.parse(readFileSync(join(root, '_locales', lang, 'messages.json'), 'utf8'));
const english = catalogue('en');
const placeholders = (message) => [...new Set(message.match(/\$[1-9]/g) ?? [])].sort();

test('the _locales folders are exactly the languages the settings offer', () => {
  assert.deepEqual(readdirSync(join(root, '_locales')).sort(), Object.keys(LANGUAGES).sort());
});

test('every language has exactly the English keys, each a non-empty message with the same placeholders', () => {
  for (const lang of Object.keys(LANGUAGES)) {
    const messages = catalogue(lang);
    assert.deepEqual(Object.keys(messages).sort(), Object.keys(english).sort(), lang);
    for (const [key, { message }] of Object.entries(english)) {
      const translated = messages[key].message;
      assert.ok(typeof translated === 'string' && translated.trim(), `${lang} ${key}`);
      assert.deepEqual(placeholders(translated), placeholders(message), `${lang} ${key}: ${translated}`);
      assert.ok(!/\$[A-Za-z]/.test(translated), `${lang} ${key}: named placeholders are not used`);
    }
  }
});

test('translations are translations: outside names and brand words, most messages differ from English', () => {
  for (const lang of Object.keys(LANGUAGES).filter((l) => l !== 'en')) {
    const messages = catalogue(lang);
    const same = Object.keys(english).filter((k) => messages[k].message === english[k].message);
    assert.ok(same.length <= 12, `${lang}: ${same.join(', ')}`);
  }
});

test('lib/messages-en.js is generated from the English catalogue (node tools/build-messages.mjs)', () => {
  assert.equal(readFileSync(join(root, 'lib', 'messages-en.js'), 'utf8'), englishModule());
});

/** Every source file the extension ships, except the generated catalogue. */
function sources() {
  const walk = (d) => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  return RUNTIME_DIRS.filter((d) => d !== '_locales').flatMap((d) => walk(join(root, d)))
    .filter((f) => /\.(js|html)$/.test(f) && !f.endsWith('messages-en.js'));
}

test('every message key the code names exists in English', () => {
  const used = new Set();
  for (const file of sources()) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]);
    for (const m of code.matchAll(/getMessage\(\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]);
    for (const m of code.matchAll(/data-i18n="([A-Za-z0-9_]+)"/g)) used.add(m[1]);
    for (const m of code.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) used.add(m[1]);
  }
  for (const m of readFileSync(join(root, 'manifest.json'), 'utf8').matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) used.add(m[1]);
  // Keys built from a vocabulary: t(`kind_${kind}`) and the like.
  for (const k of Object.keys(OUTLET_KINDS)) used.add(`kind_${k}`);
  for (const k of Object.keys(RELATION_KINDS)) used.add(`relation_${k}`).add(`gone_${k}`);
  for (const k of Object.keys(LABEL_KINDS)) used.add(`label_${k}`);
  for (const k of REPORT_RELATION_NAMES) used.add(`reports_${k}`).add(`reader_${k}`).add(`suggestRelation_${k}`);
  assert.ok(used.size > 100, `found ${used.size} keys`);
  const missing = [...used].filter((k) => !Object.hasOwn(english, k));
  assert.deepEqual(missing, []);
});

test('format substitutes $1…$9 and $$ as the browsers do', () => {
  assert.equal(format('Off on $1', ['rt.com']), 'Off on rt.com');
  assert.equal(format('$2 of $1, $$5', ['a', 'b']), 'b of a, $5');
  assert.equal(format('no $3', ['a']), 'no ');
});

test('the translator falls back to English, then to the key', () => {
  const t = translator({ panelClose: { message: 'Schließen' } }, 'de');
  assert.equal(t('panelClose'), 'Schließen');
  assert.equal(t('panelSiteOff', 'rt.com'), 'Off on rt.com');
  assert.equal(t('no_such_key'), 'no_such_key');
  assert.deepEqual([t.lang, t.tag, t.dir], ['de', 'de', 'ltr']);
  assert.deepEqual([translator({}, 'ar').dir, translator({}, 'zh_CN').tag], ['rtl', 'zh-CN']);
  assert.equal(EN('thisArticle', '2 Aug 2017'), 'This article: 2 Aug 2017.');
});

test('the language: the setting when it names one, else the browser UI language, else English', () => {
  assert.equal(pickLanguage('de', 'en-US'), 'de');
  assert.equal(pickLanguage('auto', 'de-AT'), 'de');
  assert.equal(pickLanguage('auto', 'ar'), 'ar');
  assert.equal(pickLanguage('auto', 'zh-TW'), 'zh_CN');
  assert.equal(pickLanguage('auto', 'zh-CN'), 'zh_CN');
  assert.equal(pickLanguage('auto', 'pt-BR'), 'en');
  assert.equal(pickLanguage(undefined, undefined), 'en');
  assert.equal(pickLanguage('xx', 'fr-CA'), 'fr');
});

test('a catalogue is fetched once from the extension, and a failed fetch falls back to English', async () => {
  const urls = [];
  const fetchFn = async (url) => { urls.push(url); return { ok: true, json: async () => catalogue('fr') }; };
  const getURL = (p) => `chrome-extension://x/${p}`;
  const fr = await loadMessages('fr', { getURL, fetchFn });
  await loadMessages('fr', { getURL, fetchFn });
  assert.deepEqual(urls, ['chrome-extension://x/_locales/fr/messages.json']);
  assert.equal(translator(fr, 'fr')('panelClose'), catalogue('fr').panelClose.message);
  const broken = await loadMessages('es', { getURL, fetchFn: async () => { throw new Error('offline'); } });
  assert.equal(translator(broken, 'es')('panelClose'), 'Close');
});
