/**
 * Keeps the open notebook so that no action and no reload loses typed text: in this tab's
 * own slot (it comes back on reload, and no other tab overwrites it), as the latest
 * notebook (a new tab opens it), and in the local history of the last 20 notebooks
 * (history.ts), where a notebook replaced by a link, a file or the gallery stays.
 *
 * Tabs share the latest slot and the history, so two tabs may have one notebook open.
 * When another tab changes it, this tab is told and goes on as a notebook of its own:
 * each keeps its text and neither erases the other.
 *
 * The welcome notebook as shipped is not stored: a later version of it shows instead.
 * When the browser refuses to store, the user is told once.
 */
import { NotebookHistory, newVersionId, type Version } from "./history.ts";
import { forgetSaved, loadSaved, NOTEBOOK_KEY, readSaved, save, tabId, type SavedNotebook } from "./storage.ts";

export interface Kept {
  text: string;
  name: string;
  /** The notebook's entry in the history, when it has one. */
  id?: string;
}

export interface PersistenceHooks {
  /** Whether a notebook is the shipped default, which is not stored. */
  isDefault(kept: Kept): boolean;
  /** Called once, the first time storing fails. */
  onFailure(): void;
  /** Called when another tab changed the notebook open here. */
  onOtherTab(): void;
}

export class Persistence {
  /** True once the browser has refused to store the notebook. */
  failed = $state(false);
  /** The open notebook's entry in the history. */
  id = $state(newVersionId());
  readonly history = new NotebookHistory();
  readonly #tab = tabId();
  readonly #hooks: PersistenceHooks;
  /** The text this tab last kept: another tab saving the same text has changed nothing. */
  #lastText: string | null = null;

  constructor(hooks: PersistenceHooks) {
    this.#hooks = hooks;
  }

  /** The notebook this tab had open before a reload, else the latest of any tab, or null. */
  load(): SavedNotebook | null {
    const saved = loadSaved("tab") ?? loadSaved("latest");
    if (saved?.id) this.id = saved.id;
    return saved;
  }

  /** A different notebook is open from now on: a new history entry, or the one `id` names. */
  opened(id: string = newVersionId()): void {
    this.id = id;
  }

  /** Keeps `kept` as the open notebook's text; resolves once the history has it too: true when every store took it. */
  persist(kept: Kept): Promise<boolean> {
    if (this.#hooks.isDefault(kept)) {
      forgetSaved("tab");
      forgetSaved("latest");
      return Promise.resolve(true);
    }
    this.#lastText = kept.text;
    const saved = { text: kept.text, name: kept.name, id: this.id, tab: this.#tab };
    const inTab = save(saved, "tab");
    const latest = save(saved, "latest");
    if (!(inTab || latest)) this.#failing();
    // The history (Recent) is a store of its own: it may be full when the others are not.
    return this.history.put({ id: this.id, text: kept.text, name: kept.name, savedAt: Date.now() }).then((put) => {
      if (!put) this.#failing();
      else if (inTab || latest) this.failed = false;
      return put && (inTab || latest);
    });
  }

  /** The browser refused to keep the notebook: said once, until it keeps one again. */
  #failing(): void {
    if (this.failed) return;
    this.failed = true;
    this.#hooks.onFailure();
  }

  /** The kept notebooks, the most recent first. */
  recent(): Promise<Version[]> {
    return this.history.list();
  }

  /**
   * Listens for other tabs' saves; when one changes the notebook open here, this tab's
   * notebook becomes an entry of its own. Returns the function that stops listening.
   */
  watch(target: Pick<Window, "addEventListener" | "removeEventListener">): () => void {
    const onStorage = (e: StorageEvent) => {
      if (e.key !== NOTEBOOK_KEY) return;
      const theirs = readSaved(e.newValue);
      if (!theirs || theirs.id !== this.id || theirs.tab === this.#tab || theirs.text === this.#lastText) return;
      this.id = newVersionId();
      this.#hooks.onOtherTab();
    };
    target.addEventListener("storage", onStorage as EventListener);
    return () => target.removeEventListener("storage", onStorage as EventListener);
  }
}
