/**
 * A scenario cell's text parsed with the notebook's loan tapes: once as it stands, and,
 * when every tape its segments name is attached, again with them, so that a tape the
 * segments do not fit (no row for a segment, a bucket past the ladder) is an error placed
 * at the segment's `tape` key, like any other. A tape not attached yet is not an error of
 * the text: it is `missing`, which the cell asks the user for.
 */
import { tapePaths } from "../../data/tapeRules.ts";
import type { Tapes } from "../../data/tapes.ts";
import type { ScenarioError } from "../../scenario/errors.ts";
import { parseScenario, type ParsedScenario } from "../../scenario/parse.ts";
import type { Result } from "../../util/result.ts";

export interface CellParse {
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
  if (!plain.ok) return { parsed: plain, named: null, missing: [], tapes: {} };
  const named = tapePaths(plain.value.variants.map((v) => v.scenario));
  const missing = named.filter((p) => !(p in attached));
  if (named.length === 0 || missing.length > 0) return { parsed: plain, named, missing, tapes: {} };
  const tapes: Tapes = Object.fromEntries(named.map((p) => [p, attached[p]]));
  return { parsed: parseScenario(text, file, tapes), named, missing, tapes };
}
