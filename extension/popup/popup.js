// The toolbar popup: the same record as the panel, for the active tab. On a page of an
// unknown host it says so and sends nothing (the background checks the local index first).

import { ext } from '../lib/browser-api.js';
import { localizePage, translatorFor } from '../lib/i18n.js';

const { h, renderRecord, renderSuggestionForm, setTranslator, STYLES } = globalThis.MastheadRender;
let t = (key) => key;
const main = document.getElementById('main');

const style = document.createElement('style');
style.textContent = STYLES;
document.head.appendChild(style);

document.getElementById('open-options').addEventListener('click', (event) => {
  event.preventDefault();
  ext.runtime.openOptionsPage();
});

// ?tab=<id> lets the popup be opened as a page for a given tab (tests, screenshots).
const tabParam = new URLSearchParams(location.search).get('tab');
const tabId = tabParam && /^\d+$/.test(tabParam) ? Number(tabParam) : undefined;

function show(...nodes) {
  main.replaceChildren(...nodes.filter(Boolean));
  main.setAttribute('aria-busy', 'false');
}

/** "The panel is off on rt.com" with a button that turns it back on there (and on the parent domain that turned it off). */
function siteSwitch(site) {
  const status = h(document, 'span', { role: 'status' });
  const button = h(document, 'button', { type: 'button', id: 'site-on' }, t('popupSiteOn', site));
  button.addEventListener('click', async () => {
    button.disabled = true;
    const current = await ext.runtime.sendMessage({ type: 'settings:get' });
    const disabledSites = (current?.settings?.disabledSites ?? []).filter((d) => d !== site && !site.endsWith(`.${d}`));
    const saved = await ext.runtime.sendMessage({ type: 'settings:set', settings: { disabledSites } });
    status.textContent = ` ${saved?.ok ? t('popupOnAgain') : t('popupNotSaved')}`;
  });
  return h(document, 'p', { class: 'muted site-switch' }, `${t('popupSiteOff', site)} `, button, status);
}

async function load() {
  let reply;
  try {
    // The reader's language: the settings' choice, else the browser's.
    const current = await ext.runtime.sendMessage({ type: 'settings:get' });
    t = await translatorFor(current?.settings?.language, ext);
    setTranslator(t);
    localizePage(document, t);
    reply = await ext.runtime.sendMessage({ type: 'record:get', ...(tabId === undefined ? {} : { tabId }) });
  } catch (err) {
    show(h(document, 'p', { class: 'error' }, t('popupNotReady', err.message)));
    return;
  }
  if (!reply?.ok) {
    show(h(document, 'p', { class: 'error' }, reply?.error?.message ?? t('popupNoAnswer')));
    return;
  }
  if (!reply.known) {
    show(
      h(document, 'h2', null, 'Masthead'),
      h(document, 'p', null, t('popupUnknown')),
      h(document, 'p', { class: 'muted' }, t('popupNothingSent')),
    );
    return;
  }
  show(
    reply.disabled ? siteSwitch(reply.site) : null,
    renderRecord(document, reply.vm),
    renderSuggestionForm(document, async (fields) => {
      const sent = await ext.runtime.sendMessage({ type: 'suggestion:submit', ...fields, tabId: reply.tabId });
      if (!sent?.ok) throw new Error(sent?.error?.message ?? 'no reply');
      return t('suggestThanks');
    }),
  );
}

load();
