// The first-run page (opened once, on install): what Masthead shows and sends, and the server
// it uses. Nothing here needs a click: the default server is already set.

import { ext } from '../lib/browser-api.js';
import { localizePage, translatorFor } from '../lib/i18n.js';
import { saveSettings, send } from '../options/save-settings.js';

const form = document.getElementById('server-form');
const saved = document.getElementById('saved');
let t = (key) => key;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  saved.textContent = '';
  try {
    const settings = await saveSettings({ serverUrl: form.serverUrl.value.trim() }, t);
    form.serverUrl.value = settings.serverUrl;
    saved.textContent = t('welcomeSaved');
  } catch (err) {
    saved.textContent = t('optionsNotSaved', err.message);
  }
});

(async () => {
  const { settings } = await send({ type: 'settings:get' });
  t = await translatorFor(settings.language, ext);
  localizePage(document, t);
  form.serverUrl.value = settings.serverUrl;
})();
