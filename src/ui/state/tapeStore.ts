/**
 * Loan tapes kept in the browser beside the notebooks that read them: IndexedDB (a tape can
 * be megabytes, far past localStorage), one entry a notebook and tape path, holding the
 * tape's typed columns as read (structured clone keeps typed arrays as they are), so a
 * reload does not read the CSV again. A database of its own, so the notebook history's
 * (history.ts) schema is left alone. Storage can be missing or refuse: every call then
 * resolves to an empty answer or false and the page goes on with the tapes in memory.
 */
import type { Tape } from "../../data/tape.ts";
import { completed, openDatabase, readAll } from "./indexedDb.ts";

const DB = "creditlab-tapes";
const STORE = "tapes";

/** One kept tape. */
export interface KeptTape {
  /** The notebook's entry in the history (history.ts `Version.id`). */
  notebook: string;
  /** The path the scenario's segments name (`segments[].tape`). */
  path: string;
  tape: Tape;
  /** Milliseconds since the epoch of the attach. */
  savedAt: number;
}

const open = () =>
  openDatabase(DB, (db) => db.createObjectStore(STORE, { keyPath: ["notebook", "path"] }).createIndex("notebook", "notebook"));

export class TapeStore {
  #db: Promise<IDBDatabase | null> | null = null;

  #database(): Promise<IDBDatabase | null> {
    this.#db ??= open();
    return this.#db;
  }

  /** The tapes kept for `notebook`, by path. */
  async list(notebook: string): Promise<KeptTape[]> {
    const db = await this.#database();
    if (!db) return [];
    return readAll<KeptTape>(() => db.transaction(STORE).objectStore(STORE).index("notebook").getAll(notebook));
  }

  /** Keeps `kept` in place of an earlier tape of the same notebook and path; false when storage refuses. */
  async put(kept: KeptTape): Promise<boolean> {
    const db = await this.#database();
    if (!db) return false;
    try {
      const tx = db.transaction(STORE, "readwrite");
      tx.objectStore(STORE).put(kept);
      return await completed(tx);
    } catch {
      return false;
    }
  }
}
