import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { validateMessage } from '../../lib/messages.js';

export const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

/** An in-memory stand-in for extension storage (storage.local / storage.session). */
export function memoryStorage(initial = {}) {
  const data = new Map(Object.entries(structuredClone(initial)));
  return {
    data,
    writes: 0,
    async get(keys) {
      const list = keys === null || keys === undefined ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      const out = {};
      for (const k of list) if (data.has(k)) out[k] = structuredClone(data.get(k));
      return out;
    },
    async set(items) {
      this.writes += 1;
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
    async clear() {
      data.clear();
    },
  };
}

/** A fetch that answers from a route table and records every request. */
export function fakeFetch(routes) {
  const calls = [];
  async function fetchImpl(url, init = {}) {
    const u = new URL(url);
    calls.push({ url, path: u.pathname + u.search, method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body });
    const route = routes[`${init.method ?? 'GET'} ${u.pathname}`] ?? routes[u.pathname];
    if (!route) return new Response(JSON.stringify({ error: { code: 'not_found', message: 'no route' } }), { status: 404 });
    return route({ url: u, init, calls });
  }
  fetchImpl.calls = calls;
  return fetchImpl;
}

export const json = (data, status = 200, headers = {}) =>
  new Response(JSON.stringify(data), { status, headers: { 'Content-Type': 'application/json', ...headers } });

/**
 * Runs content/badges.js in a sandbox as a page at `pageUrl` would: each message it sends is
 * validated as a content script's of that page, then answered by `answer(message, payload)`
 * (the background's reply). `page` holds the globals the page gives the script (its
 * `document`, and `window`, `setInterval` or a surface module where the test needs them).
 * Resolves with the messages sent once the first one is answered.
 */
export async function runBadgeScript(pageUrl, answer, page) {
  const sent = [];
  const sender = { id: 'ext', url: pageUrl, frameId: 0, tab: { id: 1 } };
  const chrome = {
    runtime: {
      async sendMessage(message) {
        sent.push(message);
        const { payload } = validateMessage(message, sender, { extensionId: 'ext', extensionOrigin: 'chrome-extension://ext/' });
        return answer(message, payload);
      },
    },
  };
  const context = vm.createContext({
    // A clock that never moves: the per-slice time budget never splits the batch on a busy machine.
    chrome, URL, location: new URL(pageUrl), performance: { now: () => 0, measure() {} }, setTimeout,
    requestIdleCallback: (fn) => setImmediate(() => fn({ timeRemaining: () => 50, didTimeout: false })),
    MutationObserver: class { observe() {} },
    ...page,
  });
  vm.runInContext(readFileSync(new URL('../../content/badges.js', import.meta.url), 'utf8'), context);
  for (let i = 0; i < 20 && !sent.length; i += 1) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  return sent;
}
