import { describe, expect, it } from "vitest";
import { histogramBins } from "../../../../src/ui/charts/distributions/histogramBars.ts";
import { binReadout, histogramTable } from "../../../../src/ui/charts/distributions/histogramView.ts";
import { showCell } from "../../../../src/ui/charts/frame/table.ts";

describe("histogram in words", () => {
  const bins = histogramBins({ edges: [0, 50_000, 100_000], counts: [1, 999] });

  it.each([
    [0, "money", ["0 to 50.0k", "1 path (0.1%)", "0.1% of paths at or below 50.0k"]],
    [1, "money", ["50.0k to 100k", "999 paths (99.9%)", "100% of paths at or below 100k"]],
  ] as const)("reads bin %i", (i, kind, lines) => {
    expect(binReadout(bins[i], kind)).toEqual(lines);
  });

  it("reads a zero-wide bin as its single value", () => {
    const [b] = histogramBins({ edges: [0.02, 0.02], counts: [10] });
    expect(binReadout(b, "percent")[0]).toBe("2.00%");
  });

  it("tables every bin with its unit in the header and formats each column", () => {
    const t = histogramTable(bins, "money", "Net credit loss");
    expect(t.columns[0].label).toBe("Net credit loss: from");
    expect(t.rows[1]).toEqual([50_000, 100_000, 999, 0.999, 1]);
    expect(t.rows[1].map((c, j) => showCell(c, t.columns[j]))).toEqual(["50.0k", "100k", "999", "99.9%", "100%"]);
  });
});
