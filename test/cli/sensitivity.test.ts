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
/** The book with its keys in the file: the LGD and the pd, the default rate and a quantile. */
const WITH_KEY = `${BOOK}sensitivity:
  keys:
    - { key: 'segments[0].lgd.mean', low: 0.4, high: 0.6 }
    - { key: 'segments[0].pd', low: 0.02, high: 0.04 }
  metrics: [defaultRate]
  quantile: 0.9
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-sensitivity-"));
  await writeFile(join(dir, "book.yaml"), BOOK);
  await writeFile(join(dir, "keyed.yaml"), WITH_KEY);
  await writeFile(join(dir, "bad.yaml"), WITH_KEY.replace("metrics: [defaultRate]", "metrics: [defaultRate, lossrate]"));
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
    expect(out.stderr).toMatch(/^creditlab: --range segments\[0\]\.pd=0.02,1.5: 1.5 is not a value of segments\[0\]\.pd; allowed: a number greater than 0 and less than 1$/m);
  });

  it("runs the file's sensitivity: with no flag, and a flag replaces its part of it", async () => {
    // 200 paths: a 90% quantile's interval needs 20 beyond it.
    const fromFile = await cli(["sensitivity", join(dir, "keyed.yaml"), "--json", "--paths", "200", "--workers", "1"]);
    expect(fromFile.stderr).toBe("");
    expect(fromFile.code).toBe(0);
    const out = JSON.parse(fromFile.stdout);
    expect(out.quantile).toBe(0.9);
    expect(out.metrics.map((m: { metric: string }) => m.metric)).toEqual(["defaultRate"]);
    // The pd moves the default rate and the LGD does not: the pd's row comes first.
    expect(out.metrics[0].keys.map((k: { key: string }) => k.key)).toEqual(["segments[0].pd", "segments[0].lgd.mean"]);
    expect(out.metrics[0].keys[0].high.quantile).not.toBeNull();

    const flagged = await cli(["sensitivity", join(dir, "keyed.yaml"), "--json", "--paths", "40", "--workers", "1", "--metric", "netLoss"]);
    expect(flagged.code).toBe(0);
    const both = JSON.parse(flagged.stdout);
    expect(both.metrics.map((m: { metric: string }) => m.metric)).toEqual(["netLoss"]);
    expect(both.quantile).toBe(0.9);
    expect(both.metrics[0].keys).toHaveLength(2);
    // The file's LGD range raises every path's loss by a fifth at 0.6, as with --range.
    const lgd = both.metrics[0].keys.find((k: { key: string }) => k.key === "segments[0].lgd.mean");
    expect(lgd.high.change.mean / both.metrics[0].base.mean).toBeCloseTo(0.2, 9);
  });

  it("places a metric of the file's sensitivity: that is no book metric, and asks for keys when there are none, with exit 2", async () => {
    const bad = await cli(["sensitivity", join(dir, "bad.yaml"), "--paths", "40"]);
    expect(bad.code).toBe(2);
    const lines = WITH_KEY.replace("metrics: [defaultRate]", "metrics: [defaultRate, lossrate]").split("\n");
    const line = lines.findIndex((l) => l.startsWith("  metrics:"));
    const column = lines[line].indexOf("lossrate") + 1;
    expect(bad.stderr).toMatch(new RegExp(`^.*bad\\.yaml:${line + 1}:${column}: sensitivity\\.metrics\\[1\\]: "lossrate" is not a book metric; did you mean lossRate\\?; allowed: `));
    const none = await cli(["sensitivity", join(dir, "book.yaml"), "--paths", "40"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^creditlab: sensitivity needs --range KEY=LO,HI .* or a sensitivity: key in the scenario/);
  });
});
