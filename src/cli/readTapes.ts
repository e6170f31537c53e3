/**
 * The loan tapes a scenario's segments name (`segments[].tape`), each read from its path
 * relative to the scenario's own file and streamed into columns. A tape's bad rows are its
 * errors, `FILE:ROW:COLUMN: …` one a line (at most 100, then a count); a missing file is one
 * line; all are exit 2.
 */
import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";
import { TapeReader, type Tape } from "../data/tape.ts";
import { tapePaths } from "../data/tapeRules.ts";
import type { Tapes } from "../engine/model.ts";
import type { ScenarioError } from "../scenario/errors.ts";
import { parseScenario, type ParsedScenario } from "../scenario/parse.ts";
import type { Scenario } from "../scenario/schema.ts";
import { err, ok, type Result } from "../util/result.ts";
import { streamCsvFile } from "./readCsvFile.ts";

export interface TapesRead {
  tapes: Tapes;
  /** Each tape's sha256 (of its text), by path: a run's scenario digest covers them. */
  digests: Record<string, string>;
  /** Notes of the reads (columns ignored), one line each. */
  notes: string[];
}

export interface TapesFailure {
  exitCode: number;
  /** One line each. */
  lines: string[];
}

/** Reads every tape `scenarios` name, relative to the folder of `scenarioFile`. */
export async function readTapes(scenarios: readonly Scenario[], scenarioFile: string): Promise<Result<TapesRead, TapesFailure>> {
  const tapes: Record<string, Tape> = {};
  const digests: Record<string, string> = {};
  const notes: string[] = [];
  for (const path of tapePaths(scenarios)) {
    const file = resolve(dirname(scenarioFile), path);
    const reader = new TapeReader(file);
    const hash = createHash("sha256");
    const streamed = await streamCsvFile(file, {
      push(chunk) {
        hash.update(chunk, "utf8");
        reader.push(chunk);
      },
    });
    if (!streamed.ok) return err({ exitCode: streamed.error.exitCode, lines: [`${scenarioFile}: tape ${path}: ${streamed.error.message}`] });
    const read = reader.end();
    if (!read.ok) return err({ exitCode: 2, lines: read.error.lines });
    tapes[path] = read.value.tape;
    digests[path] = hash.digest("hex");
    notes.push(...read.value.notes);
  }
  return ok({ tapes, digests, notes });
}

export interface ParsedWithTapes {
  /** The scenario, checked against its tapes once they are read; or its errors. */
  parsed: Result<ParsedScenario, ScenarioError[]>;
  tapes: Tapes;
  digests: Record<string, string>;
  notes: string[];
}

/**
 * Parses a scenario text, reads the loan tapes it names from beside `scenarioFile` and, when
 * there are any, parses it again with them, so that what it asks of them is placed like its
 * own errors. Fails only when a tape cannot be read or has bad rows.
 */
export async function parseWithTapes(text: string, file: string, scenarioFile: string): Promise<Result<ParsedWithTapes, TapesFailure>> {
  const first = parseScenario(text, file);
  if (!first.ok) return ok({ parsed: first, tapes: {}, digests: {}, notes: [] });
  const read = await readTapes(first.value.variants.map((v) => v.scenario), scenarioFile);
  if (!read.ok) return read;
  const { tapes } = read.value;
  const parsed = Object.keys(tapes).length > 0 ? parseScenario(text, file, tapes) : first;
  return ok({ parsed, ...read.value });
}
