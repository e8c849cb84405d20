// content/root-filter.js: reading a computed `filter` value, modelling what it does to the
// panel's colours, and judging whether it hides the panel (then content/panel.js neutralises
// it on <html> in Firefox, where the root's filter reaches the top layer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { OUTLET_KINDS } from '../../lib/vocab.js';

const F = (() => {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(new URL('../../content/root-filter.js', import.meta.url), 'utf8'), context);
  return context.MastheadRootFilter;
})();
const rgb = (r, g, b) => [r / 255, g / 255, b / 255];
const bytes = (c) => Array.from(c, (v) => Math.round(v * 255)); // (an array of this realm)
const plain = (x) => JSON.parse(JSON.stringify(x)); // (objects of this realm)
const close = (a, b, tolerance = 3) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

test('computed filter values are split into functions; unreadable ones give null', () => {
  assert.deepEqual(plain(F.parseFilter('none')), []);
  assert.deepEqual(plain(F.parseFilter('')), []);
  assert.deepEqual(plain(F.parseFilter('invert(1) hue-rotate(180deg)')), [{ name: 'invert', args: '1' }, { name: 'hue-rotate', args: '180deg' }]);
  assert.deepEqual(plain(F.parseFilter('drop-shadow(rgb(255, 0, 0) 0px 0px 0px) opacity(0)')),
    [{ name: 'drop-shadow', args: 'rgb(255, 0, 0) 0px 0px 0px' }, { name: 'opacity', args: '0' }]);
  assert.deepEqual(plain(F.parseFilter('url("a)b.svg#f") blur(2px)')), [{ name: 'url', args: '"a)b.svg#f"' }, { name: 'blur', args: '2px' }]);
  assert.equal(F.parseFilter('opacity(0'), null);
  assert.equal(F.parseFilter('opacity 0'), null);
  assert.equal(F.parseFilter(`${'grayscale(1) '.repeat(200)}`), null, 'too long');
  assert.equal(F.parseFilter('blur(1px) '.repeat(33)), null, 'too many functions');
  assert.equal(F.parseFilter(42), null);
});

test('the colour model matches what Firefox 153 painted (e2e 11b and a probe page)', () => {
  const red = rgb(200, 30, 30);
  // Measured: a manual popover filled with rgb(200, 30, 30), the filter on <html>.
  assert.ok(close(bytes(F.filterEffect('invert(1) hue-rotate(180deg)').colour(red)), [255, 151, 151]));
  assert.ok(close(bytes(F.filterEffect('hue-rotate(120deg)').colour(red)), [0, 106, 0]));
  assert.ok(close(bytes(F.filterEffect('brightness(0)').colour(red)), [0, 0, 0]));
  assert.ok(close(bytes(F.filterEffect('contrast(0)').colour(red)), [128, 128, 128]));
  assert.equal(F.filterEffect('opacity(0.01)').alpha, 0.01);
  assert.equal(F.filterEffect('blur(20px) blur(2px)').blur, 22);
  assert.deepEqual(bytes(F.filterEffect('none').colour(red)), [200, 30, 30]);
  assert.deepEqual(bytes(F.filterEffect('grayscale(50%)').colour(rgb(10, 10, 10))), [10, 10, 10]);
});

test('filters that fade, darken, blur or recolour the panel hide it', () => {
  for (const [value, reason] of [
    ['opacity(0)', 'fades'], ['opacity(50%)', 'fades'], ['opacity(0.01)', 'fades'],
    ['drop-shadow(rgb(255, 0, 0) 0px 0px 0px) opacity(0)', 'fades'], ['url("#f") opacity(0)', 'fades'],
    ['blur(20px)', 'blurs'], ['blur(1.5px)', 'blurs'],
    ['brightness(0)', 'text contrast'], ['brightness(0.3)', 'text contrast'], ['brightness(5)', 'text contrast'],
    ['contrast(0)', 'text contrast'], ['contrast(0.3)', 'text contrast'], ['invert(0.5)', 'text contrast'],
    ['hue-rotate(120deg)', 'chip hue'], ['hue-rotate(180deg)', 'chip hue'], ['hue-rotate(0.5turn)', 'chip hue'],
    ['hue-rotate(3.14rad)', 'chip hue'], ['invert(1)', 'chip hue'],
    ['frobnicate(1)', 'unknown function'], ['opacity(banana)', 'unknown function'], ['hue-rotate(90)', 'unknown function'],
    ['opacity(0', 'unreadable value'],
  ]) {
    assert.deepEqual({ ...F.judgeFilter(value) }, { hides: true, reason }, value);
  }
});

test('filters that leave the panel readable and its colours meaning the same are the page\'s to keep', () => {
  for (const value of [
    'none', 'invert(1) hue-rotate(180deg)', 'invert(0.9) hue-rotate(180deg)', 'invert(93%) hue-rotate(180deg)',
    'invert(1) hue-rotate(180deg) brightness(1.1) contrast(0.9)', 'grayscale(1)', 'grayscale(100%)', 'saturate(0)',
    'sepia(0.3)', 'brightness(0.8)', 'brightness(1.2)', 'contrast(1.2)', 'saturate(2)', 'opacity(0.95)',
    'blur(0.5px)', 'drop-shadow(rgba(0, 0, 0, 0.5) 2px 2px 4px)', 'url("#dark")', 'hue-rotate(10deg)',
  ]) {
    assert.deepEqual({ ...F.judgeFilter(value) }, { hides: false, reason: '' }, value);
  }
});

test('opacity hides below 0.9, blur above 1px, hue-rotate beyond 45 degrees either way', () => {
  for (let a = 0; a <= 1.0001; a += 0.05) assert.equal(F.judgeFilter(`opacity(${a.toFixed(2)})`).hides, a < 0.9 - 1e-9, `opacity(${a})`);
  for (let r = 0; r <= 3; r += 0.25) assert.equal(F.judgeFilter(`blur(${r}px)`).hides, r > 1, `blur(${r}px)`);
  for (let d = -360; d <= 360; d += 15) {
    const turn = ((d % 360) + 360) % 360;
    const near = turn <= 30 || turn >= 330;
    const far = turn >= 60 && turn <= 300;
    if (near) assert.equal(F.judgeFilter(`hue-rotate(${d}deg)`).hides, false, `hue-rotate(${d}deg)`);
    if (far) assert.equal(F.judgeFilter(`hue-rotate(${d}deg)`).hides, true, `hue-rotate(${d}deg)`);
  }
});

test('the judged colours are the panel\'s own (content/panel-render.js, lib/vocab.js)', () => {
  const styles = readFileSync(new URL('../../content/panel-render.js', import.meta.url), 'utf8').toLowerCase();
  for (const [fg, bg] of F.TEXT_COLOURS) {
    assert.ok(styles.includes(fg) && styles.includes(bg), `${fg} on ${bg} is not in the panel's styles`);
  }
  assert.deepEqual([...F.CHIP_COLOURS].sort(), Object.values(OUTLET_KINDS).map((k) => k.color.toLowerCase()).sort());
});

test('the background injects the judge and the guard before the panel\'s content script', () => {
  const background = readFileSync(new URL('../../background/background.js', import.meta.url), 'utf8');
  assert.match(background, /const PANEL_FILES = \['content\/root-filter\.js', 'content\/filter-guard\.js', 'content\/layer-guard\.js', 'content\/page-meta\.js', 'content\/panel\.js'\];/);
  const guard = readFileSync(new URL('../../content/filter-guard.js', import.meta.url), 'utf8');
  assert.match(guard, /root\.MastheadRootFilter/);
  const panel = readFileSync(new URL('../../content/panel.js', import.meta.url), 'utf8');
  assert.match(panel, /globalThis\.MastheadFilterGuard/);
});

test('a counter filter undoes the page\'s filter on the panel only when the two give its colours back', () => {
  assert.equal(F.counterFilter('none'), '');
  assert.equal(F.counterFilter('invert(1)'), 'invert(1)');
  assert.equal(F.counterFilter('grayscale(0) invert(100%) blur(0px)'), 'invert(1)');
  assert.equal(F.counterFilter('saturate(3)'), 'saturate(0.3333)');
  // Lossy (clamped between functions, faded, blurred, or nothing to undo them with): none.
  for (const value of ['hue-rotate(120deg)', 'brightness(0)', 'brightness(0.5)', 'contrast(0.5)', 'sepia(1)',
    'grayscale(1)', 'opacity(0)', 'blur(12px)', 'invert(0.7)', 'url("#x") invert(1)', 'drop-shadow(red 1px 1px 0px)', 'frobnicate(1)']) {
    assert.equal(F.counterFilter(value), null, value);
  }
  // Whatever it returns does give the palette back (the model checks itself).
  const red = rgb(179, 38, 30);
  for (const value of ['invert(1)', 'saturate(3)', 'invert(1) saturate(2)']) {
    const counter = F.counterFilter(value);
    assert.notEqual(counter, null, value);
    assert.ok(close(bytes(F.filterEffect(value).colour(F.filterEffect(counter).colour(red))), [179, 38, 30], 10), value);
  }
});
