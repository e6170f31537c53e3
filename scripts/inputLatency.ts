/**
 * How fast the page answers a slider, and how long the card-line notebook takes, in headless
 * Chromium on the production build. Prints figures; asserts nothing (a wall-clock figure
 * depends on the machine and its load: it is for the notes, not for a test).
 *
 *   npm run build && npx tsx scripts/inputLatency.ts [DIST] [--moves N] [--skip-huabei] [--load-only]
 *
 * DIST is a built site (default dist/web). Once the welcome notebook's runs are done, it
 * scrolls its first cell's results into view (a cell out of sight draws its charts when it
 * comes near the viewport or the page is idle), waits for its charts, and counts the long
 * tasks of that. It then moves the welcome notebook's first slider (the
 * near-prime `pd`, 0.01 to 0.08 by 0.005) to its low end with Home, then N times (default 12,
 * at most 14) one step right with the keyboard, each to a value not run before, waiting
 * PAUSE ms (default 500, --pause) after each run is done, as a reader looks at the chart.
 * For each move it measures, from the key press (the keydown event's own time stamp):
 *   - first redraw: the first change of the cell's loss chart after the press, to the frame
 *     that paints it;
 *   - fully refined: the cell's run done and its last result drawn.
 * One more move, back a step, is not measured: test-results/input-latency-first.png shows
 * its first redraw, input-latency-done.png the end of its run.
 * Then it opens scenarios/credit-line-huabei.md as a notebook kept from a last visit and
 * measures from the navigation's start to every cell done (a run estimated over half a
 * minute asks first: the script presses its button at once, and also gives the time from
 * that press). With --marks it prints the page's
 * performance marks of the last move, in ms after the key press. Medians, and every figure, are printed.
 *
 * The main thread's long tasks (over 50 ms, a PerformanceObserver of `longtask`: what makes a
 * drag or typing stutter) are counted in each part: the welcome notebook's load, its measured
 * moves, a drag of the second slider (DRAG presses 80 ms apart, default 5, --drag; a
 * screenshot during it is test-results/input-latency-drag.png) until its run is done, and the
 * Huabei notebook's run; for each, the longest task, their total time and their count. The
 * loads are also counted on to SETTLE seconds (default 3, --settle) after every cell is
 * done, for the work a page leaves to its idle moments (charts and editors out of sight).
 * With --load-only it measures the two loads alone (no moves, no drag).
 */
import type { Page } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { launch, newPage } from "../test/ui/browser/browser.ts";
import { waitForRuns } from "../test/ui/browser/notebook.ts";
import { NOTEBOOK_KEY } from "../src/ui/state/storage.ts";
import { serve } from "../test/ui/browser/serve.ts";

const ROOT = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const dist = resolve(args.find((a, i) => !a.startsWith("--") && !["--moves", "--pause", "--drag", "--settle"].includes(args[i - 1])) ?? resolve(ROOT, "dist/web"));
const loadOnly = args.includes("--load-only");
const moves = loadOnly ? 0 : Math.min(14, Number(option("--moves") ?? 12));
const drag = loadOnly ? 0 : Math.min(12, Number(option("--drag") ?? 5));
const settle = Number(option("--settle") ?? 3) * 1000;
const pause = Number(option("--pause") ?? 500);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Records the page's long tasks from its start, as [start, duration] in ms of its clock. */
const OBSERVE_LONG_TASKS = `
  globalThis.__name = (f) => f;
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
`;

/** The long tasks that began in [from, to) of the page's clock: longest, total and count. */
async function longTasks(page: Page, from: number, to: number): Promise<string> {
  const tasks = await page.evaluate(
    ([a, b]) => (window as unknown as { __long: [number, number][] }).__long.filter(([t]) => t >= a && t < b).map(([, d]) => d),
    [from, to] as const,
  );
  const total = tasks.reduce((s, d) => s + d, 0);
  return `long tasks: longest ${Math.max(0, ...tasks).toFixed(0)} ms, total ${total.toFixed(0)} ms, count ${tasks.length}`;
}

/** The page's clock now. */
const clock = (page: Page): Promise<number> => page.evaluate(() => performance.now());

interface Move {
  /** Key press to the frame that paints the cell's first redrawn chart. */
  first: number;
  /** Key press to the frame after the run is done. */
  done: number;
  /** Paths the first redraw showed. */
  shown: string;
}

mkdirSync(resolve(ROOT, "test-results"), { recursive: true });
const served = await serve(dist);
const browser = await launch();
try {
  const { page, context, errors } = await newPage(browser);
  // tsx keeps function names with a helper the page does not have, in the code sent to it (OBSERVE_LONG_TASKS).
  await page.addInitScript(OBSERVE_LONG_TASKS);
  // A fresh profile opens the welcome notebook, which runs its cells.
  await page.goto(served.url);
  await page.locator("main[aria-busy=false]").waitFor();
  await waitForRuns(page, 300_000);
  const loaded = await clock(page);
  const longLoad = await longTasks(page, 0, loaded);
  await page.waitForTimeout(settle);
  const longSettled = await longTasks(page, 0, loaded + settle);
  const reveal = await clock(page);
  const charts = page.locator("div.scenario[data-phase] .results .charts svg").first();
  if (moves > 0 || drag > 0) {
    await page.locator("div.scenario[data-phase] .results").first().scrollIntoViewIfNeeded();
    await charts.waitFor({ state: "attached" });
    await page.waitForTimeout(pause);
  }
  const longReveal = await longTasks(page, reveal, await clock(page));
  const moveSpans: [number, number][] = [];
  const results: Move[] = [];
  if (moves > 0) {
    const slider = page.getByRole("slider", { name: "Near-prime PD" });
    await slider.focus();
    // Move -1 goes to the low end, unmeasured; move `moves` steps back, for the screenshots.
    for (let i = -1; i <= moves; i++) {
      const last = i === moves;
      if (last && moves === 0) break;
      if (last) await page.locator("div.scenario[data-phase] .results .charts svg").first().scrollIntoViewIfNeeded();
      // Armed before the press: the observer of the first cell's first chart and of its phase.
      await page.evaluate(() => {
        const cell = document.querySelector<HTMLElement>("div.scenario[data-phase]")!;
        const svg = cell.querySelector(".results .charts svg")!;
        const meta = cell.querySelector(".results .meta");
        const w = window as unknown as { __move: { t0: number; first: number; done: number; shown: string; settled: Promise<void> } };
        let finish!: () => void;
        const state = { t0: NaN, first: NaN, done: NaN, shown: "", settled: new Promise<void>((r) => (finish = r)) };
        w.__move = state;
        const painted = (set: (t: number) => void) => requestAnimationFrame(() => setTimeout(() => set(performance.now()), 0));
        document.addEventListener("keydown", (e) => (state.t0 = e.timeStamp), { capture: true, once: true });
        let sawRun = false;
        const charts = new MutationObserver(() => {
          if (Number.isNaN(state.t0) || !Number.isNaN(state.first) || state.shown) return;
          state.shown = meta?.textContent?.trim().replace(/\s+/g, " ") ?? "";
          performance.mark("probe: chart changed");
          painted((t) => {
            performance.mark("probe: painted");
            state.first = t;
          });
          charts.disconnect();
        });
        charts.observe(svg, { subtree: true, childList: true, attributes: true, characterData: true });
        const phase = new MutationObserver(() => {
          const p = cell.dataset.phase;
          if (p === "queued" || p === "running") sawRun = true;
          if (sawRun && p === "done") {
            phase.disconnect();
            painted((t) => {
              state.done = t;
              finish();
            });
          }
        });
        phase.observe(cell, { attributes: true, attributeFilter: ["data-phase"] });
      });
      await page.keyboard.press(i < 0 ? "Home" : last ? "ArrowLeft" : "ArrowRight");
      await page.waitForFunction(() => !Number.isNaN((window as unknown as { __move: { first: number } }).__move.first));
      if (last) await page.screenshot({ path: resolve(ROOT, "test-results/input-latency-first.png") });
      await page.evaluate(() => (window as unknown as { __move: { settled: Promise<void> } }).__move.settled);
      const m = await page.evaluate(() => {
        const s = (window as unknown as { __move: { t0: number; first: number; done: number; shown: string } }).__move;
        return { first: s.first - s.t0, done: s.done - s.t0, shown: s.shown, t0: s.t0, end: s.done };
      });
      if (i >= 0 && !last) moveSpans.push([m.t0, m.end]);
      await page.waitForTimeout(pause);
      if (i < 0 || last) continue;
      results.push(m);
      console.log(`move ${i + 1}: first redraw ${m.first.toFixed(0)} ms (${m.shown}), fully refined ${m.done.toFixed(0)} ms`);
    }
  }
  if (args.includes("--marks")) {
    const marks = await page.evaluate(() => {
      const t0 = (window as unknown as { __move: { t0: number } }).__move.t0;
      return performance.getEntriesByType("mark").filter((m) => m.startTime >= t0 - 1).map((m) => `${(m.startTime - t0).toFixed(1)} ${m.name}`);
    });
    console.log(marks.join("\n"));
  }
  if (moves > 0) await page.screenshot({ path: resolve(ROOT, "test-results/input-latency-done.png") });
  if (moves > 0) console.log(
    `welcome, first slider, ${moves} moves: median first redraw ${median(results.map((r) => r.first)).toFixed(0)} ms, ` +
      `median fully refined ${median(results.map((r) => r.done)).toFixed(0)} ms`,
  );
  console.log(`welcome, load to every cell done: ${longLoad}`);
  console.log(`welcome, load to ${settle / 1000} s after every cell done: ${longSettled}`);
  if (moves > 0 || drag > 0) console.log(`welcome, first cell's results scrolled into view: ${longReveal}`);
  const during = await page.evaluate(
    (spans) => (window as unknown as { __long: [number, number][] }).__long.filter(([t]) => spans.some(([a, b]) => t >= a && t < b)).map(([, d]) => d),
    moveSpans,
  );
  const moveTotal = during.reduce((s, d) => s + d, 0);
  if (moves > 0) console.log(`welcome, ${moves} moves, key press to done: long tasks: longest ${Math.max(0, ...during).toFixed(0)} ms, total ${moveTotal.toFixed(0)} ms, count ${during.length}`);
  if (drag > 0) {
    // A drag: the second slider moved DRAG steps left, 80 ms apart, as a hand drags it; then its run to the end.
    const trough = page.getByRole("slider", { name: "Recession trough" });
    await trough.focus();
    const began = await clock(page);
    await page.evaluate(() => {
      const cell = document.querySelector<HTMLElement>("div.scenario[data-phase]")!;
      const w = window as unknown as { __drag: Promise<number>; __dragging: boolean };
      w.__dragging = true;
      w.__drag = new Promise((resolve) => {
        new MutationObserver((_, observer) => {
          if (!w.__dragging && cell.dataset.phase === "done") {
            observer.disconnect();
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
          }
        }).observe(cell, { attributes: true, attributeFilter: ["data-phase"] });
      });
    });
    for (let k = 0; k < drag; k++) {
      await page.keyboard.press("ArrowLeft");
      if (k === Math.floor(drag / 2)) await page.screenshot({ path: resolve(ROOT, "test-results/input-latency-drag.png") });
      await page.waitForTimeout(80);
    }
    await page.evaluate(() => ((window as unknown as { __dragging: boolean }).__dragging = false));
    const ended = await page.evaluate(() => (window as unknown as { __drag: Promise<number> }).__drag);
    console.log(`welcome, drag of ${drag} moves 80 ms apart, to its run done ${(ended - began).toFixed(0)} ms: ${await longTasks(page, began, ended)}`);
  }
  if (errors.length > 0) console.log(`page errors: ${errors.join(" | ")}`);
  await context.close();

  if (!args.includes("--skip-huabei")) {
    const second = await newPage(browser);
    await second.page.addInitScript(OBSERVE_LONG_TASKS);
    // Kept from a last visit, as a reload finds it.
    const text = readFileSync(resolve(ROOT, "scenarios/credit-line-huabei.md"), "utf8");
    await second.page.addInitScript(
      ([key, saved]) => {
        if (!localStorage.getItem(key)) localStorage.setItem(key, saved);
      },
      [NOTEBOOK_KEY, JSON.stringify({ text, name: "credit-line-huabei.md", savedAt: 0 })] as const,
    );
    await second.page.goto(served.url);
    // A run estimated to take over half a minute asks first: its button is pressed at once,
    // and the time from that press is given too.
    const asked = await second.page.waitForFunction(
      () => {
        const cells = [...document.querySelectorAll<HTMLElement>("[data-phase]")];
        const ask = document.querySelector<HTMLButtonElement>(".ask .button.primary");
        if (ask) {
          const t = performance.now();
          ask.click();
          return t;
        }
        return cells.length > 0 && cells.every((c) => !["queued", "running", "idle"].includes(c.dataset.phase!)) ? -1 : false;
      },
      undefined,
      { timeout: 600_000, polling: 20 },
    );
    const pressed = (await asked.jsonValue()) as number;
    const ms = await second.page.waitForFunction(
      () => {
        const cells = [...document.querySelectorAll<HTMLElement>("[data-phase]")];
        return cells.length > 0 && cells.every((c) => !["queued", "running", "idle"].includes(c.dataset.phase!)) ? performance.now() : false;
      },
      undefined,
      { timeout: 600_000, polling: 20 },
    );
    const end = (await ms.jsonValue()) as number;
    const phases = await second.page.evaluate(() => [...document.querySelectorAll<HTMLElement>("[data-phase]")].map((c) => c.dataset.phase).join(","));
    const press = pressed >= 0 ? `; the run asked first: its button pressed at ${pressed.toFixed(0)} ms, done ${(end - pressed).toFixed(0)} ms after` : "";
    console.log(`huabei notebook: navigation to every cell done ${end.toFixed(0)} ms (cells: ${phases})${press}`);
    console.log(`huabei notebook, navigation to done: ${await longTasks(second.page, 0, end)}`);
    await second.page.waitForTimeout(settle);
    console.log(`huabei notebook, navigation to ${settle / 1000} s after done: ${await longTasks(second.page, 0, end + settle)}`);
    if (second.errors.length > 0) console.log(`page errors: ${second.errors.join(" | ")}`);
    await second.context.close();
  }
} finally {
  await browser.close();
  await served.close();
}
