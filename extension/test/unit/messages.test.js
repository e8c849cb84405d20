import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAME_POSTS, MESSAGES, MessageError, SENDERS, TO_CONTENT, classifySender, pageUrlOf, validateMessage } from '../../lib/messages.js';
import { createDispatcher } from '../../background/dispatcher.js';

const ids = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id/' };
const content = { id: 'ext-id', url: 'https://www.rt.com/news/1', frameId: 0, tab: { id: 4 } };
const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/popup/popup.html' };

test('senders are classified: content script, extension page, or nobody', () => {
  assert.equal(classifySender(content, ids), SENDERS.CONTENT);
  assert.equal(classifySender(popup, ids), SENDERS.EXTENSION_PAGE);
  assert.equal(classifySender({ ...content, id: 'other-ext' }, ids), null, 'another extension');
  assert.equal(classifySender({ ...content, frameId: 3 }, ids), null, 'a subframe');
  assert.equal(classifySender({ ...content, tab: undefined }, ids), null);
  assert.equal(classifySender({ ...content, url: 'file:///etc/passwd' }, ids), null);
  assert.equal(classifySender(null, ids), null);
});

test('allowed messages pass with their payload', () => {
  assert.deepEqual(validateMessage({ type: 'panel:get' }, content, ids), { type: 'panel:get', payload: {}, senderKind: 'content' });
  const s = validateMessage({ type: 'suggestion:submit', kind: 'report', reportUrl: 'https://reuters.com/x', relation: 'disputes', message: 'hi' }, content, ids);
  assert.equal(s.payload.relation, 'disputes');
  assert.ok(validateMessage({ type: 'badges:match', links: ['https://rt.com/a'] }, content, ids));
  assert.ok(validateMessage({ type: 'settings:set', settings: { panelMode: 'expanded', disabledSites: ['rt.com'] } }, popup, ids));
});

const refused = (message, sender, code) => assert.throws(() => validateMessage(message, sender, ids), (e) => e instanceof MessageError && e.code === code);

test('unknown types, wrong senders and malformed payloads are refused', () => {
  refused({ type: 'eval', code: '1' }, content, 'unknown_type');
  refused({ type: '__proto__' }, content, 'unknown_type');
  refused('panel:get', content, 'bad_message');
  refused({ type: 'settings:set', settings: { serverUrl: 'http://evil.example' } }, content, 'forbidden');
  refused({ type: 'record:get' }, content, 'forbidden');
  refused({ type: 'panel:get', url: 'https://elsewhere.example' }, content, 'bad_field');
  refused({ type: 'badges:match', links: ['javascript:alert(1)'] }, content, 'bad_field');
  refused({ type: 'badges:match', links: Array(501).fill('https://a.com/') }, content, 'bad_field');
  refused({ type: 'suggestion:submit', kind: 'spam', message: 'x' }, content, 'bad_field');
  refused({ type: 'suggestion:submit', kind: 'report', message: '   ' }, content, 'bad_field');
  refused({ type: 'settings:set', settings: { serverUrl: 'file:///x' } }, popup, 'bad_field');
  refused({ type: 'settings:set', settings: { isAdmin: true } }, popup, 'bad_field');
  refused({ type: 'settings:set', settings: { disabledSites: ['<b>'] } }, popup, 'bad_field');
});

test('every message type names who may send it', () => {
  for (const [type, spec] of Object.entries(MESSAGES)) {
    assert.ok(spec.from.length > 0, type);
    assert.ok(spec.from.every((f) => Object.values(SENDERS).includes(f)), type);
  }
});

function call(dispatch, message, sender) {
  return new Promise((resolve) => {
    const sync = dispatch(message, sender, resolve);
    assert.equal(typeof sync, 'boolean');
  });
}

test('the dispatcher answers handlers, refusals and handler errors in one shape', async () => {
  const seen = [];
  const dispatch = createDispatcher({
    'panel:get': async (payload, sender) => {
      seen.push(sender.url);
      return { known: true };
    },
    'badges:match': async () => {
      throw Object.assign(new Error('storage full'), { code: 'storage' });
    },
  }, ids);
  assert.deepEqual(await call(dispatch, { type: 'panel:get' }, content), { ok: true, known: true });
  assert.deepEqual(seen, ['https://www.rt.com/news/1']);
  assert.deepEqual(await call(dispatch, { type: 'badges:match', links: ['https://rt.com/a'] }, content), { ok: false, error: { code: 'storage', message: 'storage full' } });
  const refusedReply = await call(dispatch, { type: 'nope' }, content);
  assert.equal(refusedReply.ok, false);
  assert.equal(refusedReply.error.code, 'unknown_type');
  assert.equal((await call(dispatch, { type: 'index:status' }, content)).error.code, 'forbidden');
});

// The contract is the whole truth: every message the sources send or handle is in it.
test('the sources send and handle exactly the messages of the contract', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const root = new URL('../../', import.meta.url);
  const read = (path) => readFileSync(new URL(path, root), 'utf8');
  const typesIn = (code) => [...code.matchAll(/(?:\btype: |\.type [!=]==? )'([a-z]+:[a-z-]+)'/g)].map((m) => m[1]);
  const senders = {
    [SENDERS.CONTENT]: readdirSync(new URL('content/', root)).filter((f) => f.endsWith('.js')).map((f) => `content/${f}`),
    [SENDERS.EXTENSION_PAGE]: ['popup/popup.js', 'options/options.js', 'panel/panel.js'],
  };
  const sent = new Set();
  for (const [kind, files] of Object.entries(senders)) {
    for (const file of files) {
      for (const type of typesIn(read(file))) {
        if (Object.hasOwn(FRAME_POSTS, type)) {
          assert.ok([FRAME_POSTS[type].sentBy, FRAME_POSTS[type].handledBy].includes(file), `${file} posts or handles ${type}`);
          continue;
        }
        if (Object.hasOwn(TO_CONTENT, type)) {
          assert.equal(TO_CONTENT[type].handledBy, file, `${file} handles ${type}`);
          continue;
        }
        assert.ok(Object.hasOwn(MESSAGES, type), `${file} sends ${type}, which the contract does not list`);
        assert.ok(MESSAGES[type].from.includes(kind), `${file} sends ${type}, which ${kind} may not send`);
        sent.add(type);
      }
    }
  }
  assert.deepEqual([...sent].sort(), Object.keys(MESSAGES).sort(), 'every message of the contract has a sender');
  const background = read('background/background.js');
  const handled = [...background.matchAll(/^\s*async '([a-z]+:[a-z-]+)'\(/gm)].map((m) => m[1]);
  assert.deepEqual(handled.sort(), Object.keys(MESSAGES).sort(), 'one background handler per message');
  for (const type of typesIn(background)) assert.ok(Object.hasOwn(TO_CONTENT, type), `the background sends ${type} to a tab`);
  for (const [type, spec] of Object.entries(TO_CONTENT)) assert.ok(typesIn(read(spec.handledBy)).includes(type), `${spec.handledBy} handles ${type}`);
  for (const [type, spec] of Object.entries(FRAME_POSTS)) {
    assert.ok(typesIn(read(spec.sentBy)).includes(type), `${spec.sentBy} posts ${type}`);
    assert.ok(typesIn(read(spec.handledBy)).includes(type), `${spec.handledBy} handles ${type}`);
  }
});

test('panel:get may carry the canonical addresses the page declares; badges:match links may carry their text', () => {
  const declared = validateMessage({ type: 'panel:get', canonical: ['https://www.rt.com/news/1/', 'https://rt.com/news/1'] }, content, ids);
  assert.deepEqual(declared.payload.canonical, ['https://www.rt.com/news/1/', 'https://rt.com/news/1']);
  assert.ok(validateMessage({ type: 'panel:get', canonical: [] }, content, ids));
  const links = [{ href: 'https://t.co/abc', text: 'rt.com/news/1…' }, { href: 'https://www.google.com/amp/s/rt.com/a' }, 'https://rt.com/b'];
  assert.deepEqual(validateMessage({ type: 'badges:match', links }, content, ids).payload.links, links);
  refused({ type: 'panel:get', canonical: ['https://a.com/', 'https://b.com/', 'https://c.com/'] }, content, 'bad_field');
  refused({ type: 'panel:get', canonical: ['javascript:alert(1)'] }, content, 'bad_field');
  refused({ type: 'panel:get', canonical: 'https://rt.com/' }, content, 'bad_field');
  refused({ type: 'badges:match', links: [{ href: 'https://t.co/abc', text: 'x'.repeat(301) }] }, content, 'bad_field');
  refused({ type: 'badges:match', links: [{ href: 'https://t.co/abc', title: 'x' }] }, content, 'bad_field');
  refused({ type: 'badges:match', links: [{ href: 'javascript:alert(1)' }] }, content, 'bad_field');
  refused({ type: 'badges:match', links: [{ text: 'rt.com' }] }, content, 'bad_field');
});

test('panel:get may carry the page\'s publication dates; the frame asks with its token only', () => {
  const dated = validateMessage({ type: 'panel:get', canonical: [], published: ['2017-08-02T19:09:00+00:00', 'Wed, 02 Aug 2017'] }, content, ids);
  assert.equal(dated.payload.published.length, 2);
  refused({ type: 'panel:get', published: ['x'.repeat(101)] }, content, 'bad_field');
  refused({ type: 'panel:get', published: Array(5).fill('2017') }, content, 'bad_field');
  refused({ type: 'panel:get', published: [2017] }, content, 'bad_field');
  const frame = { id: 'ext-id', url: 'chrome-extension://ext-id/panel/panel.html#abcdefghijklmnop', tab: { id: 4 }, frameId: 7 };
  assert.equal(validateMessage({ type: 'frame:get', token: 'abcdefghijklmnopqrstuv' }, frame, ids).senderKind, 'extension-page');
  refused({ type: 'frame:get', token: 'abcdefghijklmnopqrstuv' }, content, 'forbidden');
  refused({ type: 'frame:get', token: 'short' }, frame, 'bad_field');
  refused({ type: 'frame:get' }, frame, 'bad_field');
  refused({ type: 'frame:site-off', token: '<script>alert(1)</script>xxxxx' }, frame, 'bad_field');
});

test('pageUrlOf: the content script\'s current address, when on the sender\'s own origin; else the sender\'s url', () => {
  // After history.pushState the browser still names the document's first address.
  const sender = { id: 'ext-id', url: 'https://x.com/rtl', origin: 'https://x.com', frameId: 0, tab: { id: 4 } };
  assert.equal(pageUrlOf('https://x.com/RT_com', sender), 'https://x.com/RT_com');
  assert.equal(pageUrlOf(undefined, sender), 'https://x.com/rtl');
  assert.equal(pageUrlOf('https://www.rt.com/', sender), 'https://x.com/rtl', 'another origin is not believed');
  assert.equal(pageUrlOf('http://x.com/RT_com', sender), 'https://x.com/rtl', 'nor another scheme');
  assert.equal(pageUrlOf('javascript:alert(1)', sender), 'https://x.com/rtl');
  assert.equal(pageUrlOf('https://x.com/RT_com', { ...sender, origin: 'https://evil.example' }), 'https://x.com/rtl');
  // Firefox names no origin.
  assert.equal(pageUrlOf('https://x.com/RT_com', { ...sender, origin: undefined }), 'https://x.com/RT_com');
  assert.equal(pageUrlOf('https://x.com/a', {}), '');
});

test('panel:get, badges:match and page:account may carry the page\'s address (http(s) only)', () => {
  assert.equal(validateMessage({ type: 'panel:get', pageUrl: 'https://www.rt.com/news/2' }, content, ids).payload.pageUrl, 'https://www.rt.com/news/2');
  assert.equal(validateMessage({ type: 'page:account', pageUrl: 'https://www.rt.com/x', accounts: ['https://www.youtube.com/@RT'] }, content, ids).type, 'page:account');
  assert.throws(() => validateMessage({ type: 'panel:get', pageUrl: 'javascript:1' }, content, ids), (e) => e.code === 'bad_field');
  assert.throws(() => validateMessage({ type: 'badges:match', pageUrl: 5, links: ['https://a.example/'] }, content, ids), (e) => e.code === 'bad_field');
});
