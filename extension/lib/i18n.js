// The extension's words in the reader's language. Messages live in _locales/<lang>/messages.json
// (the WebExtensions format, which the browser itself reads for the manifest's __MSG_…__ names).
// browser.i18n.getMessage only follows the browser's language, so to honour the language chosen
// in the settings every page loads the chosen catalogue itself; a key it lacks falls back to English.

import { EN_MESSAGES } from './messages-en.js';

/** Languages with a catalogue, under their _locales folder names, and their own names. */
export const LANGUAGES = Object.freeze({
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ru: 'Русский',
  ar: 'العربية',
  zh_CN: '中文（简体）',
});
const RTL = new Set(['ar']);

/** A language setting ('auto' or a LANGUAGES key) and the browser's UI language -> a LANGUAGES key. */
export function pickLanguage(setting, uiLanguage) {
  if (setting && setting !== 'auto' && Object.hasOwn(LANGUAGES, setting)) return setting;
  const tag = String(uiLanguage || 'en').replace('-', '_');
  if (Object.hasOwn(LANGUAGES, tag)) return tag;
  const base = tag.split('_')[0].toLowerCase();
  if (base === 'zh') return 'zh_CN';
  return Object.hasOwn(LANGUAGES, base) ? base : 'en';
}

/** "zh_CN" -> "zh-CN": the BCP 47 tag for lang attributes and Intl. */
export const bcp47 = (lang) => lang.replace('_', '-');
export const directionOf = (lang) => (RTL.has(lang) ? 'rtl' : 'ltr');

/** One message with its $1…$9 substitutions ("$$" is a dollar sign), as the browsers do it. */
export function format(message, subs = []) {
  return message.replace(/\$(\$|[1-9])/g, (_, n) => (n === '$' ? '$' : String(subs[Number(n) - 1] ?? '')));
}

/**
 * t(key, ...subs) over a catalogue, English for what it lacks, the key itself for what neither has.
 * t.lang, t.tag and t.dir say which language it speaks.
 */
export function translator(messages = EN_MESSAGES, lang = 'en') {
  const t = (key, ...subs) => {
    const entry = (messages && messages[key]) || EN_MESSAGES[key];
    return entry ? format(entry.message, subs.flat()) : key;
  };
  t.lang = lang;
  t.tag = bcp47(lang);
  t.dir = directionOf(lang);
  return t;
}

/** English, for pure modules called without a translator (and their tests). */
export const EN = translator(EN_MESSAGES, 'en');

const catalogues = new Map(); // lang -> Promise<messages>

/** The catalogue of lang, read from the extension's own files (fetchFn(url) -> Response). */
export function loadMessages(lang, { getURL, fetchFn = globalThis.fetch } = {}) {
  if (lang === 'en') return Promise.resolve(EN_MESSAGES);
  if (!catalogues.has(lang)) {
    catalogues.set(lang, fetchFn(getURL(`_locales/${lang}/messages.json`))
      .then((r) => (r.ok ? r.json() : {}))
      .catch(() => ({})));
  }
  return catalogues.get(lang);
}

/** The translator for a language setting, in an extension context (ext: the browser API seam). */
export async function translatorFor(setting, ext) {
  const lang = pickLanguage(setting, ext?.i18n?.getUILanguage?.());
  const messages = await loadMessages(lang, { getURL: (p) => ext.runtime.getURL(p) });
  return translator(messages, lang);
}

/**
 * Fills a page's static text: data-i18n="<key>" sets the text, data-i18n-attr="<attr>:<key>;…"
 * attributes; the root gets lang and dir.
 */
export function localizePage(doc, t) {
  doc.documentElement.lang = t.tag;
  doc.documentElement.dir = t.dir;
  for (const el of doc.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  for (const el of doc.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.getAttribute('data-i18n-attr').split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}
