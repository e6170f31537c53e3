/**
 * What a caller (the command line, the notebook) hands to a run and gets back. Plain data
 * only: all of it crosses worker boundaries or is shown on a page.
 */
import type { Tapes } from "../data/tapes.ts";
import type { ResultFile } from "../result/resultFile.ts";
import type { ChunkResult } from "../engine/layout.ts";
import type { ScenarioError } from "../scenario/errors.ts";
import type { ParsedScenario } from "../scenario/parse.ts";
import type { RunMeta } from "../result/summarizeRun.ts";
import type { Shard } from "./shard.ts";
import type { Result } from "../util/result.ts";
import type { EclReport } from "./workerApi.ts";

export interface RunRequest {
  /** The scenario's text, YAML or JSON. */
  text: string;
  /** File name used in error messages. */
  file: string;
  /** `text` already parsed, when the caller has it (the page parses a cell as it is typed): not parsed again. */
  parsed?: ParsedScenario;
  /** Overrides of the file's simulation keys. */
  paths?: number;
  seed?: string | number;
  /** Worker count; default: the machine's cores. */
  workers?: number;
  /** Add per-path values to the result (INTERFACE.md `samples`). */
  samples?: boolean;
  /** Run only this shard's paths (see shard.ts); the result then says `partial: true`. */
  shard?: Shard;
  /** The loan tapes the scenario's segments name (`segments[].tape`), by that path, read by the caller. */
  tapes?: Tapes;
  /** Each tape's sha256, by path: the result's scenario digest then covers the tapes too. */
  tapeDigests?: Record<string, string>;
  /**
   * Also compute the expected credit loss of the book at the start, on a worker, when the
   * scenario has `provisioning` (the page's ECL view): the outcome then carries `ecl`.
   */
  ecl?: boolean;
}

export interface Progress {
  done: number;
  total: number;
  /** Running mean and standard error of the first variant's net loss. */
  meanLoss: number;
  stderrLoss: number;
  elapsedMs: number;
  /**
   * Paths of the latest partial result the run has handed out, counted from its first path
   * (the paths finished from there with no gap when it was handed out); 0 before the first.
   * A progress event comes with every partial result, carrying its paths, so that a progress
   * line can say what the charts show: that partial's summary, made on a worker, may arrive
   * a little after this event, and one overtaken by a newer partial is never shown; the
   * summary says its own paths (`paths` of the result file). `done` counts every path
   * finished, past a gap too, so it is never below this. The pool always sets it; a Progress
   * made elsewhere may leave it out.
   */
  partialPaths?: number;
}

export type RunOutcome =
  | { kind: "done"; result: ResultFile; chunk: ChunkResult; meta?: RunMeta; ecl?: Result<EclReport, string> }
  | { kind: "cancelled"; result: ResultFile | null; chunk: ChunkResult | null }
  | { kind: "invalid"; errors: ScenarioError[] }
  | { kind: "failed"; message: string };

export interface RunHandle {
  outcome: Promise<RunOutcome>;
  cancel(): void;
}
