// The rule data of server/urls/rules.json (through the generated rules-data.js), compiled the
// way server/urls/rules.py and tracking.py compile it: tracking parameters per host, unwrap
// rules with their patterns, invisible characters with their names.

import { hostChain } from './psl.js';
import { URL_RULES } from './rules-data.js';

export const KINDS = ['archive', 'amp', 'translation', 'proxy', 'redirect'];

/** Invisible character -> its Unicode name. */
export const INVISIBLE = new Map(
  Object.entries(URL_RULES.invisible).map(([cp, name]) => [String.fromCodePoint(parseInt(cp, 16)), name]),
);

// ------------------------------------------------------------------ tracking parameters

const lower = (xs) => (xs ?? []).map((x) => x.toLowerCase());

export const TRACKING_RULES = URL_RULES.tracking.map((r) => ({
  id: r.id,
  hosts: r.hosts ?? [],
  params: new Set(lower(r.params)),
  prefixes: lower(r.prefixes),
}));

/** The "common" rule, under the names the extension has always exported. */
export const TRACKING_PARAMS = TRACKING_RULES[0].params;
export const TRACKING_PREFIXES = TRACKING_RULES[0].prefixes;

const GLOBAL = TRACKING_RULES.filter((r) => !r.hosts.length);
const GLOBAL_PARAMS = new Set(GLOBAL.flatMap((r) => [...r.params]));
const GLOBAL_PREFIXES = GLOBAL.flatMap((r) => r.prefixes);
const BY_HOST = new Map();
for (const rule of TRACKING_RULES) {
  for (const host of rule.hosts) BY_HOST.set(host, [...(BY_HOST.get(host) ?? []), rule]);
}

function makeTest(params, prefixes) {
  return (key) => {
    const k = key.toLowerCase();
    return params.has(k) || prefixes.some((p) => k.startsWith(p));
  };
}

const GLOBAL_TEST = makeTest(GLOBAL_PARAMS, GLOBAL_PREFIXES);
const testCache = new Map();

/** A function telling whether a query key is a tracking parameter on a canonical host. */
export function trackingTest(host) {
  let test = testCache.get(host);
  if (test) return test;
  const scoped = hostChain(host).flatMap((h) => BY_HOST.get(h) ?? []);
  test = scoped.length
    ? makeTest(new Set([...GLOBAL_PARAMS, ...scoped.flatMap((r) => [...r.params])]), [...GLOBAL_PREFIXES, ...scoped.flatMap((r) => r.prefixes)])
    : GLOBAL_TEST;
  if (testCache.size > 8192) testCache.clear();
  testCache.set(host, test);
  return test;
}

// ------------------------------------------------------------------ unwrap rules

// The s flag, as Python's re.DOTALL on the server: '.' is any character, line separators too.
const whole = (pattern) => (pattern === undefined ? null : new RegExp(`^(?:${pattern})$`, 's'));

function expand(hosts) {
  return hosts.flatMap((h) => (h.startsWith('@') ? URL_RULES.host_sets[h.slice(1)] : [h]));
}

export const UNWRAP_RULES = URL_RULES.unwrap.map((r) => ({
  id: r.id,
  kind: r.kind,
  hosts: new Set(expand(r.hosts)),
  path: whole(r.path),
  param: r.param ?? [],
  value: whole(r.value),
  target: r.target ?? (r.param ? '{0}' : ''),
  captured: r.captured ?? null,
  decode: r.decode ?? null,
  schemeless: Boolean(r.schemeless),
  hostEncoded: Boolean(r.host_encoded),
  passQuery: r.query === 'target',
  drop: lower(r.drop),
}));
