import { test } from 'node:test';
import assert from 'node:assert/strict';
import { badgeViewModel, copyViewModel, countryName, formatDate, recordViewModel, reportGroupsViewModel, safeUrl } from '../../lib/view-model.js';
import { fixture } from './helpers.js';

const reportLinks = {
  disputes: [{ id: 1, relation: 'disputes', url: 'http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A', title: 'Russia denies Reuters report on rise in Syria losses', outlet: { slug: 'reuters', name: 'Reuters' }, published: '2017-08-02', author: null, rating: null, summary: 'Reuters reporting the denial.', attached_to: 'article' }],
  context: [{ id: 2, relation: 'context', url: 'https://english.alaraby.co.uk/english/news/2017/8/2/x', title: 'Sharp rise in Russian losses in Syria', outlet: null, published: '2017-08-02', attached_to: 'story' }],
  fact_check: [{ id: 3, relation: 'fact_check', url: 'javascript:alert(1)', title: 'evil', outlet: null }],
  bogus_relation: [{ id: 4, url: 'https://x.example/', title: 'dropped' }],
};

test('the RT record: name, kind, country, ownership chain to the ultimate owner', () => {
  const vm = recordViewModel({ outlet: fixture('rt-outlet.json'), reportLinks });
  assert.equal(vm.outlet.name, 'RT');
  assert.equal(vm.kind.kind, 'state_controlled');
  assert.equal(vm.kind.code, 'STA');
  assert.equal(vm.subtitle, 'State-controlled media · Russia');
  const [path] = vm.ownership.paths;
  assert.deepEqual(path.map((s) => [s.subject, s.relation, s.object]), [
    ['RT', 'operated by', 'ANO TV-Novosti'],
    ['ANO TV-Novosti', 'funded by', 'Government of the Russian Federation'],
  ]);
  assert.equal(path[0].citation.publisher, 'Wikipedia');
  assert.equal(path[0].period, 'since 6 Apr 2005');
  assert.deepEqual(vm.ownership.ultimateOwners, [{ name: 'Government of the Russian Federation', country: 'Russia', kind: 'government' }]);
  assert.equal(vm.ownershipSummary, 'operated by ANO TV-Novosti · funded by Government of the Russian Federation');
  assert.equal(vm.recordUrl, 'http://127.0.0.1:8000/outlets/rt');
  assert.equal(vm.ownership.truncated, false);
  assert.equal(recordViewModel({ outlet: { ...fixture('rt-outlet.json'), ownership: { paths: [], ultimate_owners: [], truncated: true } } }).ownership.truncated, true);
});

test('labels carry issuer, date and source; unsafe source links are dropped', () => {
  const vm = recordViewModel({ outlet: fixture('rt-outlet.json') });
  const [ban, meta] = vm.labels;
  assert.equal(ban.kindLabel, 'Broadcast ban');
  assert.equal(ban.issuer, 'Council of the European Union');
  assert.equal(ban.since, '2 Mar 2022');
  assert.equal(ban.citation.url, 'https://eur-lex.europa.eu/eli/reg/2022/350/oj');
  assert.equal(meta.since, 'Jun 2020');
  assert.equal(meta.citation, null, 'javascript: URL is not a link');
});

test('report links are grouped by relation in a fixed order, read from the article side', () => {
  const groups = reportGroupsViewModel(reportLinks);
  assert.deepEqual(groups.map((g) => g.relation), ['disputes', 'context']);
  assert.equal(groups[0].heading, 'This article disputes');
  assert.deepEqual(groups[0].items[0], {
    id: 1, url: 'http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A',
    title: 'Russia denies Reuters report on rise in Syria losses', publisher: 'Reuters', published: '2 Aug 2017',
    publishedIso: '2017-08-02', reader: "Reuters' report, which this article disputes", kind: null,
    author: '', rating: '', summary: 'Reuters reporting the denial.', attachedTo: 'article',
  });
  assert.equal(groups[1].items[0].publisher, 'english.alaraby.co.uk', 'no outlet: the host names the publisher');
  assert.deepEqual(reportGroupsViewModel(null), []);
});

test('server strings stay strings: markup is not interpreted here', () => {
  const outlet = { ...fixture('rt-outlet.json'), name: '<img src=x onerror=alert(1)>', description: '<script>alert(1)</script>' };
  const vm = recordViewModel({ outlet });
  assert.equal(vm.outlet.name, '<img src=x onerror=alert(1)>');
  assert.equal(vm.outlet.description, '<script>alert(1)</script>');
});

test('odd or missing fields do not break the view model', () => {
  const vm = recordViewModel({ outlet: { slug: 'x', kind: 'constructor', ownership: { paths: [[{}], 'junk'] }, labels: [null] } });
  assert.equal(vm.kind.kind, 'unknown');
  assert.equal(vm.outlet.name, 'x');
  assert.equal(vm.labels.length, 1);
  assert.throws(() => recordViewModel({ outlet: null }), TypeError);
});

test('safeUrl and formatDate', () => {
  assert.equal(safeUrl('https://a.example/x'), 'https://a.example/x');
  for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'vbscript:x', '//x', 42, null]) assert.equal(safeUrl(bad), null);
  assert.equal(formatDate('2017-08-02'), '2 Aug 2017');
  assert.equal(formatDate('2017'), '2017');
  assert.equal(formatDate(''), '');
});

test('badge view model from an index entry', () => {
  const b = badgeViewModel(fixture('index.json').outlets[0]);
  assert.equal(b.code, 'STA');
  assert.equal(b.tooltip, 'RT — State-controlled media (Russia)\nOwner: Government of the Russian Federation\nSource: Masthead');
  assert.equal(b.ultimateOwnerNames, 'Government of the Russian Federation');
  assert.equal(badgeViewModel(fixture('index.json').outlets[3]).tooltip, 'Example Mobile — Privately owned (United States)\nSource: Masthead');
  assert.equal(badgeViewModel(null), null);
});

test('country names come from Intl.DisplayNames, the code when there is no name', () => {
  assert.equal(countryName('RU'), 'Russia');
  assert.equal(countryName('gb'), 'United Kingdom', 'codes are matched in upper case');
  assert.equal(countryName('EU'), 'European Union');
  assert.equal(countryName('KP'), new Intl.DisplayNames(['en'], { type: 'region' }).of('KP'));
  assert.equal(countryName('AA'), 'AA', 'a well-formed code without a name');
  assert.equal(countryName('rus'), 'RUS', 'not a region code: Intl throws, the code is shown');
  assert.equal(countryName('<b>x</b>'), '<B>X</B>');
  assert.equal(countryName(''), '');
  assert.equal(countryName(null), '');
  assert.equal(countryName('FR', 'no-such-language-tag-!'), 'FR', 'a bad language falls back to the code');
  if (Intl.DisplayNames.supportedLocalesOf(['de']).length) assert.equal(countryName('DE', 'de'), 'Deutschland');
  assert.equal(recordViewModel({ outlet: { slug: 'x', country: 'de' } }).outlet.country, 'Germany');
});

const ARCHIVE = { kind: 'archive', host: 'web.archive.org', captured: '2017-08-02' };
const RT_KEY = 'https://rt.com/news/398374-russia-syria-losses-reuters';

test('a page reached through a copy says what it is a copy of', () => {
  assert.deepEqual(copyViewModel(ARCHIVE, RT_KEY), {
    kind: 'archive',
    words: 'This page is an archived copy of',
    url: RT_KEY,
    shown: 'rt.com/news/398374-russia-syria-losses-reuters',
    detail: 'web.archive.org, 2 Aug 2017',
  });
  assert.equal(copyViewModel({ kind: 'amp', host: 'google.com', captured: null }, RT_KEY).words, 'This page is an AMP copy of');
  assert.equal(copyViewModel({ kind: 'amp', host: 'google.com', captured: null }, RT_KEY).detail, 'google.com');
  assert.equal(copyViewModel({ kind: 'translation', host: 'rt-com.translate.goog' }, RT_KEY).words, 'This page is a translated copy of');
  assert.equal(copyViewModel(null, RT_KEY), null, 'the article\'s own address');
  assert.equal(copyViewModel({ kind: 'bogus', host: 'x' }, RT_KEY), null);
  assert.equal(copyViewModel(ARCHIVE, 'javascript:alert(1)'), null);
  const vm = recordViewModel({ outlet: fixture('rt-outlet.json'), via: ARCHIVE, articleUrl: RT_KEY });
  assert.equal(vm.copy.shown, 'rt.com/news/398374-russia-syria-losses-reuters');
  assert.equal(recordViewModel({ outlet: fixture('rt-outlet.json') }).copy, null);
});
