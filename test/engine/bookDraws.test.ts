/**
 * A small book's static draws are kept for the next book with the same keys (book.ts
 * `staticDraws`). Kept or drawn anew, a book's columns must be the same bits: checked against
 * the first book built in this file, drawn from an empty store, after books that leave
 * longer draws, or draws without score normals, in the store.
 */
import { describe, expect, it } from "vitest";
import { buildBook, type Book } from "../../src/engine/book.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { buildModel } from "./helpers.ts";

const book = (accounts: number, scored: boolean): ScenarioInput => ({
  creditlab: 2,
  simulation: { seed: "kept draws" },
  segments: [
    {
      name: "lines",
      accounts,
      correlation: 0.05,
      limit: { median: 5000, sigma: 0.5 },
      ...(scored ? { score: { mean: 620, sd: 60 }, scorecard: { score: 600, odds: 10, pdo: 40 } } : { pd: 0.03 }),
    },
  ],
});

/** The columns a path reads, copied out of the book. */
const columns = (b: Book) => {
  const c = b.variants[0];
  return [c.a, c.limit, c.balance, c.base, c.startState, c.startAge, c.bookAt].map((x) => Array.from(x));
};

describe("a book's kept static draws", () => {
  it("give the columns of draws made anew, whatever the books built between", () => {
    const rate = columns(buildBook(buildModel(book(2000, false))));
    const scored = columns(buildBook(buildModel(book(2000, true))));
    // Scores move the thresholds, and through them the starting states.
    expect(scored[0]).not.toEqual(rate[0]);
    // A longer book's draws stand in the store: the shorter book reads their first slots.
    const longer = columns(buildBook(buildModel(book(3000, false))));
    expect(longer[1].slice(0, 2000)).toEqual(rate[1]);
    expect(columns(buildBook(buildModel(book(2000, false))))).toEqual(rate);
    // The store holds no score normals now: a scored book draws them again.
    expect(columns(buildBook(buildModel(book(2000, true))))).toEqual(scored);
  });
});
