// The extension's side of the vocabularies: every value has its words, and the places that
// cannot import lib/vocab.js (the classic-script suggestion form) or that check values
// (lib/messages.js) use the same values. The server side is compared by
// tests/extension/test_vocab_parity.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import {
  LABEL_KINDS, OUTLET_KINDS, RELATION_KINDS, REPORT_RELATIONS, REPORT_RELATION_NAMES, SERVER_VOCABULARIES,
  SUGGESTION_KINDS, VOCABULARIES_NOT_SHOWN,
} from '../../lib/vocab.js';
import { validateMessage } from '../../lib/messages.js';
import { createDocument } from './dom-shim.js';

test('every outlet kind has a label, a distinct short code and a colour the badges accept', () => {
  const codes = new Set();
  for (const [kind, k] of Object.entries(OUTLET_KINDS)) {
    assert.ok(k.label.trim(), kind);
    assert.match(k.code, /^[A-Z?]{1,4}$/, kind);
    assert.match(k.color, /^#[0-9a-f]{6}$/i, kind); // content/badges.js drops any other colour
    assert.ok(!codes.has(k.code), `${kind} reuses code ${k.code}`);
    codes.add(k.code);
  }
  assert.ok(Object.hasOwn(OUTLET_KINDS, 'unknown'), 'the fallback kind exists');
});

test('every relation kind, label kind and report-link relation has its words', () => {
  for (const words of [Object.values(RELATION_KINDS), Object.values(LABEL_KINDS), REPORT_RELATIONS.map(([, heading]) => heading)]) {
    for (const w of words) assert.ok(typeof w === 'string' && w.trim(), JSON.stringify(w));
  }
  assert.equal(new Set(REPORT_RELATION_NAMES).size, REPORT_RELATION_NAMES.length);
});

test('the parity test sees every vocabulary once', () => {
  const mirrored = Object.keys(SERVER_VOCABULARIES);
  const notShown = Object.keys(VOCABULARIES_NOT_SHOWN);
  assert.deepEqual(mirrored.filter((n) => notShown.includes(n)), []);
  for (const [name, values] of Object.entries(SERVER_VOCABULARIES)) {
    assert.ok(Array.isArray(values) && values.length && values.every((v) => typeof v === 'string'), name);
  }
});

function suggestionForm() {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(new URL('../../content/panel-render.js', import.meta.url), 'utf8'), context);
  const box = context.MastheadRender.renderSuggestionForm(createDocument(), async () => '');
  const [kind, relation] = box.querySelectorAll('select');
  const values = (select) => select.querySelectorAll('option').map((o) => o.getAttribute('value'));
  return { kinds: values(kind), relations: values(relation) };
}

test('the suggestion form offers exactly the suggestion kinds and report-link relations, in panel order', () => {
  const { kinds, relations } = suggestionForm();
  assert.deepEqual(kinds, SUGGESTION_KINDS);
  assert.deepEqual(relations, ['', ...REPORT_RELATION_NAMES]);
});

test('the message contract accepts exactly these suggestion kinds and relations', () => {
  const ids = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id/' };
  const sender = { id: 'ext-id', url: 'https://www.rt.com/news/1', frameId: 0, tab: { id: 4 } };
  const accepts = (fields) => {
    try {
      validateMessage({ type: 'suggestion:submit', message: 'x', ...fields }, sender, ids);
      return true;
    } catch {
      return false;
    }
  };
  for (const kind of SUGGESTION_KINDS) assert.ok(accepts({ kind }), kind);
  for (const relation of REPORT_RELATION_NAMES) assert.ok(accepts({ kind: 'report', relation }), relation);
  assert.ok(!accepts({ kind: 'report', relation: 'owned_by' }));
  assert.ok(!accepts({ kind: 'praise' }));
});
