/** The liquidity view reads the funding need and net cash fans and the result's worst month, and only a result that has them. */
import { describe, expect, it } from "vitest";
import { liquidityView } from "../../../../src/ui/charts/liquidity/liquidity.ts";
import type { VariantResult } from "../../../../src/result/resultFile.ts";
import { fan, periods, summary, variant } from "../fixtures.ts";

/** Three quarters: the lender puts 1M, then 1.5M in all, then gets 0.5M back. */
function funded(): VariantResult {
  const v = variant("base", { cards: { el: 1, es: 2 } });
  const need = [1e6, 1.5e6, 1e6];
  v.periods = periods(3, 3).map((p, t) => ({ ...p, fundingNeed: fan(need[t], 1e5), netCash: fan(t === 0 ? -1e6 : t === 1 ? -5e5 : 5e5, 5e4) }));
  v.liquidity = { worstPeriod: 2, worstMonth: 6, fundingNeed99: 1.9e6, peakFundingNeed: summary(1.2e6, 2e6) };
  return v;
}

describe("the liquidity view's data", () => {
  it("gives the funding need and net cash by month, and the worst month at 99% and the peak from the result file", () => {
    const view = liquidityView(funded());
    expect(view?.need.map((p) => [p.month, p.p50])).toEqual([
      [3, 1e6],
      [6, 1.5e6],
      [9, 1e6],
    ]);
    expect(view?.net.map((p) => p.mean)).toEqual([-1e6, -5e5, 5e5]);
    expect(view?.worst).toEqual({ month: 6, need99: 1.9e6 });
    // The fixture's summary runs linearly from 1.2M to 2M: mean at the middle, 99% at 1.2M + 0.99 × 0.8M.
    expect(view?.peak.mean).toBeCloseTo(1.6e6, 6);
    expect(view?.peak.q99).toBeCloseTo(1.992e6, 6);
  });

  it("is absent for a result without periods, or one written before the cash columns", () => {
    const none = funded();
    none.periods = [];
    expect(liquidityView(none)).toBeNull();
    const old = funded() as unknown as { liquidity?: unknown };
    delete old.liquidity;
    expect(liquidityView(old as VariantResult)).toBeNull();
  });
});
