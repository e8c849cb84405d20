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
import { articleDate, chooseArticleDay, fullDate, thenAndNow } from './then-now.js';
import { summaryViewModel } from './summary.js';
import { EN } from './i18n.js';

// Every function that makes words takes `t`, a translator (lib/i18n.js), English by default.

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
export function countryName(code, lang = 'en') {
  if (!code) return '';
  const upper = text(code, 40).toUpperCase();
  try {
    if (!regionNames.has(lang)) regionNames.set(lang, new Intl.DisplayNames([lang.replace('_', '-')], { type: 'region', fallback: 'code' }));
    return regionNames.get(lang).of(upper) ?? upper;
  } catch {
    return upper; // not a well-formed region code (RangeError), or no such language
  }
}

/** "2017-08-02" -> "2 Aug 2017"; "2017-08" -> "Aug 2017"; "2017" -> "2017". */
export function formatDate(value, lang = 'en') {
  if (typeof value !== 'string' || !value) return '';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return text(value, 40);
  const [, y, mo, d] = m;
  if (!mo) return y;
  if (Number(mo) < 1 || Number(mo) > 12) return y;
  return fullDate(d ? `${y}-${mo}-${d}` : `${y}-${mo}`, lang) || (d ? fullDate(`${y}-${mo}`, lang) : y);
}

function period(since, until, t = EN) {
  const a = formatDate(since, t.lang);
  const b = formatDate(until, t.lang);
  if (a && b) return t('periodRange', a, b);
  if (a) return t('periodSince', a);
  if (b) return t('periodUntil', b);
  return '';
}

export function citationViewModel(citation, t = EN) {
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
    accessed: formatDate(citation.accessed, t.lang),
  };
}

export function kindViewModel(kind, t = EN) {
  const k = outletKind(kind);
  const known = Object.hasOwn(OUTLET_KINDS, kind) ? kind : 'unknown';
  return { kind: known, label: t(`kind_${known}`), code: k.code, color: k.color };
}

/** The name of an edge's subject (an outlet or an entity) or object (an entity). */
function displayName(outletOrEntity) {
  return text(outletOrEntity?.name, 200) || text(outletOrEntity?.slug, 100);
}

export function ownershipViewModel(ownership, { articleDay = null, today = null, t = EN } = {}) {
  const paths = Array.isArray(ownership?.paths) ? ownership.paths : [];
  const seen = new Set();
  const viewPaths = [];
  for (const path of paths.slice(0, 20)) {
    if (!Array.isArray(path) || path.length === 0) continue;
    const steps = path.slice(0, 12).map((edge) => ({
      kind: text(edge?.kind, 40),
      subjectIsOutlet: edge?.subject?.type === 'outlet',
      subject: displayName(edge?.subject),
      relation: Object.hasOwn(RELATION_KINDS, edge?.kind) ? t(`relation_${edge.kind}`) : text(edge?.kind, 40).replace(/_/g, ' '),
      object: displayName(edge?.object),
      objectCountry: countryName(edge?.object?.country, t.lang),
      share: typeof edge?.share === 'number' ? `${edge.share}%` : '',
      period: period(edge?.since, edge?.until, t),
      asOf: formatDate(edge?.as_of, t.lang),
      timing: thenAndNow({ since: edge?.since, until: edge?.until, asOf: edge?.as_of }, articleDay, today, t),
      citation: citationViewModel(edge?.citation, t),
    }));
    const key = steps.map((s) => `${s.subject}|${s.relation}|${s.object}`).join('>');
    if (seen.has(key)) continue;
    seen.add(key);
    viewPaths.push(steps);
  }
  const ultimateOwners = (Array.isArray(ownership?.ultimate_owners) ? ownership.ultimate_owners : [])
    .slice(0, 20)
    .map((o) => ({ name: displayName(o), country: countryName(o?.country, t.lang), kind: text(o?.kind, 40) }));
  // The server bounds its walk of the ownership graph; say so rather than imply completeness.
  return { paths: viewPaths, ultimateOwners, truncated: ownership?.truncated === true };
}

/** "operated by ANO TV-Novosti · funded by Government of the Russian Federation" */
export function ownershipSummary(ownership, t = EN) {
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
    parts.push(t('ultimately', ownership.ultimateOwners.map((o) => o.name).join(', ')));
  }
  return parts.slice(0, 4).join(' · ');
}

export function labelViewModel(label, { articleDay = null, today = null, t = EN } = {}) {
  return {
    kind: text(label?.kind, 60),
    kindLabel: Object.hasOwn(LABEL_KINDS, label?.kind) ? t(`label_${label.kind}`) : text(label?.kind, 60).replace(/_/g, ' '),
    issuer: text(label?.issuer, 200),
    text: text(label?.text, 500),
    period: period(label?.since, label?.until, t),
    since: formatDate(label?.since, t.lang),
    asOf: formatDate(label?.as_of, t.lang),
    asOfIso: typeof label?.as_of === 'string' ? label.as_of : null,
    sinceIso: typeof label?.since === 'string' ? label.since : null,
    timing: thenAndNow({ since: label?.since, until: label?.until, asOf: label?.as_of }, articleDay, today, t),
    citation: citationViewModel(label?.citation, t),
  };
}

/** "Reuters'" / "TASS's": the English possessive of a publisher's name. */
export function possessive(name) {
  return /[^s]s$/.test(name) ? `${name}'` : `${name}'s`;
}

/** Each report-link relation read from the reader's side, about one item ("Reuters' report, which this article disputes"). */
function readerPhrase(relation, publisher, t) {
  const known = REPORT_RELATIONS.some(([name]) => name === relation) ? relation : 'context';
  return t(`reader_${known}`, t.lang === 'en' ? possessive(publisher) : publisher);
}

export function reportLinkViewModel(link, { relation = 'context', kindOf = null, t = EN } = {}) {
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
    reader: readerPhrase(relation, publisher, t),
    // The report's own outlet's kind, when the local index knows it (a state outlet cited as context says so).
    kind: outletKind && Object.hasOwn(OUTLET_KINDS, outletKind) ? kindViewModel(outletKind, t) : null,
    publishedIso: typeof link?.published === 'string' ? link.published : null,
    published: formatDate(link?.published, t.lang),
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
export function reportGroupsViewModel(reportLinks, { kindOf = null, t = EN } = {}) {
  if (!reportLinks || typeof reportLinks !== 'object') return [];
  const groups = [];
  const seen = new Set();
  for (const [relation] of REPORT_RELATIONS) {
    const list = Array.isArray(reportLinks[relation]) ? reportLinks[relation] : [];
    const items = [];
    for (const raw of list.slice(0, 25)) {
      const item = reportLinkViewModel(raw, { relation, kindOf, t });
      if (!item || seen.has(item.url)) continue;
      seen.add(item.url);
      items.push(item);
    }
    if (items.length) groups.push({ relation, heading: t(`reports_${relation}`), items });
  }
  return groups;
}

// How a page reached the article it shows (the `via` of the URL rules): messages copy_<via>.
const COPY_KINDS = new Set(['archive', 'amp', 'translation', 'proxy', 'redirect']);

/**
 * "This page is an archived copy of rt.com/news/… (web.archive.org, 2 Aug 2017)": null when
 * the page is the article's own address (no via).
 */
export function copyViewModel(via, articleUrl, t = EN) {
  if (!via || typeof via !== 'object' || !COPY_KINDS.has(via.kind)) return null;
  const url = safeUrl(articleUrl);
  if (!url) return null;
  const shown = text(url.replace(/^https?:\/\//, '').replace(/\/$/, ''), 90);
  const detail = [text(via.host, 120), formatDate(via.captured, t.lang)].filter(Boolean).join(', ');
  return { kind: via.kind, words: t(`copy_${via.kind}`), url, shown, detail };
}

/**
 * The whole record for one page.
 * @param {{outlet: object, article?: object|null, reportLinks?: object|null, recordUrl?: string|null,
 *          match?: object|null, via?: object|null, articleUrl?: string|null}} input
 *   via and articleUrl: how the page reached the article, and the article's key
 */
export function recordViewModel({
  outlet, article = null, reportLinks = null, match = null, via = null, articleUrl = null,
  pageDate = null, today = null, kindOf = null, t = EN,
}) {
  if (!outlet || typeof outlet !== 'object') throw new TypeError('recordViewModel needs an outlet');
  const kind = kindViewModel(outlet.kind, t);
  // The article's day: the server's article record, else what the page declares (a page may
  // declare any date; Masthead's record wins when it has one).
  const recordDay = articleDate([article?.published], today);
  const chosen = chooseArticleDay(recordDay, pageDate);
  const articleDay = chosen.day;
  const dates = { articleDay, today, t };
  const ownership = ownershipViewModel(outlet.ownership, dates);
  const country = countryName(outlet.country, t.lang);
  const labels = (Array.isArray(outlet.labels) ? outlet.labels : []).slice(0, 30).map((l) => labelViewModel(l, dates));
  const groups = reportGroupsViewModel(reportLinks, { kindOf, t });
  const vmArticle = article || articleDay
    ? {
      title: text(article?.title, 300),
      published: formatDate(article?.published, t.lang),
      day: articleDay,
      date: fullDate(articleDay, t.lang),
      dateFrom: chosen.from,
      // The page's own date when it disagrees with the record by more than a day.
      pageDate: chosen.pageDay ? fullDate(chosen.pageDay, t.lang) : null,
    }
    : null;
  return {
    summary: summaryViewModel({ name: text(outlet.name, 200) || text(outlet.slug, 100), kind, country, ownership, labels, reportGroups: groups, article: vmArticle, t }),
    // The language of the words above: the panel's root takes lang and dir from here.
    lang: t.tag,
    dir: t.dir,
    locale: t.lang,
    outlet: {
      slug: text(outlet.slug, 100),
      name: text(outlet.name, 200) || text(outlet.slug, 100),
      otherNames: (Array.isArray(outlet.other_names) ? outlet.other_names : []).slice(0, 8).map((n) => text(n, 120)),
      description: text(outlet.description, 1000),
      country,
      founded: formatDate(outlet.founded, t.lang),
      website: safeUrl(outlet.website),
      status: text(outlet.status, 20),
      citation: citationViewModel(outlet.citation, t),
    },
    kind,
    subtitle: [kind.label, country].filter(Boolean).join(' · '),
    ownership,
    ownershipSummary: ownershipSummary(ownership, t),
    labels,
    article: vmArticle,
    reportLinks: groups,
    recordUrl: safeUrl(outlet.record_url),
    domainRule: match ? `${match.host}${match.pathPrefix ?? ''}` : '',
    copy: copyViewModel(via, articleUrl, t),
  };
}

/** The outlet's public record page on the server (server/presenters/outlet.py record_url). */
export function recordPageUrl(serverUrl, slug) {
  if (!serverUrl || !slug) return null;
  return safeUrl(`${String(serverUrl).replace(/\/+$/, '')}/outlets/${encodeURIComponent(slug)}`);
}

/**
 * The compact record behind a link badge or the toolbar badge: from the local index alone.
 * serverUrl: the configured server, for the record page a badge opens.
 */
export function badgeViewModel(indexOutlet, t = EN, { serverUrl = null } = {}) {
  if (!indexOutlet) return null;
  const kind = kindViewModel(indexOutlet.kind, t);
  const name = text(indexOutlet.name, 120) || text(indexOutlet.slug, 100);
  const country = countryName(indexOutlet.country, t.lang);
  // The domain index's `owner`: the outlet's ultimate owners' names, "; "-separated.
  const ultimateOwnerNames = text(indexOutlet.owner, 200);
  const slug = text(indexOutlet.slug, 100);
  const recordUrl = recordPageUrl(serverUrl, slug);
  const tooltip = [
    `${name} — ${kind.label}${country ? ` (${country})` : ''}`,
    ultimateOwnerNames ? t('badgeOwner', ultimateOwnerNames) : '',
    t('badgeSource'),
    recordUrl ? t('badgeOpen') : '',
  ].filter(Boolean).join('\n');
  return { slug, recordUrl, name, code: kind.code, color: kind.color, kindLabel: kind.label, country, ultimateOwnerNames, tooltip };
}
