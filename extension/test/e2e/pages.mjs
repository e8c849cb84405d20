// Local stand-ins for the pages the end-to-end tests open, served under their real host
// names by the test page server (which the browsers use as their HTTP proxy). The text is
// written for these tests; only headlines and addresses follow the reference story.

const page = (title, body, { lang = 'en', dir = 'ltr', head = '' } = {}) => `<!doctype html>
<html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 Georgia,serif;margin:0;background:#fafafa;color:#222}
header{background:#1a1a1a;color:#fff;padding:10px 24px;font:700 20px system-ui}
main{max-width:720px;margin:24px auto;padding:0 16px}h1{font-size:28px;line-height:1.2}
.meta{color:#666;font:14px system-ui}.result{margin:14px 0}.result a{font:18px system-ui;color:#1a0dab}
.result cite{display:block;color:#006621;font:13px system-ui}</style>${head}</head>
<body>${body}</body></html>`;

// rt.com is on the browsers' HSTS preload lists, so its pages are fetched over https
// (the page server intercepts CONNECT with a throw-away certificate).
export const RT_ARTICLE = 'https://www.rt.com/news/398374-russia-syria-losses-reuters/';
export const RT_DE_ARTICLE = 'https://de.rt.com/international/56032-russisches-verteidigungsministerium-reuters-bericht/';
export const SEARCH_PAGE = 'http://www.google.com/search?q=russia+syria+losses+reuters';
export const UNKNOWN_PAGE = 'http://www.independent-ledger.org/2017/08/02/syria-casualty-counts/';
// RT's mirror (a domain rule of RT in the seed) and a Wayback Machine copy of the RT article.
export const MIRROR_PAGE = 'https://swentr.site/news/398374-russia-syria-losses-reuters/';
export const ARCHIVE_PAGE = `https://web.archive.org/web/20170802120000/${RT_ARTICLE}`;
// A reader's post quoting RT (not RT's own: RT's account is a known account since issue 17).
export const X_PAGE = 'https://x.com/a_reader/status/892789456789';
// RT's account page on X: a known account (the seed's x.com + /RT_com rule).
export const X_ACCOUNT_PAGE = 'https://x.com/RT_com';
export const RT_AR_ARTICLE = 'https://arabic.rt.com/world/893456-reuters-russia-syria-losses/';
export const XSS_HOST = 'xss-check.example.net';
// A page on RT's site whose script attacks the panel (scenario 11).
export const HOSTILE_PAGE = 'https://www.rt.com/news/000001-hostile-page-test/';
// What the hostile page would like the panel to show instead.
export const FAKE_PANEL_PAGE = 'https://www.rt.com/news/000002-fake-panel/';
/** An RT article Masthead has no report links for: privacy mode asks nothing about it. */
export const RT_PLAIN_ARTICLE = 'https://www.rt.com/news/400001-weather-moscow-august/';
export const XSS_PAGE = `http://${XSS_HOST}/news/1-test-page`;
/** The reference article again, at another address on rt.com, declaring a false date (2001). */
export const RT_FALSE_DATE_PAGE = 'https://www.rt.com/news/398374-russia-syria-losses-reuters-copy/';

const rtArticle = page(
  "'False from start to finish': Russian defense ministry slams Reuters report on military casualties — RT World News",
  `<header>RT — World News</header><main><article>
<h1>'False from start to finish': Russian defense ministry slams Reuters report on military casualties</h1>
<p class="meta">Published time: 2 Aug, 2017 19:09</p>
<p>(Local test copy.) The Russian Defense Ministry has rejected a Reuters report that counted Russian
military and private-contractor deaths in Syria in 2017, calling the report false from start to finish.</p>
<p>A Kremlin spokesman said the ministry's figures are the official ones.</p>
<p>${'Filler paragraph so the page has some length. '.repeat(30)}</p>
</article></main>`,
  { head: '<meta property="article:published_time" content="2017-08-02T19:09:00+00:00">' },
);

// What an outlet could do to a panel it dislikes: forbid frames (CSP frame-src 'none'), look
// inside it, rewrite it, restyle it, remove it, again and again for 2 s. It logs what it
// managed in window.__hostile.
const hostileScript = `
(function () {
  const log = (m) => { if (!window.__hostile.includes(m)) window.__hostile.push(m); };
  window.__hostile = [];
  const sheet = document.createElement('style');
  sheet.textContent = '[data-masthead="panel"], [data-masthead="panel"] *, iframe { display: none !important; visibility: hidden !important; opacity: 0 !important; width: 0 !important; height: 0 !important; transform: scale(0) !important; }';
  document.head.appendChild(sheet);
  function attack() {
    const host = document.querySelector('[data-masthead="panel"]');
    if (!host) return;
    log('found');
    try {
      if (host.shadowRoot) { host.shadowRoot.textContent = 'IND / RT: Independent media'; log('rewrote'); }
    } catch (e) { log('rewrite failed'); }
    try { host.attachShadow({ mode: 'open' }).textContent = 'IND / RT: Independent media'; log('rewrote'); } catch (e) { log('attach refused'); }
    try { host.textContent = 'IND / RT: Independent media'; } catch (e) { /* nothing */ }
    for (const f of document.querySelectorAll('iframe')) { f.remove(); log('removed a frame'); }
    // The frame inside the closed shadow root may still be one of window.frames: send it elsewhere.
    for (let i = 0; i < window.length; i += 1) {
      try { window[i].location.href = '${FAKE_PANEL_PAGE}'; log('navigated a frame'); } catch (e) { log('navigation refused'); }
    }
    host.setAttribute('style', 'display: none !important');
    host.hidden = true;
    host.className = 'gone';
    log('restyled');
    host.remove();
    log('removed');
  }
  // Anything the panel posts to this window hands over its sender: navigate it to a fake panel.
  window.addEventListener('message', (event) => {
    if (event.source && event.source !== window) {
      log('heard the panel');
      try { event.source.location.href = '${FAKE_PANEL_PAGE}'; log('navigated a frame'); } catch (e) { log('navigation refused'); }
    }
  });
  const timer = setInterval(attack, 150);
  setTimeout(() => { clearInterval(timer); window.__hostileDone = true; }, 2000);
})();`;

const hostileArticle = page(
  'A page that attacks the panel — RT (test)',
  `<header>RT — World News</header><main><article><h1>A page that dislikes the panel</h1>
<p>(Local test page: its script tries to rewrite, restyle and remove the Masthead panel.)</p></article></main>
<script>${hostileScript}</script>`,
  { head: '<meta http-equiv="Content-Security-Policy" content="frame-src \'none\'; child-src \'none\'"><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","headline":"x","datePublished":"2017-08-02T19:09:00+00:00"}]}</script>' },
);

// A page on RT's site that tries to hide the panel without touching it (scenario 11b): its
// script offers window.__hide(kind) — an overlay above everything, a modal dialog, a popover of
// its own, or clip-path/opacity/filter/transform on <html> or <body> (filters that fade,
// darken, blur or recolour); a popover with pointer-events: none, one re-shown every 300 ms,
// zoom 0.05 on <html> undone by 20 on <body>, a box of its own made full screen on the
// reader's first click — and window.__unhide(). 'html-dark' and 'html-invert' are dark
// modes rather than attacks (KEPT_FILTERS): the page keeps them; in Firefox, where they reach
// the panel, the first leaves it readable (dark) and the second is undone on the panel itself.
export const HIDING_PAGE = 'https://www.rt.com/news/000003-hiding-page-test/';
export const HIDING_KINDS = [
  'overlay', 'dialog', 'popover', 'html-clip', 'html-opacity', 'html-filter', 'html-brightness',
  'html-blur', 'html-hue', 'html-transform', 'body-clip', 'body-opacity', 'body-filter', 'html-dark',
  'html-invert', 'popover-passthrough', 'popover-flicker', 'zoom', 'fullscreen',
];
export const DARK_MODE_FILTER = 'invert(1) hue-rotate(180deg)';
export const KEPT_FILTERS = { 'html-dark': DARK_MODE_FILTER, 'html-invert': 'invert(1)' };
const hidingScript = `
(function () {
  const FAKE = 'IND / RT: Independent media';
  const RED = 'background: rgb(255, 0, 0) !important; color: #fff; font: 700 40px system-ui;';
  const cover = 'position: fixed; inset: 0; width: 100vw; height: 100vh; max-width: none; max-height: none; margin: 0; border: 0; padding: 0; z-index: 2147483647;';
  let made = [];
  window.__hide = (kind) => {
    window.__unhide();
    if (kind === 'overlay') {
      const div = document.createElement('div');
      div.setAttribute('style', cover + RED);
      div.textContent = FAKE;
      document.documentElement.appendChild(div); // after the panel's host
      made.push(div);
    } else if (kind === 'dialog') {
      const dialog = document.createElement('dialog');
      dialog.setAttribute('style', cover + RED);
      dialog.textContent = FAKE;
      document.body.appendChild(dialog);
      dialog.showModal();
      made.push(dialog);
    } else if (kind === 'popover') {
      const pop = document.createElement('div');
      pop.setAttribute('popover', 'manual');
      pop.setAttribute('style', cover + RED);
      pop.textContent = FAKE;
      document.body.appendChild(pop);
      pop.showPopover();
      made.push(pop);
    } else if (kind === 'popover-passthrough' || kind === 'popover-flicker') {
      // Shown after the panel: one invisible to hit-testing (pointer-events: none), and one
      // hidden and shown again every 300 ms, to go back above the panel each time.
      const pop = document.createElement('div');
      pop.setAttribute('popover', 'manual');
      pop.setAttribute('style', cover + RED + (kind === 'popover-passthrough' ? ' pointer-events: none;' : ''));
      pop.textContent = FAKE;
      document.body.appendChild(pop);
      pop.showPopover();
      made.push(pop);
      if (kind === 'popover-flicker') {
        const timer = setInterval(() => { if (!pop.isConnected) return; try { pop.hidePopover(); pop.showPopover(); } catch (e) {} }, 300);
        made.push({ remove: () => clearInterval(timer) });
      }
    } else if (kind === 'zoom') {
      // The article looks as before (0.05 × 20); the panel's host, a child of <html>, is at 0.05.
      document.documentElement.style.zoom = '0.05';
      document.body.style.zoom = '20';
      made.push({ remove: () => { document.documentElement.style.removeProperty('zoom'); document.body.style.removeProperty('zoom'); } });
    } else if (kind === 'fullscreen') {
      // On the reader's first click, a box of the page's own (no video) goes full screen.
      const box = document.createElement('div');
      box.setAttribute('style', RED);
      box.textContent = FAKE;
      document.body.appendChild(box);
      window.__fullscreenLog = [];
      const onChange = () => window.__fullscreenLog.push(document.fullscreenElement ? 'in' : 'out');
      document.addEventListener('fullscreenchange', onChange);
      const onClick = () => { if (!document.fullscreenElement) box.requestFullscreen().catch((e) => { window.__fullscreenError = String(e); }); };
      document.addEventListener('click', onClick);
      made.push(box, { remove: () => { document.removeEventListener('click', onClick); document.removeEventListener('fullscreenchange', onChange); if (document.fullscreenElement) document.exitFullscreen().catch(() => {}); } });
    } else {
      const [where, what] = kind.split('-');
      const el = where === 'html' ? document.documentElement : document.body;
      const value = { clip: 'clip-path: inset(0 420px 0 0) !important', opacity: 'opacity: 0 !important',
        filter: 'filter: opacity(0) !important', brightness: 'filter: brightness(0) !important',
        blur: 'filter: blur(12px) !important', hue: 'filter: hue-rotate(120deg) !important',
        dark: 'filter: ${DARK_MODE_FILTER} !important', invert: 'filter: invert(1) !important', transform: 'transform: translateX(-200vw) !important' }[what];
      const sheet = document.createElement('style');
      sheet.textContent = (where === 'html' ? 'html' : 'body') + ' { ' + value + ' }';
      document.head.appendChild(sheet);
      made.push(sheet);
      el.setAttribute('style', value);
      window.__restyled = el;
    }
  };
  window.__unhide = () => {
    for (const el of made) { if (el.close) { try { el.close(); } catch (e) {} } if (el.hidePopover) { try { el.hidePopover(); } catch (e) {} } el.remove(); }
    made = [];
    if (window.__restyled) { window.__restyled.removeAttribute('style'); window.__restyled = null; }
  };
})();`;
const hidingArticle = page(
  'A page that hides the panel — RT (test)',
  `<header>RT — World News</header><main><article><h1>A page that would rather the panel were not seen</h1>
<p>(Local test page: its script covers the panel, or makes its ancestors invisible.)</p></article></main>
<script>${hidingScript}</script>`,
  { head: '<meta property="article:published_time" content="2017-08-02T19:09:00+00:00">' },
);

// Pages that define the custom-element names the panel and the badges once had, before the
// extension makes them (scenario 11c). ?attack= picks the class: 'no-shadow' refuses a shadow
// root (static disabledFeatures), 'fake-shadow' attaches an open one of its own with a fake
// record, 'self-remove' removes the element as soon as it is connected. The hosts are built-in
// elements now, which no page can define: the panel and the badges show regardless.
export const CUSTOM_ELEMENTS_PAGE = 'https://www.rt.com/news/000004-custom-elements-test/';
export const CUSTOM_ELEMENTS_X_PAGE = 'https://x.com/a_reader/status/892789456790';
export const CUSTOM_ELEMENT_ATTACKS = ['no-shadow', 'fake-shadow', 'self-remove'];
const customElementsScript = `
(function () {
  const attack = new URLSearchParams(location.search).get('attack');
  const FAKE = 'IND / RT: Independent media';
  const classes = {
    'no-shadow': () => class extends HTMLElement { static disabledFeatures = ['shadow']; },
    'fake-shadow': () => class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'open' }).textContent = FAKE; } },
    'self-remove': () => class extends HTMLElement { connectedCallback() { this.remove(); } },
  };
  window.__defined = [];
  for (const name of ['masthead-panel', 'masthead-badge']) {
    customElements.define(name, classes[attack]());
    window.__defined.push(name);
  }
})();`;
const customElementsArticle = page(
  'A page that defines the panel\'s element — RT (test)',
  `<header>RT — World News</header><main><article><h1>A page that defines custom elements</h1>
<p>(Local test page: its script defines the element names Masthead once used.)</p></article></main>
<script>${customElementsScript}</script>`,
  { head: '<meta property="article:published_time" content="2017-08-02T19:09:00+00:00">' },
);

// The reference article at its real address, whose markup names another RT article as its
// canonical address (scenario 11d): the article at the address still shows its Reuters report.
// The e2e test serves it in place of the article for the length of that test only.
export const rtArticleOtherCanonical = rtArticle.replace('</head>',
  `<link rel="canonical" href="${RT_PLAIN_ARTICLE}"><meta property="og:url" content="${RT_PLAIN_ARTICLE}"></head>`);

const rtDeArticle = page(
  'Russisches Verteidigungsministerium weist Reuters-Bericht zurück — RT DE',
  `<header>RT DE</header><main><article>
<h1>Russisches Verteidigungsministerium weist Reuters-Bericht über Verluste in Syrien zurück</h1>
<p class="meta">2.08.2017</p>
<p>(Lokale Testkopie.) Das Ministerium nennt den Bericht über russische Verluste in Syrien falsch.</p>
</article></main>`,
  { lang: 'de' },
);

// An Arabic edition page: right to left, and a stylesheet that forces its direction on everything.
const rtArArticle = page(
  'وزارة الدفاع الروسية تنفي تقرير رويترز — RT Arabic',
  `<header>RT Arabic</header><main><article>
<h1>وزارة الدفاع الروسية تنفي تقرير رويترز عن الخسائر في سوريا</h1>
<p class="meta">2017-08-02</p>
<p>(نسخة اختبار محلية.) وصفت الوزارة التقرير بأنه كاذب.</p></article></main>`,
  { lang: 'ar', dir: 'rtl', head: '<meta property="article:published_time" content="2017-08-02T18:40:00+00:00"><style>* { direction: rtl !important; unicode-bidi: bidi-override !important; text-align: right !important; }</style>' },
);

// The mirror declares the article's address on rt.com; a canonical on another outlet is ignored.
const mirrorArticle = page(
  "'False from start to finish': Russian defense ministry slams Reuters report on military casualties — RT",
  `<header>RT (mirror)</header><main><article><h1>'False from start to finish'</h1>
<p>(Local test copy of the article on one of RT's mirror domains.)</p></article></main>`,
  { head: `<link rel="canonical" href="${RT_ARTICLE}"><meta property="og:url" content="https://edition.cnn.com/not-this-one">` },
);

const archivedArticle = page(
  "'False from start to finish' — RT World News (Wayback Machine)",
  `<header>Wayback Machine</header><main><article><h1>'False from start to finish'</h1>
<p>(Local test copy of an archived copy of the RT article.)</p></article></main>`,
  { head: `<link rel="canonical" href="${ARCHIVE_PAGE}">` },
);

// X shows a t.co link's target as its text (cut short), and links to itself.
const xPage = page(
  'A reader on X',
  `<main id="results"><article><p>Russian defense ministry slams Reuters report
<a href="https://t.co/AbC123xyz" rel="noopener noreferrer nofollow" target="_blank">rt.com/news/398374-russ…</a></p>
<p><a href="https://x.com/RT_com">@RT_com</a> · <a href="https://t.co/ZzZ999">Show more</a></p></article></main>`,
);

// An account's profile page on X: the panel opens on it as on the outlet's own site.
const xAccountPage = page(
  'RT (@RT_com) / X',
  `<main><h1>RT</h1><p>@RT_com</p><article><p>A post of the account.</p></article></main>`,
);

const results = [
  ['https://www.rt.com/news/398374-russia-syria-losses-reuters/', "'False from start to finish': Russian defense ministry slams Reuters report", 'rt'],
  ['https://www.google.com/amp/s/www.rt.com/news/398374-russia-syria-losses-reuters/amp/', "'False from start to finish' (AMP, through Google's viewer)", 'rt'],
  ['http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A', 'Russia denies Reuters report on rise in Syria losses', 'reuters'],
  ['https://en.wikipedia.org/wiki/Russian_military_intervention_in_the_Syrian_civil_war', 'Russian military intervention in the Syrian civil war - Wikipedia', null],
  ['https://english.alaraby.co.uk/english/news/2017/8/2/sharp-rise-in-russian-losses-in-syria-investigation-finds', 'Sharp rise in Russian losses in Syria, investigation finds', 'new-arab'],
  ['https://www.independent-ledger.org/2017/08/02/syria-casualty-counts/', 'Counting the dead: Syria casualty figures compared', null],
  ['https://de.rt.com/international/56032-russisches-verteidigungsministerium-reuters-bericht/', 'Russisches Verteidigungsministerium weist Reuters-Bericht zurück', 'rt'],
  ['/url?q=http://tass.com/defense/942082&sa=U', 'Russian Defence Ministry rejects Reuters report (TASS)', 'tass'],
  ['https://someone.github.io/syria-notes/', 'Notes on the Syrian war (a blog)', null],
];

const searchPage = page(
  'russia syria losses reuters - Google Search',
  `<header>Google (local test copy)</header><main id="results">
<p class="meta">About 1,000 results</p>
${results.map(([href, title]) => `<div class="result"><a href="${href}">${title}</a><cite>${href.replace(/^\/url\?q=/, '').replace(/&.*$/, '')}</cite></div>`).join('\n')}
<p><a href="/search?q=russia+syria+losses+reuters&start=10">Next page</a> · <a href="https://support.google.com/">Help</a></p>
</main>
<script>
// A results page that grows after load, like infinite scroll: the badge script must notice.
setTimeout(() => {
  const div = document.createElement('div');
  div.className = 'result late';
  const a = document.createElement('a');
  a.href = 'https://www.aljazeera.com/news/2017/8/2/late-result';
  a.textContent = 'A result added after load (Al Jazeera)';
  div.appendChild(a);
  document.getElementById('results').appendChild(div);
}, 400);
</script>`,
);

export const SEARCH_EXPECTED = [...results.map(([href, , slug]) => ({ href, slug })), { href: 'https://www.aljazeera.com/news/2017/8/2/late-result', slug: 'al-jazeera' }];

const unknownPage = page(
  'Counting the dead: Syria casualty figures compared — The Independent Ledger',
  `<header>The Independent Ledger</header><main><article><h1>Counting the dead</h1>
<p>(Local test copy of a site Masthead knows nothing about.)</p></article></main>`,
);

const xssPage = page('XSS check outlet — test page', '<header>XSS check</header><main><h1>A page on the XSS-check outlet</h1></main>');

/** host -> path -> html. Paths are matched without the query string. */
export const SITES = {
  'www.rt.com': {
    '/news/398374-russia-syria-losses-reuters/': rtArticle,
    '/news/000001-hostile-page-test/': hostileArticle,
    '/news/000003-hiding-page-test/': hidingArticle,
    [new URL(CUSTOM_ELEMENTS_PAGE).pathname]: customElementsArticle,
    [new URL(RT_PLAIN_ARTICLE).pathname]: page(
      'Moscow braces for a hot August — RT World News',
      '<header>RT</header><main><article><h1>Moscow braces for a hot August</h1><p>(Local test copy.) No report links for this one.</p></article></main>',
    ),
    '/news/000002-fake-panel/': page('fake panel', '<div class="root" data-state="expanded"><div class="summary-box">IND / RT: Independent media</div></div>'),
    [new URL(RT_FALSE_DATE_PAGE).pathname]: rtArticle.replace('2017-08-02T19:09:00+00:00', '2001-01-01T00:00:00+00:00')
      .replace('</head>', `<link rel="canonical" href="${RT_ARTICLE}"></head>`),
  },
  'arabic.rt.com': { [new URL(RT_AR_ARTICLE).pathname]: rtArArticle },
  'de.rt.com': { '/international/56032-russisches-verteidigungsministerium-reuters-bericht/': rtDeArticle },
  'www.google.com': { '/search': searchPage },
  'swentr.site': { '/news/398374-russia-syria-losses-reuters/': mirrorArticle },
  'web.archive.org': { [new URL(ARCHIVE_PAGE).pathname]: archivedArticle },
  'x.com': { [new URL(X_PAGE).pathname]: xPage, [new URL(CUSTOM_ELEMENTS_X_PAGE).pathname]: xPage.replace('</body>', `<script>${customElementsScript}</script></body>`), [new URL(X_ACCOUNT_PAGE).pathname]: xAccountPage },
  'www.independent-ledger.org': { '/2017/08/02/syria-casualty-counts/': unknownPage },
  [XSS_HOST]: { '/news/1-test-page': xssPage },
};

/** A page of n result links, mostly to known outlets, for the badge benchmark. */
export function manyLinksPage(n, knownHosts) {
  const links = [];
  for (let i = 0; i < n; i += 1) {
    const host = i % 2 ? knownHosts[i % knownHosts.length] : `unknown-${i % 50}.example.org`;
    links.push(`<div class="result"><a href="https://${host}/story/${i}">Result ${i}</a></div>`);
  }
  return page('many links - Google Search', `<main id="results">${links.join('\n')}</main>`);
}
