// Results cached for the browser session: in memory while the background lives, and in
// storage.session so a restarted service worker does not ask the server again.

export class SessionCache {
  /** @param {{storage?: {get: Function, set: Function} | null, maxEntries?: number}} options */
  constructor({ storage = null, maxEntries = 500 } = {}) {
    this.storage = storage;
    this.maxEntries = maxEntries;
    this.memory = new Map();
    this.pending = new Map();
  }

  /** The cached value for key, or the result of produce() (stored); concurrent callers share one call. */
  async get(key, produce) {
    if (this.memory.has(key)) return this.memory.get(key);
    if (this.pending.has(key)) return this.pending.get(key);
    const work = (async () => {
      const stored = await this.#read(key);
      if (stored !== undefined) {
        this.#remember(key, stored);
        return stored;
      }
      const value = await produce();
      this.#remember(key, value);
      await this.#write(key, value);
      return value;
    })().finally(() => this.pending.delete(key));
    this.pending.set(key, work);
    return work;
  }

  #remember(key, value) {
    this.memory.delete(key);
    this.memory.set(key, value);
    while (this.memory.size > this.maxEntries) this.memory.delete(this.memory.keys().next().value);
  }

  async #read(key) {
    if (!this.storage) return undefined;
    try {
      const got = await this.storage.get(`cache:${key}`);
      return got?.[`cache:${key}`];
    } catch {
      return undefined;
    }
  }

  async #write(key, value) {
    if (!this.storage) return;
    try {
      await this.storage.set({ [`cache:${key}`]: value });
    } catch {
      // storage.session has a quota; a full cache only costs a repeat request.
    }
  }

  clear() {
    this.memory.clear();
    if (this.storage?.clear) this.storage.clear().catch(() => {});
  }
}
