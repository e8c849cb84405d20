import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { InvalidURL, canonicalize, foldVariants, resolve, unwrap } from '../../background/matching/canonical.js';
import { INVISIBLE, KINDS, TRACKING_RULES, UNWRAP_RULES } from '../../background/matching/rules.js';
import { RULES_JSON, rulesModule } from '../../tools/build-url-rules.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const vectors = JSON.parse(readFileSync(`${repo}tests/vectors/resolve_urls.json`, 'utf8'));
const templates = Object.entries(JSON.parse(readFileSync(`${repo}tests/vectors/wrap_templates.json`, 'utf8')))
  .filter(([rule]) => !rule.startsWith('$'));

test('background/matching/rules-data.js is generated from server/urls/rules.json', () => {
  const generated = rulesModule(readFileSync(RULES_JSON, 'utf8'));
  assert.equal(readFileSync(new URL('../../background/matching/rules-data.js', import.meta.url), 'utf8'), generated, 'run node tools/build-url-rules.mjs');
});

test('every unwrap rule has a vector and a wrap template', () => {
  const used = new Set(vectors.map((v) => v.rule));
  for (const rule of UNWRAP_RULES) {
    assert.ok(used.has(rule.id), `no vector for ${rule.id}`);
    assert.ok(KINDS.includes(rule.kind));
  }
  assert.deepEqual(new Set(templates.map(([rule]) => rule)), new Set(UNWRAP_RULES.map((r) => r.id)));
});

for (const [i, v] of vectors.entries()) {
  test(`resolve vector ${i}: ${JSON.stringify(v.input).slice(0, 90)}`, () => {
    if (v.error) {
      assert.throws(() => resolve(v.input), (err) => err instanceof InvalidURL && err.code === v.error);
      return;
    }
    const result = resolve(v.input);
    assert.equal(result.canonical, v.canonical);
    assert.equal(foldVariants(result.canonical), v.folded);
    assert.deepEqual(result.via, v.via);
    if (!v.depth_bound) assert.deepEqual(resolve(result.canonical), { canonical: result.canonical, via: null });
    let absolute = true;
    try {
      canonicalize(v.input);
    } catch {
      absolute = false;
    }
    const unwrapped = unwrap(v.input);
    if (!absolute) {
      assert.deepEqual(unwrapped, { target: v.input, via: null });
      return;
    }
    assert.equal(canonicalize(unwrapped.target), v.canonical);
    assert.deepEqual(unwrapped.via, v.via);
  });
}

test('an invisible character inside a URL is named; at either end it is trimmed', () => {
  for (const [char, name] of INVISIBLE) {
    const cp = char.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
    assert.throws(() => resolve(`https://rt.com/news/1${char}2`), (err) => err.code === 'malformed' && err.message.includes(`U+${cp} ${name}`) && err.message.includes('position 22'));
    assert.equal(resolve(`${char}https://rt.com/news/1${char}`).canonical, 'https://rt.com/news/1');
    assert.equal(canonicalize(`${char} https://rt.com/news/1 ${char}`), 'https://rt.com/news/1');
  }
});

const isGlobal = (key) => TRACKING_RULES.some((r) => !r.hosts.length && (r.params.has(key) || r.prefixes.some((p) => key.startsWith(p))));

test('every tracking parameter is removed where its rule says, and only there', () => {
  for (const rule of TRACKING_RULES) {
    const keys = [...rule.params, ...rule.prefixes.map((p) => `${p}x`)];
    for (const key of keys) {
      for (const host of rule.hosts.length ? rule.hosts : ['example.com']) {
        for (const spelled of [key, key.toUpperCase()]) {
          assert.equal(canonicalize(`https://www.${host}/news/1?${spelled}=x&id=7`), `https://${host}/news/1?id=7`, `${rule.id}: ${spelled}`);
          assert.equal(canonicalize(`https://sub.${host}/a?${spelled}&b=1`), `https://sub.${host}/a?b=1`);
        }
      }
      if (rule.hosts.length && !isGlobal(key)) assert.equal(canonicalize(`https://example.org/a?${key}=x`), `https://example.org/a?${key}=x`);
    }
  }
});

// ------------------------------------------------------------------ differential

function wrap(template, url) {
  const bare = url.slice(url.indexOf('://') + 3);
  const slash = bare.indexOf('/');
  const host = slash < 0 ? bare : bare.slice(0, slash);
  const path = slash < 0 ? '' : bare.slice(slash);
  const b64 = Buffer.from(url).toString('base64url');
  const values = {
    url, bare, enc: encodeURIComponent(url), encbare: encodeURIComponent(bare), b64, host,
    hostenc: host.replaceAll('-', '--').replaceAll('.', '-'), path, pathq: path.slice(1),
  };
  return template.replace(/\{(\w+)\}/g, (_, k) => values[k]);
}

const ARTICLES = [
  'https://www.rt.com/news/398374-russia-syria-losses-reuters/',
  'https://www.nytimes.com/2017/09/13/us/story.html?_r=0&smid=tw-share&page=2',
  'https://de.rt.com/inland/1/?utm_source=x',
  'https://www.theguardian.com/world/2017/aug/02/story?CMP=share_btn_tw',
  'https://amp.theguardian.com/world/2017/aug/02/story',
  'https://example.com/caf%C3%A9/a%20b?q=it%27s&x=%2B',
  'https://пример.рф/путь?a=1',
  'https://☃.rt.com/x',
  'https://www.dailymail.co.uk/news/article-4754890/x.html?ITO=1490&ns_mchannel=rss',
];
const ODD = [
  'https://www.google.com/url?q=javascript:alert(1)', 'https://www.google.com/url?q=%2Fsearch', 'https://xn--rt-.rt.com/',
  'https://www.bing.com/ck/a?u=a1!!&ntb=1', 'https://www.bing.com/ck/a?u=a1QQ&ntb=1', 'https://web.archive.org/web/99999999/rt.com',
  'https://archive.ph/2017.13.40-000000/https://rt.com/a', 'rt.com/a', '\ufeffwww.rt.com/a\u200b', 'https://xn--a.example/', 'web.archive.org/web/x',
  'https://abc.translate.goog/', 'https://xn--bcher-kva-de.translate.goog/a', 'https://yandex.ru/turbo/rt.com/s', 'localhost:5000', 'hello',
];

const python = `${repo}.venv/bin/python`;
test('resolve agrees with server/urls on wrapped and odd addresses', { skip: !existsSync(python) || !existsSync(`${repo}server/urls/__init__.py`) }, () => {
  const inputs = [...ODD];
  for (const [, forms] of templates) {
    for (const form of forms) {
      for (const article of ARTICLES) inputs.push(wrap(form, article));
      inputs.push(wrap(form, wrap(templates[inputs.length % templates.length][1][0], ARTICLES[inputs.length % ARTICLES.length])));
    }
  }
  const script = `
import json, sys
from server.urls import InvalidURL, fold_variants, resolve
out = []
for u in json.load(sys.stdin):
    try:
        c, via = resolve(u)
        out.append([c, fold_variants(c), via.as_dict() if via else None])
    except InvalidURL as e:
        out.append(["!" + e.code, None, None])
print(json.dumps(out))`;
  const run = spawnSync(python, ['-c', script], { cwd: repo, input: JSON.stringify(inputs), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  const expected = JSON.parse(run.stdout);
  const mismatches = [];
  inputs.forEach((u, i) => {
    let got;
    try {
      const r = resolve(u);
      got = [r.canonical, foldVariants(r.canonical), r.via];
    } catch (err) {
      if (!(err instanceof InvalidURL)) throw err;
      got = [`!${err.code}`, null, null];
    }
    if (JSON.stringify(got) !== JSON.stringify(expected[i])) mismatches.push({ u, got, want: expected[i] });
  });
  assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${inputs.length} differ`);
  assert.ok(inputs.length > 300);
});
