import { describe, expect, it } from "vitest";
import { QUANTILE_LEVELS, TAIL_LEVELS, type BookResult } from "../../../../src/engine/resultFile.ts";
import { errorText, esError, SUMMARY_QUANTITIES, summaryRows, summaryTable, tailPaths } from "../../../../src/ui/charts/summary/summaryRows.ts";
import { book } from "../fixtures.ts";

describe("summary table", () => {
  const b = book();
  const rows = summaryRows(b, 100_000);
  const row = (key: string) => rows.find((r) => r.key === key)!;
  const loss = SUMMARY_QUANTITIES.findIndex((q) => q.key === "netLoss");

  it("has mean, sd, every quantile, VaR and ES at every level", () => {
    expect(rows.length).toBe(2 + QUANTILE_LEVELS.length + 2 * TAIL_LEVELS.length);
    expect(rows.map((r) => r.label)).toContain("Median");
    expect(rows.map((r) => r.label)).toContain("99.9% quantile");
    expect(row("var0.99").label).toBe("VaR 99%");
    expect(row("es0.999").label).toBe("ES 99.9%");
  });

  it("puts the standard error on the mean and the order-statistic interval on quantiles", () => {
    expect(row("mean").cells[loss]).toEqual({ value: b.netLoss.mean, error: { kind: "stderr", value: b.netLoss.stderr } });
    const [lo, hi] = b.netLoss.quantileCI95["0.95"];
    expect(row("q0.95").cells[loss]).toEqual({ value: b.netLoss.quantiles["0.95"], error: { kind: "ci", lo, hi } });
    expect(row("sd").cells[loss].error).toBeNull();
  });

  it("gives VaR its quantile's interval and ES its standard error, for net loss only", () => {
    const [lo, hi] = b.netLoss.quantileCI95["0.99"];
    expect(row("var0.99").cells[loss]).toEqual({ value: b.var["0.99"], error: { kind: "ci", lo, hi } });
    expect(row("es0.99").cells[loss]).toEqual({ value: b.es["0.99"], error: { kind: "stderr", value: b.esStderr["0.99"] } });
    const other = SUMMARY_QUANTITIES.findIndex((q) => q.key === "defaultRate");
    expect(row("es0.99").cells[other]).toEqual({ value: null, error: null });
  });

  it("flattens to value, standard error and interval columns for CSV", () => {
    const t = summaryTable(rows);
    expect(t.columns.length).toBe(1 + 4 * SUMMARY_QUANTITIES.length);
    const mean = t.rows[0];
    expect(mean.slice(0, 5)).toEqual(["Mean", b.netLoss.mean, b.netLoss.stderr, null, null]);
    expect(t.rows.every((r) => r.length === t.columns.length)).toBe(true);
  });

  it.each([
    [500, 0.999, 1],
    [500, 0.99, 6],
    [1000, 0.99, 11],
    [100_000, 0.999, 101],
  ])("%i paths hold at least %s → %i tail paths", (n, a, k) => {
    expect(tailPaths(n, a)).toBe(k);
  });

  it("flags an ES resting on few paths, and gives none from a single path", () => {
    const few = summaryRows(b, 500);
    const at = (key: string) => few.find((r) => r.key === key)!.cells[loss].error;
    expect(at("es0.99")).toEqual({ kind: "tail", paths: 6, value: b.esStderr["0.99"] });
    expect(at("es0.999")).toEqual({ kind: "tail", paths: 1, value: null });
    expect(at("es0.95")).toEqual({ kind: "stderr", value: b.esStderr["0.95"] });
  });
});

describe("ES errors that cannot be estimated", () => {
  const thin = (es: number | null) => ({ es: { "0.99": 5 }, esStderr: { "0.99": es } }) as unknown as BookResult;
  it.each([
    // 50 paths leave one in the 99% tail: its standard error is 0 by arithmetic.
    [50, 0, "n/a: one tail path, no error estimate"],
    // A result file gives no standard error (null) when the tail is too thin for one.
    [1000, null, "n/a: only 11 tail paths, too few for an error estimate"],
    [500, 2, "± 2 from only 6 paths"],
    [5000, 2, "± 2"],
  ] as [number, number | null, string][])("%i paths with a standard error of %s read %s", (paths, se, text) => {
    expect(errorText(esError(thin(se), "0.99", paths), String)).toBe(text);
  });
});
