/**
 * A rerun drawn as its first paths finish, in the production build: after a slider move,
 * while the run is partial, the loss chart's axis still spans the range of the run before
 * (domainHold.ts: the chart moves only by the change), and the progress line counts the
 * paths the charts show. Every partial redraw is taken as it happens (a MutationObserver
 * in the page, no sleeps), then checked.
 */
import { describe, expect, it } from "vitest";
import { newPage } from "./browser/browser.ts";
import { downloadResult, openShared, waitForRuns } from "./browser/notebook.ts";
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
\`\`\`
`;

/** A money tick label ("0", "500k", "2.5M") as a number. */
function money(label: string): number {
  const m = /^(−|-)?([\d.]+)\s*([kMB]?)$/.exec(label.trim());
  if (!m) throw new Error(`not a money tick label: ${label}`);
  const scale = { "": 1, k: 1e3, M: 1e6, B: 1e9 }[m[3] as "" | "k" | "M" | "B"];
  return (m[1] ? -1 : 1) * Number(m[2]) * scale;
}

interface Snapshot {
  meta: string;
  progress: string;
  caption: string;
  ticks: { label: string; at: number }[];
  width: number;
}

describe("a rerun drawn as its paths finish", () => {
  it("keeps the loss axis on the last run's range while partial, and counts on the progress line the paths the charts show", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, NOTEBOOK);
    await waitForRuns(page);
    const before = JSON.parse((await downloadResult(page)).text);
    const edges: number[] = before.variants[0].histograms.netLoss.edges;
    const range = [edges[0], edges[edges.length - 1]];

    // Armed before the press: every change of the cell's results while it shows a partial
    // result is recorded at once, and the run's end resolves `__ended`.
    await page.evaluate(() => {
      const cell = document.querySelector<HTMLElement>("div.scenario[data-phase]")!;
      const results = cell.querySelector<HTMLElement>(".results")!;
      const w = window as unknown as { __shots: Snapshot[]; __ended: Promise<void> };
      w.__shots = [];
      const take = () => {
        const meta = results.querySelector(".meta")?.textContent?.replace(/\s+/g, " ").trim() ?? "";
        if (!meta.includes("(partial)")) return;
        const frame = results.querySelector(".charts .frame")!;
        const axis = [...frame.querySelectorAll("svg g.axis")].find((g) => g.querySelector("line.domain"))!;
        w.__shots.push({
          meta,
          progress: cell.querySelector(".progress .label span")?.textContent ?? "",
          caption: frame.querySelector(".subtitle")?.textContent ?? "",
          ticks: [...axis.querySelectorAll(":scope > g")].map((g) => ({
            label: g.querySelector("text")!.textContent!,
            at: Number(/translate\(([^,]+),/.exec(g.getAttribute("transform")!)![1]),
          })),
          width: Number(axis.querySelector("line.domain")!.getAttribute("x2")),
        });
      };
      new MutationObserver(take).observe(results, { subtree: true, childList: true, characterData: true, attributes: true });
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
    });

    const slider = page.getByRole("slider", { name: "PD" });
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await page.locator(".notebook-input[data-value='0.035']").waitFor();
    await page.evaluate(() => (window as unknown as { __ended: Promise<void> }).__ended);
    await waitForRuns(page);
    await page.screenshot({ path: join(SHOTS, "refine-done.png") });

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
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
