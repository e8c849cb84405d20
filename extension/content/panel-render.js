// Builds the record's DOM from a view model (lib/view-model.js) with DOM APIs only: every
// server string becomes a text node or an attribute value, never markup. Shared by the
// in-page panel (a classic content script, so no modules) and the popup.
(function (root) {
  'use strict';

  if (root.MastheadRender) return;

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
    return h(doc, 'span', { class: 'source' }, ' · ', link(doc, citation.url, `source: ${citation.publisher || 'link'}`, { title: citation.title || citation.url }));
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
    const button = h(doc, 'button', { type: 'button', class: 'show-all' }, `Show all ${items.length}`);
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
      body.push(h(doc, 'p', { class: 'muted' }, 'No ownership recorded yet.'));
    }
    for (const steps of ownership.paths) {
      const list = h(doc, 'ol', { class: 'chain' });
      for (const s of steps) {
        const datedByAsOf = s.timing && /^as of /.test(s.timing.period);
        const detail = [s.share, s.asOf && !datedByAsOf ? `as of ${s.asOf}` : ''].filter(Boolean).join(', ');
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
      body.push(h(doc, 'p', { class: 'muted' }, 'The ownership chain is longer than shown here; see the full record.'));
    }
    if (ownership.ultimateOwners.length) {
      body.push(h(doc, 'p', { class: 'ultimate' }, 'Ultimately: ',
        ownership.ultimateOwners.map((o, i) => [i ? '; ' : '', h(doc, 'strong', null, o.name), o.country ? ` (${o.country})` : ''])));
    }
    return more(doc, 'ownership', 'Who is behind it', body);
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
    return more(doc, 'labels', `Labels applied by others (${labels.length})`, collapseLong(doc, list));
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
          r.rating ? h(doc, 'span', { class: 'rating' }, ` Rating: ${r.rating}.`) : null,
          r.summary ? h(doc, 'span', { class: 'summary' }, ` ${r.summary}`) : null,
          r.attachedTo === 'story' ? h(doc, 'span', { class: 'muted' }, ' (same story)') : null));
      }
      // Each item says its relation from the reader's side; the heading is for screen readers.
      body.push(h(doc, 'div', { class: 'report-group', 'data-relation': g.relation }, h(doc, 'h4', { class: 'visually-hidden' }, `${g.heading}:`), collapseLong(doc, list)));
    }
    return more(doc, 'reports', `Reports about this article (${count})`, body);
  }

  /** The first screen: outlet and kind, who runs and funds it, top labels, what this article does. */
  function renderSummary(doc, vm) {
    const s = vm.summary;
    const o = vm.outlet;
    const labelList = s.labels.length
      ? h(doc, 'ul', { class: 'top-labels', 'aria-label': 'Most significant labels' }, s.labels.map((l) => h(doc, 'li', { 'data-then': l.then, 'data-now': l.now },
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
        : h(doc, 'p', { class: 'muted who' }, 'No ownership recorded yet.'),
      (s.articleDate || s.action) ? h(doc, 'p', { class: 'article-line' },
        s.articleDate ? h(doc, 'span', { class: 'article-date' }, `This article: ${s.articleDate}.`) : null,
        s.action ? [' ', h(doc, 'span', { class: 'action', 'data-relation': s.action.relation }, kindChip(doc, s.action.kind, 'small'), s.action.kind ? ' ' : '',
          link(doc, s.action.url, s.action.words, { class: 'action-link', title: s.action.title }), '.')] : null,
        s.otherReports ? h(doc, 'span', { class: 'muted' }, ` ${s.otherReports} other ${s.otherReports === 1 ? 'report' : 'reports'} below.`) : null) : null,
      labelList,
      s.moreLabels ? h(doc, 'p', { class: 'muted more-count' }, `and ${s.moreLabels} more ${s.moreLabels === 1 ? 'label' : 'labels'} below`) : null);
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
      o.description ? more(doc, 'about', `About ${o.name}`, h(doc, 'p', { class: 'description' }, o.description),
        vm.recordUrl ? h(doc, 'p', { class: 'record-link' }, link(doc, vm.recordUrl, `Full record of ${o.name} on Masthead`)) : null)
        : null,
      !o.description && vm.recordUrl ? h(doc, 'p', { class: 'record-link' }, link(doc, vm.recordUrl, `Full record of ${o.name} on Masthead`)) : null);
  }

  const RELATION_CHOICES = [
    ['', 'Relation to this article (optional)'],
    ['disputes', 'This article disputes it'],
    ['disputed_by', 'It disputes this article'],
    ['fact_check', 'It fact-checks this article'],
    ['correction', 'It corrects this article'],
    ['original_report', 'It is the original report'],
    ['context', 'It gives context'],
  ];

  /** A "suggest a report or correction" form; onSubmit(fields) resolves to a status message. */
  function renderSuggestionForm(doc, onSubmit) {
    const status = h(doc, 'p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
    const kind = h(doc, 'select', { name: 'kind', id: 'mh-s-kind' },
      h(doc, 'option', { value: 'report' }, 'A report about this article'),
      h(doc, 'option', { value: 'correction' }, 'A correction to this record'));
    const reportUrl = h(doc, 'input', { type: 'url', name: 'reportUrl', id: 'mh-s-url', placeholder: 'https://…', maxlength: '2048' });
    const relation = h(doc, 'select', { name: 'relation', id: 'mh-s-rel' }, RELATION_CHOICES.map(([v, l]) => h(doc, 'option', { value: v }, l)));
    const message = h(doc, 'textarea', { name: 'message', id: 'mh-s-msg', required: true, rows: '3', maxlength: '4000' });
    const submit = h(doc, 'button', { type: 'submit' }, 'Send suggestion');
    const form = h(doc, 'form', { class: 'suggest', novalidate: true },
      h(doc, 'label', { for: 'mh-s-kind' }, 'What are you suggesting?'), kind,
      h(doc, 'label', { for: 'mh-s-url' }, 'Report URL'), reportUrl,
      h(doc, 'label', { for: 'mh-s-rel' }, 'Relation'), relation,
      h(doc, 'label', { for: 'mh-s-msg' }, 'Message for the maintainers (required)'), message,
      h(doc, 'div', { class: 'form-actions' }, submit), status);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!message.value.trim()) {
        status.textContent = 'Please write a short message.';
        message.focus();
        return;
      }
      submit.disabled = true;
      status.textContent = 'Sending…';
      try {
        status.textContent = await onSubmit({ kind: kind.value, reportUrl: reportUrl.value.trim(), relation: relation.value, message: message.value });
        form.reset();
      } catch (err) {
        status.textContent = `Not sent: ${err && err.message ? err.message : err}`;
      } finally {
        submit.disabled = false;
      }
    });
    return h(doc, 'details', { class: 'suggest-box more' }, h(doc, 'summary', null, 'Suggest a report or correction'), form);
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
.record ul, .record ol { margin: 0; padding-left: 18px; }
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

  root.MastheadRender = { h, renderRecord, renderSummary, renderSuggestionForm, STYLES };
})(globalThis);
