// Builds the two browser variants from the one source tree:
//   dist/chromium/ + dist/masthead-chromium.zip  (background.service_worker, no gecko settings)
//   dist/firefox/  + dist/masthead-firefox.zip   (background.scripts, browser_specific_settings)
// Only runtime files are copied; there is no bundling or transpiling.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zip } from './zip.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
export const RUNTIME_DIRS = ['background', 'content', 'icons', 'lib', 'options', 'popup'];

export function manifestFor(browser, source) {
  const m = structuredClone(source);
  if (browser === 'chromium') {
    delete m.background.scripts;
    delete m.browser_specific_settings;
  } else if (browser === 'firefox') {
    delete m.background.service_worker;
    delete m.minimum_chrome_version;
  } else {
    throw new Error(`unknown browser ${browser}`);
  }
  return m;
}

function files(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

export function build(browser) {
  const source = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const out = join(dist, browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const d of RUNTIME_DIRS) cpSync(join(root, d), join(out, d), { recursive: true });
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifestFor(browser, source), null, 2)}\n`);
  const entries = files(out).map((p) => ({ name: relative(out, p).split('\\').join('/'), data: readFileSync(p) }));
  const zipPath = join(dist, `masthead-${browser}.zip`);
  writeFileSync(zipPath, zip(entries));
  return { dir: out, zip: zipPath, files: entries.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const browser of ['chromium', 'firefox']) {
    const r = build(browser);
    console.log(`${browser}: ${relative(root, r.zip)} (${r.files} files, ${statSync(r.zip).size} bytes)`);
  }
}
