import { describe, expect, it } from "vitest";
import type { DifferenceResult } from "../../../../src/result/resultFile.ts";
import { differenceMetrics, differenceMetricTable, differenceRows, differenceTable } from "../../../../src/ui/charts/variants/differenceRows.ts";

/** A difference as a result file written before lifetime loss holds it: without those keys. */
const d = (variant: string, mean: number, stderr: number, unpaired: number): DifferenceResult => {
  const x = { mean, stderr, ci95: [mean - 1.96 * stderr, mean + 1.96 * stderr] as [number, number] };
  return <DifferenceResult>(<unknown>{
    variant,
    vs: "base",
    defaultRate: { mean: mean / 1e6, stderr: stderr / 1e6, ci95: [x.ci95[0] / 1e6, x.ci95[1] / 1e6] },
    netLoss: x,
    profit: x,
    unpairedStderr: { defaultRate: unpaired / 1e6, netLoss: unpaired, profit: unpaired },
  });
};

describe("paired differences", () => {
  const ds = [d("tight", -5000, 1000, 4000), d("loose", 500, 1000, 3000), d("same", 0, 0, 0)];

  it("reads each variant's difference, interval and the paths common numbers save", () => {
    const [tight, loose, same] = differenceRows(ds, "netLoss");
    expect(tight).toMatchObject({ variant: "tight", vs: "base", mean: -5000, stderr: 1000, unpairedStderr: 4000 });
    expect(tight.lo).toBeCloseTo(-6960, 9);
    expect(tight.pathsSaved).toBe(16);
    expect(tight.clear).toBe(true);
    expect(loose.clear).toBe(false);
    expect(same.pathsSaved).toBeNull();
  });

  it("tables every metric with signed, unit-formatted numbers and raw values for CSV", () => {
    const t = differenceTable(ds);
    expect(t.rows.length).toBe(9);
    const first = t.rows[0];
    expect(first.slice(0, 3)).toEqual(["tight", "base", "Net credit loss (currency units)"]);
    expect(first[3]).toEqual({ value: -5000, text: "-5.00k" });
    const dr = t.rows.find((r) => r[0] === "loose" && String(r[2]).startsWith("Default"))!;
    expect(dr[3]).toEqual({ value: 0.0005, text: "+0.0500pp" });
  });

  it("shows one metric's rows with the interval in words and the paths saved", () => {
    const t = differenceMetricTable(differenceRows(ds, "netLoss"), "money");
    expect(t.rows[0]).toEqual([
      "tight",
      { value: -5000, text: "-5.00k" },
      "-6.96k to -3.04k",
      { value: 1000, text: "1.00k" },
      { value: 4000, text: "4.00k" },
      { value: 16, text: "16×" },
    ]);
    expect(t.rows[2][5]).toBeNull();
  });

  it("compares lifetime loss and net loss with it when the file has them, and not in a file written before", () => {
    expect(differenceMetrics(ds).map((m) => m.key)).toEqual(["netLoss", "defaultRate", "profit"]);
    // A policy that delays defaults: net loss −5,000, lifetime loss +5,000, their sum unchanged on every path.
    const delay: DifferenceResult = {
      ...d("delay", -5000, 1000, 4000),
      lifetimeLoss: { mean: 5000, stderr: 1000, ci95: [3040, 6960] },
      lossWithLifetime: { mean: 0, stderr: 0, ci95: [0, 0] },
    };
    delay.unpairedStderr = { ...delay.unpairedStderr, lifetimeLoss: 2500, lossWithLifetime: 6000 };
    expect(differenceMetrics([delay]).map((m) => m.key)).toEqual(["netLoss", "defaultRate", "profit", "lifetimeLoss", "lossWithLifetime"]);
    const [lifetime] = differenceRows([delay], "lifetimeLoss");
    expect(lifetime).toMatchObject({ mean: 5000, lo: 3040, hi: 6960, clear: true, unpairedStderr: 2500, pathsSaved: 6.25 });
    const [both] = differenceRows([delay], "lossWithLifetime");
    expect(both).toMatchObject({ mean: 0, clear: false, pathsSaved: null });
    const t = differenceTable([delay]);
    expect(t.rows.map((r) => r[2])).toEqual([
      "Net credit loss (currency units)",
      "Default rate (percentage points)",
      "Profit (currency units)",
      "Lifetime loss past the horizon (currency units)",
      "Net loss + lifetime loss (currency units)",
    ]);
  });
});

describe("a figure a variant does not change", () => {
  it("is said to be the same on every path, not 0 to 0", async () => {
    const { sameOnEveryPath } = await import("../../../../src/ui/charts/variants/differenceRows.ts");
    expect(sameOnEveryPath({ mean: 0, lo: 0, hi: 0 })).toBe(true);
    expect(sameOnEveryPath({ mean: 0, lo: -1, hi: 1 })).toBe(false);
    expect(sameOnEveryPath({ mean: 0, lo: null, hi: null })).toBe(false);
  });
});
