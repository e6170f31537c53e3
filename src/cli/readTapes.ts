/**
 * The loan tapes a scenario's segments name (`segments[].tape`), each read from its path
 * relative to the scenario's own file and streamed into columns. A tape's bad rows are its
 * errors, `FILE:ROW:COLUMN: …` one a line (at most 100, then a count); a missing file is one
 * line; all are exit 2.
 */
import { createHash } from "node:crypto";
import { realpath } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { TapeReader, type Tape } from "../data/tape.ts";
import { tapePaths } from "../data/tapeRules.ts";
import type { Tapes } from "../data/tapes.ts";
import { formatScenarioError, type ScenarioError } from "../scenario/errors.ts";
import { checkTapes, parseScenario, placeProblems, type ParsedScenario } from "../scenario/parse.ts";
import type { Problem } from "../scenario/positions.ts";
import type { Scenario } from "../scenario/schema.ts";
import { err, ok, type Result } from "../util/result.ts";
import { scenarioSensitivity } from "../run/sensitivity.ts";
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
  /** One line each: a tape's bad rows, `FILE:ROW:COLUMN: …`. */
  lines: string[];
  /** A tape that cannot be read at all, at the scenario's key that names it. */
  problems: Problem[];
}

/**
 * Where a scenario's tapes may be: inside the scenario's folder (its own files, as a
 * shared scenario should be), or anywhere with `--tapes-anywhere`. A scenario from someone
 * else could otherwise name `/etc/shadow` or `../../secrets.csv` and have its rows quoted.
 */
export type TapeReach = "folder" | "anywhere";

/** Why `path` (as the scenario writes it) is not inside `folder`, or null. Links are followed: a link out of the folder is out. */
async function outsideFolder(folder: string, path: string): Promise<string | null> {
  if (isAbsolute(path)) return "an absolute path";
  const inside = (base: string, file: string) => {
    const rel = relative(base, file);
    return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  };
  if (!inside(resolve(folder), resolve(folder, path))) return "outside the scenario's folder";
  const real = await realpath(resolve(folder, path)).catch(() => null);
  // A missing file is reported as such when it is read.
  if (real !== null && !inside(await realpath(folder), real)) return "a link out of the scenario's folder";
  return null;
}

/** Reads every tape `scenarios` name, relative to the folder of `scenarioFile`. */
export async function readTapes(scenarios: readonly Scenario[], scenarioFile: string, reach: TapeReach = "folder"): Promise<Result<TapesRead, TapesFailure>> {
  const tapes: Record<string, Tape> = {};
  const digests: Record<string, string> = {};
  const notes: string[] = [];
  for (const path of tapePaths(scenarios)) {
    const folder = dirname(scenarioFile);
    // At the first segment of the scenario that names the tape (or the file's start, when only a variant does).
    const at = scenarios[0].segments.findIndex((g) => g.tape === path);
    const key = at >= 0 ? ["segments", at, "tape"] : [];
    const outside = reach === "folder" ? await outsideFolder(folder, path) : null;
    if (outside) {
      const message = `${path} is ${outside}; allowed: a path inside ${folder === "." ? "the current folder" : folder}, or --tapes-anywhere`;
      return err({ exitCode: 2, lines: [], problems: [{ path: key, message }] });
    }
    const file = resolve(folder, path);
    const reader = new TapeReader(file);
    const hash = createHash("sha256");
    const streamed = await streamCsvFile(file, {
      push(chunk) {
        hash.update(chunk, "utf8");
        reader.push(chunk);
      },
    });
    if (!streamed.ok) {
      const { message, exitCode } = streamed.error;
      const allowed = message.includes("; allowed: ") ? "" : "; allowed: a CSV file, its path relative to the scenario's folder";
      return err({ exitCode, lines: [], problems: [{ path: key, message: message + allowed }] });
    }
    const read = reader.end();
    if (!read.ok) return err({ exitCode: 2, lines: read.error.lines, problems: [] });
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
 * Parses a scenario text once, reads the loan tapes it names from beside `scenarioFile` and,
 * when there are any, checks the parse against them (`checkTapes`, no second parse), so that
 * what it asks of them is placed like its own errors. The parse is what the run then takes.
 * Fails only when a tape cannot be read or has bad rows.
 */
export async function parseWithTapes(text: string, file: string, scenarioFile: string, reach: TapeReach = "folder"): Promise<Result<ParsedWithTapes, TapesFailure>> {
  const first = parseScenario(text, file);
  if (!first.ok) return ok({ parsed: first, tapes: {}, digests: {}, notes: [] });
  // The metrics of a `sensitivity:` are the engine's names, which the scenario's own rules cannot read: checked here, for every command.
  const sensitivity = scenarioSensitivity(first.value.scenario, text, file);
  if (sensitivity && !sensitivity.ok) return ok({ parsed: err(sensitivity.error), tapes: {}, digests: {}, notes: [] });
  const read = await readTapes(first.value.variants.map((v) => v.scenario), scenarioFile, reach);
  if (!read.ok) {
    const placed = placeProblems(text, file, read.error.problems).map(formatScenarioError);
    return err({ ...read.error, lines: [...placed, ...read.error.lines], problems: [] });
  }
  const { tapes } = read.value;
  const parsed = Object.keys(tapes).length > 0 ? checkTapes(first.value, tapes, text, file) : first;
  return ok({ parsed, ...read.value });
}
