// Keeps the local copy of the domain index: loads it from extension storage, syncs it from
// the server with If-None-Match, and hands out a DomainIndex to match hosts against.

import { DomainIndex } from '../matching/matcher.js';

// The domain rules and their metadata are stored under separate keys so a 304 rewrites only the
// small metadata record, never the 100,000-rule payload.
export const META_KEY = 'domainIndexMeta';
export const PAYLOAD_KEY = 'domainIndexPayload';

export class IndexStore {
  /**
   * @param {{storage: {get: Function, set: Function, remove: Function}, now?: () => number}} deps
   * storage is extension storage.local (or anything with its promise API).
   */
  constructor({ storage, now = Date.now }) {
    this.storage = storage;
    this.now = now;
    /** @type {DomainIndex | null} */
    this.index = null;
    this.meta = null; // {serverUrl, etag, dataVersion, fetchedAt, checkedAt, ruleCount, lastError}
    this.loading = null;
    this.syncing = null;
  }

  /** The index for serverUrl from storage (once per background lifetime). */
  async ready(serverUrl) {
    if (!this.loading) this.loading = this.#load();
    await this.loading;
    if (this.meta && this.meta.serverUrl !== serverUrl) {
      this.index = null;
      this.meta = null;
    }
    return this.index;
  }

  async #load() {
    const got = await this.storage.get([META_KEY, PAYLOAD_KEY]);
    if (!got?.[META_KEY] || !got?.[PAYLOAD_KEY]) return;
    try {
      this.index = new DomainIndex(got[PAYLOAD_KEY]);
      this.meta = got[META_KEY];
    } catch {
      await this.storage.remove([META_KEY, PAYLOAD_KEY]);
    }
  }

  /**
   * Fetches the index if it changed. One sync at a time; concurrent callers share it.
   * @param {import('./server-client.js').ServerClient} client
   */
  sync(client) {
    if (!this.syncing) {
      this.syncing = this.#sync(client).finally(() => { this.syncing = null; });
    }
    return this.syncing;
  }

  async #sync(client) {
    await this.ready(client.baseUrl);
    const etag = this.meta?.serverUrl === client.baseUrl ? this.meta.etag : null;
    let result;
    try {
      result = await client.getIndex(this.index ? etag : null);
    } catch (err) {
      if (this.meta) this.meta.lastError = err.message;
      return { status: 'error', error: err.message };
    }
    if (result.status === 304 && this.index) {
      this.meta = { ...this.meta, checkedAt: this.now(), lastError: null };
      await this.#save(null);
      return { status: 'not-modified', dataVersion: this.index.dataVersion };
    }
    const index = new DomainIndex(result.data);
    this.index = index;
    this.meta = {
      serverUrl: client.baseUrl,
      etag: result.headers?.get?.('ETag') ?? null,
      dataVersion: index.dataVersion,
      ruleCount: index.ruleCount,
      outletCount: index.outlets.length,
      fetchedAt: this.now(),
      checkedAt: this.now(),
      lastError: null,
    };
    await this.#save(result.data);
    return { status: 'updated', dataVersion: index.dataVersion };
  }

  async #save(payload) {
    await this.storage.set(payload ? { [META_KEY]: this.meta, [PAYLOAD_KEY]: payload } : { [META_KEY]: this.meta });
  }

  status() {
    if (!this.meta) return { loaded: false };
    // What a privacy-mode article request sends with this index (the settings page states it).
    const privacy = this.index?.articleKeys?.figures() ?? null;
    return { ...this.meta, loaded: Boolean(this.index), privacy };
  }

  async clear() {
    this.index = null;
    this.meta = null;
    await this.storage.remove([META_KEY, PAYLOAD_KEY]);
  }
}
