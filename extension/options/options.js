// The options page: server URL, language, panel mode, link badges, privacy mode and the
// per-site off list, plus the state of the local index and what was sent to the server this session.

import { ext } from '../lib/browser-api.js';
import { DEFAULT_SETTINGS } from '../background/services/settings.js';
import { LANGUAGES, localizePage, translatorFor } from '../lib/i18n.js';
import { K_ANONYMITY } from '../background/matching/key-set.js';
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
  showPrivacyLine();
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

/** The privacy figures describe privacy mode: shown while it is ticked. */
function showPrivacyLine() {
  document.getElementById('privacy-now').hidden = !form.privacyMode.checked;
}
form.privacyMode.addEventListener('change', showPrivacyLine);

/**
 * What privacy mode sends with the index loaded now, from the index itself: the request line
 * is the one the server client sends (the server's path, then /api/v1/reports/hash/<bucket>),
 * shown for the first bucket.
 */
function showPrivacyFigures(privacy, serverUrl) {
  const line = document.getElementById('privacy-now');
  if (!privacy) {
    line.textContent = '';
    return;
  }
  const base = new URL(serverUrl).pathname.replace(/\/+$/, '');
  const requestLine = `GET ${base}/api/v1/reports/hash/${'0'.repeat(privacy.hexDigits)}`;
  const shared = privacy.smallestBucket ?? Math.min(K_ANONYMITY, privacy.articles);
  line.dataset.prefixBits = String(privacy.prefixBits);
  line.dataset.requestLine = requestLine;
  // The request line isolated (FSI … PDI), so a right-to-left sentence keeps it in one piece.
  line.textContent = t('optionsPrivacyNow', privacy.articles, privacy.prefixBits, new TextEncoder().encode(requestLine).length, `\u2068${requestLine}\u2069`, shared);
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
    showPrivacyFigures(index.privacy, serverUrl);
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
