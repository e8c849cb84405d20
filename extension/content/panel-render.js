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

  function renderOwnership(doc, ownership) {
    const section = h(doc, 'section', { class: 'ownership', 'aria-labelledby': 'mh-own' }, h(doc, 'h3', { id: 'mh-own' }, 'Who is behind it'));
    if (!ownership.paths.length && !ownership.ultimateOwners.length) {
      section.appendChild(h(doc, 'p', { class: 'muted' }, 'No ownership recorded yet.'));
      return section;
    }
    for (const steps of ownership.paths) {
      const list = h(doc, 'ol', { class: 'chain' });
      for (const s of steps) {
        const detail = [s.share, s.period, s.asOf ? `as of ${s.asOf}` : ''].filter(Boolean).join(', ');
        list.appendChild(h(doc, 'li', null,
          h(doc, 'span', { class: 'subject' }, s.subject), ' ',
          h(doc, 'span', { class: 'relation' }, s.relation), ' ',
          h(doc, 'strong', { class: 'object' }, s.object),
          s.objectCountry ? ` (${s.objectCountry})` : '',
          detail ? h(doc, 'span', { class: 'muted' }, ` — ${detail}`) : null,
          citationLink(doc, s.citation)));
      }
      section.appendChild(list);
    }
    if (ownership.truncated) {
      section.appendChild(h(doc, 'p', { class: 'muted' }, 'The ownership chain is longer than shown here; see the full record.'));
    }
    if (ownership.ultimateOwners.length) {
      section.appendChild(h(doc, 'p', { class: 'ultimate' }, 'Ultimately: ',
        ownership.ultimateOwners.map((o, i) => [i ? '; ' : '', h(doc, 'strong', null, o.name), o.country ? ` (${o.country})` : ''])));
    }
    return section;
  }

  function renderLabels(doc, labels) {
    if (!labels.length) return null;
    const list = h(doc, 'ul', { class: 'labels' });
    for (const l of labels) {
      list.appendChild(h(doc, 'li', null,
        h(doc, 'strong', null, l.kindLabel),
        l.issuer ? ` — ${l.issuer}` : '',
        l.period ? h(doc, 'span', { class: 'muted' }, `, ${l.period}`) : null,
        l.text ? h(doc, 'span', { class: 'label-text' }, `: “${l.text}”`) : null,
        citationLink(doc, l.citation)));
    }
    return h(doc, 'section', { class: 'labels', 'aria-labelledby': 'mh-labels' }, h(doc, 'h3', { id: 'mh-labels' }, 'Labels applied by others'), list);
  }

  function renderReportLinks(doc, groups) {
    if (!groups.length) return null;
    const section = h(doc, 'section', { class: 'reports', 'aria-labelledby': 'mh-reports' }, h(doc, 'h3', { id: 'mh-reports', class: 'visually-hidden' }, 'About this article'));
    for (const g of groups) {
      const list = h(doc, 'ul', null);
      for (const r of g.items) {
        list.appendChild(h(doc, 'li', { class: 'report', 'data-relation': g.relation },
          h(doc, 'span', { class: 'publisher' }, r.publisher), ' — ',
          link(doc, r.url, r.title, { class: 'report-link' }),
          r.published ? h(doc, 'span', { class: 'muted' }, ` (${r.published})`) : null,
          r.rating ? h(doc, 'span', { class: 'rating' }, ` Rating: ${r.rating}.`) : null,
          r.summary ? h(doc, 'span', { class: 'summary' }, ` ${r.summary}`) : null,
          r.attachedTo === 'story' ? h(doc, 'span', { class: 'muted' }, ' (same story)') : null));
      }
      section.appendChild(h(doc, 'div', { class: 'report-group', 'data-relation': g.relation }, h(doc, 'h4', null, `${g.heading}:`), list));
    }
    return section;
  }

  /** The record as a <div class="record">. */
  function renderRecord(doc, vm) {
    const o = vm.outlet;
    return h(doc, 'div', { class: 'record', 'data-outlet': o.slug },
      h(doc, 'div', { class: 'head' },
        h(doc, 'span', { class: 'kind-chip', style: `--kind:${vm.kind.color}`, 'data-kind': vm.kind.kind }, vm.kind.code),
        h(doc, 'div', null,
          h(doc, 'h2', { class: 'name' }, o.name),
          h(doc, 'p', { class: 'subtitle' }, vm.subtitle))),
      vm.error ? h(doc, 'p', { class: 'error', role: 'status' }, vm.error) : null,
      vm.copy ? h(doc, 'p', { class: 'copy', 'data-via': vm.copy.kind }, `${vm.copy.words} `,
        link(doc, vm.copy.url, vm.copy.shown, { class: 'original' }),
        vm.copy.detail ? ` (${vm.copy.detail})` : '', '.') : null,
      o.description ? h(doc, 'p', { class: 'description' }, o.description) : null,
      renderReportLinks(doc, vm.reportLinks),
      renderOwnership(doc, vm.ownership),
      renderLabels(doc, vm.labels),
      vm.recordUrl ? h(doc, 'p', { class: 'record-link' }, link(doc, vm.recordUrl, `Full record of ${o.name} on Masthead`)) : null);
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
    return h(doc, 'details', { class: 'suggest-box' }, h(doc, 'summary', null, 'Suggest a report or correction'), form);
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

  root.MastheadRender = { h, renderRecord, renderSuggestionForm, STYLES };
})(globalThis);
