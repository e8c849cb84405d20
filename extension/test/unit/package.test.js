// The unpacked variants tools/package.mjs lays out (and web-ext then zips and lints): the
// right manifest, only runtime files, and nothing in them that points outside the package.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSERS, RUNTIME_DIRS, build, listFiles, manifestFor } from '../../tools/package.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const source = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'masthead-package-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const staged = Object.fromEntries(BROWSERS.map((browser) => {
  const dir = join(scratch, browser);
  build(browser, { outDir: dir });
  return [browser, { dir, files: listFiles(dir) }];
}));

test('each variant carries its own manifest and only the runtime files', () => {
  for (const browser of BROWSERS) {
    const { dir, files } = staged[browser];
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), manifestFor(browser, source));
    const expected = ['manifest.json', ...RUNTIME_DIRS.flatMap((d) => listFiles(join(root, d)).map((f) => `${d}/${f}`))].sort();
    assert.deepEqual([...files].sort(), expected, browser);
    assert.ok(!files.some((f) => /^(test|tools|node_modules|dist)\/|^package(-lock)?\.json$/.test(f)), browser);
  }
});

/** Relative module specifiers (static and dynamic imports) in a JS file. */
const importsOf = (code) => [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]);

test('every relative import, page script and packaged path in the sources exists in the package', () => {
  const { dir, files } = staged.firefox;
  const have = new Set(files);
  const missing = [];
  for (const file of files) {
    if (!/\.(js|html)$/.test(file)) continue;
    const code = readFileSync(join(dir, file), 'utf8');
    const refs = file.endsWith('.html')
      ? [...code.matchAll(/<(?:script|link)[^>]*(?:src|href)="([^"]+)"/g)].map((m) => m[1])
      : importsOf(code);
    for (const ref of refs) {
      const target = posix.normalize(posix.join(posix.dirname(file), ref));
      if (!have.has(target)) missing.push(`${file} -> ${ref}`);
    }
    // Paths from the package root handed to browser APIs (scripting.executeScript files).
    for (const [, path] of code.matchAll(/['"]((?:background|content|lib|options|popup|icons)\/[\w./-]+\.(?:js|html|png))['"]/g)) {
      if (!have.has(path)) missing.push(`${file} names ${path}`);
    }
  }
  assert.deepEqual(missing, []);
  assert.deepEqual(importsOf("import { a } from './a.js';\nconst b = await import('../b.js');"), ['./a.js', '../b.js'], 'the scan finds imports');
});

test('runtime files are copied unchanged (no bundling, no transpiling)', () => {
  for (const f of staged.chromium.files) {
    if (f === 'manifest.json') continue;
    assert.ok(readFileSync(join(staged.chromium.dir, f)).equals(readFileSync(join(root, f))), f);
  }
});
