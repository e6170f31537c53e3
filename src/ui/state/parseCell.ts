/**
 * A scenario cell's text parsed once with the notebook's loan tapes: the parse says which
 * tapes its segments name and, when every one is attached, is checked against them
 * (`checkTapes`, no second parse), so that a tape the segments do not fit (no row for a
 * segment, a bucket past the ladder) is an error placed at the segment's `tape` key, like
 * any other. A tape not attached yet is not an error of the text: it is `missing`, which
 * the cell asks the user for.
 */
import { tapePaths } from "../../data/tapeRules.ts";
import type { Tapes } from "../../data/tapes.ts";
import type { ScenarioError } from "../../scenario/errors.ts";
import { checkTapes, parseScenario, type ParsedScenario } from "../../scenario/parse.ts";
import type { Result } from "../../util/result.ts";

export interface CellParse {
  /** The text parsed, and the file name its errors carry. */
  text: string;
  file: string;
  /** The notebook's tapes when it was parsed: a parse is reused only while they are the same. */
  attached: Tapes;
  parsed: Result<ParsedScenario, ScenarioError[]>;
  /** The tape paths the scenario and its variants name; null when the text does not parse. */
  named: string[] | null;
  /** Named paths with no tape attached. */
  missing: string[];
  /** The tapes the parse was checked against (the named ones), which a run takes. */
  tapes: Tapes;
}

export function parseCell(text: string, file: string, attached: Tapes): CellParse {
  const plain = parseScenario(text, file);
  const at = { text, file, attached };
  if (!plain.ok) return { ...at, parsed: plain, named: null, missing: [], tapes: {} };
  const named = tapePaths(plain.value.variants.map((v) => v.scenario));
  const missing = named.filter((p) => !(p in attached));
  if (named.length === 0 || missing.length > 0) return { ...at, parsed: plain, named, missing, tapes: {} };
  const tapes: Tapes = Object.fromEntries(named.map((p) => [p, attached[p]]));
  return { ...at, parsed: checkTapes(plain.value, tapes, text, file), named, missing, tapes };
}

/** The file name a scenario cell's errors carry: `cell-N.yaml`, N its 1-based place among the notebook's cells. */
export const cellFile = (index: number): string => `cell-${index + 1}.yaml`;
