import { describe, expect, it } from "vitest";
import { QUANTILE_LEVELS, TAIL_LEVELS, type BookResult } from "../../../../src/result/resultFile.ts";
import { errorText, esError, SUMMARY_QUANTITIES, summaryRows, summaryTable } from "../../../../src/ui/charts/summary/summaryRows.ts";
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
    const [lo, hi] = b.netLoss.quantileCI95["0.95"]!;
    expect(row("q0.95").cells[loss]).toEqual({ value: b.netLoss.quantiles["0.95"], error: { kind: "ci", lo, hi } });
    expect(row("sd").cells[loss].error).toBeNull();
  });

  it("gives VaR its quantile's interval and ES its standard error, for net loss only", () => {
    const [lo, hi] = b.netLoss.quantileCI95["0.99"]!;
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

  it("shows an error bar the file gives as null as n/a, and a quantity it leaves out as empty", () => {
    const thin = book();
    thin.esStderr["0.999"] = null;
    thin.netLoss.stderr = null;
    thin.netLoss.quantileCI95["0.999"] = null;
    delete thin.lossRate;
    const r = summaryRows(thin, 1000);
    const at = (key: string, q = loss) => r.find((x) => x.key === key)!.cells[q];
    // 1000 paths leave one beyond the 99.9% level, fewer than the 20 an error bar needs.
    const beyond = { kind: "na", reason: "fewer than 20 paths beyond the 99.9% level" };
    expect(at("es0.999").error).toEqual(beyond);
    expect(at("mean").error).toMatchObject({ kind: "na" });
    expect(at("q0.999").error).toEqual(beyond);
    expect(at("var0.999").error).toEqual(beyond);
    expect(at("mean", SUMMARY_QUANTITIES.findIndex((q) => q.key === "lossRate"))).toEqual({ value: null, error: null });
  });
});

describe("ES errors that cannot be estimated", () => {
  const thin = (es: number | null) => ({ es: { "0.99": 5 }, esStderr: { "0.99": es } }) as unknown as BookResult;
  it.each([
    // 1000 paths leave 10 beyond the 99% level (ranks 991..1000): too few for an error bar.
    [1000, null, "n/a: fewer than 20 paths beyond the 99% level"],
    [5000, 2, "± 2"],
  ] as [number, number | null, string][])("%i paths with a standard error of %s read %s", (paths, se, text) => {
    expect(errorText(esError(thin(se), "0.99", paths), String)).toBe(text);
  });
});
