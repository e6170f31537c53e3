/**
 * The notebook and a few settings kept in the browser's localStorage, so that work
 * survives a reload. Storage can be missing (private windows) or full: every call
 * reports failure as a value and the page goes on.
 */

const NOTEBOOK_KEY = "creditlab.notebook.v1";
const SETTING_PREFIX = "creditlab.setting.";

/** A notebook as saved: its Markdown and the name it was opened under. */
export interface SavedNotebook {
  text: string;
  name: string;
  savedAt: number;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The autosaved notebook, or null when there is none or it cannot be read. */
export function loadSaved(): SavedNotebook | null {
  try {
    const raw = storage()?.getItem(NOTEBOOK_KEY);
    if (!raw) return null;
    const data = JSON.parse(raw) as Partial<SavedNotebook>;
    if (typeof data.text !== "string" || typeof data.name !== "string") return null;
    return { text: data.text, name: data.name, savedAt: Number(data.savedAt) || 0 };
  } catch {
    return null;
  }
}

/** Saves the notebook; false when the browser refuses (no storage, or quota exceeded). */
export function save(notebook: Omit<SavedNotebook, "savedAt">): boolean {
  try {
    const s = storage();
    if (!s) return false;
    s.setItem(NOTEBOOK_KEY, JSON.stringify({ ...notebook, savedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

export function forgetSaved(): void {
  try {
    storage()?.removeItem(NOTEBOOK_KEY);
  } catch {
    // Nothing saved that could be removed: nothing to do.
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
