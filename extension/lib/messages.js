// The message contract between the background and everything else, in one file.
// Every message a content script or an extension page may send is listed here with who may
// send it and what its payload must look like; the background's one dispatcher refuses
// anything else. Content scripts send the page's current address (pageUrl: location.href),
// because the sender's url the browser fills in stays the document's first address after a
// single-page navigation (history.pushState); the background takes it only when it is an
// http(s) address on the sender's own origin (pageUrlOf), else the sender's url. Content scripts
// run in an isolated world, so the page cannot forge their messages. The few messages the
// background sends to a tab are listed here too (TO_CONTENT). test/unit/messages.test.js
// checks the senders and handlers in the source against these lists.

import { REPORT_RELATION_NAMES, SUGGESTION_KINDS } from './vocab.js';
import { LANGUAGES } from './i18n.js';
import { BADGE_SITE_IDS } from './sites.js';

/** Most links one badges:match message may carry (the content script batches). */
export const MAX_BADGE_LINKS = 500;
/** Longest link text a badges:match item may carry (X's t.co links show their target so). */
export const MAX_LINK_TEXT = 300;
/** Most account addresses a page may name in page:account (a video's channel, several ways). */
export const MAX_PAGE_ACCOUNTS = 4;
/** Most canonical addresses a page may declare in panel:get (link rel=canonical, og:url). */
export const MAX_DECLARED = 2;
/** Most publication-date strings panel:get may carry, and their longest length. */
export const MAX_DATES = 4;
export const MAX_DATE_LENGTH = 100;
/** The panel frame's token: what panel:get issued to the tab, base64url. */
const TOKEN_RE = /^[A-Za-z0-9_-]{16,64}$/;

/** Who may send a message: a content script in a top-level page, or one of our own pages. */
export const SENDERS = { CONTENT: 'content', EXTENSION_PAGE: 'extension-page' };

const HOST_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*$/;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const shortString = (max) => (v) => typeof v === 'string' && v.length <= max;
const optional = (check) => (v) => v === undefined || v === null || check(v);

function httpUrl(v) {
  if (typeof v !== 'string' || v.length > 2048) return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

const SETTINGS_FIELDS = {
  serverUrl: httpUrl,
  panelMode: (v) => v === 'auto' || v === 'collapsed' || v === 'expanded',
  privacyMode: (v) => typeof v === 'boolean',
  language: (v) => v === 'auto' || Object.hasOwn(LANGUAGES, v),
  badges: (v) => typeof v === 'boolean',
  badgeSitesOff: (v) => Array.isArray(v) && v.every((id) => BADGE_SITE_IDS.includes(id)),
  disabledSites: (v) => Array.isArray(v) && v.length <= 1000 && v.every((h) => typeof h === 'string' && HOST_RE.test(h)),
};

// A badge link: its href, or {href, text} where the text shows the target (t.co links on X),
// or {href, author: true} for a post's author link (badged only as a known account's).
const badgeLink = (v) => httpUrl(v) || (isObject(v) && httpUrl(v.href) && Object.keys(v).every((k) => k === 'href' || k === 'text' || k === 'author')
  && (v.text === undefined || shortString(MAX_LINK_TEXT)(v.text)) && (v.author === undefined || v.author === true));

export const MESSAGES = {
  // Content scripts. The panel sends the canonical addresses its page declares
  // (<link rel=canonical>, og:url), which key the article only when on the same outlet.
  // It also sends the publication dates the page declares (article:published_time, JSON-LD
  // datePublished, <time datetime>), as strings; the background reads them (lib/then-now.js).
  // The answer carries a token for the panel frame, which the page never sees, and the frame's
  // title in the reader's language.
  'panel:get': {
    from: [SENDERS.CONTENT],
    fields: {
      pageUrl: optional(httpUrl),
      canonical: optional((v) => Array.isArray(v) && v.length <= MAX_DECLARED && v.every(httpUrl)),
      published: optional((v) => Array.isArray(v) && v.length <= MAX_DATES && v.every(shortString(MAX_DATE_LENGTH))),
    },
  },
  // Links on a search/social page, as the page has them; answered from the local index (each
  // match with the outlet's record-page URL), or {off: true} when link badges are switched off.
  'badges:match': {
    from: [SENDERS.CONTENT],
    fields: {
      pageUrl: optional(httpUrl),
      links: (v) => Array.isArray(v) && v.length > 0 && v.length <= MAX_BADGE_LINKS && v.every(badgeLink),
    },
  },
  // The account addresses a page's markup names for itself (a YouTube video's channel:
  // content/surfaces/youtube.js); answered {known} from the local index, and for a known
  // account the background opens the panel on the page.
  'page:account': {
    from: [SENDERS.CONTENT],
    fields: {
      pageUrl: optional(httpUrl),
      accounts: (v) => Array.isArray(v) && v.length > 0 && v.length <= MAX_PAGE_ACCOUNTS && v.every(httpUrl),
    },
  },
  'suggestion:submit': {
    from: [SENDERS.CONTENT, SENDERS.EXTENSION_PAGE],
    fields: {
      kind: (v) => SUGGESTION_KINDS.includes(v),
      reportUrl: optional((v) => v === '' || httpUrl(v)),
      relation: optional((v) => v === '' || REPORT_RELATION_NAMES.includes(v)),
      message: (v) => typeof v === 'string' && v.trim().length > 0 && v.length <= 4000,
      // Only extension pages (the popup) name the tab the suggestion is about.
      tabId: optional(Number.isInteger),
    },
  },
  // The panel frame (panel/panel.html, an extension page inside the outlet's page): its
  // record, and "off on this site", for the tab its token was issued to.
  'frame:get': { from: [SENDERS.EXTENSION_PAGE], fields: { token: (v) => typeof v === 'string' && TOKEN_RE.test(v) } },
  'frame:site-off': { from: [SENDERS.EXTENSION_PAGE], fields: { token: (v) => typeof v === 'string' && TOKEN_RE.test(v) } },
  // Undo of frame:site-off, from the same panel.
  'frame:site-on': { from: [SENDERS.EXTENSION_PAGE], fields: { token: (v) => typeof v === 'string' && TOKEN_RE.test(v) } },
  // The reader minimised (or opened) the panel: in 'auto' mode it then starts as the tab on
  // that site's other pages, for the rest of the browser session.
  'frame:minimised': {
    from: [SENDERS.EXTENSION_PAGE],
    fields: { token: (v) => typeof v === 'string' && TOKEN_RE.test(v), minimised: (v) => typeof v === 'boolean' },
  },
  // Extension pages (popup, options).
  'record:get': { from: [SENDERS.EXTENSION_PAGE], fields: { tabId: optional(Number.isInteger) } },
  'settings:get': { from: [SENDERS.EXTENSION_PAGE], fields: {} },
  'settings:set': {
    from: [SENDERS.EXTENSION_PAGE],
    fields: {
      settings: (v) => isObject(v) && Object.keys(v).every((k) => k in SETTINGS_FIELDS && SETTINGS_FIELDS[k](v[k])),
    },
  },
  'index:status': { from: [SENDERS.EXTENSION_PAGE], fields: {} },
  'index:sync': { from: [SENDERS.EXTENSION_PAGE], fields: {} },
};

/**
 * Messages the background sends to a tab's top frame (tabs.sendMessage), and the content
 * script that handles each. Content scripts act only on messages from this extension.
 */
export const TO_CONTENT = {
  // The page's URL left the outlet (single-page navigation): take the panel down.
  'panel:remove': { handledBy: 'content/panel.js', fields: {} },
  // The reader pressed the panel's shortcut (commands API, "toggle-panel"): open or close it,
  // and move the focus into it; bring it back if the reader closed it on this page.
  'panel:toggle': { handledBy: 'content/panel.js', fields: {} },
};

/**
 * The panel frame (panel/panel.js) and its placeholder in the page (content/panel.js) talk over
 * a MessagePort of their own: the placeholder posts `masthead:connect` with the frame's token
 * and the port to the frame's window (targetOrigin: the extension's), and the frame accepts
 * only that token. Nothing is posted to the page's window, so the page neither sees these
 * messages nor gets a handle on the frame from them.
 */
export const FRAME_POSTS = {
  'masthead:connect': { sentBy: 'content/panel.js', handledBy: 'panel/panel.js', fields: ['token'] },
  'masthead:size': { sentBy: 'panel/panel.js', handledBy: 'content/panel.js', fields: ['width', 'height'] },
  'masthead:close': { sentBy: 'panel/panel.js', handledBy: 'content/panel.js', fields: [] },
  // The shortcut, placeholder to frame.
  'masthead:toggle': { sentBy: 'content/panel.js', handledBy: 'panel/panel.js', fields: [] },
};

export class MessageError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Which kind of sender this is, or null for anything we do not talk to. */
export function classifySender(sender, { extensionId, extensionOrigin }) {
  if (!isObject(sender) || sender.id !== extensionId) return null;
  const url = typeof sender.url === 'string' ? sender.url : '';
  if (extensionOrigin && url.startsWith(extensionOrigin)) return SENDERS.EXTENSION_PAGE;
  if (isObject(sender.tab) && Number.isInteger(sender.tab.id) && sender.frameId === 0 && httpUrl(url)) {
    return SENDERS.CONTENT;
  }
  return null;
}

/**
 * Checks a message against the contract. Returns {type, payload, senderKind} or throws
 * MessageError. Unknown fields are refused too, so the contract stays the whole truth.
 */
export function validateMessage(message, sender, ids) {
  if (!isObject(message) || typeof message.type !== 'string') {
    throw new MessageError('bad_message', 'a message is an object with a string type');
  }
  const spec = Object.hasOwn(MESSAGES, message.type) ? MESSAGES[message.type] : null;
  if (!spec) throw new MessageError('unknown_type', `unknown message type ${message.type.slice(0, 40)}`);
  const senderKind = classifySender(sender, ids);
  if (!senderKind || !spec.from.includes(senderKind)) {
    throw new MessageError('forbidden', `${message.type} is not accepted from this sender`);
  }
  const payload = {};
  for (const [key, value] of Object.entries(message)) {
    if (key === 'type') continue;
    if (!Object.hasOwn(spec.fields, key)) throw new MessageError('bad_field', `unexpected field ${key.slice(0, 40)}`);
    payload[key] = value;
  }
  for (const [key, check] of Object.entries(spec.fields)) {
    if (!check(payload[key])) throw new MessageError('bad_field', `field ${key} is missing or malformed`);
  }
  return { type: message.type, payload, senderKind };
}

/**
 * The address of the page a content script's message is about: the pageUrl it sends (its
 * location.href, current after a single-page navigation) when that is an http(s) address on
 * the same origin as the document the browser says sent it (history.pushState cannot change
 * the origin), else the sender's url. Nothing else the page could claim is believed.
 */
export function pageUrlOf(claimed, sender) {
  const fallback = isObject(sender) && typeof sender.url === 'string' ? sender.url : '';
  if (!httpUrl(claimed) || !httpUrl(fallback)) return fallback;
  const origin = new URL(fallback).origin;
  if (new URL(claimed).origin !== origin) return fallback;
  // Chromium also names the sending frame's origin; both must agree.
  if (typeof sender.origin === 'string' && sender.origin !== 'null' && sender.origin !== origin) return fallback;
  return claimed;
}

export const isHost = (h) => typeof h === 'string' && h.length <= 253 && HOST_RE.test(h);
