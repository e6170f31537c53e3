/**
 * The securitization's per-period columns (docs/model.md §8, §9.3), after every other
 * column of a period's row when the scenario has `securitization`: the deal's excess
 * spread, reserve and trigger state, then for each note, senior first, its interest,
 * principal, loss and balance. A path's per-note totals and WAL are read back from them
 * (waterfall.ts `noteTotals`), so chunks, merges and shards carry them with no new array.
 */

/** The deal's own columns, in order. */
export const DEAL_COLUMNS = ["deal:excessSpread", "deal:reserve", "deal:amortizing", "deal:triggered"] as const;
/** Each note's columns, in order. */
export const NOTE_VALUES = ["interest", "principal", "loss", "balance"] as const;
export type NoteValue = (typeof NOTE_VALUES)[number];

export const noteColumn = (note: string, what: NoteValue): string => `note:${note}:${what}`;

/** The names of the deal's columns for these notes. */
export const dealColumns = (notes: readonly string[]): string[] => [...DEAL_COLUMNS, ...notes.flatMap((n) => NOTE_VALUES.map((w) => noteColumn(n, w)))];

/** Offset of a note's value from the deal's first column. */
export const noteOffset = (k: number, what: NoteValue): number => DEAL_COLUMNS.length + k * NOTE_VALUES.length + NOTE_VALUES.indexOf(what);
