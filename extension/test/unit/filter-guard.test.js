// content/filter-guard.js against a small model of the cascade: a page rule for <html>'s
// filter (important or not), <html>'s inline style, and the browser's computed value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

class FakeStyle {
  constructor() { this.props = new Map(); }
  setProperty(name, value, priority = '') { this.props.set(name, [String(value), priority || '']); }
  getPropertyValue(name) { return (this.props.get(name) || [''])[0]; }
  getPropertyPriority(name) { return (this.props.get(name) || ['', ''])[1]; }
  removeProperty(name) { this.props.delete(name); }
}

/** A page: rule = {value, important} for html's filter in its stylesheet (or null). */
function setup() {
  const page = { rule: null, clock: 1_000_000, reads: 0 };
  const html = { style: new FakeStyle(), isConnected: true };
  const layer = { style: new FakeStyle() };
  const computedFilter = (el) => {
    page.reads += 1;
    const inline = [el.style.getPropertyValue('filter'), el.style.getPropertyPriority('filter')];
    if (inline[0] && inline[1] === 'important') return inline[0];
    if (page.rule && page.rule.important) return page.rule.value;
    return inline[0] || (page.rule && page.rule.value) || 'none';
  };
  const context = vm.createContext({
    CSSStyleDeclaration: FakeStyle,
    Date: { now: () => page.clock },
    document: { documentElement: html },
  });
  context.window = { getComputedStyle: (el) => ({ getPropertyValue: (n) => (n === 'filter' ? computedFilter(el) : '') }) };
  for (const file of ['root-filter.js', 'filter-guard.js']) {
    vm.runInContext(readFileSync(new URL(`../../content/${file}`, import.meta.url), 'utf8'), context);
  }
  const guard = context.MastheadFilterGuard.create();
  return { page, html, layer, guard, shown: () => computedFilter(html), tick: (ms = 250) => { page.clock += ms; guard.check(layer); } };
}

test('a hiding filter from the page\'s stylesheet is off while the panel is shown, and back after', () => {
  const t = setup();
  t.page.rule = { value: 'opacity(0)', important: true };
  t.html.style.setProperty('color', 'red');
  t.tick();
  assert.equal(t.shown(), 'none');
  assert.equal(t.html.style.getPropertyPriority('filter'), 'important');
  assert.equal(t.html.style.getPropertyValue('transition-property'), 'none');
  assert.equal(t.layer.style.getPropertyValue('filter'), '', 'no counter for a fade');
  t.guard.release();
  assert.equal(t.shown(), 'opacity(0)');
  assert.deepEqual([...t.html.style.props.keys()], ['color'], 'the page\'s inline style as it was');
});

test('the page\'s own inline filter and transition come back as they were', () => {
  const t = setup();
  t.html.style.setProperty('filter', 'blur(12px)', '');
  t.html.style.setProperty('transition-property', 'filter', 'important');
  t.tick();
  assert.equal(t.shown(), 'none');
  t.guard.release();
  assert.deepEqual([t.html.style.getPropertyValue('filter'), t.html.style.getPropertyPriority('filter')], ['blur(12px)', '']);
  assert.deepEqual([t.html.style.getPropertyValue('transition-property'), t.html.style.getPropertyPriority('transition-property')], ['filter', 'important']);
});

test('a dark mode is left to the page; a plain invert(1) is undone on the panel\'s layer', () => {
  const t = setup();
  t.page.rule = { value: 'invert(1) hue-rotate(180deg)', important: false };
  t.tick();
  assert.equal(t.shown(), 'invert(1) hue-rotate(180deg)');
  assert.equal(t.layer.style.getPropertyValue('filter'), '');
  t.page.rule = { value: 'invert(1)', important: false };
  t.tick();
  assert.equal(t.shown(), 'invert(1)', 'the page keeps its filter');
  assert.deepEqual([t.layer.style.getPropertyValue('filter'), t.layer.style.getPropertyPriority('filter')], ['invert(1)', 'important']);
  t.page.rule = null;
  t.tick();
  assert.equal(t.layer.style.getPropertyValue('filter'), '', 'no filter, no counter');
});

test('once the page\'s filter no longer hides the panel, the override goes (looked at once a second)', () => {
  const t = setup();
  t.page.rule = { value: 'brightness(0)', important: false };
  t.tick();
  assert.equal(t.shown(), 'none');
  t.page.rule = { value: 'grayscale(1)', important: false };
  t.tick(250);
  assert.equal(t.shown(), 'none', 'not looked at again within the second');
  t.tick(1000);
  assert.equal(t.shown(), 'grayscale(1)');
  assert.equal(t.html.style.getPropertyValue('transition-property'), '');
  t.tick(1000);
  assert.equal(t.shown(), 'grayscale(1)');
});

test('a page that keeps removing the override gets it back at most 5 times in 5 s', () => {
  const t = setup();
  t.page.rule = { value: 'opacity(0)', important: true };
  let applied = 0;
  for (let i = 0; i < 40; i += 1) { // 10 s, every 250 ms
    t.html.style.removeProperty('filter');
    t.tick(250);
    if (t.shown() === 'none') applied += 1;
  }
  assert.ok(applied <= 10 && applied >= 9, `neutralised ${applied} times in 10 s`);
});

test('a filter the page put inline over ours is the page\'s to get back; what it left of ours is not', () => {
  const t = setup();
  t.page.rule = { value: 'opacity(0)', important: true };
  t.tick();
  t.html.style.setProperty('filter', 'brightness(0)', 'important'); // the page's, over ours
  t.tick();
  assert.equal(t.shown(), 'none');
  t.guard.release();
  assert.deepEqual([t.html.style.getPropertyValue('filter'), t.html.style.getPropertyPriority('filter')], ['brightness(0)', 'important']);
  assert.equal(t.html.style.getPropertyValue('transition-property'), '', 'our transition-property is not taken for the page\'s');
});
