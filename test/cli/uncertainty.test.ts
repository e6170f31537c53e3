/**
 * `creditlab run` with parameter uncertainty (docs/model.md §3.5, §9.4): the result file's
 * `uncertainty` and the summary's table; the idiosyncratic part against the binomial closed
 * form of a one-period book at its mean economy; a bad `uncertainty` placed in the file.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Phi, PhiInv } from "../../src/math/normal.ts";
import { cli } from "./runCli.ts";

const ACCOUNTS = 2000;
const PD = 0.03;
const RHO = 0.1;
const BOOK = `creditlab: 2
name: one-period book
simulation: { paths: 300, horizonMonths: 12, periodMonths: 12, seed: 5 }
segments:
  - name: book
    accounts: ${ACCOUNTS}
    start: current
    pd: ${PD}
    correlation: ${RHO}
    limit: { median: 1000, sigma: 0 }
    utilization: 1
    delinquency: { roll: [] }
    lgd: { mean: 0.5, sd: 0 }
`;
const UNCERTAIN = `${BOOK}    uncertainty: { pd: { ci95: [0.02, 0.045] } }\n`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-uncertainty-"));
  await writeFile(join(dir, "book.yaml"), BOOK);
  await writeFile(join(dir, "uncertain.yaml"), UNCERTAIN);
  await writeFile(join(dir, "bad.yaml"), UNCERTAIN.replace("[0.02, 0.045]", "[0.035, 0.045]"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plainVariance = (x: number[]) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
};

describe("creditlab run with parameter uncertainty", () => {
  it("splits the variance: the parts add up to the paths' variance, the idiosyncratic part is the binomial one at the mean economy", async () => {
    const ran = await cli(["run", join(dir, "uncertain.yaml"), "--json", "--samples", "--workers", "2"]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    const result = JSON.parse(ran.stdout);
    const u = result.uncertainty;
    expect(u.paths).toBe(300);
    for (const m of ["netLoss", "defaultRate"]) {
      const p = u[m];
      expect(p.total.variance).toBeCloseTo(plainVariance(result.variants[0].samples.book[m]), 6);
      expect((p.parameter.variance + p.systematic.variance + p.idiosyncratic.variance) / p.total.variance).toBeCloseTo(1, 9);
      expect(p.parameter.variance).toBeGreaterThan(2 * p.parameter.stderr);
      expect(p.meanCI95[0]).toBeLessThan(p.meanCI95MonteCarlo[0]);
    }
    // At the mean economy (x = 0) each account defaults within the year with Φ(Φ⁻¹(pd)/√(1−R)), independently.
    const q = Phi(PhiInv(PD) / Math.sqrt(1 - RHO));
    const binomial = (q * (1 - q)) / ACCOUNTS;
    const idio = u.defaultRate.idiosyncratic;
    // Within 4 of its standard errors (false alarm about 1e-4).
    expect(Math.abs(idio.variance - binomial)).toBeLessThan(4 * idio.stderr);
  });

  it("prints the split under the summary; a file without uncertainty has no split", async () => {
    const summary = await cli(["run", join(dir, "uncertain.yaml"), "--paths", "40", "--workers", "2"]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain("Variance split by parameter uncertainty (base, 40 paths");
    expect(summary.stdout).toMatch(/parameter\s+sd/);
    const plain = await cli(["run", join(dir, "book.yaml"), "--json", "--paths", "40", "--workers", "2"]);
    expect(JSON.parse(plain.stdout).uncertainty).toBeUndefined();
    expect(JSON.parse(plain.stdout).variants[0].samples).toBeUndefined();
  });

  it("places a ci95 that does not hold pd, with exit 2", async () => {
    const ran = await cli(["run", join(dir, "bad.yaml")]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`${join(dir, "bad.yaml")}:14:32:`);
    expect(ran.stderr).toContain("segments[0].uncertainty.pd.ci95: [0.035, 0.045] does not hold pd 0.03, its median; allowed: an interval with low ≤ 0.03 ≤ high");
  });
});
