import { describe, expect, it } from "vitest";
import type { Fan, VariantResult } from "../../../../src/result/resultFile.ts";
import { showCell } from "../../../../src/ui/charts/frame/table.ts";
import { quarterView } from "../../../../src/ui/charts/quarters/quarterTable.ts";
import { periods, summary, variant } from "../fixtures.ts";

/**
 * A two-path book over two quarters, worked by hand. Average month-end balances of the
 * quarters: path A 1000 then 800, path B 1000 then 600. Net losses: A 10 then 16, B 20 then 30.
 *   quarter rates  A: 10/1000 = 1%,  16/800 = 2%     B: 20/1000 = 2%,  30/600 = 5%
 *   to date        A: 26/900 ≈ 2.889%                B: 50/800 = 6.25%
 * With two paths the file's 5% point is the smaller value and its 95% point the larger
 * (Q(α) = x_(⌈nα⌉)); the mean is the average of the two.
 */
const twoPaths = (a: number, b: number): Fan => ({ mean: (a + b) / 2, p5: Math.min(a, b), p25: Math.min(a, b), p50: Math.min(a, b), p75: Math.max(a, b), p95: Math.max(a, b) });

function book(provisioning: boolean): VariantResult {
  const v = variant("base", { all: { el: 0, es: 0 } });
  const [q1, q2] = periods(2, 3);
  const rates = [
    [0.01, 0.02],
    [0.02, 0.05],
  ];
  const toDate = [
    [0.01, 0.02],
    [26 / 900, 50 / 800],
  ];
  v.periods = [q1, q2].map((p, k) => ({
    ...p,
    periodLossRate: twoPaths(rates[k][0], rates[k][1]),
    lossRateToDate: twoPaths(toDate[k][0], toDate[k][1]),
    balance: twoPaths([900, 700][k], [900, 500][k]),
    // The quarters' average month-end balances above: A 1000 then 800, B 1000 then 600.
    periodAverageBalance: twoPaths([1000, 800][k], [1000, 600][k]),
    // Allowance: A 30 → 40 → 35, B 30 → 50 → 45; write-offs equal the net losses; the
    // charge is the allowance's change plus the write-offs.
    ...(provisioning
      ? { provisionCharge: twoPaths([10 + 10, -5 + 16][k], [20 + 20, -5 + 30][k]), writeOffs: twoPaths([10, 16][k], [20, 30][k]) }
      : {}),
  }));
  // Horizon: net loss A 26, B 50 over average balances 900 and 800.
  v.book = { ...v.book, cumulativeLossRate: { ...summary(26 / 900, 50 / 800), mean: (26 / 900 + 50 / 800) / 2, stderr: null }, ppnr: { ...summary(100, 140), stderr: 5 }, averageBalance: summary(800, 900) };
  return v;
}

describe("stress-test quarters", () => {
  it("shows nothing unless the periods are quarters", () => {
    expect(quarterView(book(false), 1)).toBeNull();
    expect(quarterView(book(false), 12)).toBeNull();
  });

  it("gives each quarter's loss rate and the rate to date, mean and 5–95% band, as worked by hand", () => {
    const view = quarterView(book(false), 3)!;
    expect(view.quarters).toBe(2);
    expect(view.table.columns.map((c) => c.label)).toEqual([
      "Quarter", "Loss rate: mean", "Loss rate: 5%", "Loss rate: 95%", "To date: mean", "To date: 5%", "To date: 95%", "Average balance",
    ]);
    const [r1, r2] = view.table.rows;
    expect(r1[0]).toBe("Q1");
    expect(r1.slice(1, 4)).toEqual([0.015, 0.01, 0.02]);
    expect(r2[0]).toBe("Q2");
    expect(r2[1]).toBeCloseTo(0.035, 12);
    expect(r2.slice(2, 4)).toEqual([0.02, 0.05]);
    expect(r2[4]).toBeCloseTo((0.0288888889 + 0.0625) / 2, 9);
    expect(r2.slice(5, 7).map(Number)).toEqual([expect.closeTo(0.0288888889, 9), 0.0625]);
    // Q2's mean average balance (800 + 600)/2: the base of its rates, not its end balance (600).
    expect(r1[7]).toBe(1000);
    expect(r2[7]).toBe(700);
    // As the page shows them: three significant digits (src/format/number.ts).
    expect(showCell(r2[1], view.table.columns[1])).toBe("3.50%");
    expect(showCell(r2[4], view.table.columns[4])).toBe("4.57%");
    expect(showCell(r2[7], view.table.columns[7])).toBe("700");
  });

  it("shows the quarter-end balance, so named, from a result file written before the average balance existed", () => {
    const old = book(false);
    for (const p of old.periods) delete (p as Partial<typeof p>).periodAverageBalance;
    const view = quarterView(old, 3)!;
    expect(view.table.columns[7].label).toBe("Balance at end");
    expect(view.table.rows.map((r) => r[7])).toEqual([900, 600]);
  });

  it("adds the allowance build, the provision charge less the write-offs, with provisioning", () => {
    const view = quarterView(book(true), 3)!;
    expect(view.table.columns.at(-1)!.label).toBe("Allowance build");
    // Mean allowance build: Q1 A +10, B +20 → 15; Q2 A −5, B −5 → −5.
    expect(view.table.rows.map((r) => r.at(-1))).toEqual([15, -5]);
  });

  it("carries the horizon's cumulative loss rate, PPNR and average balance with their errors", () => {
    const view = quarterView(book(false), 3)!;
    expect(view.cumulativeLossRate!.mean).toBeCloseTo((26 / 900 + 50 / 800) / 2, 12);
    expect(view.cumulativeLossRate!.stderr).toBeNull();
    expect(view.ppnr).toEqual({ mean: 120, stderr: 5 });
    expect(view.averageBalance!.mean).toBe(850);
  });
});
