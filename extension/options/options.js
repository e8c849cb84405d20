// The options page: server URL, language, panel mode, link badges, privacy mode and the
// per-site off list, plus the state of the local index and what was sent to the server this session.

import { ext } from '../lib/browser-api.js';
import { DEFAULT_SETTINGS } from '../background/services/settings.js';
import { LANGUAGES, localizePage, translatorFor } from '../lib/i18n.js';
import { saveSettings, send } from './save-settings.js';
import { BADGE_SITES } from '../lib/sites.js';

const form = document.getElementById('settings');
const saved = document.getElementById('saved');
const ALL_SITES = { origins: ['http://*/*', 'https://*/*'] };
let t = (key) => key;

/** The page's words in the reader's language (again after the language is changed). */
async function localize(language) {
  t = await translatorFor(language, ext);
  localizePage(document, t);
  document.getElementById('server-hint').textContent = t('optionsServerHint', DEFAULT_SETTINGS.serverUrl);
  const select = form.language;
  const chosen = select.value || language;
  // Each language under its own name, so a reader can find theirs whatever the page's language.
  select.replaceChildren(
    new Option(t('optionsLanguageAuto'), 'auto'),
    ...Object.entries(LANGUAGES).map(([code, name]) => {
      const option = new Option(name, code);
      option.lang = code.replace('_', '-');
      return option;
    }),
  );
  select.value = chosen;
}

/** One checkbox per badge site (lib/sites.js), checked where badges are on. */
function badgeSiteBoxes() {
  const box = document.getElementById('badge-sites');
  box.replaceChildren(...BADGE_SITES.map((site) => {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.name = 'badgeSite';
    input.value = site.id;
    input.id = `badge-site-${site.id}`;
    label.append(input, ` ${site.name}`);
    return label;
  }));
}
badgeSiteBoxes();

function fill(settings) {
  form.serverUrl.value = settings.serverUrl;
  form.language.value = settings.language;
  for (const radio of form.panelMode) radio.checked = radio.value === settings.panelMode;
  form.badges.checked = settings.badges;
  for (const box of document.querySelectorAll('input[name="badgeSite"]')) box.checked = !settings.badgeSitesOff.includes(box.value);
  form.privacyMode.checked = settings.privacyMode;
  form.disabledSites.value = settings.disabledSites.join('\n');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  saved.textContent = '';
  const sites = form.disabledSites.value.split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const changes = {
    serverUrl: form.serverUrl.value.trim(),
    language: form.language.value,
    panelMode: form.panelMode.value,
    badges: form.badges.checked,
    badgeSitesOff: [...document.querySelectorAll('input[name="badgeSite"]')].filter((box) => !box.checked).map((box) => box.value),
    privacyMode: form.privacyMode.checked,
    disabledSites: sites,
  };
  try {
    const settings = await saveSettings(changes, t);
    await localize(settings.language);
    fill(settings);
    saved.textContent = t('optionsSaved');
    refreshStatus();
  } catch (err) {
    saved.textContent = t('optionsNotSaved', err.message);
  }
});

document.getElementById('sync').addEventListener('click', async () => {
  const status = document.getElementById('index-status');
  status.textContent = t('optionsSyncing');
  try {
    await send({ type: 'index:sync' });
  } catch (err) {
    status.textContent = t('optionsSyncFailed', err.message);
    return;
  }
  refreshStatus();
});

document.getElementById('grant').addEventListener('click', async () => {
  await ext.permissions.request(ALL_SITES);
  checkAccess();
});

async function checkAccess() {
  const granted = await ext.permissions.contains(ALL_SITES);
  document.getElementById('access').hidden = granted;
}

async function refreshStatus() {
  const status = document.getElementById('index-status');
  try {
    const { index, activity, serverUrl } = await send({ type: 'index:status' });
    status.dataset.ruleCount = String(index.ruleCount ?? 0);
    const lastError = index.lastError ? ` ${t('optionsIndexLastFailed', index.lastError)}` : '';
    status.textContent = index.loaded
      ? t('optionsIndexLoaded', index.ruleCount, index.outletCount, serverUrl, index.dataVersion, new Date(index.checkedAt).toLocaleString(t.tag)) + lastError
      : t('optionsIndexNone', serverUrl) + (index.lastError ? ` ${index.lastError}` : '');
    const summary = document.getElementById('activity-summary');
    summary.dataset.serverRequests = String(activity.serverRequests);
    summary.textContent = t('optionsActivitySummary', activity.serverRequests, new Date(activity.since).toLocaleTimeString(t.tag), activity.panels);
    document.getElementById('activity').replaceChildren(...activity.recent.map((r) => {
      const li = document.createElement('li');
      li.textContent = `${new Date(r.at).toLocaleTimeString(t.tag)} ${r.what}`;
      return li;
    }));
  } catch (err) {
    status.textContent = t('optionsStatusUnavailable', err.message);
  }
}

(async () => {
  const { settings } = await send({ type: 'settings:get' });
  await localize(settings.language);
  fill(settings);
  refreshStatus();
  checkAccess();
})();
