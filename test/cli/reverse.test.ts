/**
 * `creditlab reverse`: the key at which a statistic reaches a level, against the
 * one-period Vasicek model computed here without the engine.
 *
 * - pd: the book's default count given the factor is Binomial(N, p(Z)) with
 *   p(Z) = Φ((Φ⁻¹(pd) − √ρ·Z)/√(1−ρ)), Z ~ N(0, 1) (MODEL.md §3). Its 99% quantile is
 *   DR* = k/N for exactly the pd with P(D ≤ k − 1) < 0.99 ≤ P(D ≤ k), computed here by
 *   integrating the binomial distribution over Z; the run's 95% interval must meet that
 *   range. (For N → ∞ the range closes on the closed form Φ(√(1−ρ)·Φ⁻¹(DR*) − √ρ·Φ⁻¹(0.99)).)
 * - the factor: a shift s of the economy; the median path's default rate is DR* where its
 *   factor Z = X + s is Z* = (Φ⁻¹(pd) − √(1−ρ)·Φ⁻¹(DR*))/√ρ, within ±0.02.
 * Both are deterministic for their seed; the interval's own false-alarm rate is 5%.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./runCli.ts";

const RHO = 0.2;
const N = 2000;
const book = (shock: boolean) => `creditlab: 2
name: one-period Vasicek
simulation: { paths: 2000, horizonMonths: 12, periodMonths: 12, seed: 7 }
${shock ? "macro:\n  shocks: [{ factor: economy, path: [0] }]\n" : ""}segments:
  - name: book
    accounts: ${N}
    start: current
    pd: 0.03
    correlation: ${RHO}
    limit: { median: 1000, sigma: 0 }
    utilization: 1
    delinquency: { roll: [] }
    lgd: { mean: 0.5, sd: 0 }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-reverse-"));
  await writeFile(join(dir, "vasicek.yaml"), book(false));
  await writeFile(join(dir, "shifted.yaml"), book(true));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The standard normal, written out here: erfc by the Chebyshev fit of Numerical Recipes
// (erfcc, fractional error below 1.2e-7), and its inverse by bisection.
function Phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}
function PhiInv(p: number): number {
  let lo = -12;
  let hi = 12;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (Phi(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** P(D ≤ k) for D | Z ~ Binomial(N, p(Z)), Z ~ N(0, 1): the trapezoid rule on [−9, 9]. */
function defaultsCdf(pd: number, k: number): number {
  const c = PhiInv(pd);
  const steps = 3000;
  const h = 18 / steps;
  let total = 0;
  for (let i = 0; i <= steps; i++) {
    const z = -9 + i * h;
    const p = Phi((c - Math.sqrt(RHO) * z) / Math.sqrt(1 - RHO));
    // The binomial CDF by its log pmf, term by term.
    let logPmf = N * Math.log1p(-p);
    let cdf = Math.exp(logPmf);
    for (let j = 0; j < k; j++) {
      logPmf += Math.log((N - j) / (j + 1)) + Math.log(p) - Math.log1p(-p);
      cdf += Math.exp(logPmf);
    }
    const weight = (i === 0 || i === steps ? 0.5 : 1) * h * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    total += weight * Math.min(1, cdf);
  }
  return total;
}

/** The pd at which P(D ≤ k) = level: it falls as pd rises. */
function pdWhere(k: number, level: number): number {
  let lo = 1e-4;
  let hi = 0.5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (defaultsCdf(mid, k) > level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe("creditlab reverse on the one-period Vasicek book", () => {
  it("finds the pd whose 99% default-rate quantile is 15%, its interval meeting the exact range", async () => {
    const ran = await cli(["reverse", join(dir, "vasicek.yaml"), "--vary", "segments[0].pd", "--metric", "defaultRate", "--quantile", "0.99", "--reach", "0.15", "--json", "--workers", "2"]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    const answer = JSON.parse(ran.stdout);
    expect(answer).toMatchObject({ vary: "segments[0].pd", metric: "defaultRate", quantile: 0.99, reach: 0.15 });
    // The exact range of pd whose population 99% quantile of D/N is 300/2000.
    const k = Math.round(0.15 * N);
    const exact = [pdWhere(k - 1, 0.99), pdWhere(k, 0.99)];
    const [lo, hi] = answer.ci95;
    expect(lo).toBeLessThanOrEqual(answer.value);
    expect(answer.value).toBeLessThanOrEqual(hi);
    expect(lo).toBeLessThanOrEqual(exact[1]);
    expect(hi).toBeGreaterThanOrEqual(exact[0]);
    // The statistic at the answer is the level (a quantile is a path's value: 300/2000).
    expect(answer.statistic.value).toBeCloseTo(0.15, 10);
    // The closed form of the infinite book lies near: the finite book's binomial noise
    // lowers the pd that reaches the quantile.
    const vasicek = Phi(Math.sqrt(1 - RHO) * PhiInv(0.15) - Math.sqrt(RHO) * PhiInv(0.99));
    expect(exact[1]).toBeLessThan(vasicek);
    expect(Math.abs(answer.value - vasicek) / vasicek).toBeLessThan(0.25);
  });

  it("finds the shift of the economy that puts the median path's default rate at 15%: Z* within ±0.02", async () => {
    const ran = await cli(["reverse", join(dir, "shifted.yaml"), "--vary", "macro.shocks[0].path[0]", "--metric", "defaultRate", "--quantile", "0.5", "--reach", "0.15", "--json", "--workers", "2", "--paths", "600"]);
    expect(ran.code).toBe(0);
    const shift = JSON.parse(ran.stdout).value;
    // The factor of the median path at that shift: Z = X + s, X the same on every run.
    const run = await cli(["run", join(dir, "shifted.yaml"), "--set", `macro.shocks[0].path[0]=${shift}`, "--samples", "--json", "--workers", "2", "--paths", "600"]);
    expect(run.code).toBe(0);
    const z = (JSON.parse(run.stdout).variants[0].samples.periods["factor:economy"] as number[][]).map((p) => p[0]).sort((a, b) => a - b);
    const median = z[Math.ceil(z.length / 2) - 1];
    const zStar = (PhiInv(0.03) - Math.sqrt(1 - RHO) * PhiInv(0.15)) / Math.sqrt(RHO);
    expect(Math.abs(median - zStar)).toBeLessThan(0.02);
  });

  it("says when the level is out of reach, and refuses a bad metric or quantile with exit 2", async () => {
    const far = await cli(["reverse", join(dir, "vasicek.yaml"), "--vary", "segments[0].lgd.mean", "--metric", "defaultRate", "--reach", "0.5", "--paths", "40", "--workers", "1"]);
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/^creditlab: .*cannot reach 0\.5: .*does not move/m);
    const metric = await cli(["reverse", join(dir, "vasicek.yaml"), "--vary", "segments[0].pd", "--metric", "defaultRat", "--reach", "0.1"]);
    expect(metric.code).toBe(2);
    expect(metric.stderr).toMatch(/defaultRat.*did you mean defaultRate.*allowed: /);
    const q = await cli(["reverse", join(dir, "vasicek.yaml"), "--vary", "segments[0].pd", "--metric", "defaultRate", "--quantile", "1.5", "--reach", "0.1"]);
    expect(q.code).toBe(2);
    expect(q.stderr).toMatch(/--quantile must lie strictly between 0 and 1/);
    const key = await cli(["reverse", join(dir, "vasicek.yaml"), "--vary", "segments[0].nothing", "--metric", "defaultRate", "--reach", "0.1"]);
    expect(key.code).toBe(2);
    expect(key.stderr).toMatch(/segments\[0\]\.nothing is not a key of segments\[0\]; allowed: .*\bpd\b/);
  });
});
