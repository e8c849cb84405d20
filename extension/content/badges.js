// Link badges on the documented search and social sites (lib/sites.js). Outbound links
// whose target is in the local index get a small badge with a tooltip (outlet, kind, ultimate owners)
// that links to the outlet's record page on the Masthead server. Off in the settings: the first
// answer says so and the script stops, adding nothing.
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
  const BADGE_TAG = 'masthead-badge';
  const pageUrl = location.href.split('#')[0];

  const seen = new WeakSet(); // anchors already looked at
  const known = new Map(); // link key -> badge view model | null
  const waiting = new Map(); // link key -> {link, anchors} waiting for the answer
  let queue = [];
  let scheduled = false;
  let stopped = false; // link badges are off in the settings

  const idle = globalThis.requestIdleCallback
    ? (fn) => requestIdleCallback(fn, { timeout: 500 })
    : (fn) => setTimeout(() => fn({ timeRemaining: () => SLICE_MS, didTimeout: true }), 16);

  /** The link as the background reads it: {href} (plus the text of a short link), or null. */
  function linkOf(anchor) {
    const href = anchor.href;
    if (!/^https?:\/\//i.test(href) || href.length > MAX_HREF) return null;
    if (href.split('#')[0] === pageUrl) return null; // a link within the page
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

  function work(deadline) {
    const started = performance.now();
    const batch = [];
    while (queue.length && (deadline.timeRemaining() > 1 || deadline.didTimeout) && performance.now() - started < SLICE_MS) {
      const node = queue.pop();
      if (node.nodeType !== 1) continue;
      if (node.tagName !== 'A') {
        // Expand a container into its links; they are handled one by one within the budget.
        const found = node.querySelectorAll('a[href]');
        for (let i = found.length - 1; i >= 0; i -= 1) queue.push(found[i]);
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
    if (queue.length) enqueue([]);
  }

  async function ask(keys) {
    let reply;
    try {
      reply = await api.runtime.sendMessage({ type: 'badges:match', links: keys.map((key) => waiting.get(key).link) });
    } catch {
      reply = null;
    }
    const started = performance.now();
    // Link badges are switched off in the settings: stop watching the page.
    if (reply && reply.ok && reply.off) {
      stopped = true;
      observer.disconnect();
      return;
    }
    keys.forEach((key, i) => {
      const vm = reply && reply.ok && reply.matches ? reply.matches[i] : null;
      known.set(key, vm || null);
      const anchors = waiting.has(key) ? waiting.get(key).anchors : [];
      waiting.delete(key);
      if (vm) for (const a of anchors) if (a.isConnected) badge(a, vm);
    });
    performance.measure('masthead:badges', { start: started, end: performance.now() });
  }

  function badge(anchor, vm) {
    const next = anchor.nextElementSibling;
    if (next && next.tagName === BADGE_TAG.toUpperCase()) return;
    const host = document.createElement(BADGE_TAG);
    host.setAttribute('style', 'all: initial !important; display: inline-block !important; margin-left: 4px !important; vertical-align: baseline !important;');
    host.setAttribute('data-outlet', vm.slug);
    host.title = vm.tooltip;
    const shadow = host.attachShadow({ mode: 'open' });
    // A link to the outlet's record page on the Masthead server when there is one, else a plain label.
    const recordUrl = typeof vm.recordUrl === 'string' && /^https?:\/\//i.test(vm.recordUrl) ? vm.recordUrl : null;
    const label = document.createElement(recordUrl ? 'a' : 'span');
    if (recordUrl) {
      label.href = recordUrl;
      label.target = '_blank';
      label.rel = 'noopener noreferrer';
    } else {
      label.setAttribute('role', 'img');
    }
    label.setAttribute('aria-label', `Masthead: ${vm.tooltip.replace(/\n/g, '. ')}`);
    label.textContent = vm.code;
    label.setAttribute('style', `font: 700 10px/1.4 system-ui, sans-serif; color: #fff; background: ${/^#[0-9a-f]{6}$/i.test(vm.color) ? vm.color : '#6b7280'}; border-radius: 3px; padding: 0 4px; text-decoration: none; cursor: ${recordUrl ? 'pointer' : 'help'};`);
    shadow.appendChild(label);
    anchor.after(host);
  }

  const observer = new MutationObserver((records) => {
    const added = [];
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1 && n.tagName !== BADGE_TAG.toUpperCase()) added.push(n);
    if (added.length) enqueue(added);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  enqueue([document.documentElement]);
})();
