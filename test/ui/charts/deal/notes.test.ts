/** The notes table of the page (src/ui/charts/deal/notes.ts) from a result's notes, by hand. */
import { describe, expect, it } from "vitest";
import type { NoteResult } from "../../../../src/result/resultFile.ts";
import { showCell } from "../../../../src/ui/charts/frame/table.ts";
import { dealAtHorizon, noteRows, noteTable } from "../../../../src/ui/charts/deal/notes.ts";
import { periods, summary, variant } from "../fixtures.ts";

const note = (size: number, loss: number, probability: number, band: string): NoteResult => ({
  size,
  interestPaid: summary(0.03 * size, 0.05 * size),
  principalPaid: summary(0, size),
  loss: summary(0, loss),
  lossRate: summary(0, loss / size),
  wal: summary(1, 3),
  probabilityOfLoss: probability,
  expectedLoss: loss / size / 2,
  rating: band,
});

describe("the notes table", () => {
  const v = variant("base", { all: { el: 0, es: 0 } });
  v.notes = { senior: note(800, 0, 0, "Aaa"), junior: note(200, 40, 0.25, "Baa") };
  v.periods = periods(2, 1).map((p, t) => ({
    ...p,
    deal: { excessSpread: fanOf([0.05, 0.03][t]), reserve: fanOf(10 + t), amortizing: fanOf(t), triggered: fanOf(0.5 * t), notes: { senior: fanOf(800), junior: fanOf(200) } },
  }));

  it("keeps the deal's order, senior first, with each note's figures", () => {
    const rows = noteRows(v);
    expect(rows.map((r) => r.name)).toEqual(["senior", "junior"]);
    // junior: a mean loss rate of (0 + 40/200)/2 = 10%, the summary's mean.
    expect(rows[1]).toMatchObject({ size: 200, probability: 0.25, expectedLoss: 0.1, band: "Baa" });
    const table = noteTable(rows);
    expect(table.rows[1].map((c, i) => showCell(c, table.columns[i]))).toEqual(["junior", "200", showCell(summary(6, 10).mean, { label: "", kind: "money" }), showCell(100, { label: "", kind: "money" }), "25.0%", "10.0%", showCell(2, { label: "", kind: "value" }), "Baa"]);
  });

  it("reads the deal at the horizon from the last period", () => {
    expect(dealAtHorizon(v)).toEqual({ triggered: 0.5, reserve: 11, excessSpread: 0.03 });
  });

  it("shows nothing without a securitization", () => {
    const plain = variant("base", { all: { el: 0, es: 0 } });
    expect(noteRows(plain)).toEqual([]);
    expect(dealAtHorizon(plain)).toBeNull();
  });
});

function fanOf(x: number) {
  return { mean: x, p5: x, p25: x, p50: x, p75: x, p95: x };
}
