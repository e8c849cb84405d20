// The toolbar popup: the same record as the panel, for the active tab. On a page of an
// unknown host it says so and sends nothing (the background checks the local index first).

import { ext } from '../lib/browser-api.js';

const { h, renderRecord, renderSuggestionForm, STYLES } = globalThis.MastheadRender;
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
  const button = h(document, 'button', { type: 'button', id: 'site-on' }, `Turn the panel back on for ${site}`);
  button.addEventListener('click', async () => {
    button.disabled = true;
    const current = await ext.runtime.sendMessage({ type: 'settings:get' });
    const disabledSites = (current?.settings?.disabledSites ?? []).filter((d) => d !== site && !site.endsWith(`.${d}`));
    const saved = await ext.runtime.sendMessage({ type: 'settings:set', settings: { disabledSites } });
    status.textContent = saved?.ok ? ' On again: reload the page to see the panel.' : ' Not saved.';
  });
  return h(document, 'p', { class: 'muted site-switch' }, `The in-page panel is turned off on ${site}. `, button, status);
}

async function load() {
  let reply;
  try {
    reply = await ext.runtime.sendMessage({ type: 'record:get', ...(tabId === undefined ? {} : { tabId }) });
  } catch (err) {
    show(h(document, 'p', { class: 'error' }, `Masthead is not ready: ${err.message}`));
    return;
  }
  if (!reply?.ok) {
    show(h(document, 'p', { class: 'error' }, reply?.error?.message ?? 'No answer from the background.'));
    return;
  }
  if (!reply.known) {
    show(
      h(document, 'h2', null, 'Masthead'),
      h(document, 'p', null, 'Masthead has no record for this site.'),
      h(document, 'p', { class: 'muted' }, 'Nothing about this page was sent anywhere: the check ran against the local index.'),
    );
    return;
  }
  show(
    reply.disabled ? siteSwitch(reply.site) : null,
    renderRecord(document, reply.vm),
    renderSuggestionForm(document, async (fields) => {
      const sent = await ext.runtime.sendMessage({ type: 'suggestion:submit', ...fields, tabId: reply.tabId });
      if (!sent?.ok) throw new Error(sent?.error?.message ?? 'no reply');
      return 'Thank you: your suggestion was sent to the maintainers for review.';
    }),
  );
}

load();
