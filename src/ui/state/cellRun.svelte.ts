/**
 * One scenario cell's runs: the request, its progress, its result and what became of it.
 * Each run has an id; progress and results of a run that has been superseded are dropped
 * (svelte.dev's `Compiler.ts` does the same with its compile ids).
 *
 * A cell's text is parsed once: the editor's check parses it as it is typed and hands the
 * parse here (`checked`); `parse` gives that parse back for the same text and tapes, and
 * parses only a text not checked yet; a run takes a parse (`start`), never a text, and
 * hands it on to the runner, which does not parse again. The cell keeps every variant of
 * the parse, so that charts read each variant's own scenario.
 *
 * A scenario that reads loan tapes runs with the notebook's tapes (notebookTapes.svelte.ts);
 * while one it names is not attached, the cell does not run but waits for it (`missing`).
 */
import type { ResultFile } from "../../result/resultFile.ts";
import type { ScenarioError } from "../../scenario/errors.ts";
import type { Tapes } from "../../data/tapes.ts";
import type { NamedScenario, ParsedScenario } from "../../scenario/parse.ts";
import type { Scenario } from "../../scenario/schema.ts";
import type { Progress, RunHandle, RunOutcome, RunRequest } from "../../run/types.ts";
import type { EclReport } from "../../run/workerApi.ts";
import type { Result } from "../../util/result.ts";
import { resultShown } from "./firstResult.ts";
import { KeyStudies } from "./keyStudies.svelte.ts";
import { hasUncertainty } from "../../run/uncertainty.ts";
import { parseCell, type CellParse } from "./parseCell.ts";
import type { RunQueue, Ticket } from "./runQueue.ts";
import { busy, runStatus, type RunPhase, type RunStatus } from "./runStatus.ts";

/** Starts a run on the workers; `runInBrowser` in the page. The request always carries its parse. */
export type Runner = (
  request: RunRequest & { parsed: ParsedScenario },
  hooks: { onProgress?(p: Progress): void; onPartial?(p: { result: ResultFile }): void },
) => RunHandle;

const NO_TAPES: Tapes = Object.freeze({});

export class CellRun {
  phase = $state<RunPhase>("idle");
  /** The scenario text changed after the shown result was computed. */
  stale = $state(false);
  result = $state.raw<ResultFile | null>(null);
  /** `result` is of the latest run, not left over from before it. */
  ownResult = $state(false);
  /** The base and each variant (its own merged scenario) the shown result was computed from. */
  variants = $state.raw<NamedScenario[] | null>(null);
  progress = $state.raw<Progress | null>(null);
  /** Errors of the text last run or checked; empty when it is valid. */
  errors = $state.raw<ScenarioError[]>([]);
  /** The scenario as last checked while typing, when it was valid. */
  checkedScenario = $state.raw<Scenario | null>(null);
  /** Why the last run failed, when it did. */
  failure = $state("");
  /** The tape paths the text names, as last parsed. */
  named = $state.raw<string[]>([]);
  /** The last run did not start: a tape it names is not attached. */
  waiting = $state(false);
  /**
   * The expected credit loss of the book at the start, computed by an engine worker after a
   * run of a scenario with `provisioning` completes, for the shown result; null otherwise.
   */
  ecl = $state.raw<Result<EclReport, string> | null>(null);

  #id = 0;
  /** The run that reports, from its start until its outcome (workers may report after a cancel). */
  #reporting = 0;
  /** The last parse, the editor's or a run's. */
  #parsed: CellParse | null = null;
  #ticket: Ticket | null = null;
  #handle: RunHandle | null = null;

  readonly #queue: RunQueue;
  readonly #runner: Runner;
  readonly #tapes: () => Tapes;

  /** The cell's sensitivity (run after each completed run of a scenario with `sensitivity:`) and reverse stress test. */
  readonly studies: KeyStudies;

  /** `tapes` gives the notebook's attached tapes, by path (none by default). */
  constructor(queue: RunQueue, runner: Runner, tapes: () => Tapes = () => NO_TAPES) {
    this.#queue = queue;
    this.#runner = runner;
    this.#tapes = tapes;
    this.studies = new KeyStudies(queue, runner);
  }

  /** Tapes the text names that are not attached. */
  missing: string[] = $derived.by(() => {
    const attached = this.#tapes();
    return this.named.filter((p) => !(p in attached));
  });

  /** What the cell shows of its run, derived here once (runStatus.ts). */
  status: RunStatus = $derived(
    runStatus({
      phase: this.phase,
      result: this.result,
      ownResult: this.ownResult,
      stale: this.stale,
      progress: this.progress,
      errors: this.errors,
      failure: this.failure,
      missing: this.missing,
    }),
  );

  /** The base scenario the shown result was computed from. */
  get scenario(): Scenario | null {
    return this.variants?.[0].scenario ?? null;
  }

  get busy(): boolean {
    return busy(this.status);
  }

  /** The text was edited: the shown result no longer matches it. */
  edited(): void {
    if (this.result) this.stale = true;
  }

  /** The text was checked while typing, before any run; `parse` gives this parse back for the same text and tapes. */
  checked(cell: CellParse): void {
    const { parsed } = cell;
    this.errors = parsed.ok ? [] : parsed.error;
    if (cell.named) this.named = cell.named;
    if (parsed.ok) this.checkedScenario = parsed.value.scenario;
    this.#parsed = cell;
  }

  /** `text` parsed: the parse the editor handed over when it is of the same text, file name and tapes, else a new one. */
  parse(text: string, file: string): CellParse {
    const attached = this.#tapes();
    const last = this.#parsed;
    if (last?.text === text && last.file === file && last.attached === attached) return last;
    this.#parsed = parseCell(text, file, attached);
    return this.#parsed;
  }

  /** Runs a parsed text (`parse`), superseding this cell's run in progress. Invalid text never runs, nor text whose tapes are missing. */
  start(cell: CellParse): void {
    this.#stop();
    this.studies.stop();
    const id = ++this.#id;
    const { parsed, text, file } = cell;
    if (cell.named) this.named = cell.named;
    this.waiting = false;
    if (!parsed.ok) {
      this.errors = parsed.error;
      this.phase = "invalid";
      resultShown();
      return;
    }
    this.errors = [];
    if (cell.missing.length > 0) {
      // Not a failure: the cell asks for the tapes and runs once they are attached.
      this.checkedScenario = parsed.value.scenario;
      this.waiting = true;
      this.stale = this.result !== null;
      this.phase = "idle";
      resultShown();
      return;
    }
    this.checkedScenario = parsed.value.scenario;
    this.failure = "";
    this.progress = null;
    this.ownResult = false;
    this.phase = "queued";
    const variants = parsed.value.variants;
    this.#ticket = this.#queue.submit(() => {
      this.#reporting = id;
      const handle = this.#runner(
        // With parameter uncertainty the run keeps its per-path values: the variance split reads them (keyStudies.svelte.ts).
        { text, file, parsed: parsed.value, tapes: cell.tapes, ecl: true, ...(hasUncertainty(parsed.value) ? { samples: true } : {}) },
        {
          onProgress: (p) => {
            if (this.#takes(id)) this.progress = p;
          },
          onPartial: ({ result }) => {
            if (!this.#takes(id)) return;
            this.result = result;
            this.ecl = null;
            this.ownResult = true;
            this.variants = variants;
            this.stale = false;
            resultShown();
          },
        },
      );
      if (id === this.#id) {
        this.#handle = handle;
        this.phase = "running";
      }
      handle.outcome.then(
        (outcome) => {
          this.#finish(id, outcome, variants);
          // The variance split's and the tornado's runs queue behind the cell's own: the charts come first.
          if (outcome.kind === "done" && id === this.#id) void this.studies.afterRun(cell, outcome.result);
        },
        (e: unknown) => this.#finish(id, { kind: "failed", message: e instanceof Error ? e.message : String(e) }, variants),
      );
      return handle;
    });
  }

  /** Stops the run in progress or waiting; a run that had begun keeps its partial result. */
  cancel(): void {
    this.studies.stop();
    if (this.phase === "queued") {
      this.#ticket?.cancel();
      this.#ticket = null;
      this.phase = this.result ? "cancelled" : "idle";
      return;
    }
    this.#handle?.cancel();
  }

  /** Whether run `id`'s reports are taken: it is the latest, and has no outcome yet. */
  #takes(id: number): boolean {
    return id === this.#id && id === this.#reporting;
  }

  #stop(): void {
    this.#ticket?.cancel();
    this.#handle?.cancel();
    this.#ticket = null;
    this.#handle = null;
  }

  #finish(id: number, outcome: RunOutcome, variants: NamedScenario[]): void {
    if (id !== this.#id) return;
    this.#reporting = 0;
    this.#handle = null;
    this.#ticket = null;
    resultShown();
    switch (outcome.kind) {
      case "done":
        this.result = outcome.result;
        this.ecl = outcome.ecl ?? null;
        this.ownResult = true;
        this.variants = variants;
        this.stale = false;
        this.phase = "done";
        break;
      case "cancelled":
        if (outcome.result) {
          this.result = outcome.result;
          this.ecl = null;
          this.ownResult = true;
          this.variants = variants;
          this.stale = false;
        }
        this.phase = "cancelled";
        break;
      case "invalid":
        this.errors = outcome.errors;
        this.phase = "invalid";
        break;
      case "failed":
        this.failure = outcome.message;
        this.phase = "failed";
        break;
      default:
        outcome satisfies never;
    }
  }
}
