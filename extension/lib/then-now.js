// Then and now: whether a label or a relation was in force on the day an article was
// published, and whether it is today. Pure: dates are the server's ISO forms ("2022",
// "2022-03", "2022-03-02") and the page's publication-date strings; nothing here reads a clock.

import { EN } from './i18n.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n, w = 2) => String(n).padStart(w, '0');

function daysInMonth(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * "2022" | "2022-03" | "2022-03-02" (optionally followed by a time) -> the first and last day
 * it may mean, as "YYYY-MM-DD" strings (which sort as dates), and its precision; null if it
 * is not such a date. A partial date is an interval: "2022-03" is any day of March 2022.
 */
export function parsePartialDate(value) {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|T|\s)/.exec(value.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1000) return null;
  if (m[2] === undefined) return { first: `${m[1]}-01-01`, last: `${m[1]}-12-31`, precision: 'year', year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  const last = daysInMonth(year, month);
  if (m[3] === undefined) {
    return { first: `${m[1]}-${m[2]}-01`, last: `${m[1]}-${m[2]}-${pad(last)}`, precision: 'month', year, month };
  }
  const day = Number(m[3]);
  if (day < 1 || day > last) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return { first: iso, last: iso, precision: 'day', year, month, day };
}

/** "YYYY-MM-DD" of a Date in UTC (the caller passes "today"). */
export function isoDay(date) {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * The article's publication day from the strings a page declares (article:published_time,
 * JSON-LD datePublished, <time datetime>, …), first usable one wins: "YYYY-MM-DD" or null.
 * The date is read as written (an ISO timestamp's own calendar day, not converted to UTC);
 * other forms Date can read ("Wed, 02 Aug 2017 19:09:00 GMT") count in UTC. A day after
 * `today` or before 1900 is not believed.
 */
export function articleDate(candidates, today) {
  const max = typeof today === 'string' ? today : null;
  for (const raw of Array.isArray(candidates) ? candidates : [candidates]) {
    if (typeof raw !== 'string') continue;
    const value = raw.trim().slice(0, 100);
    if (!value) continue;
    let day = null;
    const iso = parsePartialDate(value);
    if (iso && iso.precision === 'day') day = iso.first;
    else if (!iso && /[a-z]/i.test(value)) {
      const t = Date.parse(value);
      if (Number.isFinite(t)) day = isoDay(new Date(t));
    }
    if (!day || day < '1900-01-01' || (max && day > max)) continue;
    return day;
  }
  return null;
}

/**
 * The article's day from Masthead's own article record and the page's metadata: the record
 * wins when it has a date (a page can declare any date it likes); the page's is used only when
 * there is no record date. {day, from: 'record'|'page'|null, pageDay}: pageDay is the page's
 * claim when it disagrees with the record by more than a day (for the panel to mention), else null.
 */
export function chooseArticleDay(recordDay, pageDay) {
  if (recordDay) {
    const apart = pageDay ? Math.abs(Date.parse(`${recordDay}T00:00:00Z`) - Date.parse(`${pageDay}T00:00:00Z`)) : 0;
    return { day: recordDay, from: 'record', pageDay: apart > 86_400_000 ? pageDay : null };
  }
  return { day: pageDay || null, from: pageDay ? 'page' : null, pageDay: null };
}

/**
 * Whether a period {since, until} was in force on `day` ("YYYY-MM-DD"): 'in_force',
 * 'not_yet' (began after it), 'ended' (ended on or before it) or 'unclear' (a missing or
 * partial date leaves both answers possible). `until` is the first day it no longer held.
 */
export function statusOn({ since = null, until = null } = {}, day) {
  if (typeof day !== 'string' || !parsePartialDate(day)) return 'unclear';
  const s = parsePartialDate(since);
  const u = parsePartialDate(until);
  // Definitely not yet, definitely ended: whatever day a partial date turns out to be.
  if (s && s.first > day) return 'not_yet';
  if (u && u.last <= day) return 'ended';
  const started = s ? s.last <= day : false;
  const notEnded = u ? u.first > day : !until;
  if (started && notEnded) return 'in_force';
  return 'unclear';
}

const formats = new Map(); // "lang|style" -> Intl.DateTimeFormat

/** A date in a language other than English, with Western digits (as the years elsewhere are). */
function intlDate(d, lang, withDay) {
  const key = `${lang}|${withDay}`;
  if (!formats.has(key)) {
    formats.set(key, new Intl.DateTimeFormat(`${lang.replace('_', '-')}-u-nu-latn`, withDay
      ? { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }
      : { month: 'short', year: 'numeric', timeZone: 'UTC' }));
  }
  return formats.get(key).format(Date.UTC(d.year, d.month - 1, withDay ? d.day : 1));
}

/** "Mar 2022" (or "2022" for a year-only date); "" when not a date. lang: a _locales name. */
export function monthYear(value, lang = 'en') {
  const d = parsePartialDate(value);
  if (!d) return '';
  if (d.precision === 'year') return String(d.year);
  return lang === 'en' ? `${MONTHS[d.month - 1]} ${d.year}` : intlDate(d, lang, false);
}

/** "2 Aug 2017", "Aug 2017", "2017"; "" when not a date. */
export function fullDate(value, lang = 'en') {
  const d = parsePartialDate(value);
  if (!d) return '';
  if (d.precision === 'day') return lang === 'en' ? `${d.day} ${MONTHS[d.month - 1]} ${d.year}` : intlDate(d, lang, true);
  return monthYear(value, lang);
}

const THEN_KEYS = { in_force: 'then_in_force', not_yet: 'then_not_yet', ended: 'then_ended' };

/**
 * A label's or relation's dates against the article's day and today:
 *   {period: "Jun 2020 – Sep 2024", then, now, words: "Jun 2020 – Sep 2024 — after this article; ended"}
 * then: statusOn(article day) or null without an article date; now: statusOn(today).
 * asOf stands in for the period when neither since nor until is known ("as of Oct 2023");
 * oldAsOf says that date is more than a year before today.
 */
export function thenAndNow({ since = null, until = null, asOf = null } = {}, articleDay, today, t = EN) {
  const a = monthYear(since, t.lang);
  const b = monthYear(until, t.lang);
  let period = '';
  if (a && b) period = t('periodRange', a, b);
  else if (a) period = t('periodSince', a);
  else if (b) period = t('periodUntil', b);
  else if (monthYear(asOf)) period = t('periodAsOf', monthYear(asOf, t.lang));
  const then = articleDay ? statusOn({ since, until }, articleDay) : null;
  const now = today ? statusOn({ since, until }, today) : 'unclear';
  const notes = [];
  if (then && THEN_KEYS[then]) notes.push(t(THEN_KEYS[then]));
  else if (then === 'unclear' && !since && !until && asOf && articleDay && parsePartialDate(asOf)?.first > articleDay) {
    // Only known from an assessment made after the article (State Media Monitor's, say).
    notes.push(t('recordedAfter'));
  }
  if (now === 'ended' && then !== 'ended') notes.push(t('nowEnded'));
  if (now === 'not_yet') notes.push(t('nowNotYet'));
  const words = [period, notes.join('; ')].filter(Boolean).join(' — ');
  // byAsOf: the period is only an "as of" date (the panel then does not repeat it).
  const byAsOf = Boolean(period) && !a && !b;
  // oldAsOf: only known as of a date more than a year before today (a 2018 list's owner):
  // the summary then says so rather than read as current.
  const stated = byAsOf ? parsePartialDate(asOf) : null;
  const yearAgo = typeof today === 'string' && /^\d{4}-/.test(today) ? `${Number(today.slice(0, 4)) - 1}${today.slice(4, 10)}` : null;
  const oldAsOf = Boolean(stated && yearAgo && stated.last < yearAgo);
  return { period, then, now, words, byAsOf, oldAsOf };
}
