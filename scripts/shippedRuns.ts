/**
 * Every shipped scenario run: each scenario file in scenarios/, scenarios/data/ and scenarios/macro/, and each
 * scenario cell of a notebook in scenarios/. `npm run timings` times these, and the run-time
 * estimate's test checks that its recorded timings cover them all.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { scenarioBlocks } from "../src/notebook/notebookFile.ts";

export interface ShippedRun {
  /** The file, relative to the repository. */
  file: string;
  /** The scenario cell of a notebook (1-based), null for a scenario file. */
  cell: number | null;
}

export function shippedRuns(root: string): ShippedRun[] {
  const runs: ShippedRun[] = [];
  for (const dir of ["scenarios", "scenarios/data", "scenarios/macro"]) {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const file = `${dir}/${name}`;
      if (/\.ya?ml$/.test(name)) runs.push({ file, cell: null });
      if (name.endsWith(".md") && dir === "scenarios") {
        scenarioBlocks(readFileSync(join(root, file), "utf8")).forEach((_, k) => runs.push({ file, cell: k + 1 }));
      }
    }
  }
  return runs;
}
