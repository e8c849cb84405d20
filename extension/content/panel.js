// The in-page panel. Injected by the background only into pages the local index says are
// on a known outlet (never declared for all sites). It asks the background for the record
// of this page and shows it in an open shadow root on a fixed-position <masthead-panel>
// host, so page styles cannot reach it and the page's layout does not move.
(function () {
  'use strict';

  const api = globalThis.browser || globalThis.chrome;
  const render = globalThis.MastheadRender;

  // Injected again on a single-page navigation: the first instance refreshes instead.
  if (globalThis.__mastheadPanel) {
    globalThis.__mastheadPanel.refresh();
    return;
  }

  const HOST_STYLE = [
    'all: initial', 'position: fixed', 'right: 16px', 'bottom: 16px', 'z-index: 2147483647',
    'display: block', 'margin: 0', 'padding: 0', 'border: 0', 'width: auto', 'height: auto',
    'contain: layout style', 'pointer-events: auto',
  ].map((d) => `${d} !important`).join('; ');

  const PANEL_STYLES = `
.root { position: relative; }
.tab { display: inline-flex; gap: 6px; align-items: center; box-shadow: 0 2px 8px rgba(0,0,0,.25); background: var(--bg); }
.tab .code { background: var(--kind, #6b7280); color: #fff; font-weight: 700; border-radius: 4px; padding: 1px 5px; font-size: 11px; }
.card { width: min(380px, calc(100vw - 32px)); max-height: min(70vh, 640px); overflow: auto; background: var(--bg); color: var(--fg);
  border: 1px solid var(--border); border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.28); padding: 12px 14px; }
.bar { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin-bottom: 8px; }
.brand { font-weight: 700; font-size: 12px; color: var(--muted); }
.actions { display: flex; gap: 4px; flex-wrap: wrap; justify-content: flex-end; }
.actions button { padding: 2px 8px; font-size: 12px; }
[hidden] { display: none !important; }
`;

  const state = { host: null, shadow: null, url: null, dismissedUrl: null, expanded: false, reply: null };
  globalThis.__mastheadPanel = { refresh };

  api.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== api.runtime.id || !message || message.type !== 'panel:remove') return;
    remove();
  });

  refresh();

  async function refresh() {
    const url = location.href;
    if (url === state.url && state.host && state.host.isConnected) return;
    state.url = url;
    let reply;
    try {
      reply = await api.runtime.sendMessage({ type: 'panel:get', canonical: declaredAddresses() });
    } catch (err) {
      return; // the extension was reloaded or the background is gone
    }
    if (location.href !== url) return; // navigated meanwhile; the next injection handles it
    if (!reply || !reply.ok || !reply.known || state.dismissedUrl === url) {
      remove();
      return;
    }
    state.reply = reply;
    state.expanded = reply.panelMode === 'expanded';
    draw();
  }

  /**
   * The canonical addresses the page declares: <link rel=canonical>, then og:url (absolute
   * http(s), at most 2,048 characters). The background uses one only when it is on the same
   * outlet as the page.
   */
  function declaredAddresses() {
    const found = [];
    const link = document.querySelector('link[rel~="canonical" i][href]');
    const og = document.querySelector('meta[property="og:url" i][content]');
    for (const value of [link && link.getAttribute('href'), og && og.getAttribute('content')]) {
      if (!value) continue;
      let address;
      try {
        address = new URL(value.trim(), document.baseURI);
      } catch {
        continue;
      }
      if ((address.protocol === 'https:' || address.protocol === 'http:') && address.href.length <= 2048) found.push(address.href);
    }
    return found;
  }

  function remove() {
    if (state.host) state.host.remove();
    state.host = null;
    state.shadow = null;
  }

  function mount() {
    if (state.host && state.host.isConnected) return;
    const host = document.createElement('masthead-panel');
    host.setAttribute('style', HOST_STYLE);
    // Open so tests and assistive tooling can read it; the record is public anyway.
    const shadow = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = render.STYLES + PANEL_STYLES;
    shadow.appendChild(style);
    // A child of <html>, outside <body>, so the page's flow and selectors are undisturbed.
    document.documentElement.appendChild(host);
    state.host = host;
    state.shadow = shadow;
  }

  function draw() {
    mount();
    const { h } = render;
    const doc = document;
    const vm = state.reply.vm;
    const shadow = state.shadow;
    const old = shadow.querySelector('.root');
    if (old) old.remove();

    const tab = h(doc, 'button', {
      class: 'tab', type: 'button', 'aria-expanded': String(state.expanded), 'aria-controls': 'mh-card',
      title: `Masthead: ${vm.outlet.name} — ${vm.subtitle}`, style: `--kind:${vm.kind.color}`,
    }, h(doc, 'span', { class: 'code', 'aria-hidden': 'true' }, vm.kind.code), `${vm.outlet.name}: ${vm.kind.label}`);
    tab.hidden = state.expanded;

    const collapse = h(doc, 'button', { type: 'button', class: 'collapse', 'aria-label': 'Minimise the Masthead panel' }, 'Minimise');
    const dismiss = h(doc, 'button', { type: 'button', class: 'dismiss', 'aria-label': 'Close the Masthead panel for this page' }, 'Close');
    const siteOff = h(doc, 'button', { type: 'button', class: 'site-off', 'aria-label': `Turn Masthead off on ${state.reply.site}` }, `Off on ${state.reply.site}`);
    const card = h(doc, 'section', { class: 'card', id: 'mh-card', role: 'region', 'aria-label': `Masthead: who is behind ${vm.outlet.name}`, tabindex: '-1' },
      h(doc, 'div', { class: 'bar' }, h(doc, 'span', { class: 'brand' }, 'Masthead'), h(doc, 'div', { class: 'actions' }, collapse, dismiss, siteOff)),
      render.renderRecord(doc, vm),
      render.renderSuggestionForm(doc, submitSuggestion));
    card.hidden = !state.expanded;

    const root = h(doc, 'div', { class: 'root', 'data-state': state.expanded ? 'expanded' : 'collapsed', lang: 'en' }, tab, card);
    shadow.appendChild(root);

    const setExpanded = (expanded, focus) => {
      state.expanded = expanded;
      root.setAttribute('data-state', expanded ? 'expanded' : 'collapsed');
      tab.hidden = expanded;
      card.hidden = !expanded;
      tab.setAttribute('aria-expanded', String(expanded));
      if (focus) (expanded ? card : tab).focus();
    };
    tab.addEventListener('click', () => setExpanded(true, true));
    collapse.addEventListener('click', () => setExpanded(false, true));
    dismiss.addEventListener('click', () => {
      state.dismissedUrl = location.href;
      remove();
    });
    siteOff.addEventListener('click', async () => {
      try {
        await api.runtime.sendMessage({ type: 'site:disable' });
      } finally {
        remove();
      }
    });
    card.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        setExpanded(false, true);
      }
    });
  }

  async function submitSuggestion(fields) {
    const reply = await api.runtime.sendMessage({ type: 'suggestion:submit', ...fields });
    if (!reply || !reply.ok) throw new Error((reply && reply.error && reply.error.message) || 'no reply');
    return 'Thank you: your suggestion was sent to the maintainers for review.';
  }
})();
