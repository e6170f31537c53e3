/**
 * The read-out state of one chart: which item (bin, period, bar) the reader points at,
 * from the pointer or the keyboard. The chart says how many items there are and which
 * one keyboard focus starts on; a result with fewer items drops a cursor past the end.
 */
import { stepCursor } from "./cursor.ts";

export class ChartCursor {
  #index = $state<number | null>(null);
  #count: () => number;
  #start: () => number;
  #vertical: boolean;

  constructor(count: () => number, start: () => number = () => 0, vertical = false) {
    this.#count = count;
    this.#start = start;
    this.#vertical = vertical;
  }

  /** The item read out, or null. */
  get index(): number | null {
    const i = this.#index;
    return i !== null && i < this.#count() ? i : null;
  }

  set index(i: number | null) {
    this.#index = i;
  }

  /** Arrow keys, Home, End, PageUp/PageDown move; Escape lets go. Other keys pass. */
  key = (e: KeyboardEvent): void => {
    const next = stepCursor(e.key, this.index, this.#count(), { start: this.#start(), vertical: this.#vertical });
    if (next === undefined) return;
    e.preventDefault();
    this.#index = next;
  };

  focus = (): void => {
    if (this.index === null && this.#count() > 0) this.#index = Math.min(Math.max(this.#start(), 0), this.#count() - 1);
  };

  clear = (): void => {
    this.#index = null;
  };
}
