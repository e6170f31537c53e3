/**
 * What FILE holds: a scenario file is one scenario; a FILE ending in .md is a notebook,
 * whose scenarios are its fenced blocks with the info string `scenario`. Each is checked
 * on its own, and errors in a block are moved to their place in the .md file, so that an
 * editor jumping to FILE:LINE:COL lands on the offending text.
 */
import { scenarioBlocks } from "../notebook/notebookFile.ts";
import type { ScenarioError } from "../scenario/errors.ts";
import { err, ok, type Result } from "../util/result.ts";
import { loadYaml } from "../scenario/loadYaml.ts";

/** One scenario named on the command line: a whole scenario file, or one cell of a notebook. */
export interface ScenarioSource {
  /** The scenario's text, YAML or JSON. */
  text: string;
  /** The file as named on the command line. */
  file: string;
  /** 0-based line and character offset where `text` starts in the file (0 for a scenario file). */
  line: number;
  offset: number;
  /** 1-based place among the notebook's scenario cells; null for a scenario file. */
  cell: number | null;
}

export const isNotebookFile = (file: string): boolean => /\.md$/i.test(file);

/** The scenarios in `text`, read from `file`; a notebook without a scenario cell is a usage error. */
export function scenarioSources(text: string, file: string): Result<ScenarioSource[], string> {
  if (!isNotebookFile(file)) return ok([{ text, file, line: 0, offset: 0, cell: null }]);
  const blocks = scenarioBlocks(text);
  if (blocks.length === 0) {
    return err(`${file} has no scenario cell; a notebook holds scenarios in fenced blocks opened with \`\`\`scenario`);
  }
  return ok(blocks.map((b, k) => ({ text: b.code, file, line: b.line, offset: b.offset, cell: k + 1 })));
}

/**
 * The scenario a run takes: a scenario file's own, a notebook's only cell, or the cell
 * `--cell` names. Otherwise a usage error listing the cells, one a line as `N: name`.
 */
export function chooseSource(sources: readonly ScenarioSource[], cell: number | undefined): Result<ScenarioSource, string> {
  const first = sources[0];
  if (first.cell === null) return ok(first);
  if (cell === undefined) {
    if (sources.length === 1) return ok(first);
    return err(`${first.file} has ${sources.length} scenario cells; choose one with --cell N:\n${cellList(sources)}`);
  }
  if (cell <= sources.length) return ok(sources[cell - 1]);
  const count = sources.length === 1 ? "one scenario cell" : `${sources.length} scenario cells`;
  return err(`--cell ${cell}: ${first.file} has ${count}:\n${cellList(sources)}`);
}

/** Errors found in a source's text, placed in its file. Columns stay: lines in a fence keep their indentation. */
export function placeErrors(errors: readonly ScenarioError[], source: ScenarioSource): ScenarioError[] {
  if (source.line === 0 && source.offset === 0) return [...errors];
  return errors.map((e) => ({ ...e, line: e.line + source.line, from: e.from + source.offset, to: e.to + source.offset }));
}

/** How a run's summary names its file: a notebook's cell is named with its number. */
export const sourceLabel = (source: ScenarioSource): string =>
  source.cell === null ? source.file : `${source.file}, cell ${source.cell}`;

function cellList(sources: readonly ScenarioSource[]): string {
  return sources.map((s) => `  ${s.cell}: ${scenarioName(s)}`).join("\n");
}

/** The `name` as written, whether or not the rest of the scenario is valid: the list is for choosing. */
function scenarioName(source: ScenarioSource): string {
  const loaded = loadYaml(source.text, source.file);
  const data = loaded.ok ? loaded.value.data : null;
  const name = data !== null && typeof data === "object" ? (data as Record<string, unknown>).name : undefined;
  // One line a cell, whatever the name holds.
  const line = typeof name === "string" ? name.replace(/\s+/g, " ").trim() : "";
  return line === "" ? "(no name)" : line;
}
