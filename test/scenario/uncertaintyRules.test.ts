/** A segment's `uncertainty` (docs/model.md §3.5): errors placed at file:line:col with the key and what is allowed. */
import { describe, expect, it } from "vitest";
import { expectAt, onlyError, parsed, SMALL_BOOK } from "./helpers.ts";

const segment = (lines: string) => `${SMALL_BOOK}${lines.replace(/^/gm, "    ")}\n`;

describe("uncertainty", () => {
  it("a ci95 around pd and an sd for the LGD mean are accepted", () => {
    const u = parsed(segment("uncertainty: { pd: { ci95: [0.015, 0.027] }, lgdMean: { sd: 0.1 } }")).scenario.segments[0].uncertainty;
    expect(u).toEqual({ pd: { ci95: [0.015, 0.027] }, lgdMean: { sd: 0.1 } });
  });

  it("a ci95 that does not hold pd", () => {
    const text = segment("uncertainty: { pd: { ci95: [0.03, 0.05] } }");
    const e = onlyError(text);
    expectAt(e, "segments[0].uncertainty.pd.ci95", text, "[0.03");
    expect(e.message).toBe("[0.03, 0.05] does not hold pd 0.02, its median; allowed: an interval with low ≤ 0.02 ≤ high");
  });

  it("a ci95 that is not increasing", () => {
    const text = segment("uncertainty: { lgdMean: { ci95: [0.9, 0.8] } }");
    const e = onlyError(text);
    expectAt(e, "segments[0].uncertainty.lgdMean.ci95", text, "[0.9");
    expect(e.message).toContain("allowed: [low, high] with low < high");
  });

  it("both ci95 and sd, or neither", () => {
    const both = segment("uncertainty: { pd: { ci95: [0.01, 0.03], sd: 0.1 } }");
    expectAt(onlyError(both), "segments[0].uncertainty.pd.sd", both, "0.1 }");
    const neither = segment("uncertainty: { pd: {} }");
    const e = onlyError(neither);
    expectAt(e, "segments[0].uncertainty.pd", neither, "{} }");
    expect(e.message).toContain("allowed: ci95: [low, high] or sd");
  });

  it("pd's distribution needs the segment's own pd or missRate", () => {
    const text = SMALL_BOOK.replace("pd: 0.02", "score: { mean: 600, sd: 40 }\n    scorecard: { score: 600, odds: 30, pdo: 20 }\n    uncertainty: { pd: { sd: 0.1 } }");
    const e = onlyError(text);
    expectAt(e, "segments[0].uncertainty.pd", text, "{ sd");
    expect(e.message).toContain("allowed: uncertainty.pd on a segment given by pd or missRate");
  });

  it("an unknown parameter names the allowed ones", () => {
    const text = segment("uncertainty: { persistence: { sd: 0.1 } }");
    const e = onlyError(text);
    expect(e.message).toMatch(/correlation/);
    expect(e.message).toMatch(/lgdMean/);
  });

  it("the correlation's ci95 must hold the correlation, which must be above 0", () => {
    const ok = parsed(segment("correlation: 0.05\nuncertainty: { correlation: { ci95: [0.02, 0.1] } }")).scenario.segments[0].uncertainty;
    expect(ok).toEqual({ correlation: { ci95: [0.02, 0.1] } });
    const outside = segment("correlation: 0.05\nuncertainty: { correlation: { ci95: [0.06, 0.1] } }");
    const e = onlyError(outside);
    expectAt(e, "segments[0].uncertainty.correlation.ci95", outside, "[0.06");
    expect(e.message).toBe("[0.06, 0.1] does not hold correlation 0.05, its median; allowed: an interval with low ≤ 0.05 ≤ high");
    const zero = segment("correlation: 0\nuncertainty: { correlation: { sd: 0.2 } }");
    const z = onlyError(zero);
    expectAt(z, "segments[0].uncertainty.correlation", zero, "{ sd");
    expect(z.message).toContain("allowed: uncertainty.correlation with 0 < correlation < 1");
  });
});
