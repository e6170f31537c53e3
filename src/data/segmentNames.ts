/**
 * The segment column of a CSV file: each name's index in order of first appearance, at most
 * `max` names; an empty field or one name too many is a problem of its row.
 */
import { shown, type CsvProblems } from "./csvProblems.ts";

export class SegmentNames {
  readonly #index = new Map<string, number>();

  constructor(
    private readonly problems: CsvProblems,
    /** Most names the file may have, and how a message says so. */
    private readonly max: number,
    private readonly allowed: string,
  ) {}

  /** The index of row `row`'s segment `text`; 0 when the field is refused. */
  of(text: string, row: number): number {
    const name = text.trim();
    if (name === "") {
      this.problems.add(row, "segment", "is empty", "the name of the account's segment");
      return 0;
    }
    let k = this.#index.get(name);
    if (k === undefined) {
      if (this.#index.size >= this.max) {
        this.problems.add(row, "segment", `${shown(text)} is one segment too many`, this.allowed);
        return 0;
      }
      k = this.#index.size;
      this.#index.set(name, k);
    }
    return k;
  }

  /** The names in order of first appearance. */
  get names(): string[] {
    return [...this.#index.keys()];
  }
}
