// The options page: server URL, panel mode, privacy mode and the per-site off list, plus
// the state of the local index and what was sent to the server this session.

import { ext } from '../lib/browser-api.js';

const form = document.getElementById('settings');
const saved = document.getElementById('saved');
const ALL_SITES = { origins: ['http://*/*', 'https://*/*'] };

async function send(message) {
  const reply = await ext.runtime.sendMessage(message);
  if (!reply?.ok) throw new Error(reply?.error?.message ?? 'no reply');
  return reply;
}

function fill(settings) {
  form.serverUrl.value = settings.serverUrl;
  for (const radio of form.panelMode) radio.checked = radio.value === settings.panelMode;
  form.privacyMode.checked = settings.privacyMode;
  form.disabledSites.value = settings.disabledSites.join('\n');
}

function originPattern(serverUrl) {
  const u = new URL(serverUrl);
  return `${u.protocol}//${u.hostname}/*`;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  saved.textContent = '';
  const sites = form.disabledSites.value.split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const changes = {
    serverUrl: form.serverUrl.value.trim(),
    panelMode: form.panelMode.value,
    privacyMode: form.privacyMode.checked,
    disabledSites: sites,
  };
  try {
    // A custom server needs host access; asking must happen in this click's handler.
    const origins = [originPattern(changes.serverUrl)];
    if (!(await ext.permissions.contains({ origins }))) {
      if (!(await ext.permissions.request({ origins }))) throw new Error(`access to ${origins[0]} was not granted`);
    }
    const reply = await send({ type: 'settings:set', settings: changes });
    fill(reply.settings);
    saved.textContent = 'Saved.';
    refreshStatus();
  } catch (err) {
    saved.textContent = `Not saved: ${err.message}`;
  }
});

document.getElementById('sync').addEventListener('click', async () => {
  const status = document.getElementById('index-status');
  status.textContent = 'Syncing…';
  try {
    await send({ type: 'index:sync' });
  } catch (err) {
    status.textContent = `Sync failed: ${err.message}`;
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
    status.textContent = index.loaded
      ? `${index.ruleCount} domain rules for ${index.outletCount} outlets from ${serverUrl}, data version ${index.dataVersion}; last checked ${new Date(index.checkedAt).toLocaleString()}.${index.lastError ? ` Last sync failed: ${index.lastError}` : ''}`
      : `No index yet from ${serverUrl}.${index.lastError ? ` ${index.lastError}` : ''}`;
    const summary = document.getElementById('activity-summary');
    summary.dataset.serverRequests = String(activity.serverRequests);
    summary.textContent = `${activity.serverRequests} request(s) since ${new Date(activity.since).toLocaleTimeString()}; panels shown: ${activity.panels}.`;
    document.getElementById('activity').replaceChildren(...activity.recent.map((r) => {
      const li = document.createElement('li');
      li.textContent = `${new Date(r.at).toLocaleTimeString()} ${r.what}`;
      return li;
    }));
  } catch (err) {
    status.textContent = `Status unavailable: ${err.message}`;
  }
}

(async () => {
  fill((await send({ type: 'settings:get' })).settings);
  refreshStatus();
  checkAccess();
})();
