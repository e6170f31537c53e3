/**
 * A cell's studies stop when asked, or when the cell runs again: the run in progress is
 * cancelled, the ones not started never start, and nothing the stopped study would have
 * reported replaces what the cell shows.
 */
import { describe, expect, it } from "vitest";
import type { RunHandle, RunOutcome, RunRequest } from "../../src/run/types.ts";
import { KeyStudies } from "../../src/ui/state/keyStudies.svelte.ts";
import { parseCell } from "../../src/ui/state/parseCell.ts";
import { RunQueue } from "../../src/ui/state/runQueue.ts";

const TEXT = `creditlab: 2
simulation: { paths: 30, horizonMonths: 12, periodMonths: 12 }
segments:
  - { name: a, accounts: 100, pd: 0.02 }
sensitivity:
  keys: [{ key: segments.a.pd, low: 0.01, high: 0.03 }]
`;

/** A runner whose runs end only when cancelled. */
function heldRunner() {
  const runs: { text: string; cancelled: boolean }[] = [];
  const runner = (request: RunRequest) => {
    let finish!: (o: RunOutcome) => void;
    const outcome = new Promise<RunOutcome>((r) => (finish = r));
    const run = { text: request.text, cancelled: false };
    runs.push(run);
    const handle: RunHandle = { outcome, cancel: () => ((run.cancelled = true), finish({ kind: "cancelled", result: null, chunk: null })) };
    return handle;
  };
  return { runner, runs };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("a cell's studies", () => {
  it("stop: the running run is cancelled, no other starts, and the sensitivity goes", async () => {
    const { runner, runs } = heldRunner();
    const studies = new KeyStudies(new RunQueue(), runner);
    const done = studies.runSensitivity(parseCell(TEXT, "cell-1.yaml", {}));
    await settle();
    expect(runs).toHaveLength(1);
    expect(studies.sensitivity).toEqual({ phase: "running", done: 0, total: 3 });
    studies.stop();
    await done;
    await settle();
    expect(runs.map((r) => r.cancelled)).toEqual([true]);
    expect(studies.sensitivity).toBeNull();
  });

  it("a reverse test stopped while its run waits in the queue never starts it, and says it stopped", async () => {
    const { runner, runs } = heldRunner();
    const queue = new RunQueue();
    // Another cell holds the workers.
    let release!: () => void;
    const held = new Promise<RunOutcome>((r) => (release = () => r({ kind: "cancelled", result: null, chunk: null })));
    queue.submit(() => ({ outcome: held, cancel() {} }));
    const studies = new KeyStudies(queue, runner);
    const question = { vary: "segments[0].pd", metric: "netLoss" as const, quantile: null, reach: 100, between: null };
    const done = studies.runReverse(parseCell(TEXT, "cell-1.yaml", {}), question);
    await settle();
    expect(studies.reverse).toEqual({ phase: "running", question, runs: [] });
    studies.stop();
    await done;
    release();
    await settle();
    expect(runs).toHaveLength(0);
    expect(studies.reverse).toEqual({ phase: "cancelled", question });
  });

  it("a sensitivity: whose metric is no book metric shows the error in place and runs nothing", async () => {
    const { runner, runs } = heldRunner();
    const studies = new KeyStudies(new RunQueue(), runner);
    await studies.runSensitivity(parseCell(`${TEXT}  metrics: [loss]\n`, "cell-1.yaml", {}));
    expect(runs).toHaveLength(0);
    expect(studies.sensitivity?.phase).toBe("invalid");
    if (studies.sensitivity?.phase !== "invalid") return;
    expect(studies.sensitivity.errors.map((e) => [e.path, e.line])).toEqual([["sensitivity.metrics[0]", 7]]);
  });

  it("a reverse test's refusals name what the page offers (the form's range, the cell's paths), never a command-line flag", async () => {
    const { runner, runs } = heldRunner();
    const studies = new KeyStudies(new RunQueue(), runner);
    const failed = async (text: string, question: Parameters<KeyStudies["runReverse"]>[1]) => {
      await studies.runReverse(parseCell(text, "cell-1.yaml", {}), question);
      return studies.reverse?.phase === "failed" ? studies.reverse.message : `not failed: ${studies.reverse?.phase}`;
    };
    // The 0.99 quantile of 30 paths has no interval: the search names the paths it needs as the cell writes them.
    const few = await failed(TEXT, { vary: "segments[0].pd", metric: "defaultRate", quantile: 0.99, reach: 0.05, between: null });
    expect(few).toMatch(/^30 paths give the 0\.99 quantile no 95% interval, and the search needs one; allowed: 2,000 paths or more \(simulation\.paths: 2000 in the cell\)/);
    // A key the cell leaves out has no value to start from: the form's range is asked for.
    const unwritten = await failed(TEXT, { vary: "segments[0].missRate", metric: "defaultRate", quantile: null, reach: 0.05, between: null });
    expect(unwritten).toMatch(/; give the range to search in “Search between” to search it$/);
    // A range end the key cannot take is named as the form shows it.
    const outside = await failed(TEXT, { vary: "segments[0].pd", metric: "defaultRate", quantile: null, reach: 0.05, between: [0, 0.5] });
    expect(outside).toMatch(/^Search between 0 and 0\.5: 0 is not a value of segments\[0\]\.pd; allowed: a number greater than 0 and less than 1$/);
    for (const message of [few, unwritten, outside]) expect(message).not.toMatch(/--/);
    expect(runs).toHaveLength(0);
  });
});
