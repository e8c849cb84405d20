// The in-page panel's placeholder. Injected by the background only into pages the local index
// says are on a known outlet (never declared for all sites). It reads what the page declares
// about itself (canonical addresses, publication dates), and places the panel: an extension
// page (panel/panel.html) in an iframe, inside a closed shadow root on a fixed-position
// <div data-masthead="panel"> host: a built-in element, which no custom-element definition of
// the page's can upgrade, replace or remove as it is made (a custom-named host could be). The record is rendered in that frame, on the extension's origin, so
// page scripts can neither read nor change it; this script only positions the frame, sizes it
// from the frame's messages (over a private MessagePort), and puts it back when the page
// removes or restyles it, and keeps it on top: the frame sits in a popover in the browser's top
// layer (see raise() and watch()), where no page element, z-index or style on <html> reaches it.
// Firefox also applies a filter on <html> to the top layer: there content/filter-guard.js
// undoes or neutralises a filter that would hide the panel, while it is shown.
// It runs in the content script's isolated world, so the DOM
// functions it calls are the browser's own, whatever the page has redefined.
(function () {
  'use strict';

  const api = globalThis.browser || globalThis.chrome;
  const pageMeta = globalThis.MastheadPageMeta; // content/page-meta.js, injected before this file

  // Injected again on a single-page navigation: the first instance refreshes instead.
  if (globalThis.__mastheadPanel) {
    globalThis.__mastheadPanel.refresh();
    return;
  }

  const FRAME_PATH = 'panel/panel.html';
  const EXTENSION_ORIGIN = new URL(api.runtime.getURL('')).origin;
  const MARGIN = 8; // px between the frame and the viewport's edges

  // `all: initial !important` in the style attribute outranks any page rule, !important or not.
  // The host is an empty box of the frame's size where the frame is painted (so the page, and
  // elementFromPoint, find it there); the frame itself is in the top layer when it can be.
  const hostStyle = (width, height) => [
    'all: initial', 'position: fixed', 'right: 8px', 'bottom: 8px', 'z-index: 2147483647',
    'display: block', 'visibility: visible', 'opacity: 1', 'margin: 0', 'padding: 0', 'border: 0',
    `width: ${width}px`, `height: ${height}px`, 'contain: layout style', 'pointer-events: auto',
    'direction: ltr', 'unicode-bidi: isolate', 'transform: none', 'filter: none', 'clip-path: none',
  ].map((d) => `${d} !important`).join('; ');
  // The layer is a manual popover inside the closed shadow root: the page cannot hide it, see its
  // toggle events or style it. Open, it is in the top layer, fixed to the viewport's corner, and
  // no ancestor's clip-path, opacity, filter or transform applies; closed (no Popover API, or
  // not yet shown) it is an ordinary block inside the fixed host, as before.
  const SHADOW_STYLE = [
    '.layer { all: initial; display: block; position: static; margin: 0; padding: 0; border: 0; overflow: visible; background: transparent; width: auto; height: auto; }',
    '.layer:popover-open { position: fixed; inset: auto 8px 8px auto; }',
    '.layer::backdrop { display: none; }',
    'iframe { all: initial; display: block; border: 0; margin: 0; padding: 0; background: transparent; color-scheme: normal; width: 0; height: 0; }',
  ].join('\n');
  // The browser's own functions (the content script's isolated world sees no page redefinition).
  const elementFromPoint = Document.prototype.elementFromPoint;
  const createElement = Document.prototype.createElement;
  // The host: a <div> (never a custom-named element: the page's customElements registry would
  // define it), found by this attribute, which repair() keeps.
  const HOST_TAG = 'div';
  const HOST_MARK = ['data-masthead', 'panel'];
  const TOP_LAYER = typeof HTMLElement.prototype.showPopover === 'function';
  const WATCH_MS = 250; // how often the watchdog looks at what is painted over the panel
  // The watchdog's decisions (raise budget, cover by newer top-layer elements, full screen, zoom):
  // content/layer-guard.js, injected before this script.
  const layerGuard = globalThis.MastheadLayerGuard;
  const querySelectorAll = Document.prototype.querySelectorAll;
  const getRect = Element.prototype.getBoundingClientRect;
  const fullscreenElementOf = Object.getOwnPropertyDescriptor(Document.prototype, 'fullscreenElement')?.get;
  // The page's top-layer elements that can be painted over the panel (the fullscreen element
  // is added apart). At most this many are looked at per round.
  const TOP_LAYER_SELECTOR = ':popover-open, dialog:modal';
  const TOP_LAYER_LOOKED_AT = 50;
  // Firefox (153 ESR) paints the top layer under the root element's `filter` too (Chromium does
  // not); without the top layer the frame is inside <html> in both. cloneInto is a global of
  // Firefox's content-script sandboxes alone (runtime.getBrowserInfo is not given to them).
  // content/filter-guard.js, injected before this script, keeps such a filter off the panel.
  const ROOT_FILTER_REACHES_PANEL = !TOP_LAYER || typeof globalThis.cloneInto === 'function';
  const filterGuard = ROOT_FILTER_REACHES_PANEL && globalThis.MastheadFilterGuard ? globalThis.MastheadFilterGuard.create() : null;

  const state = {
    host: null, shadow: null, layer: null, frame: null, token: null,
    raises: [], raisedAt: 0, raisedOver: new WeakSet(), foreignOpenAt: 0, watchTimer: null, retryTimer: null,
    openedAt: new WeakMap(), openSeen: new Set(), watchedAt: 0, checkQueued: false, title: 'Masthead', url: null, dismissedUrl: null,
    size: { width: 0, height: 0 }, observer: null, repairs: [], repairTimer: null, openAtOnce: false, port: null,
  };
  globalThis.__mastheadPanel = { refresh };

  api.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== api.runtime.id || !message) return;
    if (message.type === 'panel:remove') remove();
    else if (message.type === 'panel:toggle') toggle();
  });

  /** The shortcut: open or close the panel and focus it; after "Close", bring it back open. */
  function toggle() {
    if (!state.frame) {
      state.dismissedUrl = null;
      state.url = null;
      state.openAtOnce = true;
      refresh();
      return;
    }
    if (state.port) state.port.postMessage({ type: 'masthead:toggle' });
    state.frame.focus();
  }

  refresh();

  async function refresh() {
    const url = location.href;
    if (url === state.url && state.host && state.host.isConnected) return;
    state.url = url;
    let reply;
    try {
      reply = await api.runtime.sendMessage({ type: 'panel:get', pageUrl: url.length <= 2048 ? url : undefined, canonical: pageMeta.declaredAddresses(), published: pageMeta.declaredDates() });
    } catch (err) {
      return; // the extension was reloaded or the background is gone
    }
    if (location.href !== url) return; // navigated meanwhile; the next injection handles it
    if (!reply || !reply.ok || !reply.known || state.dismissedUrl === url) {
      remove();
      return;
    }
    remove();
    state.token = reply.token;
    // The frame's name for assistive technology, in the reader's language.
    state.title = typeof reply.title === 'string' && reply.title.length <= 200 ? reply.title : 'Masthead';
    mount();
  }

  function remove() {
    if (state.observer) state.observer.disconnect();
    if (state.port) state.port.close();
    state.port = null;
    clearTimeout(state.repairTimer);
    clearInterval(state.watchTimer);
    state.watchTimer = null;
    clearTimeout(state.retryTimer);
    state.retryTimer = null;
    state.openSeen = new Set();
    if (filterGuard) filterGuard.release();
    if (state.host) state.host.remove();
    state.host = null;
    state.shadow = null;
    state.layer = null;
    state.frame = null;
    state.observer = null;
  }

  function mount() {
    const host = createElement.call(document, HOST_TAG);
    host.setAttribute(...HOST_MARK);
    host.setAttribute('style', hostStyle(0, 0));
    // Closed: page scripts get no handle on what is inside (host.shadowRoot is null for them).
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = SHADOW_STYLE;
    const layer = document.createElement('div');
    layer.className = 'layer';
    if (TOP_LAYER) layer.setAttribute('popover', 'manual');
    const frame = document.createElement('iframe');
    frame.setAttribute('title', state.title);
    // ?open: opened by the shortcut, so open and take the focus whatever the settings say.
    frame.setAttribute('src', `${api.runtime.getURL(FRAME_PATH)}${state.openAtOnce ? '?open' : ''}#${state.token}`);
    const focus = state.openAtOnce;
    state.openAtOnce = false;
    // Each load (the first, and after the page removed the panel and it was put back).
    frame.addEventListener('load', () => {
      connect(frame);
      if (focus) frame.focus();
    });
    layer.append(frame);
    shadow.append(style, layer);
    state.host = host;
    state.shadow = shadow;
    state.layer = layer;
    state.frame = frame;
    applySize();
    // A child of <html>, outside <body>, so the page's flow and selectors are undisturbed.
    document.documentElement.appendChild(host);
    guard();
    raise();
    state.watchTimer = setInterval(watch, WATCH_MS);
  }

  /**
   * Puts the layer on top of the top layer: showing a popover appends it there, so hiding and
   * showing it again puts it above a dialog or popover the page opened since. The frame stays
   * loaded (the element does not move in the DOM). Rate-limited (layerGuard.raiseBudget: at
   * most 20 in 5 s, backing off against a page that answers each raise at once); when the budget
   * says wait, the watchdog looks again then. The toolbar badge shows the outlet's kind when the
   * panel cannot be on top.
   */
  function raise() {
    const layer = state.layer;
    if (!TOP_LAYER || !layer || !layer.isConnected) return false;
    const now = Date.now();
    state.raises = layerGuard.pruneRaises(state.raises, now);
    const budget = layerGuard.raiseBudget(state.raises, now);
    if (!budget.ok) {
      if (!state.retryTimer) {
        state.retryTimer = setTimeout(() => {
          state.retryTimer = null;
          watch();
        }, Math.max(0, budget.retryAt - now));
      }
      return false;
    }
    state.raises.push(now);
    // Hiding a popover gives the focus back to where it was when it was shown: keep it in the panel.
    const focused = document.activeElement === state.host;
    try {
      if (layer.matches(':popover-open')) layer.hidePopover();
      layer.showPopover();
    } catch {
      return false; // not connected, or the document is going away: repair() or the next refresh
    }
    if (focused && state.frame) state.frame.focus();
    state.raisedAt = now;
    return true;
  }

  /**
   * The watchdog: first, has the page opened a popover, a modal dialog or a full screen of its
   * own over the panel since it was last raised? Those are above it in the top layer, whatever
   * their pointer-events (hit-testing skips pointer-events: none), so the open ones are listed
   * and their boxes compared with the panel's (layerGuard.coveredByNewer). Then, is the panel
   * what is painted at its centre and near its corners? If a page element is there instead (an
   * overlay), raise the panel again. A full screen that is or holds a <video> or an <iframe> is
   * the reader's: the panel steps aside; any other is raised over. The page's CSS zoom on the
   * panel's ancestors is undone on the panel first (fixZoom).
   * A modal dialog makes the rest of the page inert, the panel included, and hit-testing skips
   * inert elements: when the panel was raised after the dialog opened, it is painted above it
   * (though not clickable until the dialog closes), so that is not a reason to raise again.
   */
  function watch() {
    const host = state.host;
    if (!host || !state.layer || document.visibilityState !== 'visible') return;
    if (filterGuard) filterGuard.check(state.layer);
    fixZoom();
    if (!TOP_LAYER) return;
    const now = Date.now();
    const full = fullscreenElementOf ? fullscreenElementOf.call(document) : document.fullscreenElement;
    const policy = layerGuard.fullscreenPolicy(full ? { tag: full.localName, holdsMedia: Boolean(full.querySelector('video, iframe')) } : null);
    if (policy === 'aside') return; // the reader asked for full screen: the panel steps aside
    // The layer's box: where the panel is painted (a transform on <html> moves the host, not it).
    const r = getRect.call(state.layer);
    if (r.width < 4 || r.height < 4) return;
    const open = openTopLayer(full, now);
    if (layerGuard.coveredByNewer(r, open, state.raisedAt)) {
      if (raise()) for (const o of open) state.raisedOver.add(o.el);
      return;
    }
    const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]];
    for (const [fx, fy] of points) {
      const found = elementFromPoint.call(document, r.left + r.width * fx, r.top + r.height * fy);
      if (found === host) continue;
      // (Raised over this dialog already, and nothing opened since: toggle events say when.)
      const modal = found && found.closest(':modal');
      if (modal && state.raisedOver.has(modal) && state.raisedAt >= state.foreignOpenAt) continue;
      if (raise() && modal) state.raisedOver.add(modal);
      return;
    }
  }

  /**
   * The page's open top-layer elements, as {rect, openedAt} for layerGuard.coveredByNewer: open
   * popovers and modal dialogs in the document (not in shadow roots; hit-testing still finds
   * those) and the fullscreen element. openedAt is when one was heard or seen to open; one that
   * is open now and was not at the last round, with no event since, counts as opened now.
   */
  function openTopLayer(full, now) {
    let found = [];
    try {
      found = Array.from(querySelectorAll.call(document, TOP_LAYER_SELECTOR)).slice(0, TOP_LAYER_LOOKED_AT);
    } catch {
      found = []; // a browser without these selectors: the hit test alone
    }
    if (full && !found.includes(full)) found.push(full);
    const seen = new Set();
    const list = [];
    for (const el of found) {
      if (el === state.host) continue;
      seen.add(el);
      let at = state.openedAt.get(el);
      if (!state.openSeen.has(el) && !(at > state.watchedAt)) {
        at = now;
        state.openedAt.set(el, at);
      }
      list.push({ el, rect: getRect.call(el), openedAt: at });
    }
    state.openSeen = seen;
    state.watchedAt = now;
    return list;
  }

  /**
   * Undoes the page's CSS zoom on the panel: `zoom` on <html> (with its inverse on <body>, so
   * the article looks as before) would shrink or blow up the panel, a child of <html>. The
   * effective zoom is the frame's currentCSSZoom, or its painted width over its CSS width; the
   * layer gets the inverse (layerGuard.counterZoom).
   */
  function fixZoom() {
    const { layer, frame } = state;
    if (!layer || !frame) return;
    let effective = typeof frame.currentCSSZoom === 'number' ? frame.currentCSSZoom : NaN;
    if (!Number.isFinite(effective)) {
      const cssWidth = parseFloat(frame.style.getPropertyValue('width')) || 0;
      if (cssWidth < 1) return;
      effective = getRect.call(frame).width / cssWidth;
    }
    const own = parseFloat(layer.style.getPropertyValue('zoom')) || 1;
    const next = layerGuard.counterZoom(own, effective);
    if (next === null) return;
    if (next === 1) layer.style.removeProperty('zoom');
    else layer.style.setProperty('zoom', String(next), 'important');
  }

  /** A page's dialog, popover or full screen just opened: note when, and look at once. */
  function foreignOpened(target) {
    if (!state.layer || !target || target === state.host) return;
    const now = Date.now();
    state.foreignOpenAt = now;
    state.openedAt.set(target, now);
    if (state.checkQueued) return;
    state.checkQueued = true;
    // Before the next frame is painted: a beforetoggle listener runs before the element is
    // shown (and a microtask may run before the page's script has shown it), while animation
    // frame callbacks run after the page's tasks, just before rendering.
    requestAnimationFrame(() => {
      state.checkQueued = false;
      watch();
    });
  }

  // A dialog or popover of the page's that opens goes above the panel in the top layer: note
  // when, and raise the panel over it at once. Neither beforetoggle (fired as it opens) nor
  // toggle (a task later) bubbles, but both reach a capturing listener on window.
  // toggle (a task after beforetoggle) counts only for an opening whose beforetoggle was not
  // heard: one opening, one raise.
  const heardBefore = new WeakSet();
  window.addEventListener('beforetoggle', (event) => {
    if (event.newState !== 'open' || event.target === state.host) return;
    heardBefore.add(event.target);
    foreignOpened(event.target);
  }, true);
  window.addEventListener('toggle', (event) => {
    if (event.newState !== 'open' || event.target === state.host) return;
    if (heardBefore.has(event.target)) heardBefore.delete(event.target);
    else foreignOpened(event.target);
  }, true);
  document.addEventListener('fullscreenchange', () => {
    const full = fullscreenElementOf ? fullscreenElementOf.call(document) : document.fullscreenElement;
    if (full) foreignOpened(full);
  }, true);

  /**
   * A private channel to the frame: a MessagePort, handed to the frame's window with its token
   * (targetOrigin: the extension's). The frame never posts to the page's window, whose own
   * listeners would see its messages and, through event.source, get a handle to navigate it.
   */
  function connect(frame) {
    if (state.port) state.port.close();
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => {
      if (state.frame === frame) onFrameMessage(event.data);
    };
    state.port = channel.port1;
    frame.contentWindow.postMessage({ type: 'masthead:connect', token: state.token }, EXTENSION_ORIGIN, [channel.port2]);
  }

  /** The frame says how big its content is (the frame is sized to it, within the viewport), or that the reader closed it. */
  function onFrameMessage(data) {
    if (!data || typeof data !== 'object') return;
    if (data.type === 'masthead:size' && Number.isFinite(data.width) && Number.isFinite(data.height)) {
      state.size = { width: Math.ceil(data.width), height: Math.ceil(data.height) };
      applySize();
    } else if (data.type === 'masthead:close') {
      state.dismissedUrl = location.href;
      remove();
    }
  }

  function applySize() {
    if (!state.frame) return;
    const width = Math.max(0, Math.min(state.size.width, window.innerWidth - MARGIN * 2));
    const height = Math.max(0, Math.min(state.size.height, window.innerHeight - MARGIN * 2));
    state.frame.style.setProperty('width', `${width}px`, 'important');
    state.frame.style.setProperty('height', `${height}px`, 'important');
    if (state.host) state.host.setAttribute('style', hostStyle(width, height));
    fixZoom();
  }

  window.addEventListener('resize', applySize, { passive: true });

  /**
   * Puts the panel back when the page removes it or changes its attributes. Repairs are
   * rate-limited, so a page that fights back cannot make the two loop and freeze the tab.
   */
  function guard() {
    const observer = new MutationObserver(() => scheduleRepair());
    observer.observe(document.documentElement, { childList: true });
    observer.observe(state.host, { attributes: true });
    // The page may replace <html> itself (document.replaceChild, document.open).
    observer.observe(document, { childList: true });
    state.observer = observer;
  }

  function scheduleRepair() {
    if (!state.host) return;
    const now = Date.now();
    state.repairs = state.repairs.filter((t) => now - t < 1000);
    if (state.repairs.length < 10) {
      repair();
      return;
    }
    clearTimeout(state.repairTimer);
    state.repairTimer = setTimeout(repair, 1000);
  }

  function repair() {
    const host = state.host;
    if (!host) return;
    let changed = false;
    const style = hostStyle(
      parseFloat(state.frame.style.getPropertyValue('width')) || 0,
      parseFloat(state.frame.style.getPropertyValue('height')) || 0,
    );
    if (host.getAttribute('style') !== style) {
      host.setAttribute('style', style);
      changed = true;
    }
    if (host.getAttribute(HOST_MARK[0]) !== HOST_MARK[1]) {
      host.setAttribute(...HOST_MARK);
      changed = true;
    }
    for (const name of host.getAttributeNames()) {
      if (name !== 'style' && name !== HOST_MARK[0]) {
        host.removeAttribute(name);
        changed = true;
      }
    }
    if (!host.isConnected || host.parentNode !== document.documentElement) {
      // Moved or removed: put it back (the frame reloads and asks again with its token).
      state.observer.disconnect();
      document.documentElement.appendChild(host);
      guard();
      changed = true;
      // Removing it closed the popover: back in the top layer (not counted against the raises).
      state.raises = [];
      raise();
    }
    if (changed) state.repairs.push(Date.now());
  }
})();
