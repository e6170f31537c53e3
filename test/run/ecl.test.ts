/**
 * The expected credit loss a run hands the page: computed by an engine worker on the run's
 * own loaded scenarios once the paths are done, it is the report the main thread computes
 * from the same scenarios, figure for figure; a run not asked for it, or of a scenario
 * without `provisioning`, carries none.
 */
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { eclReport } from "../../src/engine/ecl/report.ts";
import { compileModel } from "../../src/engine/model.ts";
import { WorkerPool } from "../../src/run/pool.ts";
import { runScenario, type RunEnvironment } from "../../src/run/runScenario.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { SMALL, watchedSpawn } from "./helpers.ts";

/** SMALL's two products, with a tenth of the accounts: the runs here only carry the report. */
const TINY = { ...SMALL, segments: SMALL.segments.map((g) => ({ ...g, accounts: (g.accounts ?? 0) / 10 })) };

const PROVISIONED = JSON.stringify({
  ...TINY,
  provisioning: { standard: "ifrs9", scenarios: { base: 0.7, downturn: 0.3 } },
  variants: [{ name: "downturn", macro: { shocks: [{ factor: "economy", path: [-1, -2] }] } }],
});

// One worker for every run here, kept between them as the page keeps its pool: each run
// and each ECL request finds the worker holding the previous one's scenarios.
const { spawn } = watchedSpawn();
const pool = new WorkerPool(spawn, 1);
const env: RunEnvironment = {
  defaultWorkers: 1,
  memoryBudget: 2 ** 34,
  sha256: async (text) => createHash("sha256").update(text).digest("hex"),
  acquirePool: async () => ({ pool, release: async () => undefined }),
};
afterAll(() => pool.close());

/** The report as the main thread computes it, without the per-row columns the worker leaves out. */
function expected(text: string) {
  const parsed = parseScenario(text, "provisioned.json");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const model = compileModel(parsed.value.variants);
  return { ...eclReport(model, model.provisioning!), rows: [] };
}

describe("the ECL of a run", () => {
  it("is the main thread's report, from the worker that ran the paths", async () => {
    const outcome = await runScenario({ text: PROVISIONED, file: "provisioned.json", paths: 16, workers: 1, ecl: true }, {}, env).outcome;
    if (outcome.kind !== "done") throw new Error(JSON.stringify(outcome));
    expect(outcome.ecl).toEqual({ ok: true, value: expected(PROVISIONED) });
    const report = outcome.ecl?.ok ? outcome.ecl.value : null;
    expect(report?.scenarios.map((s) => [s.name, s.weight])).toEqual([
      ["base", 0.7],
      ["downturn", 0.3],
    ]);
  });

  it("is computed for scenarios the worker does not hold too, loading them first", async () => {
    const parsed = parseScenario(PROVISIONED, "provisioned.json");
    if (!parsed.ok) throw new Error("invalid");
    expect(await pool.ecl({ variants: parsed.value.variants })).toEqual(expected(PROVISIONED));
  });

  it("is absent when not asked for, and for a scenario without provisioning", async () => {
    const unasked = await runScenario({ text: PROVISIONED, file: "provisioned.json", paths: 16, workers: 1 }, {}, env).outcome;
    expect(unasked.kind === "done" && "ecl" in unasked).toBe(false);
    const bare = await runScenario({ text: JSON.stringify(TINY), file: "small.json", paths: 16, workers: 1, ecl: true }, {}, env).outcome;
    expect(bare.kind === "done" && "ecl" in bare).toBe(false);
  });
});
