import { readFileSync } from 'node:fs';

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
