import { describe, expect, it } from "vitest";
import { contributionTable, contributions } from "../../../../src/ui/charts/contributions/contributions.ts";
import { variant } from "../fixtures.ts";

describe("segment contributions", () => {
  it("gives each segment its share of EL and of ES 99%", () => {
    const rows = contributions(variant("base", { cards: { el: 300, es: 900 }, loans: { el: 100, es: 100 } }));
    expect(rows).toEqual([
      { segment: "cards", el: 300, elShare: 0.75, es: 900, esShare: 0.9 },
      { segment: "loans", el: 100, elShare: 0.25, es: 100, esShare: 0.1 },
    ]);
  });

  it("reads another ES level when asked", () => {
    const [row] = contributions(variant("base", { cards: { el: 1, es: 10 } }), "0.999");
    expect(row.es).toBeCloseTo(11, 12);
    expect(row.esShare).toBe(1);
  });

  it("gives zero shares to a book with no loss rather than dividing by zero", () => {
    const rows = contributions(variant("base", { a: { el: 0, es: 0 }, b: { el: 0, es: 0 } }));
    expect(rows.map((r) => [r.elShare, r.esShare])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it("tables the rows with units in the headers", () => {
    const t = contributionTable(contributions(variant("base", { cards: { el: 3, es: 9 } })));
    expect(t.columns.map((c) => c.label)).toEqual([
      "Segment",
      "Contribution to EL (currency units)",
      "Share of EL",
      "Contribution to ES 99% (currency units)",
      "Share of ES 99%",
    ]);
    expect(t.rows).toEqual([["cards", 3, 1, 9, 1]]);
  });
});
