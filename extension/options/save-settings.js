// Saving settings from an extension page (the options page, the first-run page): a server of
// the reader's choosing needs host access, which must be asked for in the click's handler.

import { ext } from '../lib/browser-api.js';
import { EN } from '../lib/i18n.js';

export async function send(message) {
  const reply = await ext.runtime.sendMessage(message);
  if (!reply?.ok) throw new Error(reply?.error?.message ?? 'no reply');
  return reply;
}

export function originPattern(serverUrl) {
  const u = new URL(serverUrl);
  return `${u.protocol}//${u.hostname}/*`;
}

/** Saves changes (asking for access to a new server first); resolves to the stored settings. */
export async function saveSettings(changes, t = EN) {
  if (changes.serverUrl) {
    const origins = [originPattern(changes.serverUrl)];
    if (!(await ext.permissions.contains({ origins }))) {
      if (!(await ext.permissions.request({ origins }))) throw new Error(t('optionsNotGranted', origins[0]));
    }
  }
  return (await send({ type: 'settings:set', settings: changes })).settings;
}
