/**
 * `creditlab sensitivity` on a one-period book where the effects are known without the
 * engine: with a fixed LGD and one balance, a path's net loss is LGD × balance × defaults,
 * and an LGD moves no default, so raising `lgd.mean` from 0.5 to 0.6 raises every path's
 * loss by exactly a fifth and leaves the default rate alone; a pd's effect on the mean
 * default rate is the change of pd (MODEL.md §3: pd is the mean one-year default rate),
 * inside the paired interval (a 5% false-alarm rate, fixed by the seed).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./runCli.ts";

const BOOK = `creditlab: 2
name: one-period book
simulation: { paths: 200, horizonMonths: 12, periodMonths: 12, seed: 11 }
segments:
  - name: book
    accounts: 2000
    start: current
    pd: 0.03
    correlation: 0.1
    limit: { median: 1000, sigma: 0 }
    utilization: 1
    delinquency: { roll: [] }
    lgd: { mean: 0.5, sd: 0 }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-sensitivity-"));
  await writeFile(join(dir, "book.yaml"), BOOK);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("creditlab sensitivity", () => {
  it("gives each key's paired effect: an LGD scales every loss and moves no default; a pd moves the default rate by its change", async () => {
    const ran = await cli(["sensitivity", join(dir, "book.yaml"), "--range", "segments[0].lgd.mean=0.4,0.6", "--range", "segments[0].pd=0.02,0.04", "--metric", "netLoss", "--metric", "defaultRate", "--json", "--workers", "2"]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    const out = JSON.parse(ran.stdout);
    const [loss, rate] = out.metrics;
    expect(loss.metric).toBe("netLoss");
    const lgd = loss.keys.find((k: { key: string }) => k.key === "segments[0].lgd.mean");
    expect(lgd.high.change.mean / loss.base.mean).toBeCloseTo(0.2, 9);
    expect(lgd.low.change.mean / loss.base.mean).toBeCloseTo(-0.2, 9);
    const lgdOnRate = rate.keys.find((k: { key: string }) => k.key === "segments[0].lgd.mean");
    expect(lgdOnRate.high.change.mean).toBe(0);
    expect(lgdOnRate.swing).toBe(0);
    const pd = rate.keys.find((k: { key: string }) => k.key === "segments[0].pd");
    const [lo, hi] = pd.high.change.ci95;
    expect(lo).toBeLessThanOrEqual(0.01);
    expect(hi).toBeGreaterThanOrEqual(0.01);
    const [lo2, hi2] = pd.low.change.ci95;
    expect(lo2).toBeLessThanOrEqual(-0.01);
    expect(hi2).toBeGreaterThanOrEqual(-0.01);
    // Keys come widest swing first: the pd moves the default rate, the LGD does not.
    expect(rate.keys[0].key).toBe("segments[0].pd");
  });

  it("refuses a range that is not KEY=LO,HI, and a value the key does not allow, with exit 2", async () => {
    const bad = await cli(["sensitivity", join(dir, "book.yaml"), "--range", "segments[0].pd=0.02"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--range must be KEY=LO,HI/);
    const out = await cli(["sensitivity", join(dir, "book.yaml"), "--range", "segments[0].pd=0.02,1.5", "--paths", "20", "--workers", "1"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^creditlab: --range segments\[0\]\.pd=0.02,1.5: at 1.5: .*segments\[0\]\.pd/m);
  });
});
