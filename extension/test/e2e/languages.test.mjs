// End-to-end: the language comes from the browser. Each browser is launched in Arabic and in
// German (Chromium: --lang and LANGUAGE, with Debian's chromium-l10n; Firefox:
// intl.locale.requested, with Debian's firefox-esr-l10n-ar/-de language packs), the extension's
// language setting left at "automatic"; and Firefox once more with a dark theme, for axe-core in
// the dark colour scheme (Chromium switches schemes in a running page: e2e.test.mjs (14), (15)).
// Run alone: node --test --test-timeout=300000 test/e2e/languages.test.mjs
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sleep } from './servers.mjs';
import { launchFirefox } from './browsers.mjs';
import { AXE_SOURCE, BROWSERS, axeSerious, panelChrome, panelDirection, panelInfo, shotsDir, useBrowser, useServers } from './helpers.mjs';
import { RT_AR_ARTICLE, RT_ARTICLE, RT_DE_ARTICLE, SITES } from './pages.mjs';

const SHOTS = shotsDir();

const servers = useServers(SITES);

/** Where each part of a text node's string is drawn: the left edge of each piece's first box. */
function leftEdges({ selector, pieces }) {
  const el = document.querySelector(selector);
  const text = el.textContent;
  const at = (offset) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (offset < seen + node.length) {
        const range = document.createRange();
        range.setStart(node, offset - seen);
        range.setEnd(node, offset - seen + 1);
        return range.getBoundingClientRect().left;
      }
      seen += node.length;
    }
    return null;
  };
  // Each piece: [substring, which occurrence (0 first, -1 last)].
  return pieces.map(([piece, which]) => {
    const offset = which === -1 ? text.lastIndexOf(piece) : text.indexOf(piece);
    return offset < 0 ? null : at(offset);
  });
}

/** axe on the panel (every section open), the popup, the options and first-run pages. */
async function axeEverywhere({ browser, page, tabIdOf, schemes, tabPattern }) {
  await page.inPanel(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    for (const b of document.querySelectorAll('.show-all')) b.click();
  });
  await page.inPanel(AXE_SOURCE);
  const popup = await browser.newPage();
  await popup.goto(`${browser.base}popup/popup.html?tab=${await tabIdOf(tabPattern)}`);
  await popup.waitFor(() => Boolean(document.querySelector('.record')), null, { what: 'popup record' });
  const options = await browser.newPage();
  await options.goto(`${browser.base}options/options.html`);
  await options.waitFor(() => document.getElementById('serverUrl').value, null, { what: 'options filled' });
  const welcome = await browser.newPage();
  await welcome.goto(`${browser.base}welcome/welcome.html`);
  await welcome.waitFor(() => document.getElementById('serverUrl').value, null, { what: 'the first-run page filled' });
  const extensionPages = { popup, options, 'first-run page': welcome };
  for (const p of Object.values(extensionPages)) await p.evaluate(AXE_SOURCE);
  const found = {};
  for (const scheme of schemes) {
    if (browser.name === 'chromium') for (const p of [page, ...Object.values(extensionPages)]) await p.darkMode(scheme === 'dark');
    await sleep(200);
    found[`panel, ${scheme}`] = JSON.parse(await page.inPanel(axeSerious));
    for (const [what, p] of Object.entries(extensionPages)) found[`${what}, ${scheme}`] = JSON.parse(await p.evaluate(axeSerious));
    const dark = await Promise.all([page.inPanel(() => matchMedia('(prefers-color-scheme: dark)').matches), ...Object.values(extensionPages).map((p) => p.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches))]);
    assert.deepEqual(dark, dark.map(() => scheme === 'dark'), `every page in the ${scheme} scheme`);
  }
  if (browser.name === 'chromium') for (const p of [page, ...Object.values(extensionPages)]) await p.darkMode(false);
  for (const p of Object.values(extensionPages)) await p.close();
  assert.deepEqual(found, Object.fromEntries(Object.keys(found).map((k) => [k, []])), 'serious or critical violations');
}

for (const [name, launch] of BROWSERS) {
  // Chromium switches the colour scheme of a running page; Firefox is launched dark below.
  const schemes = name === 'chromium' ? ['light', 'dark'] : ['light'];

  describe(`${name} in Arabic`, { timeout: 240_000 }, () => {
    const ctl = useBrowser(name, launch, servers, { locale: 'ar' });

    test('(L1) the browser speaks Arabic, the setting is "automatic": the extension\'s pages are in Arabic, right to left', async () => {
      const ui = await ctl.extPage.evaluate(() => (globalThis.browser || globalThis.chrome).i18n.getUILanguage());
      assert.match(ui, /^ar\b/, 'the browser\'s UI language');
      assert.equal((await ctl.send({ type: 'settings:get' })).settings.language, 'auto');
      const options = await ctl.extPage.evaluate(() => ({
        lang: document.documentElement.lang, dir: document.documentElement.dir, h1: document.querySelector('h1').textContent, language: document.getElementById('language').value,
      }));
      assert.deepEqual(options, { lang: 'ar', dir: 'rtl', h1: 'إعدادات Masthead', language: 'auto' });
      // The privacy figures in Arabic, the request line kept whole and left to right inside them.
      const privacy = await ctl.extPage.waitFor(() => document.getElementById('privacy-now').textContent, null, { what: 'the privacy figures' });
      assert.match(privacy, /سطر طلب طوله 26 بايت \(\u2068GET \/api\/v1\/reports\/hash\/0\u2069\)/);
      const [get, api, hash, zero] = await ctl.extPage.evaluate(leftEdges, { selector: '#privacy-now', pieces: [['GET', 0], ['/api', 0], ['hash', 0], ['/0', 0]] });
      assert.ok(get < api && api < hash && hash < zero, `the request line left to right: ${[get, api, hash, zero]}`);
    });

    test('(L2) arabic.rt.com: the Arabic panel, right to left, isolated from the page, its punctuation in place', async () => {
      const page = await ctl.browser.newPage();
      await page.goto(RT_AR_ARTICLE);
      const info = await page.panelWaitFor(panelInfo, null, { what: 'the panel' });
      assert.equal(info.state, 'expanded');
      assert.equal(info.dir, 'rtl');
      // Mirrored: the first action button (Minimise) is on the right of Close; the summary's
      // lines start at the card's right edge.
      const { whoRight, who: _who, ...inside } = await page.inPanel(panelDirection);
      assert.deepEqual({ ...inside, whoAtRight: whoRight < 40 }, { lang: 'ar', direction: 'rtl', bidi: 'isolate', summary: 'rtl', minimise: 'تصغير', close: 'إغلاق', mirrored: true, whoAtRight: true });
      assert.match(info.tab, /RT: وسيلة إعلام تسيطر عليها الدولة/);
      // The Arabic words with the Latin name and its country in parentheses, in logical order...
      const who = await page.inPanel(() => document.querySelector('.who li').textContent);
      assert.match(who, /^تديرها ANO TV-Novosti \(روسيا\)/);
      // ... and drawn right to left: the verb rightmost, then the Latin name (itself left to
      // right), then the country with its parentheses, the closing one leftmost. A page
      // direction leaking in, or none set, would draw "(روسيا)" before the name or split it.
      const [verb, name0, nameEnd, open, country, close] = await page.inPanel(leftEdges, {
        selector: '.who li', pieces: [['تديرها', 0], ['A', 0], ['i', 0], ['(', 0], ['روسيا', 0], [')', 0]],
      });
      assert.ok(verb > name0, `the verb (${verb}) right of the name (${name0})`);
      assert.ok(name0 < nameEnd, `the Latin name left to right (${name0} < ${nameEnd})`);
      assert.ok(open < name0 && country < open && close < country, `"(روسيا)" left of the name, in order: ( ${open}, روسيا ${country}, ) ${close}`);
      // The article's date (from the page's metadata) and a label's year in Arabic, with the
      // Arabic comma, each label set against the article's day.
      assert.match(info.summary, /هذا المقال: 2 أغسطس 2017\./);
      assert.match(info.summary, /Council of the European Union، 2022 \(منذ مارس 2022 — [^)]+\)/);
      // The page is right to left and forces it on every element; none of it reaches the placeholder.
      const host = await page.evaluate(() => ({ direction: getComputedStyle(document.querySelector('[data-masthead="panel"]')).direction, page: getComputedStyle(document.body).direction }));
      assert.deepEqual(host, { direction: 'ltr', page: 'rtl' });
      if (name === 'chromium') {
        await page.inPanel(() => { document.querySelector('.more.ownership').open = true; });
        await sleep(200);
        await page.screenshot(join(SHOTS, 'extension-panel-arabic.png'));
      }
      await page.close();
    });

    test(`(L3) axe-core: no serious or critical violations in the Arabic panel, popup, options and first-run page (${schemes.join(' and ')})`, async () => {
      const page = await ctl.browser.newPage();
      await page.goto(RT_AR_ARTICLE);
      await page.panelWaitFor(panelInfo, null, { what: 'the panel' });
      await axeEverywhere({ browser: ctl.browser, page, tabIdOf: ctl.tabIdOf, schemes, tabPattern: '*://arabic.rt.com/*' });
      await page.close();
    });
  });

  describe(`${name} in German`, { timeout: 240_000 }, () => {
    const ctl = useBrowser(name, launch, servers, { locale: 'de' });

    test('(L4) de.rt.com in a German browser: the panel, the popup, the options and first-run pages in German', async () => {
      const ui = await ctl.extPage.evaluate(() => (globalThis.browser || globalThis.chrome).i18n.getUILanguage());
      assert.match(ui, /^de\b/, 'the browser\'s UI language');
      assert.equal((await ctl.send({ type: 'settings:get' })).settings.language, 'auto');
      const page = await ctl.browser.newPage();
      await page.goto(RT_DE_ARTICLE);
      const info = await page.panelWaitFor(panelInfo, null, { what: 'the panel' });
      assert.match(info.tab, /RT: Staatlich kontrolliertes Medium/);
      assert.match(info.summary, /Betrieben von ANO TV-Novosti \(Russland\)/);
      assert.match(info.summary, /Finanziert von Government of the Russian Federation \(Russland\)/);
      const chrome = await page.inPanel(panelChrome);
      assert.deepEqual(chrome, { lang: 'de', dir: 'ltr', minimise: 'Minimieren', close: 'Schließen' });
      const popup = await ctl.browser.newPage();
      await popup.goto(`${ctl.browser.base}popup/popup.html?tab=${await ctl.tabIdOf('*://de.rt.com/*')}`);
      await popup.waitFor(() => Boolean(document.querySelector('.record')), null, { what: 'popup record' });
      assert.deepEqual(await popup.evaluate(() => ({ lang: document.documentElement.lang, footer: document.getElementById('open-options').textContent, kind: document.querySelector('.subtitle').textContent })),
        { lang: 'de', footer: 'Einstellungen', kind: 'Staatlich kontrolliertes Medium · Russland' });
      await popup.close();
      assert.equal(await ctl.extPage.evaluate(() => document.querySelector('h1').textContent), 'Masthead-Einstellungen');
      const welcome = await ctl.browser.newPage();
      await welcome.goto(`${ctl.browser.base}welcome/welcome.html`);
      await welcome.waitFor(() => document.getElementById('serverUrl').value, null, { what: 'the first-run page filled' });
      assert.deepEqual(await welcome.evaluate(() => ({ lang: document.documentElement.lang, h1: document.querySelector('h1').textContent })), { lang: 'de', h1: 'Willkommen bei Masthead' });
      await welcome.close();
      await page.close();
    });

    test('(L5) the settings override the browser: English chosen in the options gives an English panel on de.rt.com', async () => {
      await ctl.send({ type: 'settings:set', settings: { language: 'en' } });
      try {
        const page = await ctl.browser.newPage();
        await page.goto(RT_DE_ARTICLE);
        const info = await page.panelWaitFor(panelInfo, null, { what: 'the panel' });
        assert.match(info.tab, /RT: State-controlled media/);
        assert.equal(await page.inPanel(() => document.querySelector('.root').getAttribute('lang')), 'en');
        await page.close();
      } finally {
        await ctl.send({ type: 'settings:set', settings: { language: 'auto' } });
      }
    });
  });
}

describe('firefox, dark', { timeout: 240_000 }, () => {
  const ctl = useBrowser('firefox', launchFirefox, servers, { dark: true });

  test('(L6) axe-core: no serious or critical violations in the panel, popup, options and first-run page, dark', async () => {
    const page = await ctl.browser.newPage();
    await page.goto(RT_ARTICLE);
    await page.panelWaitFor(panelInfo, null, { what: 'the panel' });
    await axeEverywhere({ browser: ctl.browser, page, tabIdOf: ctl.tabIdOf, schemes: ['dark'], tabPattern: '*://www.rt.com/*' });
    await page.close();
  });
});
