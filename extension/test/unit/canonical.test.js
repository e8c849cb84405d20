import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { canonicalize, foldVariants, articleUrl, InvalidURL, split } from '../../background/matching/canonical.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const vectorsPath = `${repo}tests/vectors/canonical_urls.json`;
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8'));

test('the shared vectors exist and are not empty', () => {
  assert.ok(vectors.length >= 50, `only ${vectors.length} vectors`);
});

for (const [i, v] of vectors.entries()) {
  test(`vector ${i}: ${JSON.stringify(v.input).slice(0, 90)}`, () => {
    if (v.error) {
      assert.throws(() => canonicalize(v.input), (err) => err instanceof InvalidURL && err.code === v.error);
      return;
    }
    const canonical = canonicalize(v.input);
    assert.equal(canonical, v.canonical);
    assert.equal(canonicalize(canonical), canonical, 'idempotent');
    if ('folded' in v) assert.equal(foldVariants(canonical), v.folded);
  });
}

test('the reference article and its variants share one canonical URL', () => {
  const want = 'https://rt.com/news/398374-russia-syria-losses-reuters';
  for (const u of [
    'https://www.rt.com/news/398374-russia-syria-losses-reuters/',
    'http://rt.com/news/398374-russia-syria-losses-reuters',
    'https://www.rt.com/news/398374-russia-syria-losses-reuters/?utm_source=twitter#comments',
  ]) assert.equal(canonicalize(u), want);
  assert.equal(articleUrl('https://m.rt.com/amp/news/398374-russia-syria-losses-reuters/'), want);
  assert.equal(articleUrl('https://m.rt.com/news/1', { fold: false }), 'https://m.rt.com/news/1');
});

test('split gives host and path without port or query', () => {
  assert.deepEqual(split('https://rt.com:8443/a/b?c=1'), ['rt.com', '/a/b']);
  assert.deepEqual(split('https://[::1]/x'), ['[::1]', '/x']);
});

// Differential check against the server's own implementation when it can be run here.
const python = `${repo}.venv/bin/python`;
test('agrees with server/urls on generated URLs', { skip: !existsSync(python) || !existsSync(`${repo}server/urls/__init__.py`) }, () => {
  const hosts = ['www.rt.com', 'M.RT.COM', 'amp.www.example.co.uk', 'www.co.uk', 'xn--fa-hia.de', 'faß.de', 'Bücher.example',
    '192.168.0.1', '010.1.1.1', '[::FFFF:1.2.3.4]', '[2001:db8:0:0:1:0:0:1]', 'a_b.example.com', 'ex%41mple.com', 'localhost', 'user:pw@www.github.io'];
  const paths = ['', '/', '/amp/', '/a/./b/../c/', '/story.amp.html', '/%7euser/%2fx', '/caf\u00e9/ü', '/index.php', '/a//b//', "/it's", '/%zz/%e2%82%ac'];
  const queries = ['', '?', '?utm_source=x&b=2&a=1', '?amp=1&outputType=AMP&x=1', "?q=a+b&q=c's", '?%75tm_medium=x', '?&&k&=v'];
  const inputs = [];
  for (const h of hosts) for (const p of paths) for (const q of queries) inputs.push(`${inputs.length % 3 ? 'https' : 'HTTP'}://${h}${h.includes(':8') ? '' : inputs.length % 5 ? '' : ':443'}${p}${q}#frag`);
  const script = `
import json, sys
from server.urls import canonicalize, fold_variants, InvalidURL
out = []
for u in json.load(sys.stdin):
    try:
        c = canonicalize(u); out.append([c, fold_variants(c)])
    except InvalidURL as e:
        out.append(["!" + e.code, None])
print(json.dumps(out))`;
  const run = spawnSync(python, ['-c', script], { cwd: repo, input: JSON.stringify(inputs), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  const expected = JSON.parse(run.stdout);
  const mismatches = [];
  inputs.forEach((u, i) => {
    let got;
    try {
      const c = canonicalize(u);
      got = [c, foldVariants(c)];
    } catch (err) {
      got = [`!${err.code}`, null];
    }
    if (JSON.stringify(got) !== JSON.stringify(expected[i])) mismatches.push({ u, got, want: expected[i] });
  });
  assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${inputs.length} differ`);
});
