/**
 * `--samples` and `--format csv`: every per-path metric of the book and each segment, and
 * each per-period column; the tidy table read back by a CSV parser of its own (papaparse)
 * holds the same values as the JSON samples, and its book means are the summary's.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATH_METRICS } from "../../src/engine/layout.ts";
import { isProvisioning } from "../../src/engine/metrics.ts";

/** The book's per-path metrics of a run without `provisioning`: the allowance's are left out. */
const METRICS = PATH_METRICS.filter((m) => !isProvisioning(m));
import { cli } from "./runCli.ts";

const BOOK = `creditlab: 2
name: Samples book
simulation: { paths: 7, horizonMonths: 6, periodMonths: 3, seed: 11 }
segments:
  - { name: prime, accounts: 400, pd: 0.03, delinquency: { roll: [0.4, 0.5] } }
  - { name: empty start, accounts: 0, pd: 0.05, scorecard: { score: 600, odds: 20, pdo: 40 }, originations: { perMonth: 5, score: { mean: 620, sd: 40 } } }
variants:
  - name: collect
    policy: { collections: { rollReduction: 0.3 } }
`;

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-samples-"));
  file = join(dir, "book.yaml");
  await writeFile(file, BOOK);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Row {
  variant: string;
  segment: string;
  metric: string;
  path: string;
  period: string;
  value: string;
}

describe("per-path values", () => {
  it("--format csv is the JSON samples as one tidy table, and its book means are the summary's", async () => {
    const out = join(dir, "samples.csv");
    const [json, csv] = await Promise.all([cli(["run", file, "--json", "--samples"]), cli(["run", file, "--format", "csv", "--out", out])]);
    expect(json.code).toBe(0);
    expect(csv.code).toBe(0);
    const result = JSON.parse(json.stdout);
    const parsed = Papa.parse<Row>(await readFile(out, "utf8"), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(["variant", "segment", "metric", "path", "period", "value"]);
    const rows = parsed.data;
    const n = 7;
    const T = 2;
    const periodColumns = Object.keys(result.variants[0].samples.periods);
    expect(periodColumns).toEqual(expect.arrayContaining(["nplRatio", "defaults", "netLoss", "balance", "D1", "D2", "factor:economy"]));
    expect(rows).toHaveLength(2 * (METRICS.length * n * 3 + periodColumns.length * n * T));
    for (const v of result.variants) {
      const value = (segment: string, metric: string, path: number, period = "") =>
        rows.find((r) => r.variant === v.name && r.segment === segment && r.metric === metric && r.path === String(path) && r.period === period)!.value;
      for (let j = 0; j < n; j++) {
        expect(Number(value("", "netLoss", j))).toBe(v.samples.netLoss[j]);
        expect(Number(value("prime", "defaults", j))).toBe(v.samples.segments.prime.defaults[j]);
        expect(Number(value("", "nplRatio", j, "2"))).toBe(v.samples.periods.nplRatio[j][1]);
      }
      // The summary's means, from the table's own values.
      for (const metric of ["netLoss", "profit", "defaults", "lifetimeLoss"]) {
        const values = rows.filter((r) => r.variant === v.name && r.segment === "" && r.metric === metric && r.period === "").map((r) => Number(r.value));
        expect(values.reduce((a, b) => a + b, 0) / n).toBeCloseTo(v.book[metric].mean, 6);
      }
      // A segment that starts empty has no loss rate on a path where it booked nothing, never NaN.
      expect(rows.some((r) => r.value === "NaN")).toBe(false);
    }
  });

  it("--samples keeps version 2's four keys and adds every metric of the book and each segment", async () => {
    const { stdout } = await cli(["run", file, "--json", "--samples"]);
    const s = JSON.parse(stdout).variants[1].samples;
    expect(Object.keys(s.book).sort()).toEqual([...METRICS].sort());
    expect(Object.keys(s.segments)).toEqual(["prime", "empty start"]);
    expect(s.netLoss).toEqual(s.book.netLoss);
    expect(s.periods.defaults).toHaveLength(7);
    expect(s.periods.defaults[0]).toHaveLength(2);
  });
});
