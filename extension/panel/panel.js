// The in-page panel itself: an extension page that content/panel.js places in an iframe on
// the outlet's page. Being on the extension's origin, nothing on the page can read or change
// it. It asks the background for the record with the token in its address (issued to the tab
// by panel:get; the page never sees it), renders it with content/panel-render.js, and tells
// the placeholder its size, or that the reader closed it, over the MessagePort the placeholder
// hands it with the same token — never by posting to the page's window.

import { ext } from '../lib/browser-api.js';
import { translatorFor } from '../lib/i18n.js';

const render = globalThis.MastheadRender;
const token = location.hash.slice(1);
// Placed by the shortcut: open, and take the focus.
const openedByShortcut = new URLSearchParams(location.search).has('open');
const mount = document.getElementById('mount');

/** How long "Off on this site" offers its undo before the panel goes. */
const OFF_UNDO_MS = 10_000;

const PANEL_STYLES = `
.root { display: block; width: max-content; padding: 8px; unicode-bidi: isolate; }
.root[dir="ltr"] { direction: ltr; }
.root[dir="rtl"] { direction: rtl; }
.tab { display: flex; flex-direction: column; align-items: flex-start; gap: 2px; max-width: 360px; text-align: start;
  box-shadow: 0 2px 8px rgba(0,0,0,.25); background: var(--bg); }
.tab-head { display: inline-flex; gap: 6px; align-items: center; font-weight: 600; }
.tab .code { background: var(--kind, #6b7280); color: #fff; font-weight: 700; border-radius: 4px; padding: 1px 5px; font-size: 11px; }
.tab-line { color: var(--muted); font-size: 12px; white-space: normal; }
.card { width: 380px; background: var(--bg); color: var(--fg);
  border: 1px solid var(--border); border-radius: 10px; box-shadow: 0 4px 14px rgba(0,0,0,.28); padding: 10px 14px; }
.card:focus { outline: none; }
.bar { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin-bottom: 6px; }
.brand { font-weight: 700; font-size: 12px; color: var(--muted); }
.actions { display: flex; gap: 4px; flex-wrap: wrap; justify-content: flex-end; }
.actions button { padding: 2px 8px; font-size: 12px; }
.notice { width: 380px; background: var(--bg); color: var(--fg); border: 1px solid var(--border); border-radius: 10px;
  box-shadow: 0 4px 14px rgba(0,0,0,.28); padding: 10px 14px; }
.notice p { margin: 0 0 8px; }
.notice button { font: inherit; font-size: 12px; cursor: pointer; border: 1px solid var(--border); border-radius: 6px; background: var(--accent-bg); color: var(--fg); padding: 2px 10px; }
[hidden] { display: none !important; }
`;

let port = null;
const pending = new Map(); // type -> the latest message of that type, until the port comes
const fromPlaceholder = new Set();

function post(message) {
  if (port) port.postMessage(message);
  else pending.set(message.type, message);
}

// The placeholder's channel; it proves itself with the token (a page script has none).
window.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'masthead:connect' || data.token !== token || !event.ports || !event.ports[0]) return;
  if (port) port.close();
  port = event.ports[0];
  port.onmessage = (e) => {
    for (const handler of fromPlaceholder) handler(e.data);
  };
  for (const message of pending.values()) port.postMessage(message);
  pending.clear();
});

function reportSize(root) {
  const box = root.getBoundingClientRect();
  post({ type: 'masthead:size', width: Math.ceil(box.width), height: Math.ceil(box.height) });
  // When the page's window is too small for the card, the frame is cut short: let it scroll.
  document.body.classList.toggle('scrolls', box.height > window.innerHeight + 1);
}

async function load() {
  let reply = null;
  try {
    reply = token ? await ext.runtime.sendMessage({ type: 'frame:get', token }) : null;
  } catch {
    reply = null; // the extension was reloaded
  }
  if (!reply?.ok || !reply.known) {
    post({ type: 'masthead:size', width: 0, height: 0 });
    return;
  }
  // The record's words are in the reader's language already; the panel's own words follow it.
  draw(reply, await translatorFor(reply.vm.locale, ext));
}

function draw(reply, t) {
  const { h } = render;
  const doc = document;
  const vm = reply.vm;
  const s = vm.summary;
  render.setTranslator(t);
  doc.documentElement.lang = t.tag;
  doc.documentElement.dir = t.dir;

  const style = h(doc, 'style', null, render.STYLES + PANEL_STYLES);
  const tabLine = [s.lines[0]?.words, s.action?.words].filter(Boolean).join(' · ');
  const tab = h(doc, 'button', {
    class: 'tab', type: 'button', 'aria-controls': 'mh-card',
    title: t('panelTabTitle', vm.outlet.name, vm.subtitle), style: `--kind:${vm.kind.color}`,
  },
  h(doc, 'span', { class: 'tab-head' }, h(doc, 'span', { class: 'code', 'aria-hidden': 'true' }, vm.kind.code), `${vm.outlet.name}: ${vm.kind.label}`),
  tabLine ? h(doc, 'span', { class: 'tab-line' }, tabLine) : null);

  // The visible word is the accessible name (as voice control needs, in every language); the
  // longer wording is the description.
  const collapse = h(doc, 'button', { type: 'button', class: 'collapse', title: t('panelMinimiseLabel') }, t('panelMinimise'));
  const dismiss = h(doc, 'button', { type: 'button', class: 'dismiss', title: t('panelCloseLabel') }, t('panelClose'));
  const siteOff = h(doc, 'button', { type: 'button', class: 'site-off', title: t('panelSiteOffLabel', reply.site) }, t('panelSiteOff', reply.site));
  const card = h(doc, 'section', { class: 'card', id: 'mh-card', role: 'region', 'aria-label': t('panelRegion', vm.outlet.name), tabindex: '-1' },
    h(doc, 'div', { class: 'bar' }, h(doc, 'span', { class: 'brand' }, 'Masthead'), h(doc, 'div', { class: 'actions' }, collapse, dismiss, siteOff)),
    render.renderRecord(doc, vm),
    render.renderSuggestionForm(doc, submitSuggestion(reply.tabId, t)));

  // The panel's own language and direction, whatever the page's: dir on the root, bidi isolated.
  const root = h(doc, 'div', { class: 'root', lang: t.tag, dir: t.dir }, tab, card);
  mount.replaceChildren(style, root);

  const setExpanded = (expanded, focus, byReader = true) => {
    const changed = root.getAttribute('data-state') !== (expanded ? 'expanded' : 'collapsed');
    // The reader's choice holds for the site's next pages this session (settings' 'auto' mode).
    if (byReader && changed && root.hasAttribute('data-state')) {
      ext.runtime.sendMessage({ type: 'frame:minimised', token, minimised: !expanded }).catch(() => {});
    }
    root.setAttribute('data-state', expanded ? 'expanded' : 'collapsed');
    tab.hidden = expanded;
    card.hidden = !expanded;
    tab.setAttribute('aria-expanded', String(expanded));
    if (focus) (expanded ? card : tab).focus();
  };
  setExpanded(reply.open || openedByShortcut, openedByShortcut, false);

  // The shortcut, relayed by the placeholder over its port.
  fromPlaceholder.add((data) => {
    if (data && data.type === 'masthead:toggle') setExpanded(root.getAttribute('data-state') !== 'expanded', true);
  });

  tab.addEventListener('click', () => setExpanded(true, true));
  collapse.addEventListener('click', () => setExpanded(false, true));
  dismiss.addEventListener('click', () => post({ type: 'masthead:close' }));
  siteOff.addEventListener('click', async () => {
    siteOff.disabled = true;
    const reply = await ext.runtime.sendMessage({ type: 'frame:site-off', token }).catch(() => null);
    siteOff.disabled = false;
    if (!reply?.ok) {
      post({ type: 'masthead:close' });
      return;
    }
    // Off at once; the panel offers an undo for a few seconds, then goes.
    const undo = h(doc, 'button', { type: 'button', class: 'undo' }, t('panelUndo'));
    const close = h(doc, 'button', { type: 'button', class: 'notice-close' }, t('panelClose'));
    const notice = h(doc, 'div', { class: 'notice', role: 'status' },
      h(doc, 'p', null, t('panelOffNotice', reply.site)),
      h(doc, 'div', { class: 'actions' }, undo, close));
    const timer = setTimeout(() => post({ type: 'masthead:close' }), OFF_UNDO_MS);
    root.replaceChildren(notice);
    undo.focus();
    close.addEventListener('click', () => post({ type: 'masthead:close' }));
    undo.addEventListener('click', async () => {
      clearTimeout(timer);
      await ext.runtime.sendMessage({ type: 'frame:site-on', token }).catch(() => null);
      root.replaceChildren(tab, card);
      siteOff.focus();
    });
  });
  doc.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && root.getAttribute('data-state') === 'expanded') {
      event.stopPropagation();
      setExpanded(false, true);
    }
  });

  // The panel is drawn: a timeline mark the benchmark reads (bench/extension/run.mjs).
  performance.mark('masthead:drawn');
  const observer = new ResizeObserver(() => reportSize(root));
  observer.observe(root);
  window.addEventListener('resize', () => reportSize(root));
  reportSize(root);
}

function submitSuggestion(tabId, t) {
  return async (fields) => {
    const reply = await ext.runtime.sendMessage({ type: 'suggestion:submit', ...fields, tabId });
    if (!reply || !reply.ok) throw new Error((reply && reply.error && reply.error.message) || 'no reply');
    return t('suggestThanks');
  };
}

load();
