// Link badges on the documented search and social sites (lib/sites.js). Outbound links
// whose host is in the local index get a small badge with a tooltip (outlet, kind, ultimate owners).
// The answer comes from the background's local index: no network request per link, or at
// all. New links are picked up by one MutationObserver whose work is batched into idle
// callbacks with a bounded amount of work per slice.
(function () {
  'use strict';

  if (globalThis.__mastheadBadges) return; // injected twice (e.g. extension reloaded)
  globalThis.__mastheadBadges = true;

  const api = globalThis.browser || globalThis.chrome;
  const MAX_LINKS_PER_MESSAGE = 500;
  const SLICE_MS = 8; // work per idle slice before yielding back to the page
  const BADGE_TAG = 'masthead-badge';
  const pageHost = location.hostname.replace(/^www\./, '');

  const seen = new WeakSet(); // anchors already looked at
  const known = new Map(); // link key -> badge view model | null
  const waiting = new Map(); // link key -> anchors waiting for the answer
  let queue = [];
  let scheduled = false;

  const idle = globalThis.requestIdleCallback
    ? (fn) => requestIdleCallback(fn, { timeout: 500 })
    : (fn) => setTimeout(() => fn({ timeRemaining: () => SLICE_MS, didTimeout: true }), 16);

  /** Where a result link really goes: unwraps the redirectors these sites put in front. */
  function target(anchor) {
    let u;
    try {
      u = new URL(anchor.href);
    } catch {
      return null;
    }
    const host = u.hostname;
    const p = u.searchParams;
    let real = null;
    if (/(^|\.)google\.[a-z.]+$/.test(host) && u.pathname === '/url') real = p.get('q') || p.get('url');
    else if (/(^|\.)duckduckgo\.com$/.test(host) && u.pathname === '/l/') real = p.get('uddg');
    else if (/^l\.facebook\.com$|^lm\.facebook\.com$/.test(host) && u.pathname === '/l.php') real = p.get('u');
    else if (/(^|\.)bing\.com$/.test(host) && u.pathname === '/ck/a') real = bingTarget(p.get('u'));
    else if (host === 'out.reddit.com') real = p.get('url');
    if (real) {
      try {
        u = new URL(real);
      } catch {
        return null;
      }
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    const bare = u.hostname.replace(/^www\./, '');
    if (bare === pageHost || bare.endsWith(`.${pageHost}`)) return null; // the site's own links
    return `${u.protocol}//${u.host}${u.pathname}`;
  }

  // Bing wraps targets as u=a1<base64url>.
  function bingTarget(u) {
    if (!u || !u.startsWith('a1')) return null;
    try {
      return atob(u.slice(2).replace(/-/g, '+').replace(/_/g, '/'));
    } catch {
      return null;
    }
  }

  function enqueue(nodes) {
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
      const key = target(a);
      if (!key) continue;
      if (known.has(key)) {
        if (known.get(key)) badge(a, known.get(key));
        continue;
      }
      if (!waiting.has(key)) {
        waiting.set(key, []);
        batch.push(key);
      }
      waiting.get(key).push(a);
    }
    performance.measure('masthead:badges', { start: started, end: performance.now() });
    for (let i = 0; i < batch.length; i += MAX_LINKS_PER_MESSAGE) ask(batch.slice(i, i + MAX_LINKS_PER_MESSAGE));
    scheduled = false;
    if (queue.length) enqueue([]);
  }

  async function ask(links) {
    let reply;
    try {
      reply = await api.runtime.sendMessage({ type: 'badges:match', links });
    } catch {
      reply = null;
    }
    const started = performance.now();
    links.forEach((key, i) => {
      const vm = reply && reply.ok && reply.matches ? reply.matches[i] : null;
      known.set(key, vm || null);
      const anchors = waiting.get(key) || [];
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
    host.setAttribute('role', 'img');
    host.setAttribute('aria-label', `Masthead: ${vm.tooltip.replace(/\n/g, '. ')}`);
    host.title = vm.tooltip;
    const shadow = host.attachShadow({ mode: 'open' });
    const label = document.createElement('span');
    label.textContent = vm.code;
    label.setAttribute('style', `font: 700 10px/1.4 system-ui, sans-serif; color: #fff; background: ${/^#[0-9a-f]{6}$/i.test(vm.color) ? vm.color : '#6b7280'}; border-radius: 3px; padding: 0 4px; cursor: help;`);
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
