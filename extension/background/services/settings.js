// User settings with their defaults, kept in storage.local under one key.

import { LANGUAGES } from '../../lib/i18n.js';
import { BADGE_SITE_IDS } from '../../lib/sites.js';

export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS = Object.freeze({
  serverUrl: 'http://127.0.0.1:8000',
  // 'auto': open the summary when the outlet or article has something to say, else a small tab;
  // 'collapsed': always the tab; 'expanded': always open.
  panelMode: 'auto',
  privacyMode: true, // article look-ups by hash prefix only
  // 'auto': the browser's language; else a lib/i18n.js LANGUAGES key.
  language: 'auto',
  badges: true, // link badges on the search and social sites of lib/sites.js
  badgeSitesOff: [], // ids of lib/sites.js BADGE_SITES where badges are off (the others keep them)
  disabledSites: [], // hosts (and their subdomains) where no panel is shown
});

export function normalizeServerUrl(value) {
  const u = new URL(value);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError('server URL must be http(s)');
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

/** The host a "turn off for this site" click stores: the page host without "www.". */
export function siteKey(host) {
  return String(host || '').toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
}

/** Whether host, or a parent domain of it, is on the off list. */
export function isSiteDisabled(host, disabledSites) {
  if (!disabledSites?.length) return false;
  const off = new Set(disabledSites);
  let h = siteKey(host);
  while (h) {
    if (off.has(h)) return true;
    const dot = h.indexOf('.');
    if (dot < 0) return false;
    h = h.slice(dot + 1);
  }
  return false;
}

export function mergeSettings(stored, changes = {}) {
  const out = { ...DEFAULT_SETTINGS, ...(stored ?? {}), ...changes };
  out.serverUrl = normalizeServerUrl(out.serverUrl);
  if (out.language !== 'auto' && !Object.hasOwn(LANGUAGES, out.language)) out.language = 'auto';
  out.badges = out.badges !== false;
  out.badgeSitesOff = BADGE_SITE_IDS.filter((id) => (Array.isArray(out.badgeSitesOff) ? out.badgeSitesOff : []).includes(id));
  out.disabledSites = [...new Set((out.disabledSites ?? []).map(siteKey).filter(Boolean))].sort();
  return out;
}

export class SettingsStore {
  constructor(storage) {
    this.storage = storage;
    this.cached = null;
  }

  async get() {
    if (!this.cached) {
      const got = await this.storage.get(SETTINGS_KEY);
      this.cached = mergeSettings(got?.[SETTINGS_KEY]);
    }
    return this.cached;
  }

  async set(changes) {
    const next = mergeSettings(await this.get(), changes);
    this.cached = next;
    await this.storage.set({ [SETTINGS_KEY]: next });
    return next;
  }

  /** Forget the in-memory copy (another context wrote storage). */
  invalidate() {
    this.cached = null;
  }
}
