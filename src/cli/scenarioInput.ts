/**
 * A scenario named on the command line, read as `run`, `ecl`, `reverse` and `sensitivity`
 * read it: the file (or a notebook's cell), its tapes, checked as written (errors placed
 * in the file), then with the `--set` keys (errors placed against the setting). Problems
 * are printed here; the caller gets the exit status.
 */
import type { ParsedScenario } from "../scenario/parse.ts";
import { formatScenarioError, type ScenarioError } from "../scenario/errors.ts";
import type { Tapes } from "../data/tapes.ts";
import { notebookInputErrors } from "../notebook/inputs.ts";
import { complain, errorLines, EXIT } from "./io.ts";
import { inputLabel, readScenarioFile, reportReadFailure } from "./readScenarioFile.ts";
import { parseWithTapes, type TapeReach } from "./readTapes.ts";
import { chooseSource, placeErrors, scenarioSources, type ScenarioSource } from "./scenarioSources.ts";
import { withSettings, type Setting } from "./settings.ts";
import { err, ok, type Result } from "../util/result.ts";

export interface ScenarioInputOptions {
  file: string;
  /** 1-based place of the scenario cell in a notebook. */
  cell?: number;
  set: readonly Setting[];
  tapesAnywhere: boolean;
}

export interface ScenarioInput {
  /** The scenario's text with the --set keys, and where it came from. */
  source: ScenarioSource;
  /** The source as given, before the --set keys. */
  given: ScenarioSource;
  parsed: ParsedScenario;
  tapes?: Tapes;
  digests?: Record<string, string>;
  reach: TapeReach;
}

/** The scenario, or the exit status after its problems were printed. */
export async function readScenarioInput(options: ScenarioInputOptions): Promise<Result<ScenarioInput, number>> {
  const text = await readScenarioFile(options.file);
  if (!text.ok) return err(await reportReadFailure(text.error));
  const sources = scenarioSources(text.value, inputLabel(options.file));
  const chosen = sources.ok ? chooseSource(sources.value, options.cell) : sources;
  if (!chosen.ok) {
    await complain(chosen.error);
    return err(EXIT.usage);
  }
  const given = chosen.value;
  // A notebook's inputs are part of it: one that the page would mark is an error here too.
  if (given.cell !== null) {
    const inputs = notebookInputErrors(text.value, given.file);
    if (inputs.length > 0) {
      await errorLines(inputs.map(formatScenarioError));
      return err(EXIT.usage);
    }
  }
  const reach: TapeReach = options.tapesAnywhere ? "anywhere" : "folder";
  const read = await parseWithTapes(given.text, given.file, options.file, reach);
  if (!read.ok) {
    await errorLines(read.error.lines);
    return err(read.error.exitCode);
  }
  await errorLines(read.value.notes);
  if (!read.value.parsed.ok) return err(await scenarioErrors(read.value.parsed.error, given));
  let source = given;
  let current = read.value;
  if (options.set.length > 0) {
    const set = await withSettings(given, options.file, options.set, reach);
    if (!set.ok) {
      await errorLines(set.error.lines);
      return err(set.error.exitCode);
    }
    ({ source, read: current } = set.value);
  }
  if (!current.parsed.ok) return err(await scenarioErrors(current.parsed.error, source));
  return ok({ source, given, parsed: current.parsed.value, tapes: current.tapes, digests: current.digests, reach });
}

/** A scenario's errors, placed in its file, one a line; the exit status of a usage error. */
export async function scenarioErrors(errors: readonly ScenarioError[], source: ScenarioSource): Promise<number> {
  await errorLines(placeErrors(errors, source).map(formatScenarioError));
  return EXIT.usage;
}
