/**
 * What the ± of a run's figures covers when its book is drawn from distributions: the
 * paths' Monte Carlo error given the one book the seed draws (scores, limits, principals,
 * starting states, who revolves), unless `simulation.redrawBook` draws a book a path
 * (docs/model.md §9). Said once under the summary on the command line and the page.
 */
import type { Scenario } from "./schema.ts";

export function drawnBookNote(s: Scenario): string | undefined {
  // A tape's rows are the book as it is; its applicants, if any, are drawn.
  if (!s.segments.some((g) => g.tape === undefined || g.originations !== undefined)) return undefined;
  if (s.simulation.redrawBook) return "± : Monte Carlo error over paths that each draw their own book (simulation.redrawBook)";
  const seed = typeof s.simulation.seed === "string" ? JSON.stringify(s.simulation.seed) : String(s.simulation.seed);
  return `± : Monte Carlo error given the book drawn from seed ${seed}; add \`simulation.redrawBook: true\` for a book like this`;
}
