/**
 * When a cell's heavy parts are made: its CodeMirror editor and its charts. Made all at
 * once as a notebook opens, they held the main thread for hundreds of milliseconds at a
 * time (the welcome notebook's first result drew every chart of its cell in one 340 ms task,
 * and its two editors were created in one more), and redrew charts no one could see with
 * each partial result. Here each is made in a task of its own:
 *   - at once (the next task) when its place comes within a screen of the viewport
 *     (an IntersectionObserver with a margin of a viewport's height above and below), the
 *     nearest first, one a task so that the browser paints and answers input between them;
 *   - else when the page is idle (requestIdleCallback), the reader has not scrolled, typed
 *     or clicked for a moment, and the part says it is ready (a chart waits for its cell's
 *     run to end, so that it is drawn once, with the final result): one an idle period;
 *   - or all at once, now, when the page must hold everything (`showAll`: the report, print).
 * While a notebook's prose is still being drawn in slices (NotebookView.svelte), nothing is
 * made: a cell's place moves as the text above it is drawn (`holdWhileDrawing`).
 * So nothing is left out for long: find-in-page, the report and a screenshot see every
 * part once the page has settled, and until then a part shows a placeholder (the editor its
 * text as plain text, which is also a tab stop in the editor's place).
 */

interface Part {
  show(): void;
  ready(): boolean;
  /** Part of what the report and print keep (charts); an editor is not: its text is kept as text. */
  kept: boolean;
}

/** How a part waits. */
export interface DeferOptions {
  /** Whether the part may be made in an idle period yet (default: always). */
  ready?(): boolean;
  /** Made by `showAll`, for the report and print (default: false). */
  kept?: boolean;
}

/** The margin around the viewport within which a part is made at once: a viewport's height. */
const NEAR = "100% 0px";
/** Milliseconds after the reader's last input before idle work starts. */
const QUIET_MS = 500;
/** Milliseconds between looks for an idle part that has become ready. */
const LOOK_MS = 250;

const parts = new Map<Element, Part>();
let observer: IntersectionObserver | null = null;
let lastInput = -Infinity;
let nearPending = false;
let idlePending = false;
/** While the notebook's cells are still being drawn, where a part lies is not known yet. */
let holds = 0;

const idle: (run: () => void) => void =
  typeof requestIdleCallback === "function" ? (run) => requestIdleCallback(run, { timeout: 2000 }) : (run) => setTimeout(run, 50);

/** The part's distance from the viewport, in pixels (0 when in it); a part not shown (hidden, a cell not presented) is far. */
function distance(node: Element): number {
  const r = node.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return Infinity;
  return r.bottom < 0 ? -r.bottom : r.top > innerHeight ? r.top - innerHeight : 0;
}

function take(node: Element): void {
  const part = parts.get(node);
  if (!part) return;
  parts.delete(node);
  observer?.unobserve(node);
  part.show();
}

/**
 * Makes the nearest part within a viewport's height of it, then the next in a later task.
 * Where a part lies is read now: the observer's report may be of a layout since changed (a
 * cell above drawn since).
 */
function showNear(): void {
  nearPending = false;
  if (holds > 0) return;
  let best: Element | null = null;
  let bestDistance = Infinity;
  let near = 0;
  for (const node of parts.keys()) {
    const d = distance(node);
    if (d > innerHeight) continue;
    near++;
    if (d < bestDistance) [best, bestDistance] = [node, d];
  }
  if (best) take(best);
  if (near > 1) scheduleNear();
}

function scheduleNear(): void {
  if (nearPending) return;
  nearPending = true;
  setTimeout(showNear, 0);
}

/** In an idle period with no recent input: the nearest ready part. */
function showIdle(): void {
  idlePending = false;
  if (parts.size === 0) return;
  if (holds > 0) return scheduleIdle(LOOK_MS);
  const quiet = performance.now() - lastInput;
  if (quiet < QUIET_MS) return scheduleIdle(QUIET_MS - quiet);
  let best: Element | null = null;
  let bestDistance = Infinity;
  for (const [node, part] of parts) {
    if (!part.ready()) continue;
    const d = distance(node);
    if (best === null || d < bestDistance) [best, bestDistance] = [node, d];
  }
  if (best) take(best);
  if (parts.size > 0) scheduleIdle(best ? 0 : LOOK_MS);
}

function scheduleIdle(after = 0): void {
  if (idlePending) return;
  idlePending = true;
  setTimeout(() => idle(showIdle), after);
}

function start(): IntersectionObserver {
  for (const type of ["pointerdown", "keydown", "wheel", "touchstart", "scroll"])
    addEventListener(type, () => (lastInput = performance.now()), { capture: true, passive: true });
  addEventListener("beforeprint", showAll);
  return new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && scheduleNear(), { rootMargin: NEAR });
}

/**
 * Calls `show` once, in a task of its own, when `node` comes near the viewport or the page
 * is idle and `ready()` holds (or, for a kept part, on `showAll`); returns a function that forgets it (the part was destroyed).
 */
export function deferUntilNear(node: Element, show: () => void, { ready = () => true, kept = false }: DeferOptions = {}): () => void {
  if (typeof IntersectionObserver === "undefined") {
    show();
    return () => undefined;
  }
  observer ??= start();
  parts.set(node, { show, ready, kept });
  observer.observe(node);
  scheduleIdle(QUIET_MS);
  return () => {
    parts.delete(node);
    observer?.unobserve(node);
  };
}

/**
 * Holds back every part while the notebook's cells are being drawn (their places move as
 * the cells above them are drawn); the returned function lets them go.
 */
export function holdWhileDrawing(): () => void {
  holds++;
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    holds--;
    if (holds === 0) scheduleNear();
  };
}

/** Makes every kept part (charts) not made yet, now: for what must hold the whole notebook (the report, print). */
export function showAll(): void {
  for (const [node, part] of [...parts]) if (part.kept) take(node);
}

/**
 * `showAll`, then waits until what it made is drawn: a chart draws once its frame has
 * measured its width, which a resize observer reports before the next frame's paint.
 */
export async function showAllDrawn(): Promise<void> {
  showAll();
  await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}
