// The one host grammar (server/urls/hosts.py and idna_host.py): what the browser's URL parser
// accepts as a host, converted to ASCII as it does it (UTS #46 with the WHATWG URL flags), plus
// the same extra rules as the server: an xn-- label must be the standard Punycode form of a
// non-ASCII label; the ASCII result is letters, digits, '-' and '_' in labels of 1-63
// characters (253 in all); a host ending in a number is a dotted-quad IPv4 address.

import { InvalidURL, shorten } from './errors.js';
import { stripLeading } from './psl.js';
import { punycodeDecode } from './punycode.js';

const MAX_HOST_LENGTH = 253;
const MAX_HOST_INPUT = 1024; // the server's idna library refuses longer text
const WWW_LIKE = new Set(['www']);
const ASCII_HOST = /^[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*$/;
const ASCII_JUNK = /[\x00-\x2c\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]/;
const ENDS_IN_NUMBER = /^(?:[0-9]+|0x[0-9a-f]*)$/;
const GRAMMAR = "a host name is made of dot-separated labels of letters, digits, '-' and '_' (at most 63 characters each, 253 in all)";

export function badHost(host, why) {
  return new InvalidURL('bad_host', `The host name '${shorten(host)}' is not valid: ${why}.`);
}

// ------------------------------------------------------------------ IP literals

/** Python's ipaddress.IPv4Address(text) -> str, or null when it would raise. */
export function parseIPv4(text) {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return null;
    if (p.length > 1 && p[0] === '0') return null; // leading zeros are ambiguous
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out.join('.');
}

/** Python's ipaddress.IPv6Address(text).compressed, or null when it would raise. */
export function compressIPv6(text) {
  if (!text || text.length > 45) return null;
  let hextets = [];
  let tail = text;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    const b = v4.split('.').map(Number);
    tail = `${text.slice(0, lastColon + 1)}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const parts = tail.split(':');
  if (parts.length < 3 || parts.length > 9) return null;
  let skip = -1;
  for (let i = 1; i < parts.length - 1; i += 1) {
    if (parts[i] === '') {
      if (skip >= 0) return null;
      skip = i;
    }
  }
  let lead;
  let trail;
  if (skip >= 0) {
    lead = skip;
    trail = parts.length - skip - 1;
    if (parts[0] === '') {
      lead -= 1;
      if (lead) return null;
    }
    if (parts[parts.length - 1] === '') {
      trail -= 1;
      if (trail) return null;
    }
    if (lead + trail > 7) return null;
  } else {
    if (parts.length !== 8) return null;
    if (parts[0] === '' || parts[parts.length - 1] === '') return null;
    lead = parts.length;
    trail = 0;
  }
  const parse = (p) => (/^[0-9a-fA-F]{1,4}$/.test(p) ? parseInt(p, 16) : null);
  for (let i = 0; i < lead; i += 1) hextets.push(parse(parts[i]));
  if (skip >= 0) for (let i = 0; i < 8 - lead - trail; i += 1) hextets.push(0);
  for (let i = parts.length - trail; i < parts.length; i += 1) hextets.push(parse(parts[i]));
  if (hextets.length !== 8 || hextets.some((h) => h === null)) return null;
  hextets = hextets.map((h) => h.toString(16));
  // Longest run (> 1) of zero hextets, the first if tied, becomes "::".
  let bestStart = -1;
  let bestLen = 0;
  let runStart = -1;
  let runLen = 0;
  for (let i = 0; i < 8; i += 1) {
    if (hextets[i] === '0') {
      runLen += 1;
      if (runStart < 0) runStart = i;
      if (runLen > bestLen) {
        bestLen = runLen;
        bestStart = runStart;
      }
    } else {
      runLen = 0;
      runStart = -1;
    }
  }
  if (bestLen > 1) {
    const end = bestStart + bestLen;
    const out = [...hextets.slice(0, bestStart), '', ...hextets.slice(end)];
    if (end === 8) out.push('');
    if (bestStart === 0) out.unshift('');
    return out.join(':');
  }
  return hextets.join(':');
}

export function canonicalIPv6(inner) {
  const compressed = inner.includes('%') ? null : compressIPv6(inner);
  if (compressed === null) throw badHost(`[${inner}]`, 'it is not a valid IPv6 address');
  return `[${compressed}]`;
}

// ------------------------------------------------------------------ host names

/**
 * The browser's ASCII form of a host (UTS #46 ToASCII, lower case), or null when its URL parser
 * refuses it. A last label "x" is added so that a host ending in a number is not turned into an
 * IPv4 address (1.2 -> 1.0.0.2): the server sees the same ASCII text the browser mapped.
 */
function toAscii(host) {
  try {
    const ascii = new URL(`http://${host}.x/`).hostname;
    return ascii.endsWith('.x') ? ascii.slice(0, -2) : null;
  } catch {
    return null;
  }
}

/** Why an xn-- label of an ASCII host is not the standard form of a non-ASCII label, or null. */
function punycodeProblem(label) {
  const decoded = punycodeDecode(label.slice(4));
  if (!decoded || /^[\x00-\x7f]*$/.test(decoded)) return `the label '${label}' is not the Punycode form of a non-ASCII label`;
  if (toAscii(decoded) !== label) return `the label '${label}' is not written in its standard form`;
  return null;
}

const hostCache = new Map();

/** Lower-case/punycode/validate a host (no brackets, no port) and strip "www.". */
export function canonicalHost(host) {
  const cached = hostCache.get(host);
  if (cached !== undefined) return cached;
  let h = host;
  if (/[^\x00-\x7f]/.test(h) || h.toLowerCase().includes('xn--')) {
    if (ASCII_JUNK.test(h)) throw badHost(host, GRAMMAR);
    const ascii = [...h].length > MAX_HOST_INPUT ? null : toAscii(h);
    if (ascii === null) throw badHost(host, 'it is not a valid internationalized name');
    const labels = ascii.split('.').filter((label) => label.startsWith('xn--'));
    const problem = labels.map(punycodeProblem).find((p) => p !== null);
    if (problem) throw badHost(host, `it is not a valid internationalized name (${problem})`);
    h = ascii;
  }
  h = h.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (!h) throw new InvalidURL('no_host', 'The URL has no host name (like example.com).');
  if (h.length > MAX_HOST_LENGTH || !ASCII_HOST.test(h)) throw badHost(host, GRAMMAR);
  if (ENDS_IN_NUMBER.test(h.slice(h.lastIndexOf('.') + 1))) {
    const v4 = parseIPv4(h);
    if (v4 === null) throw badHost(host, 'a host ending in a number must be an IPv4 address like 192.0.2.1');
    h = v4;
  } else if (h.startsWith('www.')) {
    h = stripLeading(h, WWW_LIKE);
  }
  if (hostCache.size > 8192) hostCache.clear();
  hostCache.set(host, h);
  return h;
}
