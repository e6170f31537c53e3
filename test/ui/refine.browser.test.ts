/**
 * A rerun drawn as its first paths finish, in the production build: after a slider move,
 * while the run is partial, the loss chart's axis still spans the range of the run before
 * (domainHold.ts: the chart moves only by the change), its bars and the default-rate
 * chart's are drawn as estimates of the complete run's on a share axis that holds
 * (histogramBars.ts partialHeights), the progress line counts the paths the charts show,
 * and the tornado and the ECL stage table of the run before stay, the tornado on its axis,
 * until the new ones are computed; an exported chart is the one on screen.
 * Every redraw is taken as it happens (a MutationObserver in the page, no sleeps), then
 * checked.
 */
import { describe, expect, it } from "vitest";
import { newPage } from "./browser/browser.ts";
import { downloadResult, downloadText, openShared, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";
import { join } from "node:path";

const site = browserSite();

// Enough paths that a run on a busy machine draws several partials before its end.
const NOTEBOOK = `# Refining

{{input cell:refine key:segments.cards.pd slider:0.02..0.06 step:0.005 label:"PD"}}

\`\`\`scenario refine
creditlab: 2
name: Refining
simulation: { paths: 400, horizonMonths: 12, seed: 7 }
segments:
  - name: cards
    accounts: 4000
    pd: 0.03          # annual
    correlation: 0.08
    lgd: { mean: 0.8 }
provisioning: { standard: ifrs9 }
sensitivity:
  keys:
    - { key: segments.cards.lgd.mean, low: 0.7, high: 0.9 }
\`\`\`
`;

/** A money tick label ("0", "500k", "2.5M") as a number. */
function money(label: string): number {
  const m = /^(−|-)?([\d.]+)\s*([kMB]?)$/.exec(label.trim());
  if (!m) throw new Error(`not a money tick label: ${label}`);
  const scale = { "": 1, k: 1e3, M: 1e6, B: 1e9 }[m[3] as "" | "k" | "M" | "B"];
  return (m[1] ? -1 : 1) * Number(m[2]) * scale;
}

/** A percent tick label ("12%", "2.5%") as a share. */
const percent = (label: string): number => {
  const m = /^([\d.]+)%$/.exec(label.trim());
  if (!m) throw new Error(`not a percent tick label: ${label}`);
  return Number(m[1]) / 100;
};

type Ticks = { label: string; at: number }[];

/** A histogram chart's share axis and bars: its top tick, and its tallest bar read on that axis. */
interface Shares {
  ticks: Ticks;
  tallest: number;
}

interface Snapshot {
  meta: string;
  progress: string;
  caption: string;
  ticks: Ticks;
  width: number;
  loss: Shares;
  rate: Shares;
}

/** What the share axis reads at the top of the tallest bar: linear between its first and last tick. */
function tallest(s: Shares): number {
  const [a, b] = [s.ticks[0], s.ticks[s.ticks.length - 1]];
  const perPx = (percent(b.label) - percent(a.label)) / (b.at - a.at);
  return percent(a.label) + (s.tallest - a.at) * perPx;
}
const top = (s: Shares): number => Math.max(...s.ticks.map((t) => percent(t.label)));

interface TornadoShot {
  /** The sensitivity's state (data-state). */
  state: string;
  /** The tornado's value-axis ticks; null when no tornado is drawn. */
  ticks: Ticks | null;
  /** The ECL view's state (data-ecl), and whether its stage table is drawn. */
  ecl: string;
  stageTable: boolean;
}

describe("a rerun drawn as its paths finish", () => {
  it("holds the loss axis, the share axes and the tornado through a rerun, draws partial bars as estimates, and counts on the progress line the paths the charts show", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, NOTEBOOK);
    await waitForRuns(page);
    const tornado = page.locator("section.sensitivity");
    await tornado.and(page.locator("[data-state=done]")).waitFor({ timeout: 120_000 });
    const before = JSON.parse((await downloadResult(page)).text);
    const edges: number[] = before.variants[0].histograms.netLoss.edges;
    const range = [edges[0], edges[edges.length - 1]];

    // Armed before the press: every change of the cell's results while it shows a partial
    // result is recorded at once, every change of its tornado until the new one is drawn,
    // and the run's end resolves `__ended`, the new tornado's `__tornadoDone`.
    const first = await page.evaluate(() => {
      const cell = document.querySelector<HTMLElement>("div.scenario[data-phase]")!;
      const results = cell.querySelector<HTMLElement>(".results")!;
      const w = window as unknown as { __shots: Snapshot[]; __tornado: TornadoShot[]; __ended: Promise<void>; __tornadoDone: Promise<void> };
      const ticksOf = (axis: Element, re: RegExp) =>
        [...axis.querySelectorAll(":scope > g")].map((g) => ({ label: g.querySelector("text")!.textContent!, at: Number(re.exec(g.getAttribute("transform")!)![1]) }));
      // The left axis (no domain line) and the bars: the top of the tallest in pixels, on that axis.
      const shares = (f: Element) => {
        const left = [...f.querySelectorAll("svg g.axis")].find((g) => !g.querySelector("line.domain"))!;
        const tops = [...f.querySelectorAll("svg g.bars rect")].map((r) => Number(r.getAttribute("y")));
        return { ticks: ticksOf(left, /translate\(0,([^)]+)\)/), tallest: Math.min(...tops) };
      };
      const snap = (): Snapshot => {
        const frames = results.querySelectorAll(".charts .frame");
        const frame = frames[0];
        const axis = [...frame.querySelectorAll("svg g.axis")].find((g) => g.querySelector("line.domain"))!;
        return {
          meta: results.querySelector(".meta")?.textContent?.replace(/\s+/g, " ").trim() ?? "",
          progress: cell.querySelector(".progress .label span")?.textContent ?? "",
          caption: frame.querySelector(".subtitle")?.textContent ?? "",
          ticks: ticksOf(axis, /translate\(([^,]+),/),
          width: Number(axis.querySelector("line.domain")!.getAttribute("x2")),
          loss: shares(frames[0]),
          rate: shares(frames[1]),
        };
      };
      const tornadoShot = (): TornadoShot => {
        const section = cell.querySelector("section.sensitivity");
        const axis = section?.querySelector("svg g.axis line.domain")?.parentElement ?? null;
        return {
          state: section?.getAttribute("data-state") ?? "none",
          ticks: axis ? ticksOf(axis, /translate\(([^,]+),/) : null,
          ecl: cell.querySelector("section.ecl")?.getAttribute("data-ecl") ?? "none",
          stageTable: cell.querySelector("section.ecl td.ecl[data-value]") !== null,
        };
      };
      w.__shots = [];
      w.__tornado = [];
      new MutationObserver(() => {
        const s = snap();
        if (s.meta.includes("(partial)")) w.__shots.push(s);
      }).observe(results, { subtree: true, childList: true, characterData: true, attributes: true });
      let ran = false;
      w.__ended = new Promise((resolve) => {
        new MutationObserver((_, observer) => {
          const p = cell.dataset.phase;
          if (p === "queued" || p === "running") ran = true;
          if (ran && p === "done") {
            observer.disconnect();
            resolve();
          }
        }).observe(cell, { attributes: true, attributeFilter: ["data-phase"] });
      });
      let rerun = false;
      w.__tornadoDone = new Promise((resolve) => {
        new MutationObserver((_, observer) => {
          const t = tornadoShot();
          w.__tornado.push(t);
          if (t.state === "running") rerun = true;
          if (rerun && t.state === "done") {
            observer.disconnect();
            resolve();
          }
        }).observe(cell, { subtree: true, childList: true, characterData: true, attributes: true });
      });
      return { shot: snap(), tornado: tornadoShot() };
    });

    const slider = page.getByRole("slider", { name: "PD" });
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await page.locator(".notebook-input[data-value='0.035']").waitFor();
    await page.evaluate(() => (window as unknown as { __ended: Promise<void> }).__ended);
    await waitForRuns(page);
    await page.locator("section.sensitivity[data-state=running]").or(page.locator("section.sensitivity .held")).first().waitFor();
    await tornado.screenshot({ path: join(SHOTS, "refine-tornado-held.png") });
    await page.evaluate(() => (window as unknown as { __tornadoDone: Promise<void> }).__tornadoDone);
    await tornado.screenshot({ path: join(SHOTS, "refine-tornado-done.png") });
    await page.locator(".results .charts .grid").first().screenshot({ path: join(SHOTS, "refine-done.png") });

    const shots = await page.evaluate(() => (window as unknown as { __shots: Snapshot[] }).__shots);
    expect(shots.length).toBeGreaterThan(0);
    for (const s of shots) {
      // The paths the meta line, the progress line and the chart's caption count: one number.
      const drawn = Number(/^([\d,]+) paths \(partial\)/.exec(s.meta)![1].replace(/,/g, ""));
      const progress = /^([\d,]+) drawn · ([\d,]+) of ([\d,]+) done$/.exec(s.progress);
      expect(progress, s.progress).not.toBeNull();
      expect(Number(progress![1].replace(/,/g, ""))).toBe(drawn);
      expect(Number(progress![2].replace(/,/g, ""))).toBeGreaterThanOrEqual(drawn);
      expect(s.caption).toContain(`across ${drawn.toLocaleString("en-US")} simulated paths`);
      // The axis's ends, from two of its ticks: they hold the run before's whole range.
      expect(s.ticks.length).toBeGreaterThanOrEqual(2);
      const [a, b] = [s.ticks[0], s.ticks[s.ticks.length - 1]];
      const perPx = (money(b.label) - money(a.label)) / (b.at - a.at);
      const lo = money(a.label) - a.at * perPx;
      const hi = money(a.label) + (s.width - a.at) * perPx;
      const slack = Math.abs(perPx); // a pixel
      expect(lo, `${s.meta}: axis from ${lo}`).toBeLessThanOrEqual(range[0] + slack);
      expect(hi, `${s.meta}: axis to ${hi}`).toBeGreaterThanOrEqual(range[1] - slack);
      // The share axes hold the run before's (they grow only when a bar would not fit), and
      // the bars estimate the complete run's: few paths in wide bins would stand several
      // times the complete chart's tallest bar were they drawn at their own bins' shares.
      for (const [chart, now, then] of [["loss", s.loss, first.shot.loss], ["default rate", s.rate, first.shot.rate]] as const) {
        expect(top(now), `${s.meta}: ${chart} share axis`).toBeGreaterThanOrEqual(top(then) - 1e-9);
        if (top(now) > top(then) + 1e-9) expect(tallest(now), `${s.meta}: ${chart} axis grown with no bar above it`).toBeGreaterThan(top(then));
        expect(tallest(now), `${s.meta}: ${chart} tallest bar`).toBeLessThan(2 * tallest(then));
      }
    }

    // The tornado: drawn at every moment of the rerun, on the run before's axis until the
    // new one is computed; then on that axis if it fills it, else on its own (domainHold.ts).
    const tornadoShots = await page.evaluate(() => (window as unknown as { __tornado: TornadoShot[] }).__tornado);
    expect(first.tornado.ticks).not.toBeNull();
    const done = tornadoShots.findIndex((t, i) => t.state === "done" && tornadoShots.slice(0, i).some((u) => u.state === "running"));
    expect(done).toBeGreaterThan(0);
    for (const t of tornadoShots.slice(0, done)) {
      expect(t.ticks, `tornado while ${t.state}`).toEqual(first.tornado.ticks);
    }
    // The ECL stage table: drawn at every moment, the run before's while the new one is computed.
    expect(first.tornado.stageTable).toBe(true);
    expect(tornadoShots.some((t) => t.ecl === "computing")).toBe(true);
    for (const t of tornadoShots) expect(t.stageTable, `stage table while the ECL is ${t.ecl}`).toBe(true);
    expect(tornadoShots[done].ticks).not.toBeNull();

    // An export is what is on screen: the loss chart's and the tornado's SVG carry the axes
    // drawn, on a range held from the run before or not (a fresh page may draw another).
    for (const frame of [page.locator(".results .charts .frame").first(), tornado.locator(".frame")]) {
      const live = await frame.locator("svg[role='img'] g.axis > g text").allTextContents();
      expect(live.length).toBeGreaterThan(3);
      const svg = (await downloadText(page, () => frame.getByRole("button", { name: "Export SVG" }).click())).text;
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      // The live axes' labels, in order, among the file's texts.
      let at = 0;
      for (const label of live) {
        at = texts.indexOf(label, at);
        expect(at, `${label} in the exported SVG`).toBeGreaterThanOrEqual(0);
        at++;
      }
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
