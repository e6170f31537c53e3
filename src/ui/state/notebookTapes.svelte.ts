/**
 * The loan tapes of the open notebook, by the path its segments name (`segments[].tape`),
 * shared by its cells: two cells that name `book.csv` read the same tape. A tape is
 * attached from a file the user picks or drops on a cell, read off the page's thread, and
 * kept in the browser beside the notebook (tapeStore.ts), so a reload still has it; a
 * notebook opened from a link or a file has none until they are attached.
 */
import type { TapeFailure } from "../../data/tape.ts";
import type { Tapes } from "../../data/tapes.ts";
import { ok, type Result } from "../../util/result.ts";
import type { TapeFileRead } from "../../data/readTapeFile.ts";
import { readTapeInWorker } from "../tapes/tapeClient.ts";
import { TapeStore } from "./tapeStore.ts";

/** Reads a file as a tape whose errors carry `name`. */
export type TapeFileReader = (file: File, name: string) => Promise<TapeFileRead>;

export interface Attached {
  /** The paths the tape is kept under. */
  paths: string[];
  rows: number;
  /** Notes of the read (columns ignored), one line each. */
  notes: string[];
  /** No path named by the cell matched the file's name: it is kept under the file's name. */
  unnamed: boolean;
  /** False when the browser refused to keep it: it lasts until the page is left. */
  kept: boolean;
}

const baseName = (path: string): string => path.slice(path.replace(/\\/g, "/").lastIndexOf("/") + 1);

/**
 * The paths a file attached to a cell is kept under: each path the cell names whose file
 * name is the file's (`tape: data/book.csv` takes `book.csv`), else the file's own name,
 * which a segment can then name.
 */
export function tapeTargets(fileName: string, named: readonly string[]): string[] {
  const hits = named.filter((p) => baseName(p) === fileName);
  return hits.length > 0 ? hits : [fileName];
}

export { baseName as tapeFileName };

export class NotebookTapes {
  /** The tapes attached to the open notebook, by path. */
  tapes = $state.raw<Tapes>({});
  /** The notebook's entry in the history (history.ts) the tapes are kept under. */
  #notebook = "";
  #opening = 0;
  readonly #store: TapeStore;
  readonly #read: TapeFileReader;

  constructor(store = new TapeStore(), read: TapeFileReader = readTapeInWorker) {
    this.#store = store;
    this.#read = read;
  }

  /** A different notebook is open: its kept tapes replace the tapes in memory. */
  async open(notebook: string): Promise<void> {
    const opening = ++this.#opening;
    this.#notebook = notebook;
    this.tapes = {};
    const kept = await this.#store.list(notebook);
    if (opening !== this.#opening) return;
    // A tape attached while the store was read is the newer one.
    this.tapes = { ...Object.fromEntries(kept.map((k) => [k.path, k.tape])), ...this.tapes };
  }

  /** The open notebook goes on as the history entry `notebook` (another tab took its old one): its tapes are kept there too. */
  async keepAs(notebook: string): Promise<void> {
    this.#notebook = notebook;
    const savedAt = Date.now();
    await Promise.all(Object.entries(this.tapes).map(([path, tape]) => this.#store.put({ notebook, path, tape, savedAt })));
  }

  /**
   * Reads `file` and keeps it under the paths `tapeTargets` gives for the tapes a cell
   * `named`, or under `as` when given (a request for one path). Bad rows are the error.
   */
  async attach(file: File, named: readonly string[], as?: string): Promise<Result<Attached, TapeFailure>> {
    const notebook = this.#notebook;
    const read = await this.#read(file, file.name);
    if (!read.ok) return read;
    const paths = as === undefined ? tapeTargets(file.name, named) : [as];
    const { tape, notes } = read.value;
    if (notebook === this.#notebook) this.tapes = { ...this.tapes, ...Object.fromEntries(paths.map((p) => [p, tape])) };
    const savedAt = Date.now();
    const stored = await Promise.all(paths.map((path) => this.#store.put({ notebook, path, tape, savedAt })));
    return ok({ paths, rows: tape.rows, notes, unnamed: as === undefined && !named.includes(paths[0]), kept: stored.every(Boolean) });
  }
}
