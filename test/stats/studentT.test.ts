import { describe, expect, it } from "vitest";
import gammaln from "@stdlib/math-base-special-gammaln";
import { studentT975, Z_975 } from "../../src/stats/studentT.ts";

/** P(T ≤ t) for Student's t with ν degrees of freedom: ½ + ∫₀ᵗ density, by Simpson's rule. */
function tCdf(t: number, nu: number): number {
  const logc = gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  const density = (x: number) => Math.exp(logc - ((nu + 1) / 2) * Math.log1p((x * x) / nu));
  const steps = 2000;
  const h = t / steps;
  let s = density(0) + density(t);
  for (let i = 1; i < steps; i++) s += (i % 2 ? 4 : 2) * density(i * h);
  return 0.5 + (s * h) / 3;
}

describe("Student t 97.5% quantile", () => {
  it("puts 97.5% of the t distribution below it, from 1 to 1000 degrees of freedom", () => {
    for (const nu of [1, 2, 3, 4, 9, 19, 29, 30, 31, 40, 60, 120, 1000]) {
      expect(tCdf(studentT975(nu), nu), `ν = ${nu}`).toBeCloseTo(0.975, 6);
    }
  });

  it("falls toward the normal quantile as ν grows", () => {
    expect(studentT975(3)).toBeGreaterThan(studentT975(30));
    expect(studentT975(31)).toBeLessThan(studentT975(30));
    expect(studentT975(1e6) - Z_975).toBeLessThan(1e-5);
    expect(studentT975(1e6)).toBeGreaterThan(Z_975);
  });

  it("rejects degrees of freedom that are not positive integers", () => {
    expect(() => studentT975(0)).toThrow();
    expect(() => studentT975(2.5)).toThrow();
  });
});
