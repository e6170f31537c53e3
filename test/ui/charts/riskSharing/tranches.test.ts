import { describe, expect, it } from "vitest";
import type { TrancheResult } from "../../../../src/result/resultFile.ts";
import { layerLabel, trancheLabel, trancheRows, trancheTable } from "../../../../src/ui/charts/riskSharing/tranches.ts";
import { summary, variant } from "../fixtures.ts";

/** A tranche whose loss rate runs evenly from 0 to `top` across paths. */
const tranche = (attach: number, detach: number, top: number, probability: number): TrancheResult => ({
  attach,
  detach,
  loss: summary(0, top * 1e6),
  lossRate: summary(0, top),
  es99: top * 1e6,
  probabilityOfLoss: probability,
});

const withTranches = (tranches: Record<string, TrancheResult>) => ({ ...variant("base", { cards: { el: 1, es: 1 } }), tranches });

describe("tranches", () => {
  it.each([
    [0, 0.02, "0–2%"],
    [0.02, 0.05, "2–5%"],
    [0.05, 1, "5–100%"],
    [0.025, 0.125, "2.5–12.5%"],
    [0, 1, "0–100%"],
  ])("the layer from %s to %s reads %s", (attach, detach, text) => {
    expect(layerLabel(attach, detach)).toBe(text);
  });

  it.each([
    ["equity", Infinity, "equity 0–2%"],
    ["first-loss piece", 8, "first-l… 0–2%"],
    ["equity", 6, "equity 0–2%"],
  ])("%s cut to %s characters is labelled %s", (name, maxChars, text) => {
    expect(trancheLabel({ name, attach: 0, detach: 0.02 }, maxChars)).toBe(text);
  });

  it("orders the tranches from the first loss up, whatever the file's order", () => {
    const rows = trancheRows(
      withTranches({
        senior: tranche(0.05, 1, 0.2, 0.25),
        equity: tranche(0, 0.02, 1, 0.99),
        mezzanine: tranche(0.02, 0.05, 0.8, 0.6),
        thin: tranche(0.02, 0.03, 0.9, 0.6),
      }),
    );
    expect(rows.map((r) => r.name)).toEqual(["equity", "thin", "mezzanine", "senior"]);
  });

  it("reads each tranche's mean and 99% quantile loss rate, ES 99% and chance of any loss", () => {
    const [row] = trancheRows(withTranches({ equity: tranche(0, 0.02, 1, 0.99) }));
    expect(row).toEqual({ name: "equity", attach: 0, detach: 0.02, el: 5e5, elRate: 0.5, q99Rate: 0.99, es99: 1e6, probability: 0.99 });
  });

  it("gives no rows for a result without tranches", () => {
    expect(trancheRows(withTranches({}))).toEqual([]);
  });

  it("tables attach, detach, EL, EL %, 99% quantile, P(loss) and ES 99% with units in the headers", () => {
    const t = trancheTable(trancheRows(withTranches({ equity: tranche(0, 0.02, 1, 0.99) })));
    expect(t.columns.map((c) => c.label)).toEqual([
      "Tranche",
      "Attach (% of exposure)",
      "Detach (% of exposure)",
      "EL (currency units)",
      "EL (% of tranche)",
      "99% quantile (% of tranche)",
      "P(loss) (% of paths)",
      "ES 99% (currency units)",
    ]);
    expect(t.rows).toEqual([["equity", 0, 0.02, 5e5, 0.5, 0.99, 0.99, 1e6]]);
  });
});
