/**
 * The local history of notebooks: the last `HISTORY_SIZE` notebooks this browser had open,
 * each with its latest text, in IndexedDB (which holds far more than localStorage and is
 * shared by the tabs of the page). A notebook is one entry from when it was opened until
 * it is replaced; typing updates its entry, so opening a link, a file or a gallery
 * notebook never loses what was typed before. Storage can be missing or refuse: every
 * call then resolves to an empty answer and the page goes on.
 */
import { completed, openDatabase, readAll } from "./indexedDb.ts";

/** Notebooks kept. */
export const HISTORY_SIZE = 20;
const DB = "creditlab";
const STORE = "notebooks";

/** One notebook as the history keeps it. */
export interface Version {
  /** Stable for as long as the notebook is open in one tab. */
  id: string;
  text: string;
  name: string;
  /** Milliseconds since the epoch of the last change kept. */
  savedAt: number;
}

const open = () => openDatabase(DB, (db) => db.createObjectStore(STORE, { keyPath: "id" }).createIndex("savedAt", "savedAt"));

export class NotebookHistory {
  #db: Promise<IDBDatabase | null> | null = null;

  #database(): Promise<IDBDatabase | null> {
    this.#db ??= open();
    return this.#db;
  }

  /** Every kept notebook, the most recent first. */
  async list(): Promise<Version[]> {
    const db = await this.#database();
    if (!db) return [];
    const all = await readAll<Version>(() => db.transaction(STORE).objectStore(STORE).getAll());
    return all.sort((a, b) => b.savedAt - a.savedAt);
  }

  /** Keeps `version` in place of its earlier text, then drops the oldest past `HISTORY_SIZE`; false when storage refuses. */
  async put(version: Version): Promise<boolean> {
    const db = await this.#database();
    if (!db) return false;
    try {
      const tx = db.transaction(STORE, "readwrite");
      const store = tx.objectStore(STORE);
      store.put(version);
      const keys = store.index("savedAt").getAllKeys();
      keys.onsuccess = () => {
        const all = keys.result;
        for (const key of all.slice(0, Math.max(0, all.length - HISTORY_SIZE))) store.delete(key);
      };
      return await completed(tx);
    } catch {
      return false;
    }
  }
}

/** A new notebook id: random, so that tabs never pick the same one. */
export const newVersionId = (): string => crypto.randomUUID();
