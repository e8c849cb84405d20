// What the end-to-end test files share: the servers and browsers a file starts, axe-core, what
// the panel shows (read inside its frame) and how the page sees its placeholder, and connecting
// a launched browser to the test server.
import { after, before } from 'node:test';
import { mkdirSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../../tools/package.mjs';
import { REPO, sleep, startMasthead, startPageServer } from './servers.mjs';
import { launchChromium, launchFirefox } from './browsers.mjs';

export const EXT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The browsers every scenario runs in: [name, launch function]. */
export const BROWSERS = [['chromium', launchChromium], ['firefox', launchFirefox]];

/**
 * Hooks for a test file: before its tests, both extensions built, a seeded Masthead and the
 * page server for `sites` started, then `ready(servers)` awaited (what the file itself sets up
 * on them); after them, both stopped. Returns `{ masthead, pages }`, filled when the `before`
 * hook has run (describe blocks' hooks see them; a file's other top-level `before` hooks do not
 * wait for it, hence `ready`).
 */
export function useServers(sites, ready = null) {
  const servers = { masthead: null, pages: null };
  before(async () => {
    build('chromium');
    build('firefox');
    servers.masthead = await startMasthead();
    servers.pages = await startPageServer(sites);
    await ready?.(servers);
  });
  after(async () => {
    await servers.pages?.stop();
    await servers.masthead?.stop();
  });
  return servers;
}

/**
 * Hooks for a describe block: before its tests, browser `name` launched with the built
 * extension (`launch` with `options` such as `{ locale: 'ar' }` or `{ dark: true }`), its pages
 * proxied to the page server and the extension connected to Masthead (`connect`); after them,
 * the browser closed. Returns `{ browser, extPage, send, status, tabIdOf }`, filled when the
 * `before` hook has run.
 */
export function useBrowser(name, launch, servers, options = {}) {
  const ctl = { browser: null, extPage: null, send: null, status: null, tabIdOf: null };
  before(async () => {
    ctl.browser = await launch({ extensionDir: join(EXT_ROOT, 'dist', name), proxyPort: servers.pages.port, ...options });
    Object.assign(ctl, await connect(ctl.browser, servers.masthead.url));
  });
  after(async () => {
    await ctl.browser?.close();
  });
  return ctl;
}

/** Where screenshots go: docs/images under `npm run screenshots`, else test/e2e/artifacts. */
export function shotsDir() {
  const dir = process.env.MASTHEAD_UPDATE_SCREENSHOTS === '1' ? join(REPO, 'docs', 'images') : join(EXT_ROOT, 'test', 'e2e', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const QUIET_MS = 1500; // how long to watch for requests that must not happen

// axe-core, evaluated in the page under test (evaluation is not subject to extension pages' CSP).
export const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations in the current document, as JSON. */
export async function axeSerious() {
  const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
  return JSON.stringify(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) })));
}

export const REUTERS_REPORT = 'http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A';

/** What the panel shows, read inside its frame (an extension page the page itself cannot read). */
export function panelInfo() {
  const root = document.querySelector('.root');
  // Not drawn yet, or not yet sized by the page's placeholder.
  if (!root || !root.getAttribute('data-state') || innerHeight < 10) return null;
  const record = document.querySelector('.record');
  const summary = document.querySelector('.summary-box');
  const card = document.querySelector('.card');
  return {
    state: root.getAttribute('data-state'),
    text: record ? record.textContent : '',
    summary: summary ? summary.textContent : '',
    // The summary fits the frame, and so needs no scrolling: its bottom edge is inside the frame's window.
    summaryBottom: summary ? summary.getBoundingClientRect().bottom : null,
    cardVisible: Boolean(card && !card.hidden && card.getBoundingClientRect().height > 0),
    frameHeight: innerHeight,
    tab: (document.querySelector('.tab') || {}).textContent,
    links: [...document.querySelectorAll('a')].map((a) => ({ href: a.href, text: a.textContent, cls: a.className })),
    groups: [...document.querySelectorAll('.report-group')].map((g) => ({ relation: g.dataset.relation, text: g.textContent })),
    images: document.querySelectorAll('img').length,
    scripts: document.querySelectorAll('script:not([src])').length,
    dir: root.getAttribute('dir'),
  };
}

/** The panel's language and direction and its action buttons' text, read inside its frame. */
export function panelChrome() {
  const root = document.querySelector('.root');
  return {
    lang: root.getAttribute('lang'),
    dir: root.getAttribute('dir'),
    minimise: document.querySelector('.collapse').textContent,
    close: document.querySelector('.dismiss').textContent,
  };
}

/** How the panel lays out its language, read inside its frame: its lang, direction and isolation,
 * the action buttons' text and order (mirrored: Minimise right of Close), how far the first
 * summary line ends from the card's right edge (px), and that line's text. */
export function panelDirection() {
  const root = document.querySelector('.root');
  const card = document.querySelector('.card').getBoundingClientRect();
  const who = document.querySelector('.who li');
  return {
    lang: root.getAttribute('lang'),
    direction: getComputedStyle(root).direction,
    bidi: getComputedStyle(root).unicodeBidi,
    summary: getComputedStyle(document.querySelector('.summary-box')).direction,
    minimise: document.querySelector('.collapse').textContent,
    close: document.querySelector('.dismiss').textContent,
    mirrored: document.querySelector('.collapse').getBoundingClientRect().left > document.querySelector('.dismiss').getBoundingClientRect().left,
    whoRight: card.right - who.getBoundingClientRect().right,
    who: who.textContent,
  };
}

/** The panel's placeholder as the page sees it: a fixed box it cannot look into. */
export function hostInfo() {
  const host = document.querySelector('[data-masthead="panel"]');
  if (!host) return null;
  const r = host.getBoundingClientRect();
  const style = getComputedStyle(host);
  const atCentre = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {
    connected: host.isConnected,
    shadowRoot: host.shadowRoot === null ? null : 'readable',
    position: style.position, display: style.display, visibility: style.visibility, opacity: style.opacity,
    box: { top: r.top, left: r.left, bottom: r.bottom, right: r.right, width: r.width, height: r.height },
    viewport: { width: innerWidth, height: innerHeight },
    onTop: atCentre === host,
  };
}

/**
 * Points a freshly launched browser's extension at the test server from its options page, as a
 * reader would, and waits for the index. Returns the options page (used to talk to the
 * background as the extension's own pages do) and helpers over it.
 */
export async function connect(browser, serverUrl) {
  const extPage = await browser.newPage();
  await extPage.goto(`${browser.base}options/options.html`);
  await extPage.waitFor(() => document.getElementById('serverUrl').value, null, { what: 'options filled' });
  await extPage.evaluate((url) => {
    document.getElementById('serverUrl').value = url;
    document.getElementById('save').click();
  }, serverUrl);
  await extPage.waitFor(() => document.getElementById('saved').textContent, null, { what: 'options saved' });
  const send = (message) => extPage.evaluate((m) => (globalThis.browser || globalThis.chrome).runtime.sendMessage(m), message);
  const status = () => send({ type: 'index:status' });
  const tabIdOf = (urlPattern) => extPage.evaluate(async (pattern) => {
    const api = globalThis.browser || globalThis.chrome;
    const tabs = await api.tabs.query({ url: pattern });
    return tabs.length ? tabs[0].id : null;
  }, urlPattern);
  // Changing the server syncs the index; wait for it.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const s = await status().catch(() => null);
    if (s?.ok && s.serverUrl === serverUrl && s.index.loaded && s.index.ruleCount > 100) break;
    if (Date.now() > deadline) throw new Error(`index not loaded: ${JSON.stringify(s)}`);
    await sleep(250);
  }
  return { extPage, send, status, tabIdOf };
}

/**
 * The colour [r, g, b] the browser paints at (x, y) of the page's viewport: a 1x1 screenshot
 * there, decoded (the first pixel of a PNG's first row is stored as is, whatever its filter).
 */
export async function pixelAt(page, x, y) {
  const png = Buffer.from(await page.screenshot(undefined, { clip: { x: Math.floor(x), y: Math.floor(y), width: 1, height: 1 } }));
  const chunks = [];
  let colourType = null;
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') colourType = data[9];
    if (type === 'IDAT') chunks.push(data);
    at += 12 + length;
  }
  if (colourType !== 2 && colourType !== 6) throw new Error(`unexpected PNG colour type ${colourType}`);
  const raw = inflateSync(Buffer.concat(chunks));
  return [raw[1], raw[2], raw[3]];
}
