/**
 * `creditlab run` with parameter uncertainty (docs/model.md §3.5, §9.4): the result file's
 * `uncertainty` and the summary's table; the idiosyncratic part against the binomial closed
 * form of a one-period book at its mean economy; a bad `uncertainty` placed in the file.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Phi, PhiInv } from "../../src/math/normal.ts";
import { decodeChunkFile, encodeChunkFile } from "../../src/result/chunkFile.ts";
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
const MONTHLY = `creditlab: 2
name: monthly book
simulation: { paths: 31, horizonMonths: 12, seed: shards }
segments:
  - name: book
    accounts: 300
    pd: 0.04
    correlation: 0.06
    delinquency: { roll: [0.4, 0.6] }
    lgd: { mean: 0.5, sd: 0.1 }
    uncertainty: { pd: { ci95: [0.03, 0.055] }, lgdMean: { sd: 0.2 }, correlation: { ci95: [0.03, 0.1] } }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-uncertainty-"));
  await writeFile(join(dir, "book.yaml"), BOOK);
  await writeFile(join(dir, "uncertain.yaml"), UNCERTAIN);
  await writeFile(join(dir, "bad.yaml"), UNCERTAIN.replace("[0.02, 0.045]", "[0.035, 0.045]"));
  await writeFile(join(dir, "monthly.yaml"), MONTHLY);
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

  it("shards into chunks that carry their paths' auxiliary runs: merged, the result file is the single run's byte for byte, its split included", async () => {
    const file = join(dir, "monthly.yaml");
    const single = await cli(["run", file, "--json", "--workers", "2"]);
    expect(single.code, single.stderr).toBe(0);
    expect(JSON.parse(single.stdout).uncertainty.netLoss.parameter.variance).toBeGreaterThan(0);
    for (const [i, workers] of [[1, "1"], [2, "2"]] as const) {
      const shard = await cli(["run", file, "--shard", `${i}/2`, "--chunk-out", join(dir, `m${i}.chunk`), "--workers", workers]);
      expect(shard.code, shard.stderr).toBe(0);
    }
    const merged = await cli(["merge", join(dir, "m2.chunk"), join(dir, "m1.chunk"), "--json"]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(single.stdout);
    // A chunk without the auxiliary runs (a file of another build) among chunks with them is refused, not merged without the split.
    const decoded = await decodeChunkFile(new Uint8Array(await readFile(join(dir, "m2.chunk"))));
    if (!decoded.ok) throw new Error(decoded.error);
    delete decoded.value.header.uncertainty;
    await writeFile(join(dir, "bare.chunk"), await encodeChunkFile(decoded.value.header, decoded.value.chunk));
    const refused = await cli(["merge", join(dir, "m1.chunk"), join(dir, "bare.chunk"), "--json"]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain(`${join(dir, "bare.chunk")}: no values of the runs that split the variance by parameter uncertainty, which ${join(dir, "m1.chunk")} carries`);
  });
});
