/**
 * The page's small IndexedDB toolkit (the notebook history, the loan tapes). Storage can be
 * missing, refuse or be taken by a newer page: every call then resolves to an empty answer
 * (null, [], false) and the page goes on.
 */

/** The database `name` at version 1, its stores made by `upgrade`; null where storage is not to be had. */
export function openDatabase(name: string, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const request = globalThis.indexedDB.open(name, 1);
      request.onupgradeneeded = () => upgrade(request.result);
      request.onsuccess = () => {
        // Let a newer version of the page (or a deletion) have the database.
        request.result.onversionchange = () => request.result.close();
        resolve(request.result);
      };
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

/** Whether a write transaction completed. */
export const completed = (tx: IDBTransaction): Promise<boolean> =>
  new Promise<boolean>((resolve) => {
    tx.oncomplete = () => resolve(true);
    tx.onerror = () => resolve(false);
    tx.onabort = () => resolve(false);
  });

/** The records a read asks for, or [] when it fails. */
export function readAll<T>(ask: () => IDBRequest): Promise<T[]> {
  return new Promise((resolve) => {
    try {
      const request = ask();
      request.onsuccess = () => resolve(request.result as T[]);
      request.onerror = () => resolve([]);
    } catch {
      resolve([]);
    }
  });
}
