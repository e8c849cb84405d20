// The summary a reader sees first, without scrolling or clicking: the outlet and its kind,
// who runs it and who funds it (one line each, up to the ultimate owner), its two or three
// most significant labels against the article's date, and what this article does with
// another report. Pure: built from the parts of the record view model (lib/view-model.js).

import { EN } from './i18n.js';

const RUNS = new Set(['owned_by', 'operated_by', 'controlled_by']);

// Which labels say most about an outlet, most significant first. Unknown kinds come last.
// A rater's assessment (Wikipedia editors' status of a source) is one more voice beside the
// regulators' and State Media Monitor's: shown with its issuer, never merged into a score.
const LABEL_RANK = [
  'broadcast_ban', 'sanctioned', 'regulatory_finding', 'foreign_agent_registration',
  'state_controlled', 'state_funded', 'state_affiliated', 'rater_assessment', 'platform_label',
  'fact_check_signatory',
];
const RATER = 'rater_assessment';
export const SUMMARY_LABELS = 3;

// What this article does with a report, from the article's side ("Disputes a Reuters report of
// 2 Aug 2017"): messages action_<relation>.
const ACTIONS = ['disputes', 'disputed_by', 'fact_check', 'correction', 'original_report'];

/** English only: "a AP report" -> "an AP report". */
const englishArticle = (words, t) => (t.lang === 'en' ? words.replace(/\ba ([aeiou])/i, 'an $1') : words);

/** A step's dates, worth a word in the summary only when they change the answer, or when
 * the fact is only known as of a date long past ("as of Aug 2018"): never shown as current. */
function notable(timing) {
  if (!timing) return '';
  const changes = timing.then === 'not_yet' || timing.then === 'ended' || timing.now === 'ended';
  return changes || timing.oldAsOf ? timing.words : '';
}

function joinNames(objects, t) {
  const shown = objects.slice(0, 2).map((o) => o.object + (o.objectCountry ? ` (${o.objectCountry})` : ''));
  const more = objects.length - shown.length;
  return more > 0 ? t('namesAndMore', shown.join('; '), more) : shown.join('; ');
}

/** Distinct (relation, object) steps of every path that match `keep`, in path order. */
function stepsWhere(ownership, keep) {
  const out = [];
  const seen = new Set();
  for (const steps of ownership.paths) {
    for (const s of steps) {
      const key = `${s.kind}|${s.subject}|${s.object}`;
      if (!s.object || !keep(s) || seen.has(key)) continue;
      seen.add(key);
      out.push(s);
    }
  }
  return out;
}

const ended = (s) => s.timing?.now === 'ended';

/**
 * "Operated by ANO TV-Novosti (Russia)" and "Funded by … , through ANO TV-Novosti" (relations in
 * force today; a relation that began after the article says so), then the ultimate owners when
 * no line names them, and — when an owner, operator or funder of the article's day has gone
 * since — "When this article appeared: owned by …".
 */
export function ownershipLines(ownership, t = EN) {
  const lines = [];
  const named = new Set();
  const direct = stepsWhere(ownership, (s) => RUNS.has(s.kind) && s.subjectIsOutlet && !ended(s));
  const byKind = new Map();
  for (const s of direct) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  for (const [kind, steps] of byKind) {
    lines.push({ role: 'runs', words: t(`run_${kind}`, joinNames(steps, t)), note: steps.map((s) => notable(s.timing)).find(Boolean) ?? '' });
    steps.forEach((s) => named.add(s.object));
  }
  const funders = stepsWhere(ownership, (s) => s.kind === 'funded_by' && !ended(s));
  if (funders.length) {
    const through = [...new Set(funders.filter((s) => !s.subjectIsOutlet).map((s) => s.subject))];
    lines.push({
      role: 'funds',
      words: through.length ? t('fundedThrough', t('run_funded_by', joinNames(funders, t)), through.slice(0, 2).join(', ')) : t('run_funded_by', joinNames(funders, t)),
      note: funders.map((s) => notable(s.timing)).find(Boolean) ?? '',
    });
    funders.forEach((s) => named.add(s.object));
  }
  const unnamed = ownership.ultimateOwners.filter((o) => !named.has(o.name));
  if (unnamed.length) {
    lines.push({ role: 'ultimate', words: t('ultimately', unnamed.slice(0, 3).map((o) => o.name + (o.country ? ` (${o.country})` : '')).join('; ')), note: '' });
  }
  // Who was behind it on the article's day and is no longer.
  const gone = stepsWhere(ownership, (s) => (RUNS.has(s.kind) ? s.subjectIsOutlet : s.kind === 'funded_by') && ended(s) && s.timing?.then === 'in_force');
  if (gone.length) {
    const parts = gone.slice(0, 2).map((s) => `${t(`gone_${s.kind}`, s.object)}${s.timing.period ? ` (${s.timing.period})` : ''}`);
    lines.push({ role: 'then', words: t('whenArticleAppeared', parts.join('; ')), note: '' });
  }
  return lines;
}

const rank = (kind) => {
  const i = LABEL_RANK.indexOf(kind);
  return i < 0 ? LABEL_RANK.length : i;
};
const yearOf = (label) => (/^(\d{4})/.exec(label.sinceIso || '') || /^(\d{4})/.exec(label.asOfIso || '') || /(\d{4})$/.exec(label.asOf || '') || [])[1] || '';

/**
 * "Broadcast ban — Council of the European Union, 2022". A rater's label says who rates and
 * what they say, its text naming the status and the year of the rater's latest discussion
 * ("Wikipedia editors (…): Sputnik: deprecated (last discussed 2022)"): the year of its
 * as-of date would only be the day the list was read.
 */
function labelWords(l, t) {
  if (l.kind === RATER && l.text) return `${l.issuer ? `${l.issuer}: ` : ''}${l.text}`;
  const who = `${l.kindLabel}${l.issuer ? ` — ${l.issuer}` : ''}`;
  return yearOf(l) ? t('labelYear', who, yearOf(l)) : who;
}

/**
 * The most significant labels: one per kind first (the kinds ranked by LABEL_RANK, labels in
 * force today before ended ones, then the earliest), then more of the same kinds if room.
 */
export function topLabels(labels, count = SUMMARY_LABELS, t = EN) {
  const order = labels.map((l, i) => ({ l, i })).sort((a, b) => (
    rank(a.l.kind) - rank(b.l.kind)
    || Number(a.l.timing?.now === 'ended') - Number(b.l.timing?.now === 'ended')
    || (a.l.sinceIso || '9999').localeCompare(b.l.sinceIso || '9999')
    || a.i - b.i));
  const chosen = [];
  const kinds = new Set();
  for (const { l } of order) {
    if (chosen.length < count && !kinds.has(l.kind)) {
      chosen.push(l);
      kinds.add(l.kind);
    }
  }
  for (const { l } of order) if (chosen.length < count && !chosen.includes(l)) chosen.push(l);
  return chosen.map((l) => ({
    words: labelWords(l, t),
    timing: l.timing?.words ?? '',
    then: l.timing?.then ?? null,
    now: l.timing?.now ?? 'unclear',
    citation: l.citation,
  }));
}

/** What this article does: its strongest report link that is not mere context. */
export function articleAction(reportGroups, t = EN) {
  const group = reportGroups.find((g) => ACTIONS.includes(g.relation));
  if (!group) return null;
  const r = group.items[0];
  const words = englishArticle(t(`action_${group.relation}`, r.publisher), t);
  return {
    relation: group.relation,
    words: r.published ? t('actionWithDate', words, r.published) : words,
    url: r.url,
    title: r.title,
    kind: r.kind,
    more: group.items.length - 1,
  };
}

export function summaryViewModel({ name, kind, country, ownership, labels, reportGroups, article, t = EN }) {
  const reports = reportGroups.reduce((n, g) => n + g.items.length, 0);
  const action = articleAction(reportGroups, t);
  return {
    name,
    kind,
    country,
    lines: ownershipLines(ownership, t),
    labels: topLabels(labels, SUMMARY_LABELS, t),
    moreLabels: Math.max(0, labels.length - Math.min(labels.length, SUMMARY_LABELS)),
    articleDate: article?.date ?? '',
    action,
    otherReports: reports - (action ? 1 : 0),
    // Something worth opening the panel for without a click (settings' "auto" mode). A
    // rater's assessment alone is not: most rated outlets are rated reliable.
    worthShowing: Boolean(action) || labels.some((l) => l.kind !== RATER && l.timing?.now !== 'ended') || kind.kind === 'state_controlled' || kind.kind === 'party_or_government',
  };
}
