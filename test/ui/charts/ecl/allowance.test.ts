/** The allowance view reads the per-period allowance metrics, and only a result that has them. */
import { describe, expect, it } from "vitest";
import { allowanceOf, migrationOf } from "../../../../src/ui/charts/ecl/allowance.ts";
import type { PeriodResult, VariantResult } from "../../../../src/result/resultFile.ts";
import { fan, periods, variant } from "../fixtures.ts";

/** Three monthly periods with an allowance that builds and stage transfers set by hand. */
function provisioned(): VariantResult {
  const v = variant("base", { cards: { el: 1, es: 2 } });
  v.periods = periods(3, 1).map((p, t) => ({
    ...p,
    allowance: fan(1e5 * (t + 1), 1e4),
    provisionCharge: fan(t === 0 ? 2e5 : 1e5, 5e3),
    stage1Share: fan(0.9 - 0.05 * t, 0.01),
    stage2Share: fan(0.07 + 0.04 * t, 0.01),
    stage3Share: fan(0.03 + 0.01 * t, 0.005),
    transfer11: fan(900, 10),
    transfer12: fan(40, 5),
    transfer13: fan(10, 2),
    transfer21: fan(t === 2 ? 0 : 20, 3),
    transfer22: fan(t === 2 ? 0 : 50, 4),
    transfer23: fan(t === 2 ? 0 : 10, 2),
    transfer31: fan(0, 0),
    transfer32: fan(0, 0),
    transfer33: fan(30, 3),
  }));
  return v;
}

describe("the allowance view's data", () => {
  it("gives the allowance and the charge by month, as fans", () => {
    const a = allowanceOf(provisioned());
    expect(a?.allowance.map((p) => [p.month, p.mean])).toEqual([[1, 1e5], [2, 2e5], [3, 3e5]]);
    expect(a?.charge.map((p) => p.p50)).toEqual([2e5, 1e5, 1e5]);
  });

  it("divides each row of transfers by its sum, and leaves a row with no account at 0", () => {
    const m = migrationOf(provisioned())!;
    expect(m.months).toEqual([1, 2, 3]);
    expect(m.shares[1]).toEqual({ "1": 0.9 - 0.05, "2": 0.07 + 0.04, "3": 0.03 + 0.01 });
    expect(m.transfers[0]).toEqual([
      [900 / 950, 40 / 950, 10 / 950],
      [20 / 80, 50 / 80, 10 / 80],
      [0, 0, 1],
    ]);
    expect(m.transfers[2][1]).toEqual([0, 0, 0]);
    expect(m.counts[0][1]).toEqual([20, 50, 10]);
  });

  it("is absent for a result without provisioning", () => {
    const v = provisioned();
    const bare = v.periods.map((p) => {
      const { allowance: _a, provisionCharge: _c, stage2Share: _s, ...rest } = p;
      return rest as PeriodResult;
    });
    expect(allowanceOf({ ...v, periods: bare })).toBeNull();
    expect(migrationOf({ ...v, periods: bare })).toBeNull();
    expect(allowanceOf({ ...v, periods: [] })).toBeNull();
  });
});
