import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownershipViewModel, recordViewModel, reportGroupsViewModel, possessive } from '../../lib/view-model.js';
import { ownershipLines } from '../../lib/summary.js';
import { fixture } from './helpers.js';

const TODAY = '2026-11-30';
const KINDS = { tass: 'state_controlled', sputnik: 'state_controlled', reuters: 'private', 'new-arab': 'private' };
const kindOf = (slug) => KINDS[slug] ?? null;

// The seeded RT record and the reference article's report links, as the server sends them.
function rtViewModel(extra = {}) {
  const { article, report_links: reportLinks } = fixture('rt-article-seed.json');
  return recordViewModel({ outlet: fixture('rt-outlet-seed.json'), article, reportLinks, today: TODAY, kindOf, ...extra });
}

test('the summary answers first: operator, funder, top labels against the article date, the disputed report', () => {
  const s = rtViewModel().summary;
  assert.equal(s.name, 'RT');
  assert.equal(s.kind.label, 'State-controlled media');
  assert.deepEqual(s.lines.map((l) => l.words), [
    'Operated by ANO TV-Novosti (Russia)',
    'Funded by Government of the Russian Federation (Russia), through ANO TV-Novosti',
  ]);
  assert.deepEqual(s.labels.map((l) => `${l.words} (${l.timing})`), [
    'Broadcast ban — Council of the European Union, 2022 (since Mar 2022 — after this article)',
    'Regulatory finding — Ofcom, 2022 (since Mar 2022 — after this article)',
    'Foreign-agent registration — US Department of Justice, 2017 (since Nov 2017 — after this article)',
  ]);
  assert.equal(s.moreLabels, 9);
  assert.equal(s.articleDate, '2 Aug 2017');
  assert.equal(s.action.words, 'Disputes a Reuters report of 2 Aug 2017');
  assert.equal(s.action.url, 'http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A');
  assert.equal(s.action.kind.code, 'PRV');
  assert.equal(s.otherReports, 4, 'the Reuters report is not counted again as context');
  assert.equal(s.worthShowing, true);
});

test('Masthead\'s article record wins over the page\'s own date; the page\'s is used only without a record date', () => {
  // A page serving the reference article claims 2001: the record's 2 Aug 2017 stands, the claim is noted.
  const vm = rtViewModel({ pageDate: '2001-01-01' });
  assert.equal(vm.article.day, '2017-08-02');
  assert.equal(vm.article.dateFrom, 'record');
  assert.equal(vm.article.pageDate, '1 Jan 2001');
  assert.equal(vm.summary.articleDate, '2 Aug 2017');
  // A page date within a day of the record's (time zones) is not mentioned.
  assert.equal(rtViewModel({ pageDate: '2017-08-03' }).article.pageDate, null);
  // Without an article record, the page's date is used.
  const { report_links: reportLinks } = fixture('rt-article-seed.json');
  const bare = recordViewModel({ outlet: fixture('rt-outlet-seed.json'), reportLinks, today: TODAY, kindOf, pageDate: '2023-05-01' });
  assert.equal(bare.article.day, '2023-05-01');
  assert.equal(bare.article.dateFrom, 'page');
  const twitter = bare.labels.find((l) => l.issuer === 'Twitter (now X)');
  assert.equal(twitter.timing.words, 'Aug 2020 – Apr 2023 — ended before this article');
  const eu = bare.labels.find((l) => l.sinceIso === '2022-03-02');
  assert.equal(eu.timing.then, 'in_force');
  assert.equal(rtViewModel().article.dateFrom, 'record');
});

test('every label and relation says whether it held then and holds now', () => {
  const vm = rtViewModel();
  const meta = vm.labels.find((l) => l.issuer === 'Meta (Facebook)' && l.kind === 'platform_label');
  assert.equal(meta.timing.words, 'Jun 2020 – Sep 2024 — after this article; ended');
  const smm = vm.labels.find((l) => l.issuer === 'State Media Monitor');
  assert.equal(smm.timing.words, 'as of Oct 2023 — recorded after this article', 'the as-of date is no longer dropped');
  const operated = vm.ownership.paths[0][0];
  assert.equal(operated.timing.words, 'since Apr 2005 — in force when this article appeared');
});

test('each report once, under its strongest relation, marked with its outlet\'s kind', () => {
  const groups = rtViewModel().reportLinks;
  const urls = groups.flatMap((g) => g.items.map((i) => i.url));
  assert.equal(new Set(urls).size, urls.length, 'no report twice');
  assert.deepEqual(groups.map((g) => g.relation), ['disputes', 'context']);
  assert.equal(groups[0].items[0].reader, "Reuters' report, which this article disputes");
  const tass = groups[1].items.find((i) => i.publisher === 'TASS');
  assert.equal(tass.kind.code, 'STA');
  assert.equal(tass.reader, "TASS's coverage of the same story");
  assert.equal(groups[1].items.find((i) => i.publisher === 'Metro US').kind, null, 'unknown kind: no mark');
  // Order decides strength: a report listed as context and as fact-check is a fact-check.
  const r = { url: 'https://factcheck.example/x', outlet: { slug: 'fc', name: 'Checkers' } };
  assert.deepEqual(reportGroupsViewModel({ context: [r], fact_check: [r] }).map((g) => g.relation), ['fact_check']);
  assert.equal(possessive('Reuters'), "Reuters'");
  assert.equal(possessive('AP'), "AP's");
  assert.equal(possessive('The Press'), "The Press's");
});

test('a private outlet with no labels and no reports is not worth opening for', () => {
  const outlet = { slug: 'x', name: 'Daily X', kind: 'private', ownership: { paths: [], ultimate_owners: [{ name: 'Y Corp' }] }, labels: [] };
  const s = recordViewModel({ outlet, today: TODAY }).summary;
  assert.equal(s.worthShowing, false);
  assert.deepEqual(s.lines.map((l) => l.words), ['Ultimately: Y Corp']);
  assert.equal(s.action, null);
  assert.equal(s.articleDate, '');
});

test('an owner that changed since the article: the summary names today\'s and the article day\'s', () => {
  const step = (object, since, until) => ({
    subject: { type: 'outlet', slug: 'x', name: 'Daily X' }, kind: 'owned_by', object: { slug: object.toLowerCase(), name: object },
    since, until, as_of: null, citation: null,
  });
  const outlet = {
    slug: 'x', name: 'Daily X', kind: 'private', labels: [],
    ownership: { paths: [[step('Old Owner Ltd', '2010-01-01', '2020-03-15')], [step('New Owner plc', '2020-03-15', null)]], ultimate_owners: [{ name: 'New Owner plc' }] },
  };
  const s = recordViewModel({ outlet, article: { published: '2017-08-02' }, today: TODAY }).summary;
  assert.deepEqual(s.lines.map((l) => [l.words, l.note]), [
    ['Owned by New Owner plc', 'since Mar 2020 — after this article'],
    ['When this article appeared: owned by Old Owner Ltd (Jan 2010 – Mar 2020)', ''],
  ]);
  // Without an article date, a former owner is only in the full chain.
  const now = recordViewModel({ outlet, today: TODAY }).summary;
  assert.deepEqual(now.lines.map((l) => l.words), ['Owned by New Owner plc']);
});

test('raters side by side: a rater\'s label shows its issuer and what it says, beside the others, never merged', () => {
  const cite = { url: 'https://en.wikipedia.org/wiki/Wikipedia:Reliable_sources/Perennial_sources', title: 'RSP' };
  const labels = [
    { kind: 'rater_assessment', issuer: 'Wikipedia editors (Reliable sources/Perennial sources)', text: 'Sputnik: deprecated (last discussed 2022)', as_of: '2026-04-18', citation: cite },
    { kind: 'state_controlled', issuer: 'State Media Monitor', text: 'SC', as_of: '2024-02-07', citation: cite },
    { kind: 'regulatory_finding', issuer: 'Ofcom', since: '2022-03-18', as_of: '2022-03-18', citation: cite },
  ];
  const outlet = { slug: 'x', name: 'X', kind: 'state_controlled', ownership: { paths: [], ultimate_owners: [] }, labels };
  const s = recordViewModel({ outlet, today: TODAY }).summary;
  assert.deepEqual(s.labels.map((l) => l.words), [
    'Regulatory finding — Ofcom, 2022',
    'State-controlled — State Media Monitor, 2024',
    'Wikipedia editors (Reliable sources/Perennial sources): Sputnik: deprecated (last discussed 2022)',
  ]);
  const vm = recordViewModel({ outlet, today: TODAY });
  assert.equal(vm.labels.find((l) => l.kind === 'rater_assessment').kindLabel, "Rater's assessment");
});

test('a rater\'s assessment alone does not open the panel by itself', () => {
  const label = { kind: 'rater_assessment', issuer: 'Wikipedia editors (Reliable sources/Perennial sources)', text: 'Daily X: generally reliable (last discussed 2024)', as_of: '2026-04-18' };
  const outlet = { slug: 'x', name: 'Daily X', kind: 'private', ownership: { paths: [], ultimate_owners: [] }, labels: [label] };
  const s = recordViewModel({ outlet, today: TODAY }).summary;
  assert.equal(s.worthShowing, false);
  assert.equal(s.labels.length, 1);
});

test('an owner only known as of a date long past says so in the summary, never as current', () => {
  const edge = (asOf) => ({
    kind: 'owned_by',
    subject: { type: 'outlet', name: 'KAAA' },
    object: { name: 'Nexstar Media Group' },
    as_of: asOf,
    citation: { url: 'https://github.com/yinleon/LocalNewsDataset' },
  });
  const lines = (asOf) => ownershipLines(ownershipViewModel({ paths: [[edge(asOf)]] }, { today: TODAY }));
  assert.deepEqual(lines('2018-08-02').map((l) => [l.words, l.note]), [['Owned by Nexstar Media Group', 'as of Aug 2018']]);
  assert.equal(lines('2026-06-01')[0].note, '');
});
