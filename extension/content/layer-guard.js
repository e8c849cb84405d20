// The in-page panel's watchdog decisions, as pure functions (no DOM): when the panel is raised
// again above the page's own top-layer elements, how often it may be, when it steps aside for
// full screen, and the zoom that undoes the page's CSS zoom on it. content/panel.js gathers the
// facts (bounding rects, timestamps, the fullscreen element's kind) and acts on the answers.
// A classic script, injected before panel.js (globalThis.MastheadLayerGuard); the unit tests
// load it in a vm context (test/unit/layer-guard.test.js).
(function (root) {
  'use strict';

  if (root.MastheadLayerGuard) return;

  const WINDOW_MS = 5000; // the raise budget's window
  const RAISES_PER_WINDOW = 20; // hard ceiling: at most this many raises in WINDOW_MS
  const SPAM_MS = 50; // raises closer than this count as a fight (backoff doubles per such raise)
  const MAX_BACKOFF_MS = 5000;
  const MIN_OVERLAP_PX = 1; // an overlap narrower or lower than this (CSS px) is no cover
  const ZOOM_TOLERANCE = 0.02; // an effective zoom within 2 % of 1 is left alone
  const MIN_ZOOM = 0.01; // the bounds of the counter zoom set on the panel (CSS allows any > 0)
  const MAX_ZOOM = 100;

  const backoff = (level) => (level === 0 ? 0 : Math.min(MAX_BACKOFF_MS, SPAM_MS * 2 ** level));

  /**
   * May the panel be raised now? `history`: the times (ms, ascending) of earlier raises; `now`
   * in ms. Returns {ok: true} or {ok: false, retryAt: ms}. At most RAISES_PER_WINDOW raises in
   * any WINDOW_MS. And a page that covers the panel again within SPAM_MS of each raise (so the
   * next raise came less than SPAM_MS after the earliest moment it was allowed) raises the
   * backoff level by one each time; the next raise must wait SPAM_MS × 2^level after the last,
   * up to MAX_BACKOFF_MS; a raise that came later than that resets the level to 0. A page that
   * re-shows every 300 ms is answered each time (17 raises in 5 s); one that answers each raise
   * within a millisecond gets 7 in 5 s.
   */
  function raiseBudget(history, now) {
    const recent = history.filter((t) => now - t < WINDOW_MS);
    if (recent.length >= RAISES_PER_WINDOW) return { ok: false, retryAt: recent[0] + WINDOW_MS };
    if (recent.length === 0) return { ok: true };
    let level = 0;
    for (let i = 1; i < recent.length; i += 1) {
      level = recent[i] - recent[i - 1] < backoff(level) + SPAM_MS ? level + 1 : 0;
    }
    const last = recent[recent.length - 1];
    const wait = backoff(level);
    if (now - last < wait) return { ok: false, retryAt: last + wait };
    return { ok: true };
  }

  /** The times kept for raiseBudget: those within the window. */
  function pruneRaises(history, now) {
    return history.filter((t) => now - t < WINDOW_MS);
  }

  /** Do two rects ({left, top, right, bottom} in CSS px) overlap by at least MIN_OVERLAP_PX each way? */
  function overlaps(a, b) {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w >= MIN_OVERLAP_PX && h >= MIN_OVERLAP_PX;
  }

  /**
   * Must the panel be raised above the page's top-layer elements? `panel`: the panel's rect;
   * `others`: the page's open top-layer elements (open popovers, modal dialogs, the fullscreen
   * element) as {rect, openedAt} (ms, or null when unknown: found open without having been seen
   * to open); `raisedAt`: when the panel was last put on top. An element shown after the panel
   * is above it in top-layer order, whatever its pointer-events or hit-testing: one that
   * overlaps the panel and opened after it was raised (or was never seen to open: `known` says
   * it was already raised over) needs a raise. Returns true or false.
   */
  function coveredByNewer(panel, others, raisedAt) {
    return others.some((o) => overlaps(panel, o.rect) && (o.openedAt === null || o.openedAt > raisedAt));
  }

  /**
   * Full screen: 'none' (no fullscreen element), 'aside' (the fullscreen element is or holds a
   * <video> or an <iframe>: the reader's own full screen, which the panel stays out of) or
   * 'raise' (anything else: the panel goes on top of it, shown after it in top-layer order).
   * `fullscreen`: null, or {tag: lower-case tag name, holdsMedia: boolean}.
   */
  function fullscreenPolicy(fullscreen) {
    if (!fullscreen) return 'none';
    if (fullscreen.tag === 'video' || fullscreen.tag === 'iframe' || fullscreen.holdsMedia) return 'aside';
    return 'raise';
  }

  /**
   * The zoom to set on the panel's own element so it is painted at its CSS size whatever zoom
   * the page put on its ancestors: `own`, the zoom it has now; `effective`, the one it is
   * painted at (own × the ancestors'; measured as rendered size / CSS size, or currentCSSZoom).
   * Returns the new own zoom, or null when no change is needed (within ZOOM_TOLERANCE of 1, or
   * nothing measurable). The result is clamped to [MIN_ZOOM, MAX_ZOOM].
   */
  function counterZoom(own, effective) {
    if (!Number.isFinite(own) || !Number.isFinite(effective) || own <= 0 || effective <= 0) return null;
    if (Math.abs(effective - 1) <= ZOOM_TOLERANCE) return null;
    const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, own / effective));
    return Math.abs(next - own) / own <= ZOOM_TOLERANCE / 2 ? null : Number(next.toPrecision(6));
  }

  root.MastheadLayerGuard = {
    raiseBudget, pruneRaises, overlaps, coveredByNewer, fullscreenPolicy, counterZoom,
    RAISES_PER_WINDOW, WINDOW_MS, SPAM_MS,
  };
})(globalThis);
