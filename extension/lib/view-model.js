// Turns server records (outlet, report links) into plain view models of display strings
// and vetted links. Pure: no DOM, no browser APIs. The panel, the popup, the toolbar badge
// and the link badges render these and nothing else, so every display rule lives here.

import {
  LABEL_KINDS,
  OUTLET_KINDS,
  RELATION_KINDS,
  REPORT_RELATIONS,
  outletKind,
} from './vocab.js';
import { articleDate, fullDate, thenAndNow } from './then-now.js';
import { summaryViewModel } from './summary.js';

/** The language of the extension's own words (the panel's root says lang="en"). */
export const UI_LANG = 'en';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Only http(s) links from server data become hrefs; anything else (javascript:, data:) is dropped. */
export function safeUrl(value) {
  if (typeof value !== 'string' || value.length > 4096) return null;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

export function text(value, max = 2000) {
  if (value === null || value === undefined) return '';
  const s = String(value).replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const regionNames = new Map(); // lang -> Intl.DisplayNames

/** "RU" -> "Russia": a country (ISO 3166 region) code's name in lang; the code when it has none. */
export function countryName(code, lang = UI_LANG) {
  if (!code) return '';
  const upper = text(code, 40).toUpperCase();
  try {
    if (!regionNames.has(lang)) regionNames.set(lang, new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' }));
    return regionNames.get(lang).of(upper) ?? upper;
  } catch {
    return upper; // not a well-formed region code (RangeError), or no such language
  }
}

/** "2017-08-02" -> "2 Aug 2017"; "2017-08" -> "Aug 2017"; "2017" -> "2017". */
export function formatDate(value) {
  if (typeof value !== 'string' || !value) return '';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return text(value, 40);
  const [, y, mo, d] = m;
  if (!mo) return y;
  const month = MONTHS[Number(mo) - 1];
  if (!month) return y;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

function period(since, until) {
  const a = formatDate(since);
  const b = formatDate(until);
  if (a && b) return `${a} – ${b}`;
  if (a) return `since ${a}`;
  if (b) return `until ${b}`;
  return '';
}

export function citationViewModel(citation) {
  if (!citation || typeof citation !== 'object') return null;
  const url = safeUrl(citation.url);
  if (!url) return null;
  let host = '';
  try {
    host = new URL(url).hostname.replace(/^www\./, '');
  } catch { /* safeUrl already parsed it */ }
  return {
    url,
    title: text(citation.title, 300),
    publisher: text(citation.publisher, 120) || host,
    accessed: formatDate(citation.accessed),
  };
}

export function kindViewModel(kind) {
  const k = outletKind(kind);
  return { kind: Object.hasOwn(OUTLET_KINDS, kind) ? kind : 'unknown', label: k.label, code: k.code, color: k.color };
}

/** The name of an edge's subject (an outlet or an entity) or object (an entity). */
function displayName(outletOrEntity) {
  return text(outletOrEntity?.name, 200) || text(outletOrEntity?.slug, 100);
}

export function ownershipViewModel(ownership, { articleDay = null, today = null } = {}) {
  const paths = Array.isArray(ownership?.paths) ? ownership.paths : [];
  const seen = new Set();
  const viewPaths = [];
  for (const path of paths.slice(0, 20)) {
    if (!Array.isArray(path) || path.length === 0) continue;
    const steps = path.slice(0, 12).map((edge) => ({
      kind: text(edge?.kind, 40),
      subjectIsOutlet: edge?.subject?.type === 'outlet',
      subject: displayName(edge?.subject),
      relation: RELATION_KINDS[edge?.kind] ?? text(edge?.kind, 40).replace(/_/g, ' '),
      object: displayName(edge?.object),
      objectCountry: countryName(edge?.object?.country),
      share: typeof edge?.share === 'number' ? `${edge.share}%` : '',
      period: period(edge?.since, edge?.until),
      asOf: formatDate(edge?.as_of),
      timing: thenAndNow({ since: edge?.since, until: edge?.until, asOf: edge?.as_of }, articleDay, today),
      citation: citationViewModel(edge?.citation),
    }));
    const key = steps.map((s) => `${s.subject}|${s.relation}|${s.object}`).join('>');
    if (seen.has(key)) continue;
    seen.add(key);
    viewPaths.push(steps);
  }
  const ultimateOwners = (Array.isArray(ownership?.ultimate_owners) ? ownership.ultimate_owners : [])
    .slice(0, 20)
    .map((o) => ({ name: displayName(o), country: countryName(o?.country), kind: text(o?.kind, 40) }));
  // The server bounds its walk of the ownership graph; say so rather than imply completeness.
  return { paths: viewPaths, ultimateOwners, truncated: ownership?.truncated === true };
}

/** "operated by ANO TV-Novosti · funded by Government of the Russian Federation" */
export function ownershipSummary(ownership) {
  const parts = [];
  const seen = new Set();
  for (const steps of ownership.paths) {
    for (const s of steps) {
      const key = `${s.relation} ${s.object}`;
      if (!s.object || seen.has(key)) continue;
      seen.add(key);
      parts.push(key);
    }
  }
  if (parts.length === 0 && ownership.ultimateOwners.length) {
    parts.push(`ultimately ${ownership.ultimateOwners.map((o) => o.name).join(', ')}`);
  }
  return parts.slice(0, 4).join(' · ');
}

export function labelViewModel(label, { articleDay = null, today = null } = {}) {
  return {
    kind: text(label?.kind, 60),
    kindLabel: LABEL_KINDS[label?.kind] ?? text(label?.kind, 60).replace(/_/g, ' '),
    issuer: text(label?.issuer, 200),
    text: text(label?.text, 500),
    period: period(label?.since, label?.until),
    since: formatDate(label?.since),
    asOf: formatDate(label?.as_of),
    sinceIso: typeof label?.since === 'string' ? label.since : null,
    timing: thenAndNow({ since: label?.since, until: label?.until, asOf: label?.as_of }, articleDay, today),
    citation: citationViewModel(label?.citation),
  };
}

/** "Reuters'" / "TASS's": the English possessive of a publisher's name. */
export function possessive(name) {
  return /[^s]s$/.test(name) ? `${name}'` : `${name}'s`;
}

// Each report-link relation read from the reader's side, about one item.
const READER_PHRASES = {
  disputes: (p) => `${possessive(p)} report, which this article disputes`,
  disputed_by: (p) => `${possessive(p)} report, which disputes this article`,
  fact_check: (p) => `${possessive(p)} fact-check of this article`,
  correction: (p) => `${possessive(p)} correction of this article`,
  original_report: (p) => `${possessive(p)} original report, which this article follows`,
  context: (p) => `${possessive(p)} coverage of the same story`,
};

export function reportLinkViewModel(link, { relation = 'context', kindOf = null } = {}) {
  const url = safeUrl(link?.url);
  if (!url) return null;
  let host = '';
  try {
    host = new URL(url).hostname.replace(/^www\./, '');
  } catch { /* checked */ }
  const publisher = text(link?.outlet?.name, 120) || host;
  const slug = text(link?.outlet?.slug, 100);
  const outletKind = slug && typeof kindOf === 'function' ? kindOf(slug) : null;
  return {
    id: link?.id ?? null,
    url,
    title: text(link?.title, 300) || host,
    publisher,
    reader: (READER_PHRASES[relation] ?? READER_PHRASES.context)(publisher),
    // The report's own outlet's kind, when the local index knows it (a state outlet cited as context says so).
    kind: outletKind && Object.hasOwn(OUTLET_KINDS, outletKind) ? kindViewModel(outletKind) : null,
    publishedIso: typeof link?.published === 'string' ? link.published : null,
    published: formatDate(link?.published),
    author: text(link?.author, 120),
    rating: text(link?.rating, 120),
    summary: text(link?.summary, 500),
    attachedTo: link?.attached_to === 'story' ? 'story' : 'article',
  };
}

/**
 * Report links grouped by relation, in the panel's fixed order; unknown relations are dropped.
 * Each report appears once, under its strongest relation (REPORT_RELATIONS' order: a report
 * this article disputes is not listed again as context). kindOf(slug) -> outlet kind or null.
 */
export function reportGroupsViewModel(reportLinks, { kindOf = null } = {}) {
  if (!reportLinks || typeof reportLinks !== 'object') return [];
  const groups = [];
  const seen = new Set();
  for (const [relation, heading] of REPORT_RELATIONS) {
    const list = Array.isArray(reportLinks[relation]) ? reportLinks[relation] : [];
    const items = [];
    for (const raw of list.slice(0, 25)) {
      const item = reportLinkViewModel(raw, { relation, kindOf });
      if (!item || seen.has(item.url)) continue;
      seen.add(item.url);
      items.push(item);
    }
    if (items.length) groups.push({ relation, heading, items });
  }
  return groups;
}

// How a page reached the article it shows (the `via` of the URL rules), as the panel says it.
const COPY_WORDS = {
  archive: 'an archived copy of',
  amp: 'an AMP copy of',
  translation: 'a translated copy of',
  proxy: 'a copy, through a proxy, of',
  redirect: 'a link to',
};

/**
 * "This page is an archived copy of rt.com/news/… (web.archive.org, 2 Aug 2017)": null when
 * the page is the article's own address (no via).
 */
export function copyViewModel(via, articleUrl) {
  if (!via || typeof via !== 'object' || !Object.hasOwn(COPY_WORDS, via.kind)) return null;
  const url = safeUrl(articleUrl);
  if (!url) return null;
  const shown = text(url.replace(/^https?:\/\//, '').replace(/\/$/, ''), 90);
  const detail = [text(via.host, 120), formatDate(via.captured)].filter(Boolean).join(', ');
  return { kind: via.kind, words: `This page is ${COPY_WORDS[via.kind]}`, url, shown, detail };
}

/**
 * The whole record for one page.
 * @param {{outlet: object, article?: object|null, reportLinks?: object|null, recordUrl?: string|null,
 *          match?: object|null, via?: object|null, articleUrl?: string|null}} input
 *   via and articleUrl: how the page reached the article, and the article's key
 */
export function recordViewModel({
  outlet, article = null, reportLinks = null, match = null, via = null, articleUrl = null,
  pageDate = null, today = null, kindOf = null,
}) {
  if (!outlet || typeof outlet !== 'object') throw new TypeError('recordViewModel needs an outlet');
  const kind = kindViewModel(outlet.kind);
  // The article's day: what the page declares, else the server's article record.
  const recordDay = articleDate([article?.published], today);
  const articleDay = pageDate || recordDay;
  const dates = { articleDay, today };
  const ownership = ownershipViewModel(outlet.ownership, dates);
  const country = countryName(outlet.country);
  const labels = (Array.isArray(outlet.labels) ? outlet.labels : []).slice(0, 30).map((l) => labelViewModel(l, dates));
  const groups = reportGroupsViewModel(reportLinks, { kindOf });
  const vmArticle = article || articleDay
    ? {
      title: text(article?.title, 300),
      published: formatDate(article?.published),
      day: articleDay,
      date: fullDate(articleDay),
      dateFrom: pageDate ? 'page' : (recordDay ? 'record' : null),
    }
    : null;
  return {
    summary: summaryViewModel({ name: text(outlet.name, 200) || text(outlet.slug, 100), kind, country, ownership, labels, reportGroups: groups, article: vmArticle }),
    outlet: {
      slug: text(outlet.slug, 100),
      name: text(outlet.name, 200) || text(outlet.slug, 100),
      otherNames: (Array.isArray(outlet.other_names) ? outlet.other_names : []).slice(0, 8).map((n) => text(n, 120)),
      description: text(outlet.description, 1000),
      country,
      founded: formatDate(outlet.founded),
      website: safeUrl(outlet.website),
      status: text(outlet.status, 20),
      citation: citationViewModel(outlet.citation),
    },
    kind,
    subtitle: [kind.label, country].filter(Boolean).join(' · '),
    ownership,
    ownershipSummary: ownershipSummary(ownership),
    labels,
    article: vmArticle,
    reportLinks: groups,
    recordUrl: safeUrl(outlet.record_url),
    domainRule: match ? `${match.host}${match.pathPrefix ?? ''}` : '',
    copy: copyViewModel(via, articleUrl),
  };
}

/** The compact record behind a link badge or the toolbar badge: from the local index alone. */
export function badgeViewModel(indexOutlet) {
  if (!indexOutlet) return null;
  const kind = kindViewModel(indexOutlet.kind);
  const name = text(indexOutlet.name, 120) || text(indexOutlet.slug, 100);
  const country = countryName(indexOutlet.country);
  // The domain index's `owner`: the outlet's ultimate owners' names, "; "-separated.
  const ultimateOwnerNames = text(indexOutlet.owner, 200);
  const tooltip = [
    `${name} — ${kind.label}${country ? ` (${country})` : ''}`,
    ultimateOwnerNames ? `Owner: ${ultimateOwnerNames}` : '',
    'Source: Masthead',
  ].filter(Boolean).join('\n');
  return { slug: text(indexOutlet.slug, 100), name, code: kind.code, color: kind.color, kindLabel: kind.label, country, ultimateOwnerNames, tooltip };
}
