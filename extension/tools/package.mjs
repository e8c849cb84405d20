// Lays out the two browser variants of the one source tree:
//   dist/chromium/  (background.service_worker, no gecko settings)
//   dist/firefox/   (background.scripts, browser_specific_settings)
// Only runtime files are copied; there is no bundling or transpiling. The zips are web-ext's
// job: `npm run package` runs `web-ext build` on each of these directories, and
// `npm run lint` runs `web-ext lint` on dist/firefox.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(root, 'dist');
export const BROWSERS = ['chromium', 'firefox'];
export const RUNTIME_DIRS = ['_locales', 'background', 'content', 'icons', 'lib', 'options', 'panel', 'popup', 'welcome'];

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

/** Every file under dir, as paths relative to it with "/" separators, sorted. */
export function listFiles(dir) {
  const walk = (d) => readdirSync(d).sort().flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  return walk(dir).map((p) => relative(dir, p).split('\\').join('/'));
}

/** Writes the unpacked extension for one browser to outDir (default dist/<browser>/). */
export function build(browser, { outDir = join(DIST, browser) } = {}) {
  const source = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const manifest = manifestFor(browser, source);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const d of RUNTIME_DIRS) cpSync(join(root, d), join(outDir, d), { recursive: true });
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir: outDir, files: listFiles(outDir).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const browser of BROWSERS) {
    const r = build(browser);
    console.log(`${browser}: ${relative(root, r.dir)}/ (${r.files} files)`);
  }
}
