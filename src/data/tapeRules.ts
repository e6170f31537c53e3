/**
 * What a scenario asks of the loan tapes its segments name (`segments[].tape`), checked once
 * they are read and before anything runs: each problem is placed at the segment's `tape`
 * key and says what is allowed, like the scenario's own rules.
 */
import { printable } from "../util/printable.ts";
import { tapeRows, type Tapes } from "./tapes.ts";
import type { Problem } from "../scenario/positions.ts";
import type { Scenario } from "../scenario/schema.ts";
import { STATE_F } from "./tape.ts";

/** The tape paths a scenario and its variants name, once each. */
export function tapePaths(scenarios: readonly Scenario[]): string[] {
  return [...new Set(scenarios.flatMap((s) => s.segments.flatMap((g) => (g.tape === undefined ? [] : [g.tape]))))];
}

const rowsCount = (n: number) => `${n} row${n === 1 ? "" : "s"}`;

/** Every problem of the scenario's segments with the tapes read, in segment order. */
export function tapeProblems(scenario: Scenario, tapes: Tapes): Problem[] {
  return [...unclaimedRows(scenario, tapes), ...segmentTapeProblems(scenario, tapes)];
}

/**
 * Rows of a tape whose `segment` names no segment that reads the tape: an error, not rows
 * dropped in silence (a typo in a segment's name would otherwise shrink the book).
 */
function unclaimedRows(scenario: Scenario, tapes: Tapes): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  scenario.segments.forEach((g, i) => {
    if (g.tape === undefined || seen.has(g.tape)) return;
    seen.add(g.tape);
    const tape = tapes[g.tape];
    if (!tape || tape.segment === null) return;
    const readers = new Set(scenario.segments.filter((x) => x.tape === g.tape).map((x) => x.name));
    const counts = new Float64Array(tape.segments.length);
    for (let j = 0; j < tape.rows; j++) counts[tape.segment[j]]++;
    const stray = tape.segments.map((name, k) => ({ name, rows: counts[k] })).filter((x) => x.rows > 0 && !readers.has(x.name));
    if (stray.length === 0) return;
    const listed = stray.map((x) => `${printable(x.name)} (${rowsCount(x.rows)})`).join(", ");
    out.push({
      path: ["segments", i, "tape"],
      message: `the tape's rows for ${listed} belong to no segment that reads it; allowed: segments named ${[...readers].join(", ")}, or a segment for each name in the tape's segment column`,
    });
  });
  return out;
}

function segmentTapeProblems(scenario: Scenario, tapes: Tapes): Problem[] {
  return scenario.segments.flatMap((g, i): Problem[] => {
    if (g.tape === undefined) return [];
    const at = ["segments", i, "tape"];
    const tape = tapes[g.tape];
    if (!tape) return [{ path: at, message: `the tape ${g.tape} was not read; allowed: a CSV file beside the scenario` }];
    const rows = tapeRows(tape, g.tape, g.name);
    if (rows.rows === 0) {
      const names = tape.segments.length > 0 ? `; its segment column names ${tape.segments.map((n) => printable(n)).join(", ")}` : "";
      return [{ path: at, message: `the tape has no row for segment ${g.name}${names}; allowed: rows whose segment is ${g.name}` }];
    }
    const out: Problem[] = [];
    let noLimit = 0;
    let noRisk = 0;
    let scored = 0;
    let ownApr = 0;
    let deepest = 0;
    let originationScored = 0;
    for (let j = 0; j < rows.rows; j++) {
      if (Number.isNaN(rows.limit[j])) noLimit++;
      if (Number.isNaN(rows.pd[j]) && Number.isNaN(rows.score[j])) noRisk++;
      if (Number.isNaN(rows.pd[j]) && !Number.isNaN(rows.score[j])) scored++;
      if (!Number.isNaN(rows.apr[j]) && rows.apr[j] !== g.apr) ownApr++;
      if (rows.state[j] !== STATE_F) deepest = Math.max(deepest, rows.state[j]);
      if (Number.isNaN(rows.originationPd[j]) && !Number.isNaN(rows.originationScore[j])) originationScored++;
    }
    if (g.product === "revolving" && noLimit > 0) {
      out.push({ path: at, message: `${rowsCount(noLimit)} of a credit-line tape have no limit; allowed: a limit on every row of a revolving segment's tape` });
    }
    if (noRisk > 0 && g.pd === undefined && g.missRate === undefined && g.score === undefined) {
      out.push({ path: at, message: `${rowsCount(noRisk)} have neither pd nor score and the segment gives none; allowed: a pd or score on every row, or the segment's pd, missRate or score` });
    }
    if (scored > 0 && g.scorecard === undefined) {
      out.push({ path: at, message: `${rowsCount(scored)} give a score and the segment has no scorecard; allowed: a scorecard: { score, odds, pdo } to turn scores into PDs` });
    }
    if (originationScored > 0 && g.scorecard === undefined) {
      out.push({ path: at, message: `${rowsCount(originationScored)} give an originationScore and the segment has no scorecard; allowed: a scorecard: { score, odds, pdo } to turn scores into PDs, or an originationPd column` });
    }
    if (g.product === "instalment" && ownApr > 0) {
      out.push({ path: at, message: `${rowsCount(ownApr)} give an apr other than the segment's ${g.apr}; allowed: one apr a cash-loan segment (split the tape into segments by rate)` });
    }
    const m = g.delinquency.roll.length;
    if (deepest > m) {
      out.push({ path: at, message: `the tape has accounts in D${deepest}; allowed: C, F and the ladder's buckets ${m === 0 ? "(none: roll is [])" : `D1 … D${m}`}` });
    }
    return out;
  });
}
