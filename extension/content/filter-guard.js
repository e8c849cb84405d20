// Keeps a filter on <html> off the in-page panel where it reaches it: Firefox (153 ESR) paints
// the browser's top layer, where the panel's frame is, under the root element's `filter` too
// (measured: opacity(0), brightness(0), contrast(0), blur() and hue-rotate() on <html> reach a
// popover there; opacity, clip-path, transform, mask-image, mix-blend-mode and backdrop-filter
// on <html> do not, nor does anything on <body>); Chromium (156) does not. content/panel.js
// creates a guard only there (and where the frame is not in the top layer) and calls check()
// on each round of its watchdog and release() when the panel goes. The filter is judged by
// content/root-filter.js. A classic script, injected after root-filter.js and before panel.js;
// it runs in the content script's isolated world, and takes the browser's own style functions.
(function (root) {
  'use strict';

  if (root.MastheadFilterGuard) return;

  const FIXES_PER_5S = 5; // at most this many re-neutralisations in 5 s (a page that keeps resetting it)
  const PROBE_MS = 1000; // how often a neutralised filter is looked at again
  const getComputedStyleOf = window.getComputedStyle;
  const setStyleProperty = CSSStyleDeclaration.prototype.setProperty;
  const getStyleProperty = CSSStyleDeclaration.prototype.getPropertyValue;
  const getStylePriority = CSSStyleDeclaration.prototype.getPropertyPriority;
  const removeStyleProperty = CSSStyleDeclaration.prototype.removeProperty;
  // The properties set on <html> while its filter is neutralised: no transition (a page's long
  // `transition: filter` would otherwise fade the filter out over hours), and no filter.
  const NEUTRAL = [['transition-property', 'none'], ['filter', 'none']];

  /** Puts the page's own inline values (as saved: {name: [value, priority]}) back. */
  function putBack(html, saved, names) {
    for (const name of names) {
      const [value, priority] = saved[name];
      if (value) setStyleProperty.call(html.style, name, value, priority);
      else removeStyleProperty.call(html.style, name);
    }
  }

  const ours = (html) => getStyleProperty.call(html.style, 'filter') === 'none' && getStylePriority.call(html.style, 'filter') === 'important';

  /**
   * A guard for one content script: {check(layer), release()}. check(layer), on each round of
   * the watchdog, judges <html>'s computed filter (content/root-filter.js). One that leaves the
   * panel readable and its colours' meaning intact (a dark mode's invert(1) hue-rotate(180deg))
   * is left alone. One that would fade, blur, darken or recolour it is undone on the panel
   * itself when an exact enough counter filter exists (a plain invert(1) dark mode: invert(1)
   * on `layer`, the frame's element in the closed shadow root, which the page cannot reach),
   * and otherwise set to none with an inline !important declaration on <html>, which outranks
   * every page rule, while the panel is shown. The page's own inline values come back on
   * release(), or as soon as the page's filter no longer needs it (looked at once a second:
   * the page's value is put back, read and overridden again within one task, so nothing is
   * painted in between). A page that keeps removing the override wins between at most 5
   * re-neutralisations in 5 s.
   */
  function create() {
    const { judgeFilter, counterFilter } = root.MastheadRootFilter || {};
    // While neutralised: {html, saved: {name: [value, priority]}, probedAt}.
    let neutral = null;
    let fixes = [];
    let counted = { layer: null, counter: '' };

    /** The panel's own filter ('' for none): the counter to the page's filter on <html>. */
    function setCounter(layer, counter) {
      if (!layer || (counted.layer === layer && counted.counter === counter)) return;
      counted = { layer, counter };
      if (counter) setStyleProperty.call(layer.style, 'filter', counter, 'important');
      else removeStyleProperty.call(layer.style, 'filter');
    }

    function check(layer) {
      if (!judgeFilter || !counterFilter) return;
      const html = document.documentElement;
      if (!html || !html.style) return;
      const now = Date.now();
      const filterOf = () => getComputedStyleOf.call(window, html).getPropertyValue('filter') || 'none';
      const needs = (value) => (value === 'none' || !judgeFilter(value).hides ? '' : (counterFilter(value) === null ? 'none' : 'counter'));
      let value;
      let earlier = null;
      if (neutral && neutral.html === html && ours(html)) {
        if (now - neutral.probedAt < PROBE_MS) return;
        neutral.probedAt = now;
        putBack(html, neutral.saved, ['filter']);
        value = filterOf();
        if (needs(value) === 'none') {
          setStyleProperty.call(html.style, 'filter', 'none', 'important');
          return;
        }
        putBack(html, neutral.saved, ['transition-property']);
        neutral = null;
      } else {
        // The page replaced our filter declaration (or <html>): what it left of ours is not its own.
        earlier = neutral && neutral.html === html ? neutral.saved : null;
        neutral = null;
        value = filterOf();
      }
      const need = needs(value);
      setCounter(layer, need === 'counter' ? counterFilter(value) : '');
      if (need !== 'none') return;
      fixes = fixes.filter((t) => now - t < 5000);
      if (fixes.length >= FIXES_PER_5S) return;
      fixes.push(now);
      const saved = {};
      for (const [name, value2] of NEUTRAL) {
        const current = [getStyleProperty.call(html.style, name), getStylePriority.call(html.style, name)];
        saved[name] = earlier && current[0] === value2 && current[1] === 'important' ? earlier[name] : current;
      }
      for (const [name, value2] of NEUTRAL) setStyleProperty.call(html.style, name, value2, 'important');
      neutral = { html, saved, probedAt: now };
    }

    /** The panel goes: the page's own inline filter and transition come back, if ours are still there. */
    function release() {
      const was = neutral;
      neutral = null;
      counted = { layer: null, counter: '' };
      if (was && was.html.isConnected && ours(was.html)) putBack(was.html, was.saved, NEUTRAL.map(([name]) => name));
    }

    return { check, release };
  }

  root.MastheadFilterGuard = { create };
})(globalThis);
