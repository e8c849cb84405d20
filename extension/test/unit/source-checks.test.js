// Static checks over the extension's own source: no HTML sinks anywhere (server data must
// only ever reach the DOM as text), no eval, and no remote code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RUNTIME_DIRS = ['background', 'content', 'lib', 'options', 'panel', 'popup'];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const sources = RUNTIME_DIRS.flatMap((d) => files(join(root, d))).filter((p) => /\.(js|html)$/.test(p));

test('no HTML sinks or eval in the extension source', () => {
  const banned = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|eval\s*\(|new Function\s*\(|setTimeout\s*\(\s*['"`])/;
  const hits = [];
  for (const file of sources) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (banned.test(line)) hits.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(hits, []);
});

test('pages load only local scripts', () => {
  for (const file of sources.filter((p) => p.endsWith('.html'))) {
    for (const [, src] of readFileSync(file, 'utf8').matchAll(/<script[^>]*src="([^"]+)"/g)) {
      assert.ok(!/^[a-z]+:|^\/\//i.test(src), `${relative(root, file)} loads ${src}`);
    }
    assert.ok(!/<script(?![^>]*src=)[^>]*>/.test(readFileSync(file, 'utf8')), `${relative(root, file)} has an inline script`);
  }
});

// Content scripts (declared in the manifest or injected with scripting.executeScript) run
// as classic scripts in both browsers: a module statement there would be a syntax error.
// They reach the browser through globalThis.browser || globalThis.chrome, not lib/browser-api.js.
test('content scripts are classic scripts', () => {
  const content = sources.filter((p) => relative(root, p).startsWith('content/'));
  assert.ok(content.length >= 3);
  for (const file of content) {
    const code = readFileSync(file, 'utf8');
    assert.ok(!/^\s*(import|export)\b[\s{*'"]/m.test(code), `${relative(root, file)} uses a module statement`);
    assert.ok(!/\bimport\s*\(/.test(code), `${relative(root, file)} imports a module`);
  }
});

// A custom-named element (a name with a hyphen) is the page's to define: customElements.define
// in the page applies to it even when a content script makes it, and its class can refuse a
// shadow root, attach its own or remove the element. The panel's and the badges' hosts, and
// everything else content scripts put in a page, are built-in elements.
test('content scripts create no custom-named elements', () => {
  const content = sources.filter((p) => relative(root, p).startsWith('content/'));
  const hits = [];
  for (const file of content) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const named = [...line.matchAll(/createElement(?:\.call)?\(\s*(?:document\s*,\s*)?['"`]([^'"`]+)['"`]/g), ...line.matchAll(/\b[A-Z_]*TAG\s*=\s*['"`]([^'"`]+)['"`]/g)];
      for (const [, tag] of named) if (tag.includes('-')) hits.push(`${relative(root, file)}:${i + 1}: ${tag}`);
    });
  }
  assert.deepEqual(hits, []);
  const panel = readFileSync(join(root, 'content', 'panel.js'), 'utf8');
  const badges = readFileSync(join(root, 'content', 'badges.js'), 'utf8');
  assert.match(panel, /const HOST_TAG = 'div';/);
  assert.match(panel, /createElement\.call\(document, HOST_TAG\)/);
  assert.match(badges, /const BADGE_TAG = 'span';/);
  assert.match(badges, /createElement\.call\(document, BADGE_TAG\)/);
});
