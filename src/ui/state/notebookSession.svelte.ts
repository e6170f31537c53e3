/**
 * The notebook page's controller, a notebook session (not the engine's `Workspace`, its
 * per-path columns in src/engine/workspace.ts): opening a notebook in place of the current one
 * (files, dropped files, share links, the gallery) with an offer to undo, keeping it in the
 * browser, and making share links. The page's markup (App.svelte) only wires events to
 * these methods; what the browser provides beyond the notebook comes through `PageHost`,
 * so that the controller runs in unit tests as it does in the page.
 */
import { notebookTitle, parseNotebook, type Notebook } from "../../notebook/notebookFile.ts";
import { openText, readFile } from "../notebook/files.ts";
import { DEFAULT_NOTEBOOK, defaultNotebookText, type GalleryEntry } from "../notebook/gallery.ts";
import { decodeShare, encodeShare, MAX_NOTEBOOK_BYTES } from "../notebook/share.ts";
import type { NotebookState } from "./notebook.svelte.ts";
import type { Notices } from "./notices.svelte.ts";
import { parseDocument } from "yaml";
import { cellFile } from "./parseCell.ts";
import type { Version } from "./history.ts";
import { ASK_ABOVE_MS, DEFAULT_SPEED, estimateMs, fewerPaths, runWork } from "./runEstimate.ts";
import { duration } from "../../format/number.ts";
import { Persistence, type Kept } from "./persistence.svelte.ts";
import type { Scenario } from "../../scenario/schema.ts";

/** What the page needs from the browser around the notebook. */
export interface PageHost {
  /** The page's URL fragment, with its `#` (empty when none). */
  hash(): string;
  /** Removes the fragment from the address bar, without reloading. */
  clearHash(): void;
  /** The page's address without fragment, to which a share link appends one. */
  linkBase(): string;
  /** Puts text on the clipboard; false when the browser refuses. */
  copy(text: string): Promise<boolean>;
  /** Offers text as a download. */
  download(name: string, text: string, type: string): void;
}

/** The share dialog's state. */
export interface ShareState {
  open: boolean;
  link: string;
  copied: boolean;
}

const asMarkdownName = (name: string) => name.replace(/\.(ya?ml|json)$/i, ".md");

export class NotebookSession {
  readonly notebook: NotebookState;
  readonly notices: Notices;
  readonly persistence: Persistence;
  /** True once the first notebook is open. */
  ready = $state(false);
  share = $state<ShareState>({ open: false, link: "", copied: false });
  /**
   * Notebooks replaced while the browser kept nothing: held here, listed first in Recent,
   * until the browser keeps them or the page closes.
   */
  unkept = $state<Version[]>([]);
  readonly #host: PageHost;

  constructor(notebook: NotebookState, notices: Notices, host: PageHost, workers = 1) {
    this.#workers = workers;
    this.notebook = notebook;
    this.notices = notices;
    this.#host = host;
    this.persistence = new Persistence({
      isDefault: (kept) => kept.name === DEFAULT_NOTEBOOK && kept.text === defaultNotebookText(),
      onFailure: () => notices.notify("This browser does not let the page keep your edits: save the notebook to keep them.", "error"),
      onOtherTab: () => {
        notices.notify("Another tab changed this notebook. This tab keeps its own version; both are under Recent.", "info");
        void this.notebook.tapes.keepAs(this.persistence.id);
      },
    });
  }

  /** The open notebook as it would be kept. */
  get current(): Kept {
    return { text: this.notebook.text, name: this.notebook.name, id: this.persistence.id };
  }

  /** Workers a run takes (the pool's default); the estimate of a run's time divides by them. */
  readonly #workers: number;
  /**
   * A worker's speed against the machine the cost model was calibrated on, as each cell's
   * latest finished run measured it (by cell id). A cell's estimate takes its own first:
   * the same book and mechanisms, so what the cost model misses about it (a recession's
   * extra events) is measured in; else the median over the page's runs; else a default.
   */
  readonly #speeds = new Map<number, number>();

  /**
   * Runs a scenario cell now (Run button, Ctrl/Cmd-Enter, autorun). A run estimated to take
   * longer than half a minute asks first (the cell's `ask`), unless `confirmed`.
   */
  runCell = (cellId: number, confirmed = false, ask = false): void => {
    const at = this.notebook.cells.findIndex((c) => c.id === cellId);
    const cell = this.notebook.cells[at];
    if (cell?.kind !== "scenario") return;
    // Parsed once: the estimate reads the parse the run then takes.
    const parse = cell.run.parse(cell.code, cellFile(at));
    if (!confirmed) {
      const { parsed } = parse;
      if (parsed.ok) {
        const { scenario, variants } = parsed.value;
        this.#measure();
        const ms = this.#estimateMs(cellId, variants.map((v) => v.scenario));
        if (ask || ms > ASK_ABOVE_MS) {
          cell.ask = { ms, paths: scenario.simulation.paths, fewer: fewerPaths(scenario.simulation.paths, ms) };
          return;
        }
      }
    }
    cell.ask = null;
    cell.run.start(parse);
  };

  /** Milliseconds a run of `scenarios` in cell `cellId` is estimated to take, at the speeds last measured (`#measure`). */
  #estimateMs(cellId: number, scenarios: Scenario[]): number {
    const speeds = [...this.#speeds.values()].sort((a, b) => a - b);
    const speed = this.#speeds.get(cellId) ?? (speeds.length > 0 ? speeds[Math.floor(speeds.length / 2)] : DEFAULT_SPEED);
    return estimateMs(runWork(scenarios, this.notebook.tapes.tapes), speed, this.#workers);
  }

  /** Milliseconds every scenario cell of the notebook is estimated to take, one after another. */
  #notebookMs(): number {
    this.#measure();
    let ms = 0;
    this.notebook.cells.forEach((cell, at) => {
      if (cell.kind !== "scenario") return;
      const { parsed } = cell.run.parse(cell.code, cellFile(at));
      if (parsed.ok) ms += this.#estimateMs(cell.id, parsed.value.variants.map((v) => v.scenario));
    });
    return ms;
  }

  /** Sets the cell's paths to `paths` in its text and runs it. */
  runWithPaths(cellId: number, paths: number): void {
    const cell = this.notebook.cells.find((c) => c.id === cellId);
    if (cell?.kind !== "scenario") return;
    const doc = parseDocument(cell.code);
    doc.setIn(["simulation", "paths"], paths);
    cell.setSource(doc.toString().replace(/\n$/, ""));
    cell.run.edited();
    this.runCell(cellId, true);
  }

  /** Takes the speed each finished run on the page measured. */
  #measure(): void {
    for (const cell of this.notebook.cells) {
      const { variants, progress, phase } = cell.kind === "scenario" ? cell.run : { variants: null, progress: null, phase: "idle" };
      if (phase !== "done" || !variants || !progress || progress.elapsedMs <= 0 || progress.done <= 0) continue;
      const work = runWork(
        variants.map((v) => v.scenario),
        this.notebook.tapes.tapes,
        progress.done,
      );
      this.#speeds.set(cell.id, work / (progress.elapsedMs / 1000) / this.#workers);
    }
  }

  /** Cancels every queued or running scenario cell; true when there was one. */
  cancelRuns = (): boolean => {
    let any = false;
    for (const cell of this.notebook.cells) {
      if (cell.kind === "scenario" && cell.run.busy) {
        cell.run.cancel();
        any = true;
      }
    }
    return any;
  };

  runAll(): void {
    for (const cell of this.notebook.cells) if (cell.kind === "scenario") this.runCell(cell.id);
  }

  /**
   * Opens the notebook in the link, else the one kept from the last visit, else the
   * welcome notebook; runs it.
   */
  async start(): Promise<void> {
    const saved = this.persistence.load();
    const kept: Kept | null = saved && { text: saved.text, name: saved.name, id: this.persistence.id };
    if (!(await this.openFragment(kept))) {
      if (saved) this.#load(parseNotebook(saved.text), saved.name, this.persistence.id);
      else this.#load(parseNotebook(defaultNotebookText()), DEFAULT_NOTEBOOK);
    }
    this.ready = true;
  }

  /**
   * Opens a notebook in place of the current one (or of `previous`), runs it, and, when
   * `what` says what happened, offers to go back.
   */
  replace(nb: Notebook, name: string, what: string | null, previous: Kept | null = this.current, id?: string, linked = false): void {
    // The notebook being replaced is kept first, with the last keystrokes, in the history;
    // when the browser refuses, the page holds it instead.
    if (this.ready && previous && previous.id === this.persistence.id) {
      const kept: Kept = { ...previous };
      void this.persist().then((safe) => !safe && this.#hold(kept));
    }
    this.#load(nb, name, id, linked);
    if (what && previous) {
      this.notices.notify(what, "info", {
        label: "Undo",
        run: () => this.#load(parseNotebook(previous.text), previous.name, previous.id),
      });
    }
  }

  /**
   * Opens a notebook as the history entry `id` (a new one when not given) and runs it. A
   * notebook from a link (`linked`) is someone else's: it runs only when the whole of it is
   * estimated under half a minute; else each cell asks before it runs.
   */
  #load(nb: Notebook, name: string, id?: string, linked = false): void {
    this.persistence.opened(id);
    this.notebook.load(nb, asMarkdownName(name));
    const ms = linked ? this.#notebookMs() : 0;
    if (ms <= ASK_ABOVE_MS) this.runAll();
    else {
      for (const cell of this.notebook.cells) if (cell.kind === "scenario") this.runCell(cell.id, false, true);
      this.notices.notify(`This notebook came from a link. Its scenarios would take about ${duration(ms)} in all, so none has started: each asks before it runs.`, "info");
    }
    void this.#openTapes();
  }

  /** Reads the open notebook's kept tapes; cells that waited for one run once it is there. */
  async #openTapes(): Promise<void> {
    const cells = this.notebook.cells;
    await this.notebook.tapes.open(this.persistence.id);
    if (this.notebook.cells !== cells) return;
    for (const cell of cells) if (cell.kind === "scenario" && cell.run.waiting && cell.run.missing.length === 0) this.runCell(cell.id);
  }

  /** Opens a notebook kept in the history, going on with its entry. */
  openVersion(version: Version): void {
    const nb = parseNotebook(version.text);
    const title = notebookTitle(nb) ?? version.name;
    this.replace(nb, version.name, `Opened “${title}” from Recent.`, this.current, version.id);
  }

  /** Opens a file's text as a notebook (by its extension), or says why it cannot. */
  openFileText(name: string, text: string): void {
    const opened = openText(name, text);
    if (opened.ok) this.replace(opened.value, name, `Opened ${name}.`);
    else this.notices.notify(opened.error, "error");
  }

  /** Opens a file the user chose or dropped. */
  async openFile(file: File | undefined): Promise<void> {
    if (!file) return;
    const read = await readFile(file);
    if (read.ok) this.openFileText(read.value.name, read.value.text);
    else this.notices.notify(read.error, "error");
  }

  /**
   * Opens the notebook the page's link carries, if any; true when it did. It replaces
   * `previous`, which the notice offers to bring back.
   */
  async openFragment(previous: Kept | null = this.current): Promise<boolean> {
    const shared = await decodeShare(this.#host.hash());
    if (shared === null) return false;
    this.#host.clearHash();
    if (!shared.ok) {
      this.notices.notify(shared.error, "error");
      return false;
    }
    const same = previous?.text === shared.value;
    this.replace(parseNotebook(shared.value), "shared-notebook.md", same ? null : "Opened the shared notebook in place of yours.", previous, undefined, true);
    void this.persist();
    return true;
  }

  /** Opens a gallery entry. */
  pick(entry: GalleryEntry): void {
    this.openFileText(entry.file, entry.text);
  }

  /** Back to the welcome notebook, with an offer to undo. */
  reset(): void {
    this.replace(parseNotebook(defaultNotebookText()), DEFAULT_NOTEBOOK, "Back to the welcome notebook.");
  }

  /** Keeps the open notebook in the browser; resolves once the local history has it: true when every store took it. */
  persist = (): Promise<boolean> => {
    const kept = this.current;
    return this.persistence.persist(kept).then((safe) => {
      if (safe) this.unkept = this.unkept.filter((v) => v.id !== kept.id);
      return safe;
    });
  };

  /** Holds a notebook the browser would not keep, and says where it is. */
  #hold(kept: Kept): void {
    const title = notebookTitle(parseNotebook(kept.text)) ?? kept.name;
    const id = kept.id ?? this.persistence.id;
    this.unkept = [{ id, text: kept.text, name: kept.name, savedAt: Date.now() }, ...this.unkept.filter((v) => v.id !== id)];
    this.notices.notify(`This browser did not keep “${title}”: Recent holds it until this page closes. Open it there and save it to keep it.`, "error");
  }

  /** Recent: the notebooks held in the page first, then those the browser kept. */
  async recent(): Promise<Version[]> {
    const kept = await this.persistence.recent();
    return [...this.unkept, ...kept.filter((v) => !this.unkept.some((u) => u.id === v.id))];
  }

  /** Downloads the notebook as Markdown under the name it was opened with. */
  save(): void {
    this.#host.download(asMarkdownName(this.notebook.name), this.notebook.text, "text/markdown");
  }

  /** Makes a link that carries the notebook, copies it when the browser allows, and shows it. */
  async shareNotebook(): Promise<void> {
    if (new TextEncoder().encode(this.notebook.text).length > MAX_NOTEBOOK_BYTES) {
      this.notices.notify("This notebook is larger than 1 MB, too large for a link: save it and send the file instead.", "error");
      return;
    }
    const link = `${this.#host.linkBase()}#${await encodeShare(this.notebook.text)}`;
    this.share = { open: true, link, copied: await this.#host.copy(link) };
  }
}

/** The page's host: the window's location and history, the clipboard, downloads. */
export function browserHost(download: PageHost["download"]): PageHost {
  return {
    hash: () => location.hash,
    clearHash: () => history.replaceState(null, "", location.pathname + location.search),
    linkBase: () => `${location.origin}${location.pathname}`,
    copy: async (text) => {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        return false;
      }
    },
    download,
  };
}
