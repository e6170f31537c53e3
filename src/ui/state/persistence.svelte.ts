/**
 * Keeps the open notebook in the browser so that work survives a reload (storage.ts).
 * The welcome notebook as shipped is not stored: a later version of it shows instead.
 * When the browser refuses to store, the user is told once.
 */
import { forgetSaved, loadSaved, save, type SavedNotebook } from "./storage.ts";

export interface Kept {
  text: string;
  name: string;
}

export class Persistence {
  /** True once the browser has refused to store the notebook. */
  failed = $state(false);
  readonly #isDefault: (kept: Kept) => boolean;
  readonly #onFailure: () => void;

  /**
   * @param isDefault whether a notebook is the shipped default, which is not stored.
   * @param onFailure called once, the first time storing fails.
   */
  constructor(isDefault: (kept: Kept) => boolean, onFailure: () => void) {
    this.#isDefault = isDefault;
    this.#onFailure = onFailure;
  }

  /** The notebook kept from an earlier visit, or null. */
  load(): SavedNotebook | null {
    return loadSaved();
  }

  /** Keeps `kept` in place of what was kept before. */
  persist(kept: Kept): void {
    if (this.#isDefault(kept)) return forgetSaved();
    if (!save(kept) && !this.failed) {
      this.failed = true;
      this.#onFailure();
    }
  }
}
