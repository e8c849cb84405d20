// Badges on the documented search and social sites (lib/sites.js). Outbound links whose
// target is in the local index get a small badge with a tooltip (outlet, kind, ultimate owners)
// that links to the outlet's record page on the Masthead server; posts by a known account get
// one beside their author's name, with the kind and the outlet's name. Where a post and its
// author are in the page's markup is the site's surface module's business (content/surfaces/,
// injected before this script; docs/extension.md). Off in the settings (for all sites or this
// one): the first answer says so and the script stops, adding nothing.
// The answer comes from the background's local index: no network request per link, or at
// all. The background reads each link with the shared URL rules (click wrappers, Google's AMP
// viewer, archives: background/matching/links.js), so links are sent as the page has them, in
// batches; X's t.co links also send their text, which shows the target. New links are picked up
// by one MutationObserver whose work is batched into idle callbacks with a bounded amount of
// work per slice.
(function () {
  'use strict';

  if (globalThis.__mastheadBadges) return; // injected twice (e.g. extension reloaded)
  globalThis.__mastheadBadges = true;

  const api = globalThis.browser || globalThis.chrome;
  const MAX_LINKS_PER_MESSAGE = 500; // lib/messages.js MAX_BADGE_LINKS
  const MAX_HREF = 2048;
  const MAX_TEXT = 300; // lib/messages.js MAX_LINK_TEXT
  const SHORT_LINK_HOSTS = ['t.co']; // background/matching/links.js: the page shows their target
  const SLICE_MS = 8; // work per idle slice before yielding back to the page
  // A badge's host: a built-in <span> made with the browser's own createElement (a custom-named
  // host would be the page's to define: it could refuse a shadow root, fake one, or remove
  // itself), marked with this attribute for readers of the page and the tests.
  const BADGE_TAG = 'span';
  const BADGE_MARK = ['data-masthead', 'badge'];
  const createElement = globalThis.Document ? Document.prototype.createElement : document.createElement;
  // The page's address now (a single-page site changes it without a new document); sent with
  // each message, since the browser's sender url stays the document's first address.
  const currentUrl = () => location.href.split('#')[0];
  const urlField = () => {
    const url = currentUrl();
    return url.length <= MAX_HREF ? url : undefined;
  };
  // The site's surface module: {id, posts?, author?, pageAccounts?} (content/surfaces/<id>.js).
  const surface = globalThis.__mastheadSurface || {};
  const authorSelectors = Array.isArray(surface.author) ? surface.author : surface.author ? [surface.author] : [];
  const MAX_PAGE_ACCOUNTS = 4; // lib/messages.js MAX_PAGE_ACCOUNTS

  const seen = new WeakSet(); // anchors already looked at
  const postsSeen = new WeakSet(); // posts whose author link was found
  const known = new Map(); // link key -> badge view model | null
  const waiting = new Map(); // link key -> {link, anchors} waiting for the answer
  let queue = [];
  const postQueue = []; // posts to read the author of, in page order from the end
  let placeQueue = []; // [anchor, view model, author?] answered and waiting to be badged
  let scheduled = false;
  let stopped = false; // link badges are off in the settings

  const idle = globalThis.requestIdleCallback
    ? (fn) => requestIdleCallback(fn, { timeout: 500 })
    : (fn) => setTimeout(() => fn({ timeRemaining: () => SLICE_MS, didTimeout: true }), 16);

  /** The link as the background reads it: {href} (plus the text of a short link), or null. */
  function linkOf(anchor) {
    const href = anchor.href;
    if (!/^https?:\/\//i.test(href) || href.length > MAX_HREF) return null;
    if (href.split('#')[0] === currentUrl()) return null; // a link within the page
    let host = '';
    try {
      host = new URL(href).hostname;
    } catch {
      return null;
    }
    if (!SHORT_LINK_HOSTS.includes(host)) return { href };
    const text = (anchor.textContent || '').trim().slice(0, MAX_TEXT);
    return text ? { href, text } : { href };
  }

  function enqueue(nodes) {
    if (stopped) return;
    for (const node of nodes) queue.push(node);
    if (!scheduled) {
      scheduled = true;
      idle(work);
    }
  }

  /** The post an added node belongs to (its content may arrive after the post itself). */
  function postOf(node) {
    if (!surface.posts || typeof node.closest !== 'function') return null;
    return node.closest(surface.posts);
  }

  /** Queues a post's author link, once it is in the page: asked about as an account only. */
  function takePost(post, batch) {
    if (postsSeen.has(post)) return;
    // author: a selector, or several tried in order (the first that finds a link wins)
    let a = null;
    for (const selector of authorSelectors) {
      a = post.querySelector(selector);
      if (a) break;
    }
    if (!a || !/^https?:\/\//i.test(a.href) || a.href.length > MAX_HREF) return;
    postsSeen.add(post);
    const link = { href: a.href, author: true };
    const key = `author\n${a.href}`;
    const vm = known.get(key);
    if (vm !== undefined) {
      if (vm) badge(a, vm, true);
      return;
    }
    if (!waiting.has(key)) {
      waiting.set(key, { link, anchors: [], author: true });
      batch.push(key);
    }
    waiting.get(key).anchors.push(a);
  }

  const pending = () => queue.length || postQueue.length || placeQueue.length;

  function work(deadline) {
    const started = performance.now();
    const batch = [];
    checkPageAccounts();
    // Badges answered first, then posts, then nodes: each item one step, all within the slice's budget.
    while (pending() && (deadline.timeRemaining() > 1 || deadline.didTimeout) && performance.now() - started < SLICE_MS) {
      if (placeQueue.length) {
        const [a, vm, author] = placeQueue.shift();
        if (a.isConnected) badge(a, vm, author);
        continue;
      }
      if (postQueue.length) {
        takePost(postQueue.pop(), batch);
        continue;
      }
      const node = queue.pop();
      if (node.nodeType !== 1) continue;
      if (surface.posts) {
        const post = postOf(node);
        if (post) takePost(post, batch);
      }
      if (node.tagName !== 'A') {
        // Expand a container into its links and posts; they are handled one by one within the budget.
        const found = node.querySelectorAll('a[href]');
        for (let i = found.length - 1; i >= 0; i -= 1) queue.push(found[i]);
        if (surface.posts) {
          const posts = node.querySelectorAll(surface.posts);
          for (let i = posts.length - 1; i >= 0; i -= 1) postQueue.push(posts[i]);
        }
        continue;
      }
      const a = node;
      if (seen.has(a) || !a.href) continue;
      seen.add(a);
      const link = linkOf(a);
      if (!link) continue;
      const key = link.text ? `${link.href}\n${link.text}` : link.href;
      if (known.has(key)) {
        if (known.get(key)) badge(a, known.get(key));
        continue;
      }
      if (!waiting.has(key)) {
        waiting.set(key, { link, anchors: [] });
        batch.push(key);
      }
      waiting.get(key).anchors.push(a);
    }
    performance.measure('masthead:badges', { start: started, end: performance.now() });
    for (let i = 0; i < batch.length; i += MAX_LINKS_PER_MESSAGE) ask(batch.slice(i, i + MAX_LINKS_PER_MESSAGE));
    scheduled = false;
    if (pending()) enqueue([]);
  }

  async function ask(keys) {
    let reply;
    try {
      reply = await api.runtime.sendMessage({ type: 'badges:match', pageUrl: urlField(), links: keys.map((key) => waiting.get(key).link) });
    } catch {
      reply = null;
    }
    const started = performance.now();
    // Link badges are switched off in the settings: stop watching the page.
    if (reply && reply.ok && reply.off) {
      stopped = true;
      queue = [];
      // A video page still names its channel for the panel (checkPageAccounts) as the page changes.
      if (!surface.pageAccounts) observer.disconnect();
      return;
    }
    keys.forEach((key, i) => {
      const vm = reply && reply.ok && reply.matches ? reply.matches[i] : null;
      known.set(key, vm || null);
      const entry = waiting.get(key) || { anchors: [] };
      waiting.delete(key);
      if (vm) for (const a of entry.anchors) placeQueue.push([a, vm, Boolean(entry.author)]);
    });
    performance.measure('masthead:badges', { start: started, end: performance.now() });
    if (placeQueue.length) enqueue([]);
  }

  const safeColor = (c) => (/^#[0-9a-f]{6}$/i.test(c) ? c : '#6b7280');

  const TIP_CSS = '.tip{display:none;position:absolute;left:0;top:100%;z-index:2147483647;margin-top:2px;font:12px/1.4 system-ui,sans-serif;color:#111;background:#fff;border:1px solid #888;border-radius:4px;padding:2px 6px;white-space:pre;}'
    + ':host(:hover) .tip,:host(:focus-within) .tip{display:block}';
  let tipSheet; // one constructed sheet shared by every post badge (a <style> each costs ~10x more)

  function styleTip(shadow) {
    if (tipSheet === undefined) {
      try {
        tipSheet = new CSSStyleSheet();
        tipSheet.replaceSync(TIP_CSS);
      } catch {
        tipSheet = null;
      }
    }
    if (tipSheet) {
      try {
        shadow.adoptedStyleSheets = [tipSheet];
        return;
      } catch {
        tipSheet = null; // not from a content script in this browser: a <style> per badge
      }
    }
    const style = document.createElement('style');
    style.textContent = TIP_CSS;
    shadow.appendChild(style);
  }

  // The badges' shadow roots are closed, so page scripts get no handle on their text
  // (host.shadowRoot is null for them); this script keeps its own references here. What a page
  // can still touch, the host's attributes, is put back by one observer on all hosts.
  const badgeParts = new WeakMap(); // host -> {label, text, attrs: [[name, value]]}
  const hostGuard = new MutationObserver((records) => {
    const hosts = new Set();
    for (const r of records) hosts.add(r.target);
    for (const host of hosts) restore(host);
  });

  /** Puts a badge host's attributes and text back as this script made them (cheap: a few comparisons). */
  function restore(host) {
    const parts = badgeParts.get(host);
    if (!parts) return;
    for (const [name, value] of parts.attrs) if (host.getAttribute(name) !== value) host.setAttribute(name, value);
    for (const name of host.getAttributeNames()) if (!parts.attrs.some(([n]) => n === name)) host.removeAttribute(name);
    if (parts.label.textContent !== parts.text) parts.label.textContent = parts.text;
  }

  /**
   * Puts the badge after the link. A link badge shows the kind's code; a post's badge (author)
   * shows the code and the outlet's name, and its owner on hover and on focus. Text only, in a
   * shadow root, styled inline: nothing from the server is parsed as markup.
   */
  function badge(anchor, vm, author = false) {
    const next = anchor.nextElementSibling;
    if (next && badgeParts.has(next)) return;
    const host = createElement.call(document, BADGE_TAG);
    const text = author ? `${vm.code} · ${vm.name}` : vm.code;
    const attrs = [
      BADGE_MARK,
      ['style', 'all: initial !important; display: inline-block !important; margin-left: 4px !important; vertical-align: baseline !important; position: relative !important;'],
      ['data-outlet', vm.slug],
      ...(author ? [['data-kind', 'account']] : []),
      ['title', vm.tooltip],
      // What the badge says, also readable outside its closed root (tests, page readers).
      ['data-label', text],
    ];
    const recordUrl = typeof vm.recordUrl === 'string' && /^https?:\/\//i.test(vm.recordUrl) ? vm.recordUrl : null;
    // Where its link goes (the outlet's record page), likewise readable outside the root.
    if (recordUrl) attrs.push(['data-record', recordUrl]);
    for (const [name, value] of attrs) host.setAttribute(name, value);
    const shadow = host.attachShadow({ mode: 'closed' });
    // A link to the outlet's record page on the Masthead server when there is one, else a plain label.
    const label = document.createElement(recordUrl ? 'a' : 'span');
    if (recordUrl) {
      label.href = recordUrl;
      label.target = '_blank';
      label.rel = 'noopener noreferrer';
    } else {
      label.setAttribute('role', 'img');
      if (author) label.setAttribute('tabindex', '0'); // its owner shows on focus too
    }
    label.setAttribute('aria-label', `Masthead: ${vm.tooltip.replace(/\n/g, '. ')}`);
    label.textContent = text;
    label.setAttribute('style', `font: 700 10px/1.4 system-ui, sans-serif; color: #fff; background: ${safeColor(vm.color)}; border-radius: 3px; padding: 0 4px; text-decoration: none; white-space: nowrap; cursor: ${recordUrl ? 'pointer' : 'help'};`);
    shadow.appendChild(label);
    if (author) {
      // The owner on hover and on focus (a title shows on hover only).
      const tip = document.createElement('span');
      tip.className = 'tip';
      tip.setAttribute('aria-hidden', 'true'); // the label's aria-label says it
      tip.textContent = vm.tooltip.split('\n').slice(0, 2).join('\n');
      styleTip(shadow);
      shadow.appendChild(tip);
    }
    badgeParts.set(host, { label, text, attrs });
    anchor.after(host);
    hostGuard.observe(host, { attributes: true });
  }

  // ---------------------------------------------------------------- the page's own account

  let accountsAsked = ''; // "url\ncandidates" last sent, so each is asked once

  /**
   * A video page names its channel in its markup (surface.pageAccounts); the background matches
   * it locally and, for a known account, opens the panel as on the outlet's own site (and takes
   * it down when the page names another). Asked again whenever the page's URL or what it names
   * changes (YouTube changes both without a new document, the owner block a moment after the URL).
   */
  function checkPageAccounts() {
    if (typeof surface.pageAccounts !== 'function') return;
    const url = currentUrl();
    let accounts = [];
    try {
      accounts = surface.pageAccounts(document, location).filter((u) => typeof u === 'string' && /^https?:\/\//i.test(u) && u.length <= MAX_HREF);
    } catch {
      accounts = [];
    }
    accounts = [...new Set(accounts)].slice(0, MAX_PAGE_ACCOUNTS);
    const asked = `${url}\n${accounts.join('\n')}`;
    if (!accounts.length || asked === accountsAsked) return;
    accountsAsked = asked;
    api.runtime.sendMessage({ type: 'page:account', pageUrl: urlField(), accounts }).catch(() => {});
  }

  /** Runs checkPageAccounts in the next idle slice (the batched work does it too). */
  function scheduleAccountCheck() {
    if (scheduled) return;
    scheduled = true;
    idle((deadline) => {
      scheduled = false;
      if (stopped) checkPageAccounts();
      else work(deadline);
    });
  }

  const observer = new MutationObserver((records) => {
    if (stopped) {
      scheduleAccountCheck();
      return;
    }
    const added = [];
    let changed = false; // a link's href or some text changed in place (YouTube's owner block)
    for (const r of records) {
      if (r.type !== 'childList') changed = true;
      else for (const n of r.addedNodes) if (n.nodeType === 1 && !badgeParts.has(n)) added.push(n);
    }
    if (added.length) enqueue(added);
    else if (changed) scheduleAccountCheck();
  });
  // Where the page names its own account, its links and text may change in place: watch those
  // too (only there: elsewhere they would cost a callback per change for nothing).
  const watchInPlace = typeof surface.pageAccounts === 'function';
  observer.observe(document.documentElement, watchInPlace
    ? { childList: true, subtree: true, attributes: true, attributeFilter: ['href'], characterData: true }
    : { childList: true, subtree: true });
  if (watchInPlace) {
    // A single-page navigation may change the URL before (or without) any change to the DOM:
    // a cheap look at location.href, once a second and on history events.
    let lastUrl = currentUrl();
    const onUrl = () => {
      if (currentUrl() === lastUrl) return;
      lastUrl = currentUrl();
      scheduleAccountCheck();
    };
    setInterval(onUrl, 1000);
    window.addEventListener('popstate', onUrl);
  }
  enqueue([document.documentElement]);
})();
