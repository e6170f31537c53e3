import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fenceLabel, findInlines, readInline } from "../../src/notebook/liveValues.ts";
import { parseNotebook, serializeNotebook } from "../../src/notebook/notebookFile.ts";
import { liveValue, readAnswer, specProblem } from "../../src/result/liveValue.ts";
import type { ResultFile, Summary } from "../../src/result/resultFile.ts";

describe("reading live values", () => {
  it("reads cell, variant, metric and statistic, with the defaults", () => {
    expect(readInline(' cell:huabei variant:"no recession" metric:netLoss stat:p99 ')).toEqual({
      kind: "value",
      spec: { cell: "huabei", metric: "netLoss", variant: "no recession", stat: { kind: "quantile", level: 0.99 }, vs: "base" },
    });
    expect(readInline("cell:a metric:profit")).toMatchObject({ spec: { variant: "base", stat: { kind: "mean" } } });
    expect(readInline("cell:a metric:netLoss stat:es99.9")).toMatchObject({ spec: { stat: { kind: "es", level: 0.999 } } });
    expect(readInline('cell:a variant:"x" metric:netLoss stat:diff.lo')).toMatchObject({ spec: { stat: { kind: "diff", part: "lo" } } });
    expect(readInline("cell:a metric:nplRatio period:14 stat:median")).toMatchObject({ spec: { period: 14, stat: { kind: "quantile", level: 0.5 } } });
  });

  it("names what is wrong and what is allowed", () => {
    const message = (s: string) => (readInline(s) as { message?: string }).message ?? "";
    expect(message("metric:netLoss")).toMatch(/cell:LABEL is missing/);
    expect(message("cell:a")).toMatch(/metric:NAME is missing/);
    expect(message("cell:a metric:netLoss stat:p97")).toMatch(/stat "p97" is not known; allowed: mean, sd, .*p99\.9.*es99/);
    expect(message("cell:a metric:netLoss colour:red")).toMatch(/key "colour" is not known; allowed: cell, metric/);
    expect(message("cell:a metric:netLoss period:0")).toMatch(/period "0" is not a period number/);
    expect(message("cell:a metric:netLoss stat:diff")).toMatch(/name a variant other than "base"/);
    expect(message("cell:a metric:netLoss vs:x")).toMatch(/vs: goes with stat:diff only/);
    expect(message("? between:0.4..0.2")).toMatch(/is not a range; allowed: LOW\.\.HIGH/);
    expect(message("? cell:a metric:netLoss tol:lots")).toMatch(/tol "lots" is not a tolerance/);
    expect(message("cell:a metric:netLoss variant:\"no rec")).toMatch(/cannot read/);
  });

  it("reads exercises: a live answer with a tolerance, or a fixed range", () => {
    expect(readInline("? cell:a metric:netLoss stat:es99 tol:10%")).toMatchObject({ kind: "exercise", answer: { kind: "live", tolerance: { relative: true, amount: 0.1 } } });
    expect(readInline("? cell:a metric:defaultRate tol:0.002")).toMatchObject({ answer: { tolerance: { relative: false, amount: 0.002 } } });
    expect(readInline("? between:0.02..0.04")).toEqual({ kind: "exercise", answer: { kind: "range", low: 0.02, high: 0.04 } });
  });

  it("leaves expressions in code spans and fenced blocks as text", () => {
    const text = "A {{cell:a metric:netLoss}} and `{{cell:b metric:x}}` and ``{{c}}``.\n\n```\n{{cell:d metric:x}}\n```\n\nEnd {{cell:e metric:profit}}.";
    expect(findInlines(text).map((f) => f.source)).toEqual(["{{cell:a metric:netLoss}}", "{{cell:e metric:profit}}"]);
  });

  it("reads a scenario cell's label from its fence; a bare fence has none", () => {
    expect(fenceLabel("```scenario huabei")).toBe("huabei");
    expect(fenceLabel("~~~~ scenario cash-loan")).toBe("cash-loan");
    expect(fenceLabel("```scenario")).toBeNull();
    expect(fenceLabel("```yaml huabei")).toBeNull();
  });

  it("a notebook with labels and live values saves byte for byte, as every notebook does", () => {
    const text = "# T\n\nLoss {{ cell:a metric:netLoss }}.\n\n```scenario a\ncreditlab: 2\n```\n\n{{? between:1..2 }}\n";
    expect(serializeNotebook(parseNotebook(text))).toBe(text);
    expect(parseNotebook(text).cells[1]).toMatchObject({ kind: "scenario", open: "```scenario a" });
  });

  it("never throws on any text between braces", () => {
    fc.assert(fc.property(fc.string(), (s) => ["value", "exercise", "invalid"].includes(readInline(s).kind)));
  });
});

describe("a live value's number", () => {
  const summary = (mean: number, stderr: number | null = 0.1): Summary => ({
    mean, sd: 1, stderr, min: mean - 1, max: mean + 1,
    quantiles: { "0.5": mean, "0.99": mean + 2 },
    quantileCI95: { "0.5": null, "0.99": [mean + 1.5, mean + 2.5] },
  });
  const variant = (name: string, loss: number) => ({
    name,
    book: { netLoss: summary(loss, 20_000), defaultRate: summary(0.031, 0.001), var: { "0.99": 5e6 }, es: { "0.99": 6e6 }, varCI95: { "0.99": [4.9e6, 5.1e6] }, esCI95: { "0.99": null } },
    segments: { cards: { defaultRate: summary(0.05, 0.002) } },
    tranches: {},
    periods: [{ t: 1, month: 12, nplRatio: { mean: 0.012, p5: 0.01, p25: 0.011, p50: 0.012, p75: 0.013, p95: 0.02 } }],
  });
  const result = {
    paths: 400,
    variants: [variant("base", 5_174_855), variant("no recession", 3_000_000)],
    differences: [{ variant: "no recession", vs: "base", netLoss: { mean: -2_174_855, stderr: 30_000, ci95: [-2.23e6, -2.11e6] } }],
  } as unknown as ResultFile;
  const spec = (s: string) => (readInline(s) as { spec: Parameters<typeof liveValue>[1] }).spec;

  it("writes the figure as the page does, with its Monte Carlo error", () => {
    const v = liveValue(result, spec("cell:x metric:netLoss"));
    expect(v).toMatchObject({ ok: true, value: 5_174_855, text: "5.17M" });
    expect(v.ok && v.error).toMatch(/± 39\.2k/); // 1.96 × 20,000
    expect(liveValue(result, spec("cell:x metric:defaultRate"))).toMatchObject({ text: "3.10%" });
    expect(liveValue(result, spec("cell:x metric:netLoss stat:var99"))).toMatchObject({ value: 5e6, text: "5.00M" });
    expect(liveValue(result, spec("cell:x segment:cards metric:defaultRate"))).toMatchObject({ value: 0.05 });
    expect(liveValue(result, spec("cell:x metric:nplRatio period:1 stat:p95"))).toMatchObject({ value: 0.02, text: "2.00%" });
    const d = liveValue(result, spec('cell:x variant:"no recession" metric:netLoss stat:diff'));
    expect(d).toMatchObject({ value: -2_174_855, text: "-2.17M", interval: [-2.23e6, -2.11e6] });
  });

  it("reads the liquidity: the peak funding need's summary, the worst month and its 99% need", () => {
    const liquid = {
      ...result,
      variants: result.variants.map((v) => ({ ...v, liquidity: { worstPeriod: 1, worstMonth: 12, fundingNeed99: 4.2e6, peakFundingNeed: summary(3e6, 50_000) } })),
    } as unknown as ResultFile;
    expect(liveValue(liquid, spec("cell:x metric:peakFundingNeed"))).toMatchObject({ value: 3e6, text: "3.00M" });
    expect(liveValue(liquid, spec("cell:x metric:peakFundingNeed stat:p99"))).toMatchObject({ value: 3e6 + 2 });
    expect(liveValue(liquid, spec("cell:x metric:fundingNeed99"))).toMatchObject({ value: 4.2e6, text: "4.20M" });
    expect(liveValue(liquid, spec("cell:x metric:worstMonth"))).toMatchObject({ value: 12, text: "12" });
    expect(specProblem(spec("cell:x metric:worstMonth"))).toBeNull();
    expect((liveValue(liquid, spec("cell:x metric:worstMonth period:1")) as { message?: string }).message).toMatch(/no segment or period/);
  });

  it("says why there is no value, and what there is", () => {
    const message = (s: string) => (liveValue(result, spec(s)) as { message?: string }).message;
    expect(message('cell:x variant:"boom" metric:netLoss')).toMatch(/variant "boom" is not in the result; allowed: "base", "no recession"/);
    expect(message("cell:x metric:defaultRate stat:es99")).toMatch(/ES is kept for netLoss and retainedLoss only/);
    expect(message("cell:x metric:nplRatio")).toMatch(/add period:N/);
    expect(message("cell:x metric:nplRatio period:9")).toMatch(/period 9 is not in the result; allowed: 1 to 1/);
    expect(message("cell:x segment:loans metric:defaultRate")).toMatch(/segment "loans" is not in the result; allowed: cards/);
    expect(message("cell:x tranche:senior metric:loss")).toMatch(/tranche "senior" is not in the result; allowed: none/);
  });

  it("names a mistake before any run: an unknown metric, VaR of a rate, a difference not kept", () => {
    expect(specProblem(spec("cell:x metric:netLos"))).toMatch(/metric "netLos" is not known; allowed: .*netLoss/);
    expect(specProblem(spec("cell:x metric:defaultRate stat:var99"))).toMatch(/VaR is kept for netLoss and retainedLoss only/);
    expect(specProblem(spec('cell:x variant:"v" metric:income stat:diff'))).toMatch(/stat:diff is kept for defaultRate, netLoss/);
    expect(specProblem(spec("cell:x metric:netLoss stat:es99"))).toBeNull();
    expect(specProblem(spec('cell:x variant:"v" metric:lossWithLifetime stat:diff'))).toBeNull();
  });

  it("reads a student's answer as the page writes numbers", () => {
    expect(readAnswer("5.2M")).toBe(5_200_000);
    expect(readAnswer("3.5%")).toBeCloseTo(0.035, 12);
    expect(readAnswer("1,234")).toBe(1234);
    expect(readAnswer("-0.4k")).toBe(-400);
    expect(readAnswer("50%")).toBe(0.5);
    expect(readAnswer("lots")).toBeNull();
  });
});
