// Judges a CSS `filter` value (as getComputedStyle gives it for <html>): would it hide the
// panel, blur it or change what its colours say? Firefox (153 ESR) applies the root element's
// filter to the browser's top layer too, where the panel is, so content/panel.js neutralises
// such a filter on <html> while the panel is shown; a filter that leaves the panel readable
// and its colours' meaning intact (a dark-mode `invert(1) hue-rotate(180deg)`, a mourning
// `grayscale(1)`) is left to the page. Pure functions, no DOM: a classic script (injected
// before content/panel.js) that sets globalThis.MastheadRootFilter, also run by the unit tests.
(function (root) {
  'use strict';

  if (root.MastheadRootFilter) return;

  const MAX_LENGTH = 2000; // characters of a filter value judged; longer ones count as hiding
  const MAX_FUNCTIONS = 32;
  const MIN_ALPHA = 0.9; // the panel keeps at least this much of its opacity
  const MAX_BLUR_PX = 1; // summed blur radii, CSS px
  const MIN_TEXT_CONTRAST = 4.5; // WCAG AA: the panel's text on its background, after the filter
  const MIN_SECONDARY_CONTRAST = 3; // muted text and links (WCAG's floor for large text)
  const MIN_CHIP_CONTRAST = 3; // the kind chip's code on its colour
  const MAX_HUE_SHIFT = 45; // degrees a coloured kind chip may turn (red must not become green)
  const MIN_SATURATION = 0.2; // below this (grey) a chip's hue says nothing: grayscale is fine

  const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
  // The panel's own colours (content/panel-render.js STYLES, lib/vocab.js kinds), light and dark.
  // [text, background, contrast wanted]: the body text, then muted text and links.
  const TEXT_COLOURS = [
    ['#1f2328', '#ffffff', MIN_TEXT_CONTRAST], ['#59636e', '#ffffff', MIN_SECONDARY_CONTRAST],
    ['#0b57d0', '#ffffff', MIN_SECONDARY_CONTRAST], ['#e6edf3', '#1f2328', MIN_TEXT_CONTRAST],
    ['#9198a1', '#1f2328', MIN_SECONDARY_CONTRAST], ['#7cacf8', '#1f2328', MIN_SECONDARY_CONTRAST],
  ];
  const CHIP_COLOURS = ['#b3261e', '#c2410c', '#1d4ed8', '#4b5563', '#15803d', '#0f766e', '#6b7280'];
  const TEXT_PAIRS = TEXT_COLOURS.map(([fg, bg, want]) => [hex(fg), hex(bg), want]);
  const CHIPS = CHIP_COLOURS.map(hex);
  const WHITE = [1, 1, 1];

  /**
   * Splits a computed filter value into functions: [{name, args}] with args the raw text
   * inside the parentheses, or null when it cannot be read. 'none' and '' give [].
   */
  function parseFilter(value) {
    if (typeof value !== 'string' || value.length > MAX_LENGTH) return null;
    const text = value.trim();
    if (text === '' || text === 'none') return [];
    const out = [];
    let i = 0;
    while (i < text.length) {
      while (i < text.length && /\s/.test(text[i])) i += 1;
      if (i >= text.length) break;
      const name = /^[a-z-]+(?=\()/i.exec(text.slice(i));
      if (!name) return null;
      let j = i + name[0].length + 1;
      let depth = 1;
      let quote = null;
      for (; j < text.length && depth > 0; j += 1) {
        const c = text[j];
        if (quote) {
          if (c === '\\') j += 1;
          else if (c === quote) quote = null;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '(') depth += 1;
        else if (c === ')') depth -= 1;
      }
      if (depth !== 0) return null;
      out.push({ name: name[0].toLowerCase(), args: text.slice(i + name[0].length + 1, j - 1).trim() });
      if (out.length > MAX_FUNCTIONS) return null;
      i = j;
    }
    return out;
  }

  /** A number or percentage argument (50% -> 0.5); `fallback` when empty; NaN when unreadable. */
  function amount(args, fallback) {
    if (args === '') return fallback;
    const m = /^(-?\d*\.?\d+(?:e[-+]?\d+)?)(%?)$/i.exec(args);
    if (!m) return NaN;
    return Number(m[1]) / (m[2] ? 100 : 1);
  }

  /** An angle in degrees (deg, rad, grad, turn; a bare 0). */
  function degrees(args) {
    if (args === '') return 0;
    const m = /^(-?\d*\.?\d+(?:e[-+]?\d+)?)(deg|rad|grad|turn)?$/i.exec(args);
    if (!m || (!m[2] && Number(m[1]) !== 0)) return NaN;
    const n = Number(m[1]);
    return { deg: n, rad: (n * 180) / Math.PI, grad: n * 0.9, turn: n * 360 }[(m[2] || 'deg').toLowerCase()];
  }

  /** A length in CSS px (computed values are in px). */
  function pixels(args) {
    if (args === '') return 0;
    const m = /^(\d*\.?\d+(?:e[-+]?\d+)?)(px)?$/i.exec(args);
    if (!m || (!m[2] && Number(m[1]) !== 0)) return NaN;
    return Number(m[1]);
  }

  const clamp01 = (x) => Math.min(1, Math.max(0, x));
  const mix = (m, [r, g, b]) => [0, 1, 2].map((k) => clamp01(m[k][0] * r + m[k][1] * g + m[k][2] * b));

  // The Filter Effects spec's shorthand equivalents, on non-premultiplied sRGB in [0, 1] (as
  // both browsers apply them), clamped after each function.
  function grayscaleMatrix(a) {
    const s = 1 - clamp01(a);
    return [
      [0.2126 + 0.7874 * s, 0.7152 - 0.7152 * s, 0.0722 - 0.0722 * s],
      [0.2126 - 0.2126 * s, 0.7152 + 0.2848 * s, 0.0722 - 0.0722 * s],
      [0.2126 - 0.2126 * s, 0.7152 - 0.7152 * s, 0.0722 + 0.9278 * s],
    ];
  }
  function sepiaMatrix(a) {
    const s = 1 - clamp01(a);
    return [
      [0.393 + 0.607 * s, 0.769 - 0.769 * s, 0.189 - 0.189 * s],
      [0.349 - 0.349 * s, 0.686 + 0.314 * s, 0.168 - 0.168 * s],
      [0.272 - 0.272 * s, 0.534 - 0.534 * s, 0.131 + 0.869 * s],
    ];
  }
  function saturateMatrix(s) {
    return [
      [0.213 + 0.787 * s, 0.715 - 0.715 * s, 0.072 - 0.072 * s],
      [0.213 - 0.213 * s, 0.715 + 0.285 * s, 0.072 - 0.072 * s],
      [0.213 - 0.213 * s, 0.715 - 0.715 * s, 0.072 + 0.928 * s],
    ];
  }
  function hueRotateMatrix(deg) {
    const c = Math.cos((deg * Math.PI) / 180);
    const s = Math.sin((deg * Math.PI) / 180);
    return [
      [0.213 + c * 0.787 - s * 0.213, 0.715 - c * 0.715 - s * 0.715, 0.072 - c * 0.072 + s * 0.928],
      [0.213 - c * 0.213 + s * 0.143, 0.715 + c * 0.285 + s * 0.14, 0.072 - c * 0.072 - s * 0.283],
      [0.213 - c * 0.213 - s * 0.787, 0.715 - c * 0.715 + s * 0.715, 0.072 + c * 0.928 + s * 0.072],
    ];
  }

  /**
   * What the filter does: {colour(rgb) -> rgb (each in [0, 1]), alpha (factor), blur (px),
   * unknown: [names]} — or null when the value cannot be read. url() references and
   * drop-shadow() leave the content's colours as they are (a drop shadow is drawn behind it).
   */
  function filterEffect(value) {
    const fns = parseFilter(value);
    if (!fns) return null;
    const steps = [];
    let alpha = 1;
    let blur = 0;
    const unknown = [];
    for (const { name, args } of fns) {
      let n;
      if (name === 'url' || name === 'drop-shadow') continue;
      if (name === 'blur') {
        n = pixels(args);
        blur += n;
      } else if (name === 'hue-rotate') {
        n = degrees(args);
        if (Number.isFinite(n)) steps.push((c) => mix(hueRotateMatrix(n), c));
      } else {
        const fallback = name === 'invert' || name === 'grayscale' || name === 'sepia' || name === 'opacity' || name === 'brightness' || name === 'contrast' || name === 'saturate' ? 1 : NaN;
        n = amount(args, fallback);
        if (!(n >= 0)) n = NaN; // negative amounts are invalid CSS
        if (name === 'opacity') alpha *= clamp01(n);
        else if (name === 'brightness') steps.push((c) => c.map((x) => clamp01(x * n)));
        else if (name === 'contrast') steps.push((c) => c.map((x) => clamp01(x * n + 0.5 - 0.5 * n)));
        else if (name === 'invert') steps.push((c) => c.map((x) => clamp01(clamp01(n) + x * (1 - 2 * clamp01(n)))));
        else if (name === 'grayscale') steps.push((c) => mix(grayscaleMatrix(n), c));
        else if (name === 'sepia') steps.push((c) => mix(sepiaMatrix(n), c));
        else if (name === 'saturate') steps.push((c) => mix(saturateMatrix(n), c));
        else unknown.push(name);
      }
      if (!Number.isFinite(n)) unknown.push(`${name}(${args})`);
    }
    return { colour: (rgb) => steps.reduce((c, step) => step(c), rgb), alpha, blur, unknown };
  }

  /** WCAG 2 contrast ratio of two sRGB colours (components in [0, 1]). */
  function contrastRatio(a, b) {
    const lum = (c) => {
      const [r, g, bl] = c.map((x) => (x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
    };
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }

  /** HSV hue (degrees) and saturation of an sRGB colour. */
  function hueSat([r, g, b]) {
    const max = Math.max(r, g, b);
    const d = max - Math.min(r, g, b);
    if (max === 0 || d === 0) return { hue: 0, sat: 0 };
    let hue;
    if (max === r) hue = ((g - b) / d) % 6;
    else if (max === g) hue = (b - r) / d + 2;
    else hue = (r - g) / d + 4;
    return { hue: (hue * 60 + 360) % 360, sat: d / max };
  }

  /**
   * Would this filter, applied to the panel, hide or distort it? -> {hides: boolean, reason:
   * string} (reason names the first test failed: 'unreadable value', 'unknown function',
   * 'fades', 'blurs', 'text contrast', 'chip contrast', 'chip hue'; '' when it does not hide).
   */
  function judgeFilter(value) {
    const effect = filterEffect(value);
    if (!effect) return { hides: true, reason: 'unreadable value' };
    if (effect.unknown.length) return { hides: true, reason: 'unknown function' };
    if (effect.alpha < MIN_ALPHA) return { hides: true, reason: 'fades' };
    if (effect.blur > MAX_BLUR_PX) return { hides: true, reason: 'blurs' };
    for (const [fg, bg, want] of TEXT_PAIRS) {
      if (contrastRatio(effect.colour(fg), effect.colour(bg)) < want) return { hides: true, reason: 'text contrast' };
    }
    for (const chip of CHIPS) {
      const after = effect.colour(chip);
      if (contrastRatio(effect.colour(WHITE), after) < MIN_CHIP_CONTRAST) return { hides: true, reason: 'chip contrast' };
      const was = hueSat(chip);
      const now = hueSat(after);
      if (was.sat >= MIN_SATURATION && now.sat >= MIN_SATURATION) {
        const shift = Math.abs(was.hue - now.hue) % 360;
        if (Math.min(shift, 360 - shift) > MAX_HUE_SHIFT) return { hides: true, reason: 'chip hue' };
      }
    }
    return { hides: false, reason: '' };
  }

  const COUNTER_TOLERANCE = 10 / 255; // how far a countered colour may be from the panel's own

  const number = (x) => String(Math.round(x * 10000) / 10000);

  /**
   * A filter for the panel itself that undoes `value` (the page's filter on <html>, which is
   * applied after it): each function's inverse, in reverse order — invert(1) for invert(1),
   * hue-rotate(-a) for hue-rotate(a), saturate/brightness/contrast(1/a). Only when the two
   * together give the panel's own colours back (within 10/255 per channel: clamping between
   * functions loses some), with no fading or blur; else null (then the page's filter is
   * neutralised instead). 'none' needs no counter: ''.
   */
  function counterFilter(value) {
    const fns = parseFilter(value);
    if (!fns) return null;
    const inverse = [];
    for (const { name, args } of fns) {
      let n;
      if (name === 'hue-rotate') {
        n = degrees(args);
        if (!Number.isFinite(n)) return null;
        if (n % 360 !== 0) inverse.unshift(`hue-rotate(${number(-n)}deg)`);
      } else if (name === 'blur') {
        n = pixels(args);
        if (n !== 0) return null;
      } else if (['invert', 'grayscale', 'sepia', 'opacity', 'saturate', 'brightness', 'contrast'].includes(name)) {
        n = amount(args, 1);
        if (!(n >= 0)) return null;
        const neutral = { invert: 0, grayscale: 0, sepia: 0, opacity: 1, saturate: 1, brightness: 1, contrast: 1 }[name];
        if (name === 'opacity' || name === 'invert' || name === 'grayscale' || name === 'sepia') n = clamp01(n);
        if (n === neutral) continue;
        if (name === 'invert' && n === 1) inverse.unshift('invert(1)');
        else if ((name === 'saturate' || name === 'brightness' || name === 'contrast') && n > 0) inverse.unshift(`${name}(${number(1 / n)})`);
        else return null;
      } else {
        return null; // url(), drop-shadow(), unknown: nothing to undo them with
      }
    }
    const counter = inverse.join(' ');
    const page = filterEffect(value);
    const ours = filterEffect(counter || 'none');
    if (!page || !ours || page.alpha !== 1 || page.blur !== 0) return null;
    const colours = [WHITE, ...TEXT_PAIRS.flatMap(([fg, bg]) => [fg, bg]), ...CHIPS];
    for (const c of colours) {
      const back = page.colour(ours.colour(c));
      if (back.some((x, i) => Math.abs(x - c[i]) > COUNTER_TOLERANCE)) return null;
    }
    return counter;
  }

  root.MastheadRootFilter = { parseFilter, filterEffect, judgeFilter, counterFilter, contrastRatio, TEXT_COLOURS, CHIP_COLOURS };
})(globalThis);
