import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manifestFor } from '../../tools/package.mjs';
import { BADGE_PATTERNS, BADGE_SITES, badgeSiteOf, isBadgeSite, surfaceScripts } from '../../lib/sites.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}manifest.json`, 'utf8'));

test('one source manifest declares both background forms and a gecko id', () => {
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.background.service_worker, 'background/background.js');
  assert.deepEqual(manifest.background.scripts, ['background/background.js']);
  assert.equal(manifest.background.type, 'module');
  assert.match(manifest.browser_specific_settings.gecko.id, /@/);
});

test('the browser variants keep only their own background form', () => {
  const chromium = manifestFor('chromium', manifest);
  assert.equal(chromium.background.scripts, undefined);
  assert.equal(chromium.browser_specific_settings, undefined);
  assert.equal(chromium.background.service_worker, 'background/background.js');
  const firefox = manifestFor('firefox', manifest);
  assert.equal(firefox.background.service_worker, undefined);
  assert.deepEqual(firefox.background.scripts, ['background/background.js']);
  assert.ok(firefox.browser_specific_settings.gecko.id);
  assert.equal(manifest.background.service_worker, 'background/background.js', 'source untouched');
});

test('permissions are the documented minimum', () => {
  assert.deepEqual([...manifest.permissions].sort(), ['alarms', 'scripting', 'storage', 'webNavigation']);
  assert.deepEqual(manifest.host_permissions, ['http://*/*', 'https://*/*']);
  // Only the panel frame is exposed to pages; it shows nothing without the token its tab was given.
  assert.deepEqual(manifest.web_accessible_resources, [{ resources: ['panel/panel.html'], matches: ['http://*/*', 'https://*/*'] }]);
});

test('declared content scripts run only on the documented badge sites, each with its surface module', () => {
  assert.equal(manifest.content_scripts.length, BADGE_SITES.length);
  manifest.content_scripts.forEach((cs, i) => {
    assert.deepEqual(cs.matches, BADGE_SITES[i].patterns);
    assert.deepEqual(cs.js, surfaceScripts(BADGE_SITES[i]));
    assert.ok(!cs.matches.some((m) => m.includes('<all_urls>') || /^\*:\/\/\*\//.test(m)));
  });
  assert.deepEqual(manifest.content_scripts.flatMap((cs) => cs.matches), BADGE_PATTERNS);
  const guide = `${root}../docs/user-guide.md`;
  if (existsSync(guide)) {
    const text = readFileSync(guide, 'utf8');
    for (const p of BADGE_PATTERNS) assert.ok(text.includes(p.replace(/^\*:\/\//, '').replace(/\*$/, '')), `user guide lists ${p}`);
  }
});

test('badge sites are told apart by URL, for the per-site switch', () => {
  assert.equal(badgeSiteOf('https://www.youtube.com/watch?v=abc')?.id, 'youtube');
  assert.equal(badgeSiteOf('https://t.me/s/rt_russian')?.id, 'telegram');
  assert.equal(badgeSiteOf('https://t.me/rt_russian'), null, 't.me pages other than the web preview run no script');
  assert.equal(badgeSiteOf('https://old.reddit.com/r/worldnews/')?.id, 'reddit');
  assert.equal(badgeSiteOf('https://bsky.app/profile/x.bsky.social')?.id, 'bluesky');
  assert.equal(badgeSiteOf('https://www.rt.com/'), null);
});

test('every file the manifest names exists', () => {
  const named = [
    manifest.background.service_worker, manifest.action.default_popup, manifest.options_ui.page,
    ...Object.values(manifest.icons), ...Object.values(manifest.action.default_icon), ...manifest.content_scripts.flatMap((cs) => cs.js),
  ];
  for (const f of named) assert.ok(existsSync(`${root}${f}`), f);
});

test('badge sites are recognised by URL', () => {
  assert.ok(isBadgeSite('http://www.google.com/search?q=rt'));
  assert.ok(isBadgeSite('https://html.duckduckgo.com/html/?q=rt'));
  assert.ok(isBadgeSite('https://old.reddit.com/r/news'));
  assert.ok(!isBadgeSite('https://www.google.com/maps'));
  assert.ok(!isBadgeSite('https://evil.example/www.google.com/search'));
  assert.ok(!isBadgeSite('https://www.rt.com/'));
});
