// Launches Chromium (Playwright, unpacked extension) and Firefox (Puppeteer over WebDriver
// BiDi, temporary add-on) with the Masthead extension, both pointed at the test page server
// as their HTTP proxy. Both return the same small driver interface the scenarios use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export const CHROMIUM = process.env.MASTHEAD_CHROMIUM || '/usr/bin/chromium';
export const FIREFOX = process.env.MASTHEAD_FIREFOX || '/usr/bin/firefox-esr';
export const GECKO_ID = 'masthead@masthead.example';

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Chromium on Linux takes its UI language (what i18n.getUILanguage returns) from the LANGUAGE
 * environment variable, given that language's .pak file (Debian: chromium-l10n); --lang alone
 * leaves it at en-US there (tried on Chromium 156), and is passed for the page's languages.
 */
export async function launchChromium({ extensionDir, proxyPort, locale = null }) {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'masthead-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    ignoreHTTPSErrors: true, // the page server's throw-away certificate
    timeout: 60_000,
    ...(locale ? { env: { ...process.env, LANGUAGE: locale, LANG: `${locale}.UTF-8` } } : {}),
    args: [
      ...(locale ? [`--lang=${locale}`] : []),
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable',
      `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`,
      `--proxy-server=http://127.0.0.1:${proxyPort}`,
    ],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const base = `chrome-extension://${new URL(worker.url()).host}/`;
  return {
    name: 'chromium',
    base,
    context,
    async newPage() {
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      return wrapPage(page, 'chromium');
    },
    async close() {
      await withTimeout(context.close(), 20_000, 'closing Chromium').catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Firefox takes its UI language from intl.locale.requested, given a language pack for it (Debian:
 * firefox-esr-l10n-<lang>, installed in the application's own extensions folder). Its colour
 * scheme cannot be switched over WebDriver BiDi, so a dark Firefox is launched dark
 * (ui.systemUsesDarkTheme, which the browser theme and so every page follows).
 */
export async function launchFirefox({ extensionDir, proxyPort, locale = null, dark = false }) {
  const { default: puppeteer } = await import('puppeteer-core');
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    timeout: 60_000,
    protocolTimeout: 60_000,
    acceptInsecureCerts: true, // the page server's throw-away certificate
    defaultViewport: { width: 1280, height: 800 },
    // Firefox 153+ only lets WebDriver navigate to moz-extension:// pages with this flag.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.allow_hijacking_localhost': false,
      'dom.security.https_first': false,
      'dom.security.https_first_pbm': false,
      'dom.security.https_only_mode': false,
      // Fixes the moz-extension:// origin so the tests can open the options page.
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      'datareporting.policy.dataSubmissionEnabled': false,
      'browser.shell.checkDefaultBrowser': false,
      ...(locale ? { 'intl.locale.requested': locale, 'extensions.autoDisableScopes': 0, 'extensions.enabledScopes': 15 } : {}),
      ...(dark ? { 'ui.systemUsesDarkTheme': 1, 'layout.css.prefers-color-scheme.content-override': 0 } : {}),
    },
  });
  await browser.installExtension(extensionDir);
  return {
    name: 'firefox',
    base: `moz-extension://${uuid}/`,
    browser,
    async newPage() {
      const page = await browser.newPage();
      page.setDefaultTimeout(20_000);
      return wrapPage(page, 'firefox');
    },
    async close() {
      await withTimeout(browser.close(), 20_000, 'closing Firefox').catch(() => {
        try { browser.process()?.kill('SIGKILL'); } catch { /* gone */ }
      });
    },
  };
}

/** The part of a page both drivers agree on, with evaluate taking one argument. */
function wrapPage(page, browserName) {
  return {
    raw: page,
    async goto(url) {
      if (browserName === 'firefox' && url.startsWith('moz-extension:')) {
        // Firefox navigates to extension pages but never reports the navigation's end over
        // BiDi; start it and wait for the document ourselves.
        page.goto(url, { timeout: 5_000 }).catch(() => {});
        await this.waitFor((want) => location.href === want && document.readyState === 'complete', url, { timeout: 15_000, what: `navigation to ${url}` });
        return;
      }
      await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    },
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    /**
     * The panel's frame (the extension page panel/panel.html), or null. Firefox reports an
     * extension frame's URL as about:blank over BiDi, so the frame is asked where it is.
     */
    async panelFrame() {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        if (/\/panel\/panel\.html#/.test(frame.url())) return frame;
        const isPanel = await frame.evaluate(() => /\/panel\/panel\.html$/.test(location.pathname)).catch(() => false);
        if (isPanel) return frame;
      }
      return null;
    },
    /** fn(arg) in the panel's frame; null while there is none. */
    async inPanel(fn, arg) {
      const frame = await this.panelFrame();
      return frame ? frame.evaluate(fn, arg) : null;
    },
    /** Focuses an element of the panel's frame, as a reader's Tab key would. */
    async focusInPanel(selector) {
      const frame = await this.panelFrame();
      if (!frame) throw new Error('no panel frame');
      await frame.focus(selector);
    },
    /** Polls fn(arg) in the panel's frame until it returns something truthy. */
    async panelWaitFor(fn, arg, { timeout = 10_000, what = 'the panel' } = {}) {
      const deadline = Date.now() + timeout;
      let last;
      for (;;) {
        try {
          last = await this.inPanel(fn, arg);
          if (last) return last;
        } catch (err) {
          last = err;
        }
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    press: (key) => page.keyboard.press(key),
    screenshot: (path, options = {}) => page.screenshot({ path, ...options }),
    async setViewport(width, height) {
      if (browserName === 'chromium') await page.setViewportSize({ width, height });
      else await page.setViewport({ width, height });
    },
    async darkMode(on) {
      if (browserName === 'chromium') await page.emulateMedia({ colorScheme: on ? 'dark' : 'light' });
      else await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: on ? 'dark' : 'light' }]);
    },
    close: () => page.close().catch(() => {}),
    /** Polls fn(arg) in the page until it returns something truthy. */
    async waitFor(fn, arg, { timeout = 10_000, what = 'condition' } = {}) {
      const deadline = Date.now() + timeout;
      let last;
      for (;;) {
        try {
          last = await page.evaluate(fn, arg);
          if (last) return last;
        } catch (err) {
          last = err;
        }
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
