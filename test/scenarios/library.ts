/**
 * The scenario library as the tests see it: every file in scenarios/ and the scenarios it
 * holds. A YAML or JSON file is one scenario; a notebook (.md) holds one in each fenced
 * block with the info string `scenario`, read by the notebook's own parser.
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readTape } from "../../src/data/tape.ts";
import { tapePaths } from "../../src/data/tapeRules.ts";
import type { Tapes } from "../../src/data/tapes.ts";
import { parseNotebook } from "../../src/notebook/notebookFile.ts";
import { parseScenario } from "../../src/scenario/parse.ts";

export const SCENARIO_DIR = fileURLToPath(new URL("../../scenarios/", import.meta.url));

const SCENARIO_FILE = /\.(ya?ml|json|md)$/;

export interface LibraryScenario {
  /** File name in scenarios/, e.g. `npl-reduction.yaml`. */
  file: string;
  /** 0-based index of the scenario block in a notebook; 0 for a plain scenario file. */
  block: number;
  /** The scenario's text (YAML or JSON). */
  text: string;
  /** In a notebook: the prose of the markdown cell right before the block, if any. */
  prose: string | null;
}

export interface LibraryFile {
  file: string;
  notebook: boolean;
  scenarios: LibraryScenario[];
}

/** Every scenario file and notebook in scenarios/, sorted by name. */
export function libraryFiles(): LibraryFile[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => SCENARIO_FILE.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(SCENARIO_DIR + file, "utf8");
      if (!file.endsWith(".md")) return { file, notebook: false, scenarios: [{ file, block: 0, text, prose: null }] };
      const cells = parseNotebook(text).cells;
      const scenarios: LibraryScenario[] = [];
      cells.forEach((cell, k) => {
        if (cell.kind !== "scenario") return;
        const before = cells[k - 1];
        const prose = before?.kind === "markdown" ? before.text : null;
        scenarios.push({ file, block: scenarios.length, text: cell.code, prose });
      });
      return { file, notebook: true, scenarios };
    });
}

/** A name for a scenario in test titles and error messages: `file` or `file#block`. */
export const scenarioLabel = (s: LibraryScenario): string => (s.file.endsWith(".md") ? `${s.file}#${s.block}` : s.file);

/**
 * The loan tapes a scenario's segments name (`segments[].tape`), read from beside its file
 * in scenarios/ as the command line reads them (a notebook's cell names `data/tape.csv`,
 * which the page asks the reader to attach). A text that does not parse names none.
 */
export function libraryTapes(s: LibraryScenario): Tapes {
  const parsed = parseScenario(s.text, scenarioLabel(s));
  if (!parsed.ok) return {};
  const tapes: Record<string, Tapes[string]> = {};
  for (const path of tapePaths(parsed.value.variants.map((v) => v.scenario))) {
    const read = readTape(readFileSync(resolve(SCENARIO_DIR, path), "utf8"), path);
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    tapes[path] = read.value.tape;
  }
  return tapes;
}
