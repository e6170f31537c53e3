import { describe, expect, it } from "vitest";
import { buildBook } from "../../src/engine/book.ts";
import { NPM } from "../../src/engine/layout.ts";
import { Workspace } from "../../src/engine/workspace.ts";
import { estimateRun, refuseOversizedRun, WORKER_BASE_BYTES } from "../../src/run/plan.ts";
import { createWorkerApi } from "../../src/run/workerApi.ts";
import { scenarioSchema, type ScenarioInput } from "../../src/scenario/schema.ts";
import { buildModel } from "../engine/helpers.ts";

// 1,000 cards; 500 loans plus applicants (50 a month in the base, 80 in the variant), in
// quarters over a year: 4 periods, 80 · 3 = 240 applicant slots a period.
const withApplicants = (perMonth: number): ScenarioInput => ({
  creditlab: 1,
  simulation: { paths: 1000, horizonMonths: 12, periodMonths: 3 },
  segments: [
    { name: "cards", accounts: 1000, pd: 0.02 },
    {
      name: "loans",
      accounts: 500,
      product: "instalment",
      score: { mean: 650, sd: 50 },
      scorecard: { score: 600, odds: 30, pdo: 20 },
      originations: { perMonth, score: { mean: 640, sd: 55 } },
    },
  ],
});
const model = buildModel(withApplicants(50), [{ name: "more applicants", input: withApplicants(80) }]);

/** Every typed array the engine allocates for one worker's book and path columns. */
function allocatedBytes(): number {
  const book = buildBook(model);
  // A column, or a list of them (one a segment: the arrears lists and their month-end records).
  const arrays = (o: object) =>
    Object.values(o).flatMap((v): ArrayBufferView[] => (ArrayBuffer.isView(v) ? [v] : Array.isArray(v) ? v.filter((x): x is ArrayBufferView => ArrayBuffer.isView(x)) : []));
  const distinct = [...new Set(book.variants)];
  const columns = [book, ...distinct, new Workspace(book, model)].flatMap(arrays);
  const grids = distinct.flatMap((v) => v.grids);
  // Views of the same bytes (the workspace's records, read as numbers, 16-bit fields and bytes) count once.
  const bytes = new Map<ArrayBufferLike, Set<string>>();
  let n = 0;
  for (const a of [...columns, ...grids]) {
    const seen = bytes.get(a.buffer) ?? new Set<string>();
    bytes.set(a.buffer, seen);
    const key = `${a.byteOffset}:${a.byteLength}`;
    if (!seen.has(key)) n += a.byteLength;
    seen.add(key);
  }
  return n;
}

describe("estimateRun", () => {
  it("counts starting accounts and the applicant slots of the busiest variant", () => {
    expect(estimateRun(model, 1).bookSlots).toBe(1000 + 500 + 240 * 4);
  });

  it("covers what the engine allocates for a worker's book, within 5%", () => {
    const book = estimateRun(model, 1).workerBytes - WORKER_BASE_BYTES;
    const actual = allocatedBytes();
    expect(book).toBeGreaterThanOrEqual(actual * 0.95);
    expect(book).toBeLessThanOrEqual(actual * 1.05);
  });

  it("keeps each path's numbers twice: the metrics of 3 rows and 4 periods × 40 columns, per variant", () => {
    // Rows: the book and 2 segments; periods: 4 · (37 fixed + 2 buckets + 1 factor) = 160.
    expect(estimateRun(model, 1).resultBytes).toBe(1000 * 2 * (NPM * 3 + 160) * 8 * 2);
  });

  it("grows with the workers, each building its own book and keeping others", () => {
    const one = estimateRun(model, 1);
    const four = estimateRun(model, 4);
    expect(four.totalBytes - one.totalBytes).toBe(3 * (one.workerBytes + one.keptBytes));
  });

  it("counts the books a worker keeps of other scenarios: 16 MiB each, two beside a small book, three beside a large one", () => {
    expect(estimateRun(model, 1).workerBytes - WORKER_BASE_BYTES).toBeLessThanOrEqual(16 * 2 ** 20);
    expect(estimateRun(model, 1).keptBytes).toBe(2 * 16 * 2 ** 20);
    // 400,000 cards: a book of tens of MB, built for its run alone, beside three kept small ones.
    const large = buildModel({ creditlab: 1, simulation: { paths: 100, horizonMonths: 12 }, segments: [{ name: "cards", accounts: 400_000, pd: 0.02 }] });
    expect(estimateRun(large, 1).workerBytes - WORKER_BASE_BYTES).toBeGreaterThan(16 * 2 ** 20);
    expect(estimateRun(large, 2).keptBytes).toBe(3 * 16 * 2 ** 20);
    const { workerBytes, keptBytes, resultBytes, totalBytes } = estimateRun(large, 2);
    expect(totalBytes).toBe(2 * (workerBytes + keptBytes) + resultBytes);
  });

  it("counts as many kept books as a worker keeps: three small ones at once, the oldest then dropped", () => {
    // A worker compiles a model only for scenarios it does not keep (workerApi.ts).
    const at = (pd: number) => [{ name: "base", scenario: scenarioSchema.parse({ ...withApplicants(50), segments: [{ name: "cards", accounts: 1000, pd }] }) }];
    const api = createWorkerApi();
    api.load(at(0.02));
    api.prepare(at(0.03));
    api.prepare(at(0.04));
    expect(api.compiled()).toBe(3);
    for (const pd of [0.02, 0.03, 0.04]) api.load(at(pd));
    expect(api.compiled()).toBe(3);
    api.prepare(at(0.05));
    api.load(at(0.02)); // the least recently used, dropped for 0.05
    expect(api.compiled()).toBe(5);
  });
});

describe("refuseOversizedRun", () => {
  const total = estimateRun(model, 2).totalBytes;

  it("lets a run through that fits the budget exactly", () => {
    expect(refuseOversizedRun(model, 2, total)).toBeNull();
  });

  it("refuses one byte less, in one line naming the book, the paths and the limit", () => {
    const message = refuseOversizedRun(model, 2, total - 1);
    expect(message).toMatch(/^this run needs about 0\.\d\d GB of memory \(2 workers × 0\.\d\d GB for a book of 2,460 account slots/);
    expect(message).toContain("1,000 paths × 2 variants");
    expect(message).toContain("use fewer workers, fewer paths or a smaller book");
    expect(message).not.toContain("\n");
  });
});
