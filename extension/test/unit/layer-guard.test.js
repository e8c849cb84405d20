// content/layer-guard.js: the in-page panel's watchdog decisions (raise budget, cover by the
// page's newer top-layer elements, full screen, counter zoom), as content/panel.js uses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const G = (() => {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(new URL('../../content/layer-guard.js', import.meta.url), 'utf8'), context);
  return context.MastheadLayerGuard;
})();
const plain = (x) => JSON.parse(JSON.stringify(x)); // (objects of this realm)
const rect = (left, top, right, bottom) => ({ left, top, right, bottom });

/** Raises as often as the budget allows against a page that raises its own every `periodMs`, for `ms`; returns the raise times. */
function fight(periodMs, ms) {
  let history = [];
  const raised = [];
  for (let now = 0; now < ms; now += periodMs) {
    history = G.pruneRaises(history, now);
    if (G.raiseBudget(history, now).ok) {
      history.push(now);
      raised.push(now);
    }
  }
  return raised;
}

test('a page re-showing its popover every 300 ms is answered every time', () => {
  const raised = fight(300, 20_000);
  assert.equal(raised.length, Math.ceil(20_000 / 300));
  // ... and at most 20 raises in any 5 s, whatever the page does.
  for (const period of [1, 10, 49, 50, 100, 250, 300]) {
    const times = fight(period, 30_000);
    for (const t of times) {
      assert.ok(times.filter((u) => u >= t && u < t + G.WINDOW_MS).length <= G.RAISES_PER_WINDOW, `period ${period}`);
    }
  }
});

test('raises closer than 50 ms back off exponentially', () => {
  assert.deepEqual(plain(G.raiseBudget([], 0)), { ok: true });
  assert.deepEqual(plain(G.raiseBudget([0], 10)), { ok: true }, 'one quick answer is allowed');
  assert.deepEqual(plain(G.raiseBudget([0, 10], 20)), { ok: false, retryAt: 110 }, 'after one close pair: wait 100 ms');
  assert.deepEqual(plain(G.raiseBudget([0, 10], 110)), { ok: true });
  assert.deepEqual(plain(G.raiseBudget([0, 10, 20], 30)), { ok: false, retryAt: 220 }, 'two in a row: 200 ms');
  assert.deepEqual(plain(G.raiseBudget([0, 10, 20, 30, 40, 50, 60, 70], 80)), { ok: false, retryAt: 5070 }, 'capped at 5 s');
  // Against a page that answers within 1 ms: far fewer than the ceiling.
  assert.deepEqual(fight(1, 5000), [0, 1, 101, 301, 701, 1501, 3101]);
  assert.equal(fight(300, 5000).length, 17);
});

test('the ceiling: 20 raises in 5 s, then wait for the oldest to leave the window', () => {
  const history = Array.from({ length: 20 }, (_, i) => i * 100);
  assert.deepEqual(plain(G.raiseBudget(history, 2000)), { ok: false, retryAt: 5000 });
  assert.equal(G.raiseBudget(G.pruneRaises(history, 5000), 5000).ok, true);
});

test('a newer top-layer element over the panel needs a raise, whatever its pointer-events', () => {
  const panel = rect(800, 400, 1270, 790);
  const cover = rect(0, 0, 1280, 800);
  assert.equal(G.coveredByNewer(panel, [{ rect: cover, openedAt: 1000 }], 900), true, 'opened after the last raise');
  assert.equal(G.coveredByNewer(panel, [{ rect: cover, openedAt: 1000 }], 1000), false, 'raised in the same ms, after it');
  assert.equal(G.coveredByNewer(panel, [{ rect: cover, openedAt: 800 }], 900), false, 'raised over already');
  assert.equal(G.coveredByNewer(panel, [{ rect: cover, openedAt: null }], 900), true, 'never seen to open');
  assert.equal(G.coveredByNewer(panel, [{ rect: rect(0, 0, 400, 300), openedAt: 1000 }], 900), false, 'elsewhere on the page');
  assert.equal(G.coveredByNewer(panel, [{ rect: rect(1265, 785, 1300, 900), openedAt: 1000 }], 900), true, 'over a corner');
  assert.equal(G.coveredByNewer(panel, [{ rect: rect(1270, 400, 1300, 790), openedAt: 1000 }], 900), false, 'touching the edge only');
  assert.equal(G.coveredByNewer(panel, [], 0), false);
});

test('full screen: the panel steps aside for a video or a frame, and goes over anything else', () => {
  assert.equal(G.fullscreenPolicy(null), 'none');
  assert.equal(G.fullscreenPolicy({ tag: 'video', holdsMedia: false }), 'aside');
  assert.equal(G.fullscreenPolicy({ tag: 'iframe', holdsMedia: false }), 'aside');
  assert.equal(G.fullscreenPolicy({ tag: 'div', holdsMedia: true }), 'aside', 'a player around a <video>');
  assert.equal(G.fullscreenPolicy({ tag: 'div', holdsMedia: false }), 'raise');
  assert.equal(G.fullscreenPolicy({ tag: 'html', holdsMedia: false }), 'raise');
});

test('the counter zoom undoes the page\'s zoom on the panel\'s ancestors', () => {
  assert.equal(G.counterZoom(1, 1), null);
  assert.equal(G.counterZoom(1, 1.01), null, 'within 2 %');
  assert.equal(G.counterZoom(1, 0.05), 20, '<html> at 0.05');
  assert.equal(G.counterZoom(20, 1), null, 'undone already');
  assert.equal(G.counterZoom(20, 20), 1, 'the page took its zoom off');
  assert.equal(G.counterZoom(1, 2), 0.5);
  assert.equal(G.counterZoom(1, 0.0001), 100, 'clamped');
  assert.equal(G.counterZoom(1, 50000), 0.01, 'clamped');
  for (const bad of [NaN, 0, -1, Infinity]) {
    assert.equal(G.counterZoom(1, bad), null);
    assert.equal(G.counterZoom(bad, 1), null);
  }
});

test('the background injects the layer guard before the panel\'s content script, which uses it', () => {
  const background = readFileSync(new URL('../../background/background.js', import.meta.url), 'utf8');
  const files = /const PANEL_FILES = (\[[^\]]*\]);/.exec(background);
  const list = JSON.parse(files[1].replaceAll("'", '"'));
  assert.ok(list.indexOf('content/layer-guard.js') >= 0 && list.indexOf('content/layer-guard.js') < list.indexOf('content/panel.js'));
  const panel = readFileSync(new URL('../../content/panel.js', import.meta.url), 'utf8');
  assert.match(panel, /globalThis\.MastheadLayerGuard/);
});
