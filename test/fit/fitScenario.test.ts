import { compileModel } from "../../src/engine/model.ts";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { readPerformance } from "../../src/data/performance.ts";
import { fitPerformance } from "../../src/fit/fitPerformance.ts";
import fc from "fast-check";
import { betaLgd, fitScenarioText } from "../../src/fit/fitScenario.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { makePanel } from "./panel.ts";

describe("fitted scenario", () => {
  const text = makePanel({ miss: 0.02, attrition: 0.01, roll: [0.4, 0.6], stay: [0.1, 0.2], rho: 0.05, phi: 0.5 }, 1000, 30, "scenario");
  const read = readPerformance(text, "panel.csv");
  if (!read.ok) throw new Error("panel did not read");
  const fit = fitPerformance(read.value.performance);
  const yaml = fitScenarioText(fit, "panel.csv");

  it("validates as a version-2 scenario and carries the fitted rates", () => {
    const parsed = parseScenario(yaml, "fitted.yaml");
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join("\n"));
    const seg = parsed.value.scenario.segments[0];
    const s = fit.segments[0];
    expect(seg.pd).toBeCloseTo(s.pd.value, 3);
    expect(seg.delinquency.roll).toEqual(s.ladder.roll.map((x) => Number(x.toPrecision(4))));
    expect(seg.attrition).toBeCloseTo(s.rates.attrition.value, 4);
    // `correlation` is the one-year R; compiled, it gives the engine the monthly loading pd was integrated with.
    const model = compileModel(parsed.value.variants);
    expect(model.variants[0].segments[0].rho).toBeCloseTo(s.economy.rho, 3);
    expect(parsed.value.scenario.creditlab).toBe(2);
  });

  it("writes the correlation's interval as uncertainty, one-year R at the ends of the monthly loading's: compiled, each end gives the engine that loading", () => {
    const parsed = parseScenario(yaml, "fitted.yaml");
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join("\n"));
    const seg = parsed.value.scenario.segments[0];
    const c = fit.segments[0].correlation!;
    expect(c.note).toBeNull();
    const [lo, hi] = seg.uncertainty!.correlation!.ci95!;
    expect(lo).toBeLessThan(seg.correlation);
    expect(hi).toBeGreaterThan(seg.correlation);
    // The engine's calibration (calibrate.ts, a second solver) carries R back to the monthly loading.
    const doc = parseDocument(yaml);
    for (const [R, loading] of [[lo, c.low], [hi, c.high]]) {
      doc.setIn(["segments", 0, "correlation"], R);
      doc.deleteIn(["segments", 0, "uncertainty"]);
      const again = parseScenario(doc.toString(), "fitted.yaml");
      if (!again.ok) throw new Error(again.error.map((e) => e.message).join("\n"));
      expect(compileModel(again.value.variants).variants[0].segments[0].rho / loading).toBeCloseTo(1, 2);
    }
  });

  it("comments every estimate with its interval and the data behind it", () => {
    const doc = parseDocument(yaml);
    const comment = (path: (string | number)[]) => (doc.getIn(path, true) as { comment?: string }).comment ?? "";
    expect(comment(["segments", 0, "pd"])).toMatch(
      /through the cycle .*, 95% \[[\d.e-]+, [\d.e-]+\]; the window's own [\d.e-]+ 95% \[[\d.e-]+, [\d.e-]+\].*; miss rate through the cycle [\d.e-]+ 95% \[[\d.e-]+, [\d.e-]+\]; 29 months 1…29, 1000 accounts/,
    );
    expect(comment(["segments", 0, "correlation"])).toMatch(/95% \[.*\] \(profile likelihood\), 29 months; as one-year R 95% \[[\d.]+, [\d.]+\]/);
    expect(comment(["segments", 0, "attrition"])).toMatch(/95% \[.*\], \d+ account-months/);
    for (const k of [0, 1]) {
      expect(comment(["segments", 0, "delinquency", "roll", k])).toMatch(/95% \[.*\], \d+ account-months/);
      expect(comment(["segments", 0, "delinquency", "stay", k])).toMatch(/95% \[/);
    }
  });
});

describe("a history with no default", () => {
  // 300 accounts × 12 months, all current, in segments named in two scripts with a space and a digit.
  const rows = ["account,month,state,balance,segment"];
  for (let a = 0; a < 300; a++) for (let m = 1; m <= 12; m++) rows.push(`a${a},${m},C,1000,${a % 2 ? "2023 cohort" : "Kredytówki"}`);
  const read = readPerformance(rows.join("\n"), "quiet.csv");
  if (!read.ok) throw new Error(read.error.lines.join("\n"));
  const fit = fitPerformance(read.value.performance);

  it("writes the 95% upper bound of pd, from the Wilson limit of a miss rate never seen, and says so", () => {
    // 150 accounts × 11 transitions from C, no miss: Wilson's upper limit is z²/(n + z²).
    const n = 150 * 11;
    const z = 1.959963984540054;
    const missHigh = (z * z) / (n + z * z);
    // A miss is a default here (no buckets); 12 months at that rate, the economy left out.
    const plain = 1 - (1 - missHigh) ** 12;
    for (const s of fit.segments) {
      expect(s.pdUpperBound).toBe(true);
      expect(s.pd.low).toBe(0);
      expect(s.pd.value).toBeCloseTo(plain, 3);
      expect(s.notes.some((x) => x.startsWith("no default path observed (0 misses in 1650 account-months from C)"))).toBe(true);
    }
    const parsed = parseScenario(fitScenarioText(fit, "quiet.csv"), "fitted.yaml");
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join("\n"));
    expect(parsed.value.scenario.segments.map((s) => [s.name, s.pd])).toEqual(fit.segments.map((s) => [s.name, Number(s.pd.value.toPrecision(4))]));
  });
});

describe("the LGD written for the Beta", () => {
  it("keeps sd² < mean·(1 − mean) whatever the sample (losses all 0 or 1 included), and writes an sd inside the bound as it is (property)", () => {
    const r4 = (x: number) => Number(x.toPrecision(4));
    fc.assert(
      // A mean loss of at least 1e-9 of the EAD (or none): below that μ(1 − μ) is a subnormal number.
      fc.property(fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1, noNaN: true })), fc.double({ min: 0, max: 1, noNaN: true }), (value, sd) => {
        const lgd = betaLgd(value, sd);
        expect(lgd.mean).toBe(r4(Math.min(1, Math.max(0, value))));
        expect(lgd.sd).toBeGreaterThanOrEqual(0);
        // The scenario's rule (docs/model.md §6): sd 0, or a mean inside (0, 1) with sd² below μ(1 − μ).
        expect(lgd.sd === 0 || (lgd.mean > 0 && lgd.mean < 1 && lgd.sd * lgd.sd < lgd.mean * (1 - lgd.mean))).toBe(true);
        const written = r4(Math.min(0.5, sd));
        if (lgd.mean > 0 && lgd.mean < 1 && written * written < lgd.mean * (1 - lgd.mean)) expect(lgd.sd).toBe(written);
      }),
    );
    // Half the defaults lose everything and half nothing: sd 0.5 at mean 0.5 is the bound itself.
    expect(betaLgd(0.5, 0.5)).toEqual({ mean: 0.5, sd: 0.4995 });
  });
});
