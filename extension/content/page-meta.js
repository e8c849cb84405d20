// What the page declares about itself, read for the in-page panel: its canonical addresses and
// its publication dates. A classic script injected before content/panel.js (PANEL_FILES in
// background/background.js); it sets globalThis.MastheadPageMeta in the content script's world,
// which page scripts cannot see. Strings only, bounded in count and length; the background
// validates and interprets them.
(function (root) {
  'use strict';

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

  /**
   * The publication dates the page declares, most explicit first: article:published_time and
   * its kin, JSON-LD datePublished, then <time> elements. Strings only; the background reads them.
   */
  function declaredDates() {
    const found = [];
    const add = (v) => {
      if (typeof v === 'string' && v.trim() && found.length < 4) found.push(v.trim().slice(0, 100));
    };
    for (const sel of [
      'meta[property="article:published_time" i]', 'meta[name="article:published_time" i]',
      'meta[itemprop="datePublished" i]', 'meta[name="pubdate" i]', 'meta[name="publishdate" i]',
      'meta[name="parsely-pub-date" i]', 'meta[name="dc.date.issued" i]', 'meta[name="date" i]',
    ]) {
      const m = document.querySelector(`${sel}[content]`);
      if (m) add(m.getAttribute('content'));
    }
    for (const script of [...document.querySelectorAll('script[type="application/ld+json" i]')].slice(0, 5)) {
      try {
        add(findDatePublished(JSON.parse(script.textContent.slice(0, 100_000)), 0));
      } catch { /* not JSON: the page's business */ }
    }
    const time = document.querySelector('time[itemprop="datePublished" i][datetime], article time[datetime], time[pubdate][datetime]');
    if (time) add(time.getAttribute('datetime'));
    return found;
  }

  function findDatePublished(node, depth) {
    if (!node || typeof node !== 'object' || depth > 4) return null;
    if (Array.isArray(node)) {
      for (const item of node.slice(0, 20)) {
        const d = findDatePublished(item, depth + 1);
        if (d) return d;
      }
      return null;
    }
    if (typeof node.datePublished === 'string') return node.datePublished;
    return findDatePublished(node['@graph'], depth + 1);
  }

  root.MastheadPageMeta = Object.freeze({ declaredAddresses, declaredDates, findDatePublished });
})(globalThis);
