/**
 * One sensitivity, two ways: as `creditlab sensitivity` prepares it (the file read from
 * disk, worker threads kept between runs) and as the page's cell runs it (its text with
 * keys set, each run through the page's run queue). Both run the shared runner
 * (src/run/sensitivity.ts) on the same seed and paths, so they must agree to the last
 * digit. The figures are checked against the book's arithmetic: with one balance and a
 * fixed LGD a path's net loss is LGD × balance × defaults, so the LGD at 0.4 and at 0.6
 * gives exactly 0.8 and 1.2 times the loss at 0.5 on every path, and moves no default.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareKeyRuns } from "../../src/cli/keyRuns.ts";
import { keptNodeRuns } from "../../src/run/node.ts";
import { runSensitivity, scenarioSensitivity } from "../../src/run/sensitivity.ts";
import { KeyStudies } from "../../src/ui/state/keyStudies.svelte.ts";
import { parseCell } from "../../src/ui/state/parseCell.ts";
import { RunQueue } from "../../src/ui/state/runQueue.ts";

const BOOK = `creditlab: 2
name: one-period book
simulation: { paths: 60, horizonMonths: 12, periodMonths: 12, seed: 5 }
segments:
  - name: book
    accounts: 1500
    start: current
    pd: 0.03
    correlation: 0.1
    limit: { median: 1000, sigma: 0 }
    utilization: 1
    delinquency: { roll: [] }
    lgd: { mean: 0.5, sd: 0 }
sensitivity:
  keys:
    - { key: segments.book.lgd.mean, low: 0.4, high: 0.6 }
    - { key: 'segments[0].pd', low: 0.02, high: 0.05 }
  metrics: [netLoss, defaultRate]
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-sensitivity-run-"));
  await writeFile(join(dir, "book.yaml"), BOOK);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the sensitivity runner", () => {
  it("gives the command line's numbers in the page's cell, and the book's arithmetic in both", async () => {
    const prepared = await prepareKeyRuns({ file: join(dir, "book.yaml"), set: [], tapesAnywhere: false, workers: 2 });
    if (!prepared.ok) throw new Error(`exit ${prepared.error}`);
    const plan = scenarioSensitivity(prepared.value.scenario, prepared.value.source.text, prepared.value.source.file);
    if (!plan?.ok) throw new Error("the file's sensitivity did not read");
    const steps: number[] = [];
    const cli = await runSensitivity(prepared.value.values, plan.value, (done, total) => steps.push(done, total));
    await prepared.value.close();
    if (!cli.ok) throw new Error(cli.error.message);
    expect(steps).toEqual([0, 5, 1, 5, 2, 5, 3, 5, 4, 5, 5, 5]);

    // The page's runner keeps its workers between runs, as the page's pool does.
    const kept = keptNodeRuns();
    const studies = new KeyStudies(new RunQueue(), (request) => kept.run({ ...request, workers: 2 }));
    await studies.runSensitivity(parseCell(BOOK, "cell-1.yaml", {}));
    await kept.close();
    const page = studies.sensitivity;
    expect(page?.phase).toBe("done");
    if (page?.phase !== "done") return;
    expect(page.metrics).toEqual(cli.value);
    expect({ paths: page.paths, seed: page.seed }).toEqual({ paths: 60, seed: 5 });

    const [loss, rate] = cli.value;
    const lgd = loss.keys.find((k) => k.key === "segments.book.lgd.mean")!;
    expect(lgd.low.mean / loss.base.mean).toBeCloseTo(0.8, 12);
    expect(lgd.high.mean / loss.base.mean).toBeCloseTo(1.2, 12);
    expect(lgd.swing / loss.base.mean).toBeCloseTo(0.4, 12);
    const lgdOnRate = rate.keys.find((k) => k.key === "segments.book.lgd.mean")!;
    expect([lgdOnRate.low.change.mean, lgdOnRate.high.change.mean, lgdOnRate.swing]).toEqual([0, 0, 0]);
    // The pd moves the default rate; the LGD does not: the pd comes first.
    expect(rate.keys.map((k) => k.key)).toEqual(["segments[0].pd", "segments.book.lgd.mean"]);
  });

  it("a key value the scenario does not allow stops the page's sensitivity with the key and the value", async () => {
    // The LGD's mean at 0.999 is a value of its own, but leaves no room for the sd 0.1 (a rule across keys): found by the run.
    const text = BOOK.replace("lgd: { mean: 0.5, sd: 0 }", "lgd: { mean: 0.5, sd: 0.1 }").replace("high: 0.6", "high: 0.999");
    const kept = keptNodeRuns();
    const studies = new KeyStudies(new RunQueue(), (request) => kept.run({ ...request, workers: 1 }));
    await studies.runSensitivity(parseCell(text, "cell-1.yaml", {}));
    await kept.close();
    expect(studies.sensitivity?.phase).toBe("failed");
    if (studies.sensitivity?.phase !== "failed") return;
    expect(studies.sensitivity.message).toMatch(/^segments\.book\.lgd\.mean at 0\.999: .*segments\[0\]\.lgd\.sd: 0\.1 is too wide/);
  });

  it("a value outside the key's own range is the cell's error at its place, before any run", () => {
    const cell = parseCell(BOOK.replace("high: 0.05", "high: 1.5"), "cell-1.yaml", {});
    expect(cell.parsed.ok).toBe(false);
    if (cell.parsed.ok) return;
    expect(cell.parsed.error.map((e) => [e.path, e.message])).toEqual([["sensitivity.keys[1].high", "1.5 is not a value of segments[0].pd; allowed: a number greater than 0 and less than 1"]]);
  });
});
