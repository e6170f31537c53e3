/**
 * A scenario cell's runs with keys set: its `sensitivity:` (the tornado chart) after each
 * completed run, and the reverse stress test its form asks for. They are the command
 * line's computations (src/run/sensitivity.ts, src/run/reverse.ts) on the same runs
 * (src/run/keyRuns.ts): the cell's text with the keys set as `--set` sets them, parsed
 * with the cell's tapes, run on the page's workers through the run queue, one run at a
 * time, with the cell's seed and paths, so the page and `creditlab sensitivity` give the
 * same numbers for the same text. A new run of the cell, or another study, stops the one
 * in progress (its queued run never starts; its running one is cancelled).
 */
import type { PathMetricName } from "../../engine/metrics.ts";
import { keyRuns, type KeyValues } from "../../run/keyRuns.ts";
import { reverseOnKey, type ReverseAnswer, type ReverseWords } from "../../run/reverse.ts";
import { runSensitivity, scenarioSensitivity, type MetricSensitivity } from "../../run/sensitivity.ts";
import type { RunHandle, RunOutcome, RunRequest } from "../../run/types.ts";
import { hasUncertainty, splitVariance } from "../../run/uncertainty.ts";
import type { ResultFile, UncertaintyResult } from "../../result/resultFile.ts";
import type { ParsedScenario } from "../../scenario/parse.ts";
import type { ScenarioError } from "../../scenario/errors.ts";
import { setKeys } from "../../scenario/setKeys.ts";
import type { Statistic } from "../../stats/statistic.ts";
import { err, ok } from "../../util/result.ts";
import { parseCell, type CellParse } from "./parseCell.ts";
import type { RunQueue, Ticket } from "./runQueue.ts";

export type SensitivityView =
  | { phase: "running"; done: number; total: number }
  | { phase: "done"; metrics: MetricSensitivity[]; paths: number; seed: string | number; quantile: number | null }
  | { phase: "invalid"; errors: ScenarioError[] }
  | { phase: "failed"; message: string };

/** Parameter uncertainty's variance split of the cell's last run (src/run/uncertainty.ts): its two runs' progress, the split, or why it stopped. */
export type UncertaintyView = { phase: "running"; done: number; total: number } | { phase: "done"; split: UncertaintyResult } | { phase: "failed"; message: string };

/**
 * How the search's messages name what the page's user can give: the form's "Search
 * between" fields for a bracket, the cell's `simulation.paths` for a path count (the
 * command line names its flags instead).
 */
const FORM_WORDS: ReverseWords = {
  giveBracket: "give the range to search in “Search between”",
  bracket: ([lo, hi]) => `Search between ${lo} and ${hi}`,
  paths: (n) => `simulation.paths: ${n} in the cell`,
};

/** What the reverse form asked for. */
export interface ReverseQuestion {
  vary: string;
  metric: PathMetricName;
  quantile: number | null;
  reach: number;
  /** The range to search in; null: from the key's value in the cell. */
  between: [number, number] | null;
}

export type ReverseView =
  | { phase: "running"; question: ReverseQuestion; runs: { value: number; statistic: number | null }[] }
  | { phase: "done"; question: ReverseQuestion; answer: ReverseAnswer; paths: number }
  | { phase: "failed"; question: ReverseQuestion; message: string }
  | { phase: "cancelled"; question: ReverseQuestion };

/** Starts a run on the workers (the cell's runner: `runInBrowser` in the page). */
type Runner = (request: RunRequest & { parsed: ParsedScenario }, hooks: Record<string, never>) => RunHandle;

export class KeyStudies {
  sensitivity = $state.raw<SensitivityView | null>(null);
  reverse = $state.raw<ReverseView | null>(null);
  uncertainty = $state.raw<UncertaintyView | null>(null);

  /** Bumped by every stop: a study whose generation is gone drops its reports. */
  #generation = 0;
  #pending: { ticket: Ticket; handle: RunHandle | null; resolve(o: RunOutcome): void } | null = null;
  readonly #queue: RunQueue;
  readonly #runner: Runner;

  constructor(queue: RunQueue, runner: Runner) {
    this.#queue = queue;
    this.#runner = runner;
  }

  /** Stops the study in progress; what it showed goes when `clear`. */
  stop(clear = false): void {
    this.#generation++;
    const p = this.#pending;
    this.#pending = null;
    if (p) {
      p.ticket.cancel();
      p.handle?.cancel();
      p.resolve({ kind: "cancelled", result: null, chunk: null });
    }
    if (this.sensitivity?.phase === "running" || clear) this.sensitivity = null;
    if (this.uncertainty?.phase === "running" || clear) this.uncertainty = null;
    if (this.reverse?.phase === "running") this.reverse = { phase: "cancelled", question: this.reverse.question };
    if (clear) this.reverse = null;
  }

  /** The cell's text run with keys set, on the page's workers, one run at a time through the queue. */
  #values(cell: CellParse, generation: number): KeyValues {
    return keyRuns({
      prepare: async (keys) => {
        const set = setKeys(cell.text, cell.file, keys);
        if (!set.ok) return err(set.error);
        const parsed = parseCell(set.value.text, cell.file, cell.attached);
        if (!parsed.parsed.ok) return err(parsed.parsed.error.map((e) => `${e.path}: ${e.message}`).join("; "));
        return ok({ text: set.value.text, file: cell.file, parsed: parsed.parsed.value, tapes: parsed.tapes });
      },
      run: (request) => this.#run(request, generation),
    });
  }

  /**
   * What follows a completed run of the cell: parameter uncertainty's variance split when a
   * segment has `uncertainty` (its two runs first: the result's own numbers), then the
   * tornado of its `sensitivity:`.
   */
  async afterRun(cell: CellParse, result: ResultFile): Promise<void> {
    this.stop(true);
    const generation = this.#generation;
    await this.#split(cell, result, generation);
    if (generation === this.#generation) await this.#sensitivity(cell, generation);
  }

  /** The split of the result (a run of the cell kept with its per-path values) from two more runs on the same paths, as `creditlab run` makes it. */
  async #split(cell: CellParse, result: ResultFile, generation: number): Promise<void> {
    if (!cell.parsed.ok || !hasUncertainty(cell.parsed.value)) return;
    const mine = () => generation === this.#generation;
    let done = 0;
    this.uncertainty = { phase: "running", done, total: 2 };
    const split = await splitVariance(result, cell.parsed.value, async (parsed) => {
      const outcome = await this.#run({ text: cell.text, file: cell.file, parsed, tapes: cell.tapes, samples: true }, generation);
      if (mine()) this.uncertainty = { phase: "running", done: ++done, total: 2 };
      return outcome;
    });
    if (!mine()) return;
    this.uncertainty = split.ok ? { phase: "done", split: split.value } : { phase: "failed", message: split.error };
  }

  /** One run on the page's workers through the queue; cancelled when a stop has come since `generation`. */
  #run(request: RunRequest & { parsed: ParsedScenario }, generation: number): Promise<RunOutcome> {
    return new Promise<RunOutcome>((resolve) => {
      if (generation !== this.#generation) return resolve({ kind: "cancelled", result: null, chunk: null });
      const pending: { ticket: Ticket; handle: RunHandle | null; resolve(o: RunOutcome): void } = { ticket: { cancel() {} }, handle: null, resolve };
      pending.ticket = this.#queue.submit(() => {
        const handle = this.#runner(request, {});
        pending.handle = handle;
        handle.outcome.then(
          (o) => {
            if (this.#pending === pending) this.#pending = null;
            resolve(o);
          },
          (e: unknown) => resolve({ kind: "failed", message: e instanceof Error ? e.message : String(e) }),
        );
        return handle;
      });
      this.#pending = pending;
    });
  }

  /** Runs the cell's `sensitivity:` (nothing when it has none). */
  async runSensitivity(cell: CellParse): Promise<void> {
    this.stop(true);
    await this.#sensitivity(cell, this.#generation);
  }

  async #sensitivity(cell: CellParse, generation: number): Promise<void> {
    if (!cell.parsed.ok) return;
    const scenario = cell.parsed.value.scenario;
    const plan = scenarioSensitivity(scenario, cell.text, cell.file);
    if (!plan) return;
    if (!plan.ok) {
      this.sensitivity = { phase: "invalid", errors: plan.error };
      return;
    }
    const mine = () => generation === this.#generation;
    this.sensitivity = { phase: "running", done: 0, total: 1 + 2 * plan.value.ranges.length };
    const solved = await runSensitivity(this.#values(cell, generation), plan.value, (done, total) => {
      if (mine()) this.sensitivity = { phase: "running", done, total };
    });
    if (!mine()) return;
    if (solved.ok) {
      const { paths, seed } = scenario.simulation;
      this.sensitivity = { phase: "done", metrics: solved.value, paths, seed, quantile: plan.value.quantile ?? null };
    } else {
      const { range, value, message } = solved.error;
      this.sensitivity = { phase: "failed", message: range ? `${range.key} at ${value}: ${message}` : message };
    }
  }

  /** Runs the reverse stress test the form asks for, on the cell's text. */
  async runReverse(cell: CellParse, question: ReverseQuestion): Promise<void> {
    this.stop();
    if (!cell.parsed.ok) return;
    const generation = this.#generation;
    const mine = () => generation === this.#generation;
    const runs: { value: number; statistic: number | null }[] = [];
    this.reverse = { phase: "running", question, runs: [] };
    const stat: Statistic = question.quantile === null ? { kind: "mean" } : { kind: "quantile", level: question.quantile };
    const scenario = cell.parsed.value.scenario;
    const solved = await reverseOnKey({
      values: this.#values(cell, generation),
      vary: question.vary,
      metric: question.metric,
      stat,
      reach: question.reach,
      between: question.between ?? undefined,
      words: FORM_WORDS,
      text: cell.text,
      file: cell.file,
      scenario,
      onEvaluation: (value, reading) => {
        if (!mine()) return;
        runs.push({ value, statistic: reading.ok ? reading.value.statistic : null });
        this.reverse = { phase: "running", question, runs: [...runs] };
      },
    });
    if (!mine()) return;
    this.reverse = solved.ok ? { phase: "done", question, answer: solved.value, paths: scenario.simulation.paths } : { phase: "failed", question, message: solved.error.message };
  }
}
