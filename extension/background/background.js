// The background: settings, the local domain index and its sync, look-ups with a session
// cache, the toolbar badge, and panel injection. It is the only part that talks to the
// server, and it does so only for pages the local index says are on a known outlet.

import { ext } from '../lib/browser-api.js';
import { SessionCache } from './services/cache.js';
import { IndexStore } from './services/index-store.js';
import { fetchRecord } from './services/record-service.js';
import { ServerClient } from './services/server-client.js';
import { SettingsStore, isSiteDisabled, siteKey } from './services/settings.js';
import { badgeSiteOf } from '../lib/sites.js';
import { badgeViewModel, recordViewModel } from '../lib/view-model.js';
import { translatorFor } from '../lib/i18n.js';
import { MessageError, pageUrlOf } from '../lib/messages.js';
import { createDispatcher } from './dispatcher.js';
import { authorMatch, linkMatch, pageAccountMatch } from './matching/links.js';
import { articleDate, isoDay } from '../lib/then-now.js';

const SYNC_ALARM = 'masthead-index-sync';
const RETRY_ALARM = 'masthead-index-retry';
const SYNC_PERIOD_MINUTES = 60;
// The content script only places the panel frame (panel/panel.html), which renders the record;
// root-filter.js and filter-guard.js keep a filter on <html> off it where it reaches it (Firefox);
// layer-guard.js decides when its watchdog raises it again.
const PANEL_FILES = ['content/root-filter.js', 'content/filter-guard.js', 'content/layer-guard.js', 'content/page-meta.js', 'content/panel.js'];
const NAV_FILTER = { url: [{ schemes: ['http', 'https'] }] };

const settings = new SettingsStore(ext.storage.local);
const indexStore = new IndexStore({ storage: ext.storage.local });
const cache = new SessionCache({ storage: ext.storage.session ?? null });
/** Tabs that have a panel script, so an SPA navigation off the outlet can remove it. */
const panelTabs = new Set();
/**
 * tab id -> {url, canonical, published, token}: what its page declared (canonical addresses,
 * publication dates) and the token its panel frame asks with. The popup reads it too.
 */
const pageByTab = new Map();
/**
 * tab id -> {url, account}: a video page whose markup names a known channel (page:account).
 * The panel then shows the channel's outlet for that URL only; the video's address is not sent.
 */
const accountByTab = new Map();

// What the extension has sent this session, shown on the options page.
const activity = { since: Date.now(), serverRequests: 0, recent: [], panels: 0, injections: 0 };

function clientFor(s) {
  return new ServerClient({
    baseUrl: s.serverUrl,
    onRequest(what) {
      activity.serverRequests += 1;
      activity.recent.unshift({ what, at: Date.now() });
      if (activity.recent.length > 25) activity.recent.length = 25;
    },
  });
}

// ------------------------------------------------------------------ index sync

async function syncIndex() {
  const s = await settings.get();
  const result = await indexStore.sync(clientFor(s));
  if (result.status === 'error') {
    await ext.alarms.create(RETRY_ALARM, { delayInMinutes: 1 });
  } else {
    // A retry left by an earlier failure (say, the default server before the reader changed
    // it) would only fetch the index again a minute later.
    await ext.alarms.clear(RETRY_ALARM);
  }
  return result;
}

async function ensureSyncAlarm() {
  const existing = await ext.alarms.get(SYNC_ALARM);
  if (!existing) await ext.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
}

// The first-run page, once, on a fresh install (not on updates). The extension works without
// it: the default server is already set, and closing the page unread changes nothing.
const WELCOME_PAGE = 'welcome/welcome.html';

ext.runtime.onInstalled.addListener((details) => {
  ensureSyncAlarm();
  syncIndex();
  if (details?.reason === 'install') ext.tabs.create({ url: ext.runtime.getURL(WELCOME_PAGE) }).catch(() => {});
});

/** The translator for the reader's language (the settings' choice, else the browser's). */
async function words() {
  return translatorFor((await settings.get()).language, ext);
}
ext.runtime.onStartup.addListener(() => {
  ensureSyncAlarm();
  syncIndex();
});
ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SYNC_ALARM || alarm.name === RETRY_ALARM) syncIndex();
});

// ------------------------------------------------------------------ pages

/**
 * What the local index says about a page URL: null for unknown hosts (no request made). The
 * canonical addresses the page declares key its article when they are on the same outlet and
 * the page's own address has no report links by the local article-key set. A
 * page whose URL names no outlet is still the outlet's when its tab's markup named a known
 * account for that URL (a video of a known channel: accountByTab); it is then keyed by the
 * account's address.
 */
async function classify(url, declared = [], tabId = null) {
  const s = await settings.get();
  const index = await indexStore.ready(s.serverUrl);
  if (!index) return null;
  // The page's own article, when the local key set lists it, beats what it declares (a page
  // cannot hide the report links of the article at its address behind another canonical).
  const ownListed = declared.length ? await index.ownListed(url) : false;
  let match = index.matchPage(url, declared, { ownListed });
  const named = tabId === null ? null : accountByTab.get(tabId);
  if (!match && named && named.url === url) {
    const account = index.matchUrl(named.account);
    if (account) match = { ...account, keyFrom: 'account' };
  }
  if (!match) return null;
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  return { url, host, match, settings: s, index, disabled: isSiteDisabled(host, s.disabledSites) };
}

function recordFor(page) {
  return fetchRecord({
    articleUrl: page.match.articleUrl,
    match: page.match,
    privacyMode: page.settings.privacyMode,
    client: clientFor(page.settings),
    cache,
    dataVersion: page.index.dataVersion,
    articleKeys: page.index.articleKeys,
    onStaleIndex: () => { syncIndex(); },
  });
}

const kindsByIndex = new WeakMap(); // DomainIndex -> Map(slug -> outlet kind)

/** An outlet's kind by its slug, from the local index (report links name their outlet's slug). */
function kindOfIn(index) {
  if (!kindsByIndex.has(index)) kindsByIndex.set(index, new Map(index.outlets.map((o) => [o.slug, o.kind])));
  const kinds = kindsByIndex.get(index);
  return (slug) => kinds.get(slug) ?? null;
}

/**
 * The panel's view model; falls back to the index entry when the server cannot be reached.
 * published: the publication-date strings the page declares (the article's date, if usable).
 */
async function viewModelFor(page, published = []) {
  const today = isoDay(new Date());
  const t = await words();
  const dates = { today, pageDate: articleDate(published, today), kindOf: kindOfIn(page.index), t };
  try {
    const record = await recordFor(page);
    if (record.outlet) {
      return recordViewModel({ outlet: record.outlet, article: record.article, reportLinks: record.reportLinks, match: page.match, ...copyOf(page), ...dates });
    }
  } catch (err) {
    const o = page.match.outlet;
    const vm = recordViewModel({
      outlet: { slug: o.slug, name: o.name, kind: o.kind, country: o.country, ownership: { paths: [], ultimate_owners: o.owner ? [{ name: o.owner }] : [] } },
      match: page.match,
      ...copyOf(page),
      ...dates,
    });
    return { ...vm, error: t('serverUnreachable', err.message) };
  }
  return null;
}

/** What the panel says about how the page reached the article (an archived copy of …). */
function copyOf(page) {
  return { via: page.match.via, articleUrl: page.match.articleUrl };
}

/** What the tab's page declared (canonical addresses, dates), if it is still on that page. */
function declaredFor(tabId, url) {
  const known = pageByTab.get(tabId);
  return known && known.url === url ? known : { canonical: [], published: [] };
}

/** A fresh random token for a tab's panel frame (base64url, 144 bits). */
function newToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const withoutFragment = (url) => String(url ?? '').replace(/#.*$/, '');

/** The tab a panel frame's token was issued to, while that tab still shows the same page (a #fragment aside). */
async function pageForToken(token) {
  for (const [tabId, entry] of pageByTab) {
    if (entry.token !== token) continue;
    const tab = await ext.tabs.get(tabId).catch(() => null);
    return tab && withoutFragment(tab.url) === withoutFragment(entry.url) ? { tabId, ...entry } : null;
  }
  return null;
}

/** Sites where the reader minimised the panel this session (in 'auto' mode it then starts as the tab there). */
const minimisedSites = new Set();
const MINIMISED_KEY = 'minimisedSites';
ext.storage.session?.get(MINIMISED_KEY).then((stored) => {
  for (const site of stored?.[MINIMISED_KEY] ?? []) minimisedSites.add(site);
}).catch(() => {});

/** Whether the panel opens without a click: the settings, the reader's minimising, and whether there is something to say. */
function opensAtOnce(mode, vm, site) {
  if (mode === 'expanded') return true;
  if (mode === 'collapsed') return false;
  return Boolean(vm.summary?.worthShowing) && !minimisedSites.has(site);
}

async function updateAction(tabId, page) {
  try {
    if (!page) {
      await ext.action.setBadgeText({ tabId, text: '' });
      await ext.action.setTitle({ tabId, title: 'Masthead' });
      return;
    }
    const badge = badgeViewModel(page.match.outlet, await words());
    await ext.action.setBadgeText({ tabId, text: badge.code });
    await ext.action.setBadgeBackgroundColor({ tabId, color: badge.color });
    if (ext.action.setBadgeTextColor) await ext.action.setBadgeTextColor({ tabId, color: '#ffffff' });
    await ext.action.setTitle({ tabId, title: `Masthead: ${badge.name} — ${badge.kindLabel}${badge.country ? ` (${badge.country})` : ''}` });
  } catch {
    // The tab went away.
  }
}

async function injectPanel(tabId) {
  try {
    await ext.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: PANEL_FILES, injectImmediately: true });
    panelTabs.add(tabId);
    activity.injections += 1;
  } catch {
    // Not allowed on this page (e.g. host access withdrawn) or the tab navigated away.
  }
}

async function removePanel(tabId) {
  if (!panelTabs.delete(tabId)) return;
  try {
    await ext.tabs.sendMessage(tabId, { type: 'panel:remove' }, { frameId: 0 });
  } catch {
    // No panel script listening any more.
  }
}

ext.webNavigation.onCommitted.addListener(async ({ tabId, frameId, url }) => {
  if (frameId !== 0) return;
  panelTabs.delete(tabId); // a new document has no panel script yet
  pageByTab.delete(tabId);
  accountByTab.delete(tabId);
  const page = await classify(url);
  await updateAction(tabId, page);
  // Start the look-up now so it is ready when the DOM is.
  if (page && !page.disabled) recordFor(page).catch(() => {});
}, NAV_FILTER);

ext.webNavigation.onDOMContentLoaded.addListener(async ({ tabId, frameId, url }) => {
  if (frameId !== 0) return;
  const page = await classify(url);
  await updateAction(tabId, page);
  if (page && !page.disabled) await injectPanel(tabId);
}, NAV_FILTER);

// Single-page sites change the URL without a new document.
ext.webNavigation.onHistoryStateUpdated.addListener(async ({ tabId, frameId, url }) => {
  if (frameId !== 0) return;
  const page = await classify(url, [], tabId);
  await updateAction(tabId, page);
  if (page && !page.disabled) await injectPanel(tabId);
  else await removePanel(tabId);
}, NAV_FILTER);

// The panel's keyboard shortcut: the tab's panel script opens or closes it and focuses it.
ext.commands?.onCommand.addListener(async (command, tab) => {
  if (command !== 'toggle-panel') return;
  const tabId = tab?.id ?? (await ext.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
  if (!Number.isInteger(tabId) || !panelTabs.has(tabId)) return;
  try {
    await ext.tabs.sendMessage(tabId, { type: 'panel:toggle' }, { frameId: 0 });
  } catch {
    // No panel script listening any more.
  }
});

ext.tabs.onRemoved.addListener((tabId) => {
  panelTabs.delete(tabId);
  pageByTab.delete(tabId);
  accountByTab.delete(tabId);
});

// ------------------------------------------------------------------ messages

async function tabUrl(tabId) {
  const tab = Number.isInteger(tabId)
    ? await ext.tabs.get(tabId)
    : (await ext.tabs.query({ active: true, lastFocusedWindow: true }))[0];
  return { tab, url: tab?.url ?? '' };
}

const handlers = {
  // The content script learns only whether to place the frame, and the frame's token.
  async 'panel:get'({ pageUrl, canonical, published }, sender) {
    const declared = canonical ?? [];
    const url = pageUrlOf(pageUrl, sender);
    const page = await classify(url, declared, sender.tab.id);
    if (!page || page.disabled) {
      pageByTab.delete(sender.tab.id);
      return { known: false };
    }
    const token = newToken();
    pageByTab.set(sender.tab.id, { url, canonical: declared, published: published ?? [], token });
    const t = await words();
    return { known: true, token, title: t('panelFrameTitle') };
  },

  async 'frame:get'({ token }) {
    const entry = await pageForToken(token);
    if (!entry) return { known: false };
    const page = await classify(entry.url, entry.canonical, entry.tabId);
    if (!page || page.disabled) return { known: false };
    const vm = await viewModelFor(page, entry.published);
    if (!vm) return { known: false };
    activity.panels += 1;
    const site = siteKey(page.host);
    return { known: true, vm, open: opensAtOnce(page.settings.panelMode, vm, site), site, tabId: entry.tabId };
  },

  async 'frame:minimised'({ token, minimised }) {
    const entry = await pageForToken(token);
    if (!entry) return { site: null };
    const site = siteKey(new URL(entry.url).hostname);
    if (minimised) minimisedSites.add(site);
    else minimisedSites.delete(site);
    await ext.storage.session?.set({ [MINIMISED_KEY]: [...minimisedSites] }).catch(() => {});
    return { site };
  },

  // The panel stays a few seconds to offer an undo, then closes itself.
  async 'frame:site-off'({ token }) {
    const entry = await pageForToken(token);
    if (!entry) throw new MessageError('unknown_panel', 'this panel is no longer on its page');
    const site = siteKey(new URL(entry.url).hostname);
    const s = await settings.get();
    await settings.set({ disabledSites: [...s.disabledSites, site] });
    return { site };
  },

  async 'frame:site-on'({ token }) {
    const entry = await pageForToken(token);
    if (!entry) throw new MessageError('unknown_panel', 'this panel is no longer on its page');
    const site = siteKey(new URL(entry.url).hostname);
    const s = await settings.get();
    await settings.set({ disabledSites: s.disabledSites.filter((d) => d !== site) });
    return { site };
  },

  // Links, and posts' author links ({href, author: true}: badged only as a known account's).
  async 'badges:match'({ pageUrl, links }, sender) {
    const url = pageUrlOf(pageUrl, sender);
    const site = badgeSiteOf(url);
    if (!site) throw new MessageError('forbidden', 'link badges run only on the documented sites');
    const s = await settings.get();
    // Switched off in the settings, or for this site: the badge script stops and adds nothing.
    if (!s.badges || s.badgeSitesOff.includes(site.id)) return { off: true, matches: links.map(() => null) };
    const index = await indexStore.ready(s.serverUrl);
    if (!index) return { matches: links.map(() => null) };
    const t = await words();
    const matchOf = (link) => (typeof link === 'object' && link.author ? authorMatch(index, link.href) : linkMatch(index, link, url));
    return { matches: links.map((link) => badgeViewModel(matchOf(link)?.outlet, t, { serverUrl: s.serverUrl })) };
  },

  // A video page's markup names its channel: for a known account, the panel opens as on the
  // outlet's site (from the local index; nothing is sent unless the account is known).
  async 'page:account'({ pageUrl, accounts }, sender) {
    const url = pageUrlOf(pageUrl, sender);
    if (!badgeSiteOf(url)) throw new MessageError('forbidden', 'page accounts are read only on the documented sites');
    const s = await settings.get();
    const index = await indexStore.ready(s.serverUrl);
    const match = index ? pageAccountMatch(index, accounts, url) : null;
    const tabId = sender.tab.id;
    const before = accountByTab.get(tabId);
    if (!match) {
      // The page now names another channel (YouTube updates the owner after the URL).
      if (before?.url === url) {
        accountByTab.delete(tabId);
        const page = await classify(url, [], tabId);
        await updateAction(tabId, page);
        if (!page) await removePanel(tabId);
      }
      return { known: false };
    }
    if (before?.url === url && before.account === match.canonicalUrl) return { known: true };
    accountByTab.set(tabId, { url, account: match.canonicalUrl });
    const page = await classify(url, [], tabId);
    await updateAction(tabId, page);
    if (page && !page.disabled) await injectPanel(tabId);
    return { known: true };
  },

  async 'suggestion:submit'(payload, sender) {
    const url = sender.tab && !sender.url.startsWith(ext.runtime.getURL('')) ? sender.url : (await tabUrl(payload.tabId)).url;
    const page = await classify(url);
    // Never send the address of a page that is not on a known outlet.
    if (!page) throw new MessageError('unknown_page', 'suggestions can only be made from pages of known outlets');
    const body = { kind: payload.kind, page_url: page.url, outlet_slug: page.match.outlet.slug, message: payload.message.trim() };
    if (payload.reportUrl) body.report_url = payload.reportUrl;
    if (payload.relation) body.relation = payload.relation;
    const created = await clientFor(page.settings).postSuggestion(body);
    return { id: created?.id ?? null, status: created?.status ?? 'pending' };
  },

  async 'record:get'({ tabId }) {
    const { tab, url } = await tabUrl(tabId);
    const declared = url ? declaredFor(tab?.id, url) : null;
    const page = url ? await classify(url, declared.canonical, tab?.id ?? null) : null;
    if (!page) return { known: false, tabId: tab?.id ?? null };
    const vm = await viewModelFor(page, declared.published);
    return { known: Boolean(vm), vm, disabled: page.disabled, site: siteKey(page.host), tabId: tab.id };
  },

  async 'settings:get'() {
    return { settings: await settings.get() };
  },

  async 'settings:set'({ settings: changes }) {
    const before = await settings.get();
    const after = await settings.set(changes);
    if (after.serverUrl !== before.serverUrl) {
      cache.clear();
      await indexStore.clear();
      await syncIndex();
    } else if (after.privacyMode !== before.privacyMode) {
      cache.clear();
    }
    return { settings: after };
  },

  async 'index:status'() {
    const s = await settings.get();
    await indexStore.ready(s.serverUrl);
    return { index: indexStore.status(), activity, serverUrl: s.serverUrl };
  },

  async 'index:sync'() {
    const result = await syncIndex();
    return { result, index: indexStore.status() };
  },
};

ext.runtime.onMessage.addListener(createDispatcher(handlers, {
  extensionId: ext.runtime.id,
  extensionOrigin: ext.runtime.getURL(''),
}, (err) => console.warn('Masthead:', err)));

ensureSyncAlarm();
