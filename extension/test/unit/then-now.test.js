import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseArticleDay,
  articleDate, fullDate, isoDay, monthYear, parsePartialDate, statusOn, thenAndNow,
} from '../../lib/then-now.js';

const ARTICLE = '2017-08-02';
const TODAY = '2026-11-30';

test('partial dates are intervals of days', () => {
  assert.deepEqual(parsePartialDate('2022'), { first: '2022-01-01', last: '2022-12-31', precision: 'year', year: 2022 });
  assert.equal(parsePartialDate('2024-02').last, '2024-02-29');
  assert.equal(parsePartialDate('2023-02').last, '2023-02-28');
  assert.equal(parsePartialDate('2017-08-02T19:09:00+03:00').first, '2017-08-02');
  for (const bad of ['2017-13', '2017-02-30', '17-08-02', 'Aug 2017', '', null, 2017, '2017-08-02x']) {
    assert.equal(parsePartialDate(bad), null, String(bad));
  }
});

test('the article date is read from the page\'s strings, first usable wins', () => {
  assert.equal(articleDate(['2017-08-02T19:09:00+00:00'], TODAY), '2017-08-02');
  // The calendar day as written, not shifted to UTC.
  assert.equal(articleDate(['2017-08-02T23:30:00-05:00'], TODAY), '2017-08-02');
  assert.equal(articleDate(['', 'garbage', 'Wed, 02 Aug 2017 19:09:00 GMT'], TODAY), '2017-08-02');
  assert.equal(articleDate(['2017-08', '2017-08-03'], TODAY), '2017-08-03', 'a month is not a day');
  assert.equal(articleDate(['2031-01-01', '2017-08-02'], TODAY), '2017-08-02', 'a future day is not believed');
  assert.equal(articleDate(['1066-10-14'], TODAY), null);
  assert.equal(articleDate([], TODAY), null);
  assert.equal(articleDate(undefined, TODAY), null);
  assert.equal(isoDay(new Date(Date.UTC(2017, 7, 2, 23))), '2017-08-02');
});

test('in force on a day: the reference story\'s labels against 2 Aug 2017 and today', () => {
  assert.equal(statusOn({ since: '2022-03-02' }, ARTICLE), 'not_yet');
  assert.equal(statusOn({ since: '2022-03-02' }, TODAY), 'in_force');
  assert.equal(statusOn({ since: '2005-04-06' }, ARTICLE), 'in_force');
  assert.equal(statusOn({ since: '2020-08-06', until: '2023-04-21' }, TODAY), 'ended');
  assert.equal(statusOn({ since: '2020-08-06', until: '2023-04-21' }, '2023-04-21'), 'ended', 'until is the first day without it');
  assert.equal(statusOn({ since: '2020-08-06', until: '2023-04-21' }, '2023-04-20'), 'in_force');
  assert.equal(statusOn({ since: '2017-08' }, ARTICLE), 'unclear', 'some day of August 2017');
  assert.equal(statusOn({ since: '2017-07' }, ARTICLE), 'in_force');
  assert.equal(statusOn({}, ARTICLE), 'unclear');
  assert.equal(statusOn({ until: '2010' }, ARTICLE), 'ended');
  assert.equal(statusOn({ since: '2001' }, 'not a day'), 'unclear');
});

test('then-and-now words', () => {
  assert.equal(thenAndNow({ since: '2022-03-02' }, ARTICLE, TODAY).words, 'since Mar 2022 — after this article');
  assert.equal(thenAndNow({ since: '2020-06-04', until: '2024-09-16' }, ARTICLE, TODAY).words, 'Jun 2020 – Sep 2024 — after this article; ended');
  assert.equal(thenAndNow({ since: '2020-06-04', until: '2024-09-16' }, null, TODAY).words, 'Jun 2020 – Sep 2024 — ended');
  assert.equal(thenAndNow({ since: '2005-04-06' }, ARTICLE, TODAY).words, 'since Apr 2005 — in force when this article appeared');
  assert.equal(thenAndNow({ since: '2010', until: '2015-01' }, ARTICLE, TODAY).words, '2010 – Jan 2015 — ended before this article');
  assert.equal(thenAndNow({ asOf: '2023-10-01' }, ARTICLE, TODAY).words, 'as of Oct 2023 — recorded after this article');
  assert.equal(thenAndNow({ asOf: '2016-10-01' }, ARTICLE, TODAY).words, 'as of Oct 2016');
  assert.equal(thenAndNow({}, ARTICLE, TODAY).words, '');
  assert.equal(thenAndNow({ since: '2030-01-01' }, null, TODAY).words, 'since Jan 2030 — not yet in force');
  assert.equal(monthYear('2017'), '2017');
  assert.equal(fullDate('2017-08-02'), '2 Aug 2017');
  assert.equal(fullDate('x'), '');
});

// ---------------------------------------------------------------- property-style tests

/** A small seeded generator, so a failure is reproducible from its seed. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, n) => Math.floor(r() * n);
const pad = (n) => String(n).padStart(2, '0');

function randomDay(r) {
  const y = 2014 + pick(r, 8);
  const m = 1 + pick(r, 12);
  const d = 1 + pick(r, new Date(Date.UTC(y, m, 0)).getUTCDate());
  return `${y}-${pad(m)}-${pad(d)}`;
}
/** The day, or a coarser form of it, or nothing. */
function blur(r, day) {
  const k = pick(r, 4);
  if (k === 0) return null;
  if (k === 1) return day.slice(0, 4);
  if (k === 2) return day.slice(0, 7);
  return day;
}
/** A random full day inside a partial date's interval. */
function complete(r, partial) {
  if (partial === null) return null;
  const p = parsePartialDate(partial);
  const start = Date.parse(p.first);
  const span = (Date.parse(p.last) - start) / 86_400_000;
  return isoDay(new Date(start + pick(r, span + 1) * 86_400_000));
}
/** The definition on full days. */
function truth({ since, until }, day) {
  if (since && since > day) return 'not_yet';
  if (until && until <= day) return 'ended';
  return since ? 'in_force' : 'unclear';
}

test('property: on full dates, statusOn is the definition', () => {
  const r = rng(1);
  for (let i = 0; i < 3000; i += 1) {
    const since = pick(r, 4) ? randomDay(r) : null;
    const until = pick(r, 3) ? randomDay(r) : null;
    const day = randomDay(r);
    assert.equal(statusOn({ since, until }, day), truth({ since, until }, day), JSON.stringify({ since, until, day }));
  }
});

test('property: a definite answer on partial dates holds for every day they may mean', () => {
  const r = rng(2);
  let definite = 0;
  for (let i = 0; i < 2000; i += 1) {
    const [a, b] = [randomDay(r), randomDay(r)].sort(); // a period starts before it ends
    const since = blur(r, a);
    const until = blur(r, b);
    const day = randomDay(r);
    const answer = statusOn({ since, until }, day);
    if (answer === 'unclear') continue;
    definite += 1;
    for (let j = 0; j < 20; j += 1) {
      const period = { since: complete(r, since), until: complete(r, until) };
      if (period.since && period.until && period.since > period.until) continue; // not a period
      assert.equal(truth(period, day), answer, JSON.stringify({ since, until, day, period }));
    }
  }
  assert.ok(definite > 500, `only ${definite} definite answers: the generator is too vague`);
});

test('property: the words always name the period and never leak a missing value', () => {
  const r = rng(3);
  for (let i = 0; i < 1000; i += 1) {
    const since = blur(r, randomDay(r));
    const until = blur(r, randomDay(r));
    const article = pick(r, 4) ? randomDay(r) : null;
    const { words, then, now } = thenAndNow({ since, until }, article, TODAY);
    assert.doesNotMatch(words, /undefined|null|NaN/);
    if (since || until) assert.ok(words.length > 0);
    if (since) assert.ok(words.includes(monthYear(since)), words);
    if (article === null) assert.equal(then, null);
    else assert.ok(['in_force', 'not_yet', 'ended', 'unclear'].includes(then));
    if (then === 'not_yet') assert.match(words, /after this article/);
    if (now === 'ended' && then !== 'ended') assert.match(words, /ended$/);
  }
});

test('chooseArticleDay: the record\'s date wins; the page\'s only without one; a claim more than a day off is kept', () => {
  assert.deepEqual(chooseArticleDay('2017-08-02', '2001-01-01'), { day: '2017-08-02', from: 'record', pageDay: '2001-01-01' });
  assert.deepEqual(chooseArticleDay('2017-08-02', '2017-08-03'), { day: '2017-08-02', from: 'record', pageDay: null });
  assert.deepEqual(chooseArticleDay('2017-08-02', '2017-08-04'), { day: '2017-08-02', from: 'record', pageDay: '2017-08-04' });
  assert.deepEqual(chooseArticleDay('2017-08-02', null), { day: '2017-08-02', from: 'record', pageDay: null });
  assert.deepEqual(chooseArticleDay(null, '2023-05-01'), { day: '2023-05-01', from: 'page', pageDay: null });
  assert.deepEqual(chooseArticleDay(null, null), { day: null, from: null, pageDay: null });
});

test('an "as of" more than a year before today is old; since/until dates never are', () => {
  assert.equal(thenAndNow({ asOf: '2018-08-02' }, null, TODAY).oldAsOf, true);
  assert.equal(thenAndNow({ asOf: TODAY }, null, TODAY).oldAsOf, false);
  assert.equal(thenAndNow({ since: '2010', asOf: '2018-08-02' }, null, TODAY).oldAsOf, false);
  assert.equal(thenAndNow({ asOf: '2018-08-02' }, null, null).oldAsOf, false);
});
