/**
 * Golden summaries of every scenario in scenarios/: each file (and each `scenario` block
 * of each notebook) must validate, and a short run of it must reproduce the rounded
 * summary committed in test/scenarios/goldens/<file>.json. The point is determinism and a
 * smoke run of every shipped scenario, not accuracy: the runs are a few dozen paths.
 *
 * Rounding before comparing, as Observable Plot's snapshot tests do, keeps the goldens
 * readable and stable against the last bits of floating point.
 *
 * A missing golden is written and the test fails, so a new scenario's first numbers are
 * looked at before they are trusted. After a deliberate change of a scenario or of the
 * engine, rewrite the goldens and review the diff:
 *
 *   UPDATE_GOLDENS=1 npx vitest run test/scenarios
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { summarizeRun } from "../../src/result/summarizeRun.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import type { ResultFile } from "../../src/result/resultFile.ts";
import { formatScenarioError } from "../../src/scenario/errors.ts";
import { applyOverrides, parseScenario, type ParsedScenario } from "../../src/scenario/parse.ts";
import type { Tapes } from "../../src/data/tapes.ts";
import { fenceLabel, findInlines } from "../../src/notebook/liveValues.ts";
import { parseNotebook } from "../../src/notebook/notebookFile.ts";
import { liveValue } from "../../src/result/liveValue.ts";
import { libraryFiles, libraryTapes, scenarioLabel, SCENARIO_DIR, type LibraryScenario } from "./library.ts";

const GOLDEN_DIR = fileURLToPath(new URL("./goldens/", import.meta.url));
const UPDATE = process.env.UPDATE_GOLDENS === "1";

/**
 * Paths of a golden run: at most MAX_PATHS, fewer for a big book so that no scenario
 * simulates more than about WORK account-periods (accounts and applicant slots × periods
 * × variants), and never fewer than MIN_PATHS. Keeps the suite quick on two cores.
 */
const MAX_PATHS = 40;
const MIN_PATHS = 8;
const WORK = 20e6;

/** Four significant figures. */
const round = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(4)));

/** Account-periods of one path: accounts at the start and applicant slots, times periods, summed over variants. */
function workPerPath(parsed: ParsedScenario): number {
  return parsed.variants.reduce((sum, { scenario: s }) => {
    const { horizonMonths, periodMonths } = s.simulation;
    const slots = s.segments.reduce((n, g) => n + (g.accounts ?? 0) + (g.originations?.perMonth ?? 0) * horizonMonths, 0);
    return sum + slots * (horizonMonths / periodMonths);
  }, 0);
}

const goldenPaths = (parsed: ParsedScenario): number =>
  Math.max(MIN_PATHS, Math.min(MAX_PATHS, Math.floor(WORK / Math.max(1, workPerPath(parsed)))));

function parseOrThrow(s: LibraryScenario, tapes: Tapes): ParsedScenario {
  const parsed = parseScenario(s.text, scenarioLabel(s), tapes);
  if (!parsed.ok) throw new Error(parsed.error.map(formatScenarioError).join("\n"));
  return parsed.value;
}

function run(parsed: ParsedScenario, paths: number, tapes: Tapes): ResultFile {
  const short = applyOverrides(parsed, { paths });
  const model = compileModel(short.variants, tapes);
  const { simulation } = model;
  const chunk = simulatePaths(model, 0, paths);
  return summarizeRun(
    {
      layout: model.layout,
      variantNames: model.variantNames,
      scenarioName: short.scenario.name,
      sha256: "",
      seed: simulation.seed,
      paths,
      horizonMonths: simulation.horizonMonths,
      periodMonths: simulation.periodMonths,
      engine: "golden",
      samples: false,
      partial: false,
    },
    chunk,
  );
}

/** Each golden run's result, by file#block: the live values of the notebook's prose are read from it. */
const results = new Map<string, ResultFile>();

/**
 * What is wrong with the live values of a notebook's prose (README, "Live values in prose"),
 * read against its golden runs: a label no cell declares, a variant, metric or statistic
 * the result does not hold. Too few paths for an interval is not wrong.
 */
function liveValueProblems(file: string): string[] {
  const nb = parseNotebook(readFileSync(`${SCENARIO_DIR}${file}`, "utf8"));
  const blocks = new Map<string, number>();
  nb.cells.filter((c) => c.kind === "scenario").forEach((c, k) => {
    const label = c.kind === "scenario" ? fenceLabel(c.open) : null;
    if (label) blocks.set(label, k);
  });
  return nb.cells.flatMap((c) => (c.kind === "markdown" ? findInlines(c.text) : [])).flatMap((f) => {
    const spec = f.inline.kind === "value" ? f.inline.spec : f.inline.kind === "exercise" && f.inline.answer.kind === "live" ? f.inline.answer.spec : null;
    if (f.inline.kind === "invalid") return [`${f.source}: ${f.inline.message}`];
    if (!spec) return [];
    const block = blocks.get(spec.cell);
    if (block === undefined) return [`${f.source}: no cell is labelled "${spec.cell}"`];
    const v = liveValue(results.get(`${file}#${block}`)!, spec);
    return v.ok || /fewer than 20 paths/.test(v.message) ? [] : [`${f.source}: ${v.message}`];
  });
}

/** The rounded figures a golden holds for one scenario. */
function goldenSummary(s: LibraryScenario) {
  const tapes = libraryTapes(s);
  const parsed = parseOrThrow(s, tapes);
  const paths = goldenPaths(parsed);
  const result = run(parsed, paths, tapes);
  results.set(`${s.file}#${s.block}`, result);
  return {
    block: s.block,
    name: parsed.scenario.name,
    paths,
    variants: result.variants.map((v) => ({
      name: v.name,
      defaultRate: round(v.book.defaultRate.mean),
      lossRate: round(v.book.lossRate?.mean ?? Number.NaN),
      netLoss: round(v.book.netLoss.mean),
      var99: round(v.book.var["0.99"]),
      es99: round(v.book.es["0.99"]),
      profit: round(v.book.profit.mean),
      income: round(v.book.income.mean),
      lifetimeLoss: round(v.book.lifetimeLoss.mean),
      costs: round(v.book.operatingCost.mean + v.book.acquisitionCost.mean),
      // The loss kept after credit insurance; the net loss's ES when the book is uninsured.
      retainedEs99: round(v.book.retainedEs["0.99"]),
      ...(Object.keys(v.tranches).length > 0 && {
        trancheLoss: Object.fromEntries(Object.entries(v.tranches).map(([name, t]) => [name, round(t.loss.mean)])),
      }),
      // A securitization's notes: each one's mean loss and weighted average life.
      ...(v.notes !== undefined && {
        notes: Object.fromEntries(Object.entries(v.notes).map(([name, n]) => [name, { loss: round(n.loss.mean), wal: round(n.wal.mean) }])),
      }),
    })),
    differences: result.differences.map((d) => ({
      variant: d.variant,
      vs: d.vs,
      defaultRate: round(d.defaultRate.mean),
      netLoss: round(d.netLoss.mean),
      profit: round(d.profit.mean),
      lifetimeLoss: round(d.lifetimeLoss.mean),
    })),
  };
}

const files = libraryFiles();

describe("the scenario library", () => {
  it("has scenarios", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const { file, scenarios } of files) {
    describe(file, () => {
      for (const s of scenarios) {
        it(`${scenarioLabel(s)} validates`, () => {
          const parsed = parseScenario(s.text, scenarioLabel(s), libraryTapes(s));
          expect(parsed.ok ? [] : parsed.error.map(formatScenarioError)).toEqual([]);
        });
      }

      it("matches its golden summary", () => {
        const actual = { file, scenarios: scenarios.map(goldenSummary) };
        const path = `${GOLDEN_DIR}${file}.json`;
        const text = JSON.stringify(actual, null, 2) + "\n";
        if (UPDATE || !existsSync(path)) {
          mkdirSync(GOLDEN_DIR, { recursive: true });
          writeFileSync(path, text);
          if (!UPDATE) throw new Error(`no golden for ${file}: wrote ${path}; check it and run again`);
          return;
        }
        expect(actual).toEqual(JSON.parse(readFileSync(path, "utf8")));
      });

      if (file.endsWith(".md")) {
        it("its prose's live values name what its runs hold", () => {
          expect(liveValueProblems(file)).toEqual([]);
        });
      }
    });
  }
});
