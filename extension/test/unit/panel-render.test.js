import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { recordViewModel } from '../../lib/view-model.js';
import { EN } from '../../lib/i18n.js';
import { createDocument } from './dom-shim.js';
import { fixture } from './helpers.js';

function loadRenderer() {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(new URL('../../content/panel-render.js', import.meta.url), 'utf8'), context);
  context.MastheadRender.setTranslator(EN);
  return context.MastheadRender;
}

const EVIL = '<img src=x onerror=alert(1)>';
const reportLinks = {
  disputes: [{ id: 1, url: 'http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A', title: 'Russia denies Reuters report', outlet: { slug: 'reuters', name: 'Reuters' }, published: '2017-08-02' }],
};

test('the record renders name, ownership chain, labels and the grouped report link', () => {
  const { renderRecord } = loadRenderer();
  const doc = createDocument();
  const root = renderRecord(doc, recordViewModel({ outlet: fixture('rt-outlet.json'), reportLinks }));
  const text = root.textContent;
  assert.match(text, /RT/);
  assert.match(text, /State-controlled media · Russia/);
  assert.match(text, /RT operated by ANO TV-Novosti \(Russia\) \(since Apr 2005\)/);
  assert.match(text, /ANO TV-Novosti funded by Government of the Russian Federation \(Russia\)/);
  assert.match(text, /Ultimately: Government of the Russian Federation/);
  assert.match(text, /Broadcast ban — Council of the European Union \(since Mar 2022\)/);
  assert.match(text, /Reuters' report, which this article disputes: Russia denies Reuters report \(2 Aug 2017\)/);
  // The summary comes first: who runs and funds it, the top labels, what this article does.
  const summary = [...root.walk()].find((e) => e.getAttribute('class') === 'summary-box').textContent;
  assert.match(summary, /Operated by ANO TV-Novosti \(Russia\)Funded by Government of the Russian Federation \(Russia\), through ANO TV-Novosti/);
  assert.match(summary, /Broadcast ban — Council of the European Union, 2022/);
  assert.match(summary, /Disputes a Reuters report of 2 Aug 2017\./);
  const links = root.querySelectorAll('a');
  const report = links.find((a) => a.getAttribute('class') === 'report-link');
  assert.equal(report.getAttribute('href'), 'http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A');
  assert.equal(report.getAttribute('rel'), 'noopener noreferrer');
  assert.ok(links.some((a) => a.getAttribute('href') === 'http://127.0.0.1:8000/outlets/rt'), 'full record link');
  assert.ok(!links.some((a) => (a.getAttribute('href') || '').startsWith('javascript:')));
});

test('markup in server data becomes text, never elements', () => {
  const { renderRecord } = loadRenderer();
  const doc = createDocument();
  const outlet = { ...fixture('rt-outlet.json'), name: EVIL, description: `${EVIL}<script>alert(2)</script>` };
  const root = renderRecord(doc, recordViewModel({ outlet, reportLinks: { disputes: [{ ...reportLinks.disputes[0], title: EVIL }] } }));
  assert.equal(root.querySelectorAll('img').length, 0);
  assert.equal(root.querySelectorAll('script').length, 0);
  assert.ok(root.textContent.includes(EVIL));
  const description = [...root.walk()].find((e) => e.getAttribute('class') === 'description');
  assert.equal(description.childNodes[0].nodeType, 3);
  assert.equal(description.textContent, `${EVIL}<script>alert(2)</script>`);
});

test('the suggestion form is labelled and submits through the callback', async () => {
  const { renderSuggestionForm } = loadRenderer();
  const doc = createDocument();
  const sent = [];
  const box = renderSuggestionForm(doc, async (fields) => { sent.push(fields); return 'Thanks'; });
  const form = box.querySelectorAll('form')[0];
  const ids = box.querySelectorAll('label').map((l) => l.getAttribute('for'));
  for (const control of [...box.querySelectorAll('select'), ...box.querySelectorAll('input'), ...box.querySelectorAll('textarea')]) {
    assert.ok(ids.includes(control.getAttribute('id')), `${control.tagName} has a label`);
  }
  // The form reads .value from its controls: give them values as a browser would.
  const [kind, relation] = box.querySelectorAll('select');
  const [url] = box.querySelectorAll('input');
  const [message] = box.querySelectorAll('textarea');
  Object.assign(kind, { value: 'report' });
  Object.assign(relation, { value: 'disputes' });
  Object.assign(url, { value: ' https://www.reuters.com/x ' });
  Object.assign(message, { value: 'Reuters report this article attacks', focus() {} });
  form.reset = () => {};
  const submit = box.querySelectorAll('button')[0];
  await form.listeners.submit[0]({ preventDefault() {} });
  assert.deepEqual(JSON.parse(JSON.stringify(sent)), [{ kind: 'report', reportUrl: 'https://www.reuters.com/x', relation: 'disputes', message: 'Reuters report this article attacks' }]);
  assert.equal(submit.disabled, false);
  assert.equal(box.querySelectorAll('p').at(-1).textContent, 'Thanks');
});

test('an archived copy says so, with a link to the article it is a copy of', () => {
  const { renderRecord } = loadRenderer();
  const doc = createDocument();
  const via = { kind: 'archive', host: 'web.archive.org', captured: '2017-08-02' };
  const articleUrl = 'https://rt.com/news/398374-russia-syria-losses-reuters';
  const root = renderRecord(doc, recordViewModel({ outlet: fixture('rt-outlet.json'), via, articleUrl }));
  const copy = [...root.walk()].find((e) => e.getAttribute('class') === 'copy');
  assert.equal(copy.textContent, 'This page is an archived copy of rt.com/news/398374-russia-syria-losses-reuters (web.archive.org, 2 Aug 2017).');
  const original = copy.querySelectorAll('a')[0];
  assert.equal(original.getAttribute('href'), articleUrl);
  assert.equal(original.getAttribute('rel'), 'noopener noreferrer');
  const plain = renderRecord(doc, recordViewModel({ outlet: fixture('rt-outlet.json'), articleUrl }));
  assert.ok(![...plain.walk()].some((e) => e.getAttribute('class') === 'copy'), 'no line on the article\'s own page');
});

test('long lists collapse: the first five labels, and a button for all of them', async () => {
  const { renderRecord } = loadRenderer();
  const doc = createDocument();
  const { article, report_links: links } = fixture('rt-article-seed.json');
  const root = renderRecord(doc, recordViewModel({ outlet: fixture('rt-outlet-seed.json'), article, reportLinks: links, today: '2026-11-30' }));
  const labelList = [...root.walk()].find((e) => e.tagName === 'UL' && e.getAttribute('class') === 'labels');
  const items = labelList.children;
  assert.equal(items.length, 12);
  assert.deepEqual(items.map((li) => li.getAttribute('hidden') === null), [...Array(5).fill(true), ...Array(7).fill(false)]);
  const button = labelList.parentNode.children.find((e) => e.getAttribute('class') === 'show-all');
  assert.equal(button.textContent, 'Show all 12');
  for (const fn of button.listeners.click) fn();
  assert.ok(items.every((li) => li.getAttribute('hidden') === null));
  assert.equal(button.parentNode, null, 'the button goes once used');
  // Five context reports: short enough to show whole (no button for one more item).
  const context = [...root.walk()].find((e) => e.getAttribute('class') === 'report-group' && e.getAttribute('data-relation') === 'context');
  assert.ok(!context.children.some((e) => e.getAttribute('class') === 'show-all'));
});
