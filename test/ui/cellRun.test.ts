import { describe, expect, it } from "vitest";
import { readTape, type Tape } from "../../src/data/tape.ts";
import type { ResultFile } from "../../src/result/resultFile.ts";
import type { Progress, RunHandle, RunOutcome } from "../../src/run/types.ts";
import { parseScenario, type ParsedScenario } from "../../src/scenario/parse.ts";
import { CellRun, type Runner } from "../../src/ui/state/cellRun.svelte.ts";
import { parseCell } from "../../src/ui/state/parseCell.ts";
import { RunQueue } from "../../src/ui/state/runQueue.ts";
import { dimmed, shownResult } from "../../src/ui/state/runStatus.ts";

const TEXT = `creditlab: 1
name: Tiny
simulation: { paths: 10, horizonMonths: 3 }
segments:
  - { name: a, accounts: 10, pd: 0.02 }
`;

/** A runner whose runs end when the test says so. */
function fakeRunner() {
  const runs: {
    text: string;
    parsed: ParsedScenario | undefined;
    hooks: Parameters<Runner>[1];
    finish(o: RunOutcome): void;
    cancelled: boolean;
  }[] = [];
  const runner: Runner = (request, hooks) => {
    let finish!: (o: RunOutcome) => void;
    const outcome = new Promise<RunOutcome>((r) => (finish = r));
    const run = { text: request.text, parsed: request.parsed, hooks, finish, cancelled: false };
    runs.push(run);
    const handle: RunHandle = { outcome, cancel: () => ((run.cancelled = true), finish({ kind: "cancelled", result: null, chunk: null })) };
    return handle;
  };
  return { runner, runs };
}

const result = (paths: number, partial = false) => ({ paths, partial, variants: [] }) as unknown as ResultFile;
const progress = (done: number): Progress => ({ done, total: 10, meanLoss: 1, stderrLoss: 0.1, elapsedMs: 5 });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("CellRun", () => {
  it("never runs a scenario with errors, and lists them", async () => {
    const { runner, runs } = fakeRunner();
    const run = new CellRun(new RunQueue(), runner);
    run.start(run.parse("creditlab: 1\nsegments: []\n", "cell-1.yaml"));
    await settle();
    expect(runs).toHaveLength(0);
    expect(run.phase).toBe("invalid");
    expect(run.errors[0]).toMatchObject({ file: "cell-1.yaml", path: "segments" });
    expect(run.status).toMatchObject({ kind: "invalid", last: null });
  });

  it("shows progress and partial results, then the final result", async () => {
    const { runner, runs } = fakeRunner();
    const run = new CellRun(new RunQueue(), runner);
    run.start(run.parse(TEXT, "cell-1.yaml"));
    expect(run.phase).toBe("queued");
    await settle();
    expect(run.phase).toBe("running");
    runs[0].hooks.onProgress?.(progress(4));
    runs[0].hooks.onPartial?.({ result: result(4, true) });
    expect(run.progress?.done).toBe(4);
    expect(run.result?.paths).toBe(4);
    expect(run.scenario?.name).toBe("Tiny");
    runs[0].finish({ kind: "done", result: result(10), chunk: null as never });
    await settle();
    expect(run.phase).toBe("done");
    expect(run.result?.paths).toBe(10);
  });

  it("drops everything a superseded run reports", async () => {
    const { runner, runs } = fakeRunner();
    const run = new CellRun(new RunQueue(), runner);
    run.start(run.parse(TEXT, "cell-1.yaml"));
    await settle();
    run.start(run.parse(TEXT.replace("Tiny", "Second"), "cell-1.yaml"));
    expect(runs[0].cancelled).toBe(true);
    runs[0].hooks.onPartial?.({ result: result(3, true) });
    runs[0].hooks.onProgress?.(progress(3));
    await settle();
    expect(runs).toHaveLength(2);
    expect(run.result).toBeNull();
    expect(run.progress).toBeNull();
    expect(run.phase).toBe("running");
    runs[1].finish({ kind: "done", result: result(10), chunk: null as never });
    await settle();
    expect(run.phase).toBe("done");
    expect(run.scenario?.name).toBe("Second");
  });

  it("keeps a cancelled run's partial result, and marks an edited result stale", async () => {
    const { runner, runs } = fakeRunner();
    const run = new CellRun(new RunQueue(), runner);
    run.start(run.parse(TEXT, "cell-1.yaml"));
    await settle();
    runs[0].hooks.onPartial?.({ result: result(6, true) });
    run.cancel();
    await settle();
    expect(run.phase).toBe("cancelled");
    expect(run.result?.paths).toBe(6);
    expect(run.status).toMatchObject({ kind: "cancelled", result: run.result, last: null });
    // What the workers still report after the cancel changes nothing.
    runs[0].hooks.onPartial?.({ result: result(8, true) });
    runs[0].hooks.onProgress?.(progress(8));
    await settle();
    expect(run.phase).toBe("cancelled");
    expect(run.result?.paths).toBe(6);
    run.edited();
    expect(run.status).toMatchObject({ kind: "stale", last: run.result });
  });
});

describe("CellRun's status", () => {
  it("follows a cell through its runs, and dims exactly the results left over from before the run it describes", async () => {
    const { runner, runs } = fakeRunner();
    const run = new CellRun(new RunQueue(), runner);
    const seen = () => ({ kind: run.status.kind, dimmed: dimmed(run.status), shown: shownResult(run.status)?.paths ?? null });
    expect(seen()).toEqual({ kind: "idle", dimmed: false, shown: null });
    run.start(run.parse(TEXT, "cell-1.yaml"));
    expect(seen()).toEqual({ kind: "queued", dimmed: false, shown: null });
    await settle();
    expect(seen()).toEqual({ kind: "running", dimmed: false, shown: null });
    runs[0].hooks.onPartial?.({ result: result(4, true) });
    expect(seen()).toEqual({ kind: "running", dimmed: false, shown: 4 });
    runs[0].finish({ kind: "done", result: result(10), chunk: null as never });
    await settle();
    expect(seen()).toEqual({ kind: "done", dimmed: false, shown: 10 });
    run.edited();
    expect(seen()).toEqual({ kind: "stale", dimmed: true, shown: 10 });
    // A new run shows the last result dimmed until its own first paths are in.
    run.start(run.parse(TEXT, "cell-1.yaml"));
    await settle();
    expect(seen()).toEqual({ kind: "running", dimmed: true, shown: 10 });
    run.cancel();
    await settle();
    // Cancelled before any path: the result shown is still the one of the text before the edit.
    expect(seen()).toEqual({ kind: "stale", dimmed: true, shown: 10 });
    run.start(run.parse(TEXT, "cell-1.yaml"));
    await settle();
    runs[2].hooks.onPartial?.({ result: result(3, true) });
    run.cancel();
    await settle();
    expect(seen()).toEqual({ kind: "cancelled", dimmed: false, shown: 3 });
    run.start(run.parse(TEXT, "cell-1.yaml"));
    await settle();
    run.cancel();
    await settle();
    expect(seen()).toEqual({ kind: "cancelled", dimmed: true, shown: 3 });
    run.start(run.parse("creditlab: 1\nsegments: []\n", "cell-1.yaml"));
    expect(seen()).toEqual({ kind: "invalid", dimmed: true, shown: 3 });
    run.start(run.parse(TEXT, "cell-1.yaml"));
    await settle();
    runs[4].finish({ kind: "failed", message: "a worker stopped" });
    await settle();
    expect(run.status).toMatchObject({ kind: "failed", message: "a worker stopped" });
    expect(seen()).toEqual({ kind: "failed", dimmed: true, shown: 3 });
  });
});

describe("CellRun parses a text once", () => {
  const VARIANTS = `${TEXT}variants:\n  - { name: strict, policy: { fundingRate: 0.05 } }\n`;

  it("a run of the text the editor checked hands that very parse to the runner", async () => {
    const { runner, runs } = fakeRunner();
    // The notebook's tapes, none attached: the editor checks with the very tapes the run reads.
    const attached = {};
    const run = new CellRun(new RunQueue(), runner, () => attached);
    const cell = parseCell(VARIANTS, "cell-1.yaml", attached);
    const checked = cell.parsed;
    if (!checked.ok) throw new Error("the test scenario is invalid");
    run.checked(cell);
    expect(run.parse(VARIANTS, "cell-1.yaml")).toBe(cell);
    // Tapes attached since the check: the text is checked against them, in a parse of its own.
    let later = attached;
    const other = new CellRun(new RunQueue(), runner, () => later);
    other.checked(cell);
    later = {};
    expect(other.parse(VARIANTS, "cell-1.yaml")).not.toBe(cell);
    run.start(run.parse(VARIANTS, "cell-1.yaml"));
    await settle();
    expect(runs[0].parsed).toBe(checked.value);
    runs[0].finish({ kind: "done", result: result(10), chunk: null as never });
    await settle();
    // Every variant is kept with its own scenario, as the parser built it.
    expect(run.variants).toBe(checked.value.variants);
    expect(run.variants?.map((v) => v.name)).toEqual(["base", "strict"]);
    expect(run.variants?.[1].scenario.policy.fundingRate).toBe(0.05);
    expect(run.variants?.[0].scenario.policy.fundingRate).toBe(0);
    expect(run.scenario).toBe(checked.value.scenario);
  });

  it("a text with errors the editor checked is not parsed again to say so; moved to another place, it is", () => {
    const { runner, runs } = fakeRunner();
    const attached = {};
    const run = new CellRun(new RunQueue(), runner, () => attached);
    const cell = parseCell("creditlab: 1\nsegments: []\n", "cell-1.yaml", attached);
    run.checked(cell);
    expect(run.parse("creditlab: 1\nsegments: []\n", "cell-1.yaml")).toBe(cell);
    const moved = run.parse("creditlab: 1\nsegments: []\n", "cell-3.yaml");
    expect(moved).not.toBe(cell);
    run.start(moved);
    expect(run.errors[0].file).toBe("cell-3.yaml");
    expect(runs).toHaveLength(0);
  });

  it("a text other than the checked one is parsed for its run, and that parse is handed on", async () => {
    const { runner, runs } = fakeRunner();
    const run = new CellRun(new RunQueue(), runner);
    const cell = parseCell(TEXT, "cell-1.yaml", {});
    const checked = cell.parsed;
    if (!checked.ok) throw new Error("the test scenario is invalid");
    run.checked(cell);
    run.start(run.parse(VARIANTS, "cell-1.yaml"));
    await settle();
    expect(runs[0].parsed).not.toBe(checked.value);
    expect(runs[0].parsed).toEqual((parseScenario(VARIANTS, "cell-1.yaml") as { value: ParsedScenario }).value);
  });
});

describe("RunQueue", () => {
  it("starts one run at a time, in order, and skips runs cancelled while waiting", async () => {
    const { runner, runs } = fakeRunner();
    const queue = new RunQueue();
    const a = new CellRun(queue, runner);
    const b = new CellRun(queue, runner);
    const c = new CellRun(queue, runner);
    a.start(a.parse(TEXT, "a.yaml"));
    b.start(b.parse(TEXT, "b.yaml"));
    c.start(c.parse(TEXT, "c.yaml"));
    await settle();
    expect(runs).toHaveLength(1);
    expect([a.phase, b.phase, c.phase]).toEqual(["running", "queued", "queued"]);
    b.cancel();
    expect(b.phase).toBe("idle");
    runs[0].finish({ kind: "done", result: result(10), chunk: null as never });
    await settle();
    expect(runs).toHaveLength(2);
    expect(c.phase).toBe("running");
  });
});

describe("CellRun with loan tapes", () => {
  const ON_TAPE = `creditlab: 2
name: Book
simulation: { paths: 10, horizonMonths: 3 }
segments:
  - { name: cards, tape: book.csv, product: revolving, pd: 0.02, apr: 0.2 }
`;
  const tape = (text: string): Tape => {
    const read = readTape(text, "book.csv");
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    return read.value.tape;
  };

  it("does not run while a tape it names is missing, and asks for it", async () => {
    const { runner, runs } = fakeRunner();
    const run = new CellRun(new RunQueue(), runner);
    run.start(run.parse(ON_TAPE, "cell-1.yaml"));
    await settle();
    expect(runs).toHaveLength(0);
    expect(run.waiting).toBe(true);
    expect(run.missing).toEqual(["book.csv"]);
    expect(run.errors).toEqual([]);
    expect(run.phase).toBe("idle");
  });

  it("runs with the tapes its segments name, once attached, and with no other", async () => {
    const { runner, runs } = fakeRunner();
    const book = tape("balance,limit\n100,500\n250,1000\n");
    const other = tape("balance\n1\n");
    const requests: Parameters<Runner>[0][] = [];
    const withTapes = new CellRun(new RunQueue(), (request, hooks) => (requests.push(request), runner(request, hooks)), () => ({ "book.csv": book, "other.csv": other }));
    withTapes.start(withTapes.parse(ON_TAPE, "cell-1.yaml"));
    await settle();
    expect(runs).toHaveLength(1);
    expect(withTapes.waiting).toBe(false);
    expect(withTapes.missing).toEqual([]);
    expect(requests[0].tapes).toEqual({ "book.csv": book });
  });

  it("checks the one parse against the tapes as a parse with the tapes would: the same errors, or the same scenario", () => {
    for (const attached of [{ "book.csv": tape("balance\n100\n") }, { "book.csv": tape("balance,limit\n100,500\n") }]) {
      const cell = parseCell(ON_TAPE, "cell-1.yaml", attached);
      expect(cell.parsed).toEqual(parseScenario(ON_TAPE, "cell-1.yaml", attached));
    }
  });

  it("places a tape that does not fit its segment at the segment's tape key, and does not run", async () => {
    const { runner, runs } = fakeRunner();
    // A credit line needs a limit on every row.
    const run = new CellRun(new RunQueue(), runner, () => ({ "book.csv": tape("balance\n100\n") }));
    run.start(run.parse(ON_TAPE, "cell-1.yaml"));
    await settle();
    expect(runs).toHaveLength(0);
    expect(run.phase).toBe("invalid");
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatchObject({ line: 5, path: "segments[0].tape" });
    expect(run.errors[0].message).toContain("allowed: a limit on every row");
    expect(ON_TAPE.slice(run.errors[0].from, run.errors[0].to)).toBe("book.csv");
  });
});
