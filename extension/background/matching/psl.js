// Public suffix look-ups with the server's snapshot and the server's rule evaluation
// (a port of publicsuffixlist's _countpublic, unknown top-level labels being public).

import { PSL_RULES } from './psl-data.js';

const RULES = new Set(PSL_RULES.split('\n'));
let MAX_LABELS = 0;
for (const r of RULES) MAX_LABELS = Math.max(MAX_LABELS, r.replace(/^!/, '').split('.').length);

/** How many trailing labels of a (lower-case) host form its public suffix. */
function countPublic(labels) {
  const n = labels.length;
  if (n === 0) return 0;
  if (n === 1) return 1;
  for (let i = Math.max(0, n - (MAX_LABELS + 1)); i < n; i += 1) {
    const depth = n - i;
    const s = labels.slice(i).join('.');
    if (RULES.has(`!${s}`)) return depth - 1;
    if (RULES.has(`*.${s}`)) return i > 0 ? depth + 1 : depth;
    if (RULES.has(s)) return depth;
  }
  return 1;
}

const ENDS_IN_NUMBER = /^(?:[0-9]+|0x[0-9a-f]*)$/;

/** True for the canonical form of an IP literal (1.2.3.4 or [::1]). */
export function isIp(host) {
  if (!host) return false;
  if (host[0] === '[' || host.includes(':')) return true;
  return ENDS_IN_NUMBER.test(host.slice(host.lastIndexOf('.') + 1));
}

/** eTLD+1 of a host ("news.bbc.co.uk" -> "bbc.co.uk"); null for IPs and public suffixes. */
export function registrableDomain(host) {
  let h = String(host).toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (!h || isIp(h)) return null;
  const labels = h.split('.');
  if (labels.includes('')) return null;
  const publen = countPublic(labels);
  if (!publen || labels.length < publen + 1) return null;
  return labels.slice(-(publen + 1)).join('.');
}

export function isPublicSuffix(host) {
  let h = String(host).toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (!h || isIp(h)) return false;
  const labels = h.split('.');
  if (labels.includes('')) return false;
  const publen = countPublic(labels);
  return Boolean(publen && publen === labels.length);
}

/** The host, then each parent, most specific first, ending at the registrable domain. */
export function hostChain(host) {
  let h = String(host).toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  const reg = registrableDomain(h);
  if (reg === null || reg.length >= h.length || !h.endsWith(`.${reg}`)) return [h];
  const chain = [h];
  while (h.length > reg.length) {
    h = h.slice(h.indexOf('.') + 1);
    chain.push(h);
  }
  return chain;
}

/** Removes leading labels in `labels` while what remains is at least a registrable domain. */
export function stripLeading(host, labels) {
  let h = host;
  for (;;) {
    const dot = h.indexOf('.');
    if (dot < 0) return h;
    const first = h.slice(0, dot);
    const rest = h.slice(dot + 1);
    if (!labels.has(first) || registrableDomain(rest) === null) return h;
    h = rest;
  }
}
