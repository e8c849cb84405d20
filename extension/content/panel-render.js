// Builds the record's DOM from a view model (lib/view-model.js) with DOM APIs only: every
// server string becomes a text node or an attribute value, never markup. Shared by the
// in-page panel (a classic content script, so no modules) and the popup.
(function (root) {
  'use strict';

  if (root.MastheadRender) return;

  // The translator (lib/i18n.js) the page hands over with setTranslator before rendering.
  let t = (key) => key;

  /** h(doc, 'a', {href, class}, child...) -> element; string children become text nodes. */
  function h(doc, tag, attrs, ...children) {
    const node = doc.createElement(tag);
    if (attrs) {
      for (const [name, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false || child === '') continue;
      node.appendChild(typeof child === 'string' ? doc.createTextNode(child) : child);
    }
    return node;
  }

  // View models only carry http(s) URLs (safeUrl); links open outside the page's context.
  function link(doc, href, label, attrs) {
    if (!href) return h(doc, 'span', null, label);
    return h(doc, 'a', { href, target: '_blank', rel: 'noopener noreferrer', ...(attrs || {}) }, label);
  }

  function citationLink(doc, citation) {
    if (!citation) return null;
    return h(doc, 'span', { class: 'source' }, ' · ', link(doc, citation.url, t('sourceLink', citation.publisher || t('sourceLinkFallback')), { title: citation.title || citation.url }));
  }

  /** A "then and now" note: whether it held on the article's date and whether it holds today. */
  function timingNote(doc, timing, fallback) {
    const words = timing && timing.words ? timing.words : fallback;
    if (!words) return null;
    return h(doc, 'span', { class: 'when', 'data-then': timing && timing.then, 'data-now': timing && timing.now }, ` (${words})`);
  }

  function kindChip(doc, kind, extraClass) {
    if (!kind) return null;
    return h(doc, 'span', { class: `kind-chip ${extraClass || ''}`.trim(), style: `--kind:${kind.color}`, 'data-kind': kind.kind, title: kind.label }, kind.code,
      h(doc, 'span', { class: 'visually-hidden' }, ` (${kind.label})`));
  }

  const LIST_LIMIT = 5;

  /** A long list shows its first LIST_LIMIT items and a button for the rest. */
  function collapseLong(doc, list) {
    const items = [...list.children];
    if (items.length <= LIST_LIMIT + 1) return list;
    for (const item of items.slice(LIST_LIMIT)) item.setAttribute('hidden', '');
    const button = h(doc, 'button', { type: 'button', class: 'show-all' }, t('showAll', items.length));
    button.addEventListener('click', () => {
      for (const item of items.slice(LIST_LIMIT)) item.removeAttribute('hidden');
      button.remove();
    });
    return [list, button];
  }

  /** A "More" section: closed until the reader opens it, so the summary fits one screen. */
  function more(doc, cls, title, ...children) {
    return h(doc, 'details', { class: `more ${cls}` }, h(doc, 'summary', null, title), h(doc, 'div', { class: 'more-body' }, children));
  }

  function renderOwnership(doc, ownership) {
    const body = [];
    if (!ownership.paths.length && !ownership.ultimateOwners.length) {
      body.push(h(doc, 'p', { class: 'muted' }, t('noOwnership')));
    }
    for (const steps of ownership.paths) {
      const list = h(doc, 'ol', { class: 'chain' });
      for (const s of steps) {
        const datedByAsOf = Boolean(s.timing && s.timing.byAsOf);
        const detail = [s.share, s.asOf && !datedByAsOf ? t('periodAsOf', s.asOf) : ''].filter(Boolean).join(', ');
        list.appendChild(h(doc, 'li', null,
          h(doc, 'span', { class: 'subject' }, s.subject), ' ',
          h(doc, 'span', { class: 'relation' }, s.relation), ' ',
          h(doc, 'strong', { class: 'object' }, s.object),
          s.objectCountry ? ` (${s.objectCountry})` : '',
          timingNote(doc, s.timing, s.period),
          detail ? h(doc, 'span', { class: 'muted' }, ` — ${detail}`) : null,
          citationLink(doc, s.citation)));
      }
      body.push(list);
    }
    if (ownership.truncated) {
      body.push(h(doc, 'p', { class: 'muted' }, t('ownershipTruncated')));
    }
    if (ownership.ultimateOwners.length) {
      body.push(h(doc, 'p', { class: 'ultimate' }, `${t('ultimatelyLead')} `,
        ownership.ultimateOwners.map((o, i) => [i ? '; ' : '', h(doc, 'strong', null, o.name), o.country ? ` (${o.country})` : ''])));
    }
    return more(doc, 'ownership', t('whoIsBehind'), body);
  }

  function renderLabels(doc, labels) {
    if (!labels.length) return null;
    const list = h(doc, 'ul', { class: 'labels' });
    for (const l of labels) {
      list.appendChild(h(doc, 'li', { 'data-then': l.timing && l.timing.then, 'data-now': l.timing && l.timing.now },
        h(doc, 'strong', null, l.kindLabel),
        l.issuer ? ` — ${l.issuer}` : '',
        timingNote(doc, l.timing, l.period),
        l.text ? h(doc, 'span', { class: 'label-text' }, `: “${l.text}”`) : null,
        citationLink(doc, l.citation)));
    }
    return more(doc, 'labels', t('labelsHeading', labels.length), collapseLong(doc, list));
  }

  function renderReportLinks(doc, groups) {
    if (!groups.length) return null;
    const body = [];
    const count = groups.reduce((n, g) => n + g.items.length, 0);
    for (const g of groups) {
      const list = h(doc, 'ul', null);
      for (const r of g.items) {
        list.appendChild(h(doc, 'li', { class: 'report', 'data-relation': g.relation },
          kindChip(doc, r.kind, 'small'), r.kind ? ' ' : '',
          h(doc, 'span', { class: 'reader' }, r.reader), ': ',
          link(doc, r.url, r.title, { class: 'report-link' }),
          r.published ? h(doc, 'span', { class: 'muted' }, ` (${r.published})`) : null,
          r.rating ? h(doc, 'span', { class: 'rating' }, ` ${t('rating', r.rating)}`) : null,
          r.summary ? h(doc, 'span', { class: 'summary' }, ` ${r.summary}`) : null,
          r.attachedTo === 'story' ? h(doc, 'span', { class: 'muted' }, ` ${t('sameStory')}`) : null));
      }
      // Each item says its relation from the reader's side; the heading is for screen readers.
      body.push(h(doc, 'div', { class: 'report-group', 'data-relation': g.relation }, h(doc, 'h4', { class: 'visually-hidden' }, `${g.heading}:`), collapseLong(doc, list)));
    }
    return more(doc, 'reports', t('reportsHeading', count), body);
  }

  /** The first screen: outlet and kind, who runs and funds it, top labels, what this article does. */
  function renderSummary(doc, vm) {
    const s = vm.summary;
    const o = vm.outlet;
    const labelList = s.labels.length
      ? h(doc, 'ul', { class: 'top-labels', 'aria-label': t('topLabels') }, s.labels.map((l) => h(doc, 'li', { 'data-then': l.then, 'data-now': l.now },
        l.words, l.timing ? h(doc, 'span', { class: 'when' }, ` (${l.timing})`) : null, citationLink(doc, l.citation))))
      : null;
    return h(doc, 'div', { class: 'summary-box' },
      h(doc, 'div', { class: 'head' },
        kindChip(doc, vm.kind),
        h(doc, 'div', null,
          h(doc, 'h2', { class: 'name' }, o.name),
          h(doc, 'p', { class: 'subtitle' }, vm.subtitle))),
      s.lines.length
        ? h(doc, 'ul', { class: 'who' }, s.lines.map((l) => h(doc, 'li', { 'data-role': l.role }, l.words, l.note ? h(doc, 'span', { class: 'when' }, ` (${l.note})`) : null)))
        : h(doc, 'p', { class: 'muted who' }, t('noOwnership')),
      (s.articleDate || s.action) ? h(doc, 'p', { class: 'article-line' },
        s.articleDate ? h(doc, 'span', { class: 'article-date' }, t('thisArticle', s.articleDate)) : null,
        s.action ? [' ', h(doc, 'span', { class: 'action', 'data-relation': s.action.relation }, kindChip(doc, s.action.kind, 'small'), s.action.kind ? ' ' : '',
          link(doc, s.action.url, s.action.words, { class: 'action-link', title: s.action.title }), '.')] : null,
        s.otherReports ? h(doc, 'span', { class: 'muted' }, ` ${s.otherReports === 1 ? t('otherReportsOne') : t('otherReportsMany', s.otherReports)}`) : null) : null,
      labelList,
      s.moreLabels ? h(doc, 'p', { class: 'muted more-count' }, s.moreLabels === 1 ? t('moreLabelsOne') : t('moreLabelsMany', s.moreLabels)) : null);
  }

  /** The record as a <div class="record">: the summary, then "More" sections. */
  function renderRecord(doc, vm) {
    const o = vm.outlet;
    return h(doc, 'div', { class: 'record', 'data-outlet': o.slug },
      renderSummary(doc, vm),
      vm.error ? h(doc, 'p', { class: 'error', role: 'status' }, vm.error) : null,
      vm.copy ? h(doc, 'p', { class: 'copy', 'data-via': vm.copy.kind }, `${vm.copy.words} `,
        link(doc, vm.copy.url, vm.copy.shown, { class: 'original' }),
        vm.copy.detail ? ` (${vm.copy.detail})` : '', '.') : null,
      renderReportLinks(doc, vm.reportLinks),
      renderOwnership(doc, vm.ownership),
      renderLabels(doc, vm.labels),
      o.description ? more(doc, 'about', t('aboutOutlet', o.name), h(doc, 'p', { class: 'description' }, o.description),
        vm.recordUrl ? h(doc, 'p', { class: 'record-link' }, link(doc, vm.recordUrl, t('fullRecord', o.name))) : null)
        : null,
      !o.description && vm.recordUrl ? h(doc, 'p', { class: 'record-link' }, link(doc, vm.recordUrl, t('fullRecord', o.name))) : null);
  }

  // The report-link relations a suggestion may name, in panel order: messages suggestRelation_<name>.
  const RELATION_CHOICES = ['disputes', 'disputed_by', 'fact_check', 'correction', 'original_report', 'context'];

  /** A "suggest a report or correction" form; onSubmit(fields) resolves to a status message. */
  function renderSuggestionForm(doc, onSubmit) {
    const status = h(doc, 'p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
    const kind = h(doc, 'select', { name: 'kind', id: 'mh-s-kind' },
      h(doc, 'option', { value: 'report' }, t('suggestKindReport')),
      h(doc, 'option', { value: 'correction' }, t('suggestKindCorrection')));
    const reportUrl = h(doc, 'input', { type: 'url', name: 'reportUrl', id: 'mh-s-url', placeholder: 'https://…', maxlength: '2048' });
    const relation = h(doc, 'select', { name: 'relation', id: 'mh-s-rel' }, h(doc, 'option', { value: '' }, t('suggestRelationNone')),
      RELATION_CHOICES.map((v) => h(doc, 'option', { value: v }, t(`suggestRelation_${v}`))));
    const message = h(doc, 'textarea', { name: 'message', id: 'mh-s-msg', required: true, rows: '3', maxlength: '4000' });
    const submit = h(doc, 'button', { type: 'submit' }, t('suggestSend'));
    const form = h(doc, 'form', { class: 'suggest', novalidate: true },
      h(doc, 'label', { for: 'mh-s-kind' }, t('suggestWhat')), kind,
      h(doc, 'label', { for: 'mh-s-url' }, t('suggestUrl')), reportUrl,
      h(doc, 'label', { for: 'mh-s-rel' }, t('suggestRelation')), relation,
      h(doc, 'label', { for: 'mh-s-msg' }, t('suggestMessage')), message,
      h(doc, 'div', { class: 'form-actions' }, submit), status);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!message.value.trim()) {
        status.textContent = t('suggestEmpty');
        message.focus();
        return;
      }
      submit.disabled = true;
      status.textContent = t('suggestSending');
      try {
        status.textContent = await onSubmit({ kind: kind.value, reportUrl: reportUrl.value.trim(), relation: relation.value, message: message.value });
        form.reset();
      } catch (err) {
        status.textContent = t('suggestNotSent', err && err.message ? err.message : String(err));
      } finally {
        submit.disabled = false;
      }
    });
    return h(doc, 'details', { class: 'suggest-box more' }, h(doc, 'summary', null, t('suggestTitle')), form);
  }

  const STYLES = `
:host, .root { all: initial; }
.root, .root * { box-sizing: border-box; }
.root {
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --link: #0b57d0; --accent-bg: #f6f8fa;
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  .root { --bg: #1f2328; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --link: #7cacf8; --accent-bg: #262c36; }
}
a { color: var(--link); }
a:focus-visible, button:focus-visible, summary:focus-visible, select:focus-visible, input:focus-visible, textarea:focus-visible {
  outline: 2px solid var(--link); outline-offset: 2px;
}
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.record h2 { font-size: 16px; margin: 0; }
.record h3 { font-size: 12px; margin: 12px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.record h4 { font-size: 13px; margin: 8px 0 2px; }
.record p { margin: 4px 0; }
.record ul, .record ol { margin: 0; padding-inline-start: 18px; }
.record li { margin: 2px 0; }
.head { display: flex; gap: 10px; align-items: center; }
.who, .top-labels { list-style: none; padding: 0 !important; margin: 6px 0 0 !important; }
.who li { font-weight: 600; }
.who li[data-role="then"] { font-weight: 400; font-style: italic; }
.top-labels li { margin: 3px 0; }
.when { color: var(--muted); }
[data-then="not_yet"] > .when, .when[data-then="not_yet"] { font-style: italic; }
.article-line { margin-top: 8px !important; padding: 6px 8px; border-radius: 6px; background: var(--accent-bg); }
.article-date { font-weight: 600; }
.more { border-top: 1px solid var(--border); padding: 4px 0; }
.more > summary { cursor: pointer; color: var(--link); font-weight: 600; padding: 2px 0; }
.more-body { padding-top: 2px; }
.show-all { font: inherit; font-size: 12px; cursor: pointer; border: 1px solid var(--border); border-radius: 6px; background: var(--accent-bg); color: var(--fg); padding: 1px 8px; margin: 2px 0 4px; }
.kind-chip.small { min-width: 0; padding: 0 4px; font-size: 10px; }
.kind-chip { display: inline-block; min-width: 36px; padding: 3px 6px; border-radius: 4px; background: var(--kind, #6b7280); color: #fff; font-weight: 700; font-size: 11px; text-align: center; }
.subtitle, .muted, .source { color: var(--muted); }
.copy { color: var(--muted); overflow-wrap: anywhere; }
.error { color: #b3261e; }
.report-group { background: var(--accent-bg); border-radius: 6px; padding: 4px 8px 6px; margin: 6px 0; }
.publisher { font-weight: 600; }
.suggest-box { margin-top: 10px; border-top: 1px solid var(--border); padding-top: 6px; }
.suggest-box summary { cursor: pointer; color: var(--link); }
.suggest label { display: block; margin-top: 6px; font-weight: 600; }
.suggest select, .suggest input, .suggest textarea { width: 100%; font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 4px; padding: 4px; }
.suggest button, .actions button, .tab { font: inherit; cursor: pointer; border: 1px solid var(--border); border-radius: 6px; background: var(--accent-bg); color: var(--fg); padding: 4px 10px; }
.form-actions { margin-top: 6px; }
`;

  /** Hands the renderer the page's translator: t(key, ...subs) -> text. */
  function setTranslator(fn) {
    t = fn;
  }

  root.MastheadRender = { h, renderRecord, renderSummary, renderSuggestionForm, setTranslator, STYLES };
})(globalThis);
