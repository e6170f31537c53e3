/**
 * The notebook and a few settings kept in the browser's Web Storage, so that work survives
 * a reload: each tab's own notebook in sessionStorage (a tab keeps it through reloads, and
 * no other tab writes it), and the latest notebook of any tab in localStorage, which a new
 * tab opens. Storage can be missing (private windows) or full: every call reports failure
 * as a value and the page goes on.
 */

/** The localStorage key of the latest notebook; other tabs hear of its changes. */
export const NOTEBOOK_KEY = "creditlab.notebook.v1";
const SETTING_PREFIX = "creditlab.setting.";

/** A notebook as saved: its Markdown and the name it was opened under. */
export interface SavedNotebook {
  text: string;
  name: string;
  savedAt: number;
  /** The notebook's entry in the local history (history.ts). */
  id?: string;
  /** The tab that saved it. */
  tab?: string;
}

/** Where a notebook is kept: this tab's own slot, or the latest of any tab. */
export type Slot = "tab" | "latest";

function storage(area: "local" | "session" = "local"): Storage | null {
  try {
    return (area === "local" ? globalThis.localStorage : globalThis.sessionStorage) ?? null;
  } catch {
    return null;
  }
}

const areaOf = (slot: Slot) => (slot === "tab" ? "session" : "local");

/** A saved notebook read from its JSON, or null when it is not one. */
export function readSaved(raw: string | null | undefined): SavedNotebook | null {
  try {
    if (!raw) return null;
    const data = JSON.parse(raw) as Partial<SavedNotebook>;
    if (typeof data.text !== "string" || typeof data.name !== "string") return null;
    const id = typeof data.id === "string" ? data.id : undefined;
    const tab = typeof data.tab === "string" ? data.tab : undefined;
    return { text: data.text, name: data.name, savedAt: Number(data.savedAt) || 0, id, tab };
  } catch {
    return null;
  }
}

/** The notebook saved in `slot`, or null when there is none or it cannot be read. */
export function loadSaved(slot: Slot = "latest"): SavedNotebook | null {
  try {
    return readSaved(storage(areaOf(slot))?.getItem(NOTEBOOK_KEY));
  } catch {
    return null;
  }
}

/** Saves the notebook in `slot`; false when the browser refuses (no storage, or quota exceeded). */
export function save(notebook: Omit<SavedNotebook, "savedAt">, slot: Slot = "latest"): boolean {
  try {
    const s = storage(areaOf(slot));
    if (!s) return false;
    s.setItem(NOTEBOOK_KEY, JSON.stringify({ ...notebook, savedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

export function forgetSaved(slot: Slot = "latest"): void {
  try {
    storage(areaOf(slot))?.removeItem(NOTEBOOK_KEY);
  } catch {
    // Nothing saved that could be removed: nothing to do.
  }
}

/** This tab's id: random, kept in sessionStorage so that it lasts through reloads. */
export function tabId(): string {
  const key = "creditlab.tab";
  try {
    const s = storage("session");
    const known = s?.getItem(key);
    if (known) return known;
    const id = crypto.randomUUID();
    s?.setItem(key, id);
    return id;
  } catch {
    return crypto.randomUUID();
  }
}

/** A remembered on/off setting. */
export function loadFlag(name: string, fallback: boolean): boolean {
  try {
    const v = storage()?.getItem(SETTING_PREFIX + name);
    return v === null || v === undefined ? fallback : v === "true";
  } catch {
    return fallback;
  }
}

export function saveFlag(name: string, value: boolean): void {
  try {
    storage()?.setItem(SETTING_PREFIX + name, String(value));
  } catch {
    // A setting that cannot be remembered still applies to this page.
  }
}
