/**
 * The open notebook: its cells, in order, with the whitespace between them kept by
 * position (src/notebook/notebookFile.ts), and the name it was opened under. Every change
 * goes through the methods here, so that `text` — the notebook as Markdown — is always
 * what would be saved.
 */
import { fenceLabel } from "../../notebook/liveValues.ts";
import { insertCell, moveCell, notebookTitle, removeCell, scenarioCell, serializeNotebook, type Cell, type Notebook } from "../../notebook/notebookFile.ts";
import { CellRun, type Runner } from "./cellRun.svelte.ts";
import { NotebookTapes } from "./notebookTapes.svelte.ts";
import type { RunQueue } from "./runQueue.ts";

let nextCellId = 1;

export class MarkdownCellState {
  readonly kind = "markdown";
  readonly id = nextCellId++;
  text = $state("");
  editing = $state(false);

  constructor(text: string) {
    this.text = text;
  }

  toCell(): Cell {
    return { kind: "markdown", text: this.text };
  }
}

export class ScenarioCellState {
  readonly kind = "scenario";
  readonly id = nextCellId++;
  /** The YAML between the fences, each line ending in a newline. */
  code = $state("");
  /** A run estimated to take long, waiting for the user to start it or make it smaller. */
  ask = $state.raw<{ ms: number; paths: number; fewer: number } | null>(null);
  readonly run: CellRun;
  #open: string;
  #close: string | null;

  constructor(cell: Extract<Cell, { kind: "scenario" }>, run: CellRun) {
    this.code = cell.code;
    this.#open = cell.open;
    this.#close = cell.close;
    this.run = run;
  }

  /** The label its fence declares (```` ```scenario huabei ````), which live values in the prose name; null when none. */
  get label(): string | null {
    return fenceLabel(this.#open);
  }

  /** The editor's text: the code without its final newline. */
  get source(): string {
    return this.code.endsWith("\n") ? this.code.slice(0, -1) : this.code;
  }

  /** Sets the code from the editor's text. */
  setSource(source: string): void {
    this.code = source === "" ? "" : `${source}\n`;
  }

  toCell(): Cell {
    return { kind: "scenario", code: this.code, open: this.#open, close: this.#close };
  }
}

export type CellState = MarkdownCellState | ScenarioCellState;

export class NotebookState {
  cells = $state.raw<CellState[]>([]);
  /** The file name the notebook was opened under; saving offers it again. */
  name = $state("notebook.md");
  #gaps: string[] = [""];

  readonly #queue: RunQueue;
  readonly #runner: Runner;
  /** The loan tapes attached to the notebook, which its cells' runs read. */
  readonly tapes: NotebookTapes;

  constructor(queue: RunQueue, runner: Runner, tapes = new NotebookTapes()) {
    this.#queue = queue;
    this.#runner = runner;
    this.tapes = tapes;
  }

  /** The notebook as Markdown, as it would be saved. */
  text: string = $derived(serializeNotebook({ cells: this.cells.map((c) => c.toCell()), gaps: this.#gaps }));

  title: string = $derived(notebookTitle({ cells: this.cells.map((c) => c.toCell()), gaps: [] }) ?? this.name.replace(/\.[^.]+$/, ""));

  /** Replaces the notebook; runs in progress are cancelled. */
  load(nb: Notebook, name: string): void {
    for (const cell of this.cells) if (cell.kind === "scenario") cell.run.cancel();
    this.#gaps = [...nb.gaps];
    this.cells = nb.cells.map((c) => this.#make(c));
    this.name = name;
  }

  #make(cell: Cell): CellState {
    return cell.kind === "markdown" ? new MarkdownCellState(cell.text) : new ScenarioCellState(cell, new CellRun(this.#queue, this.#runner, () => this.tapes.tapes));
  }

  /** Inserts a new empty cell of `kind` at `at`; returns it. */
  insert(at: number, kind: "markdown" | "scenario", content = ""): CellState {
    const cell = this.#make(kind === "markdown" ? { kind, text: content } : scenarioCell(content));
    this.#apply((nb) => insertCell(nb, at, cell));
    return cell;
  }

  /** Inserts a copy of the cell at `at` after it; returns the copy. */
  duplicate(at: number): CellState {
    const copy = this.#make(this.cells[at].toCell());
    this.#apply((nb) => insertCell(nb, at + 1, copy));
    return copy;
  }

  remove(at: number): CellState {
    const cell = this.cells[at];
    if (cell.kind === "scenario") cell.run.cancel();
    this.#apply((nb) => removeCell(nb, at));
    return cell;
  }

  /** Puts back a cell removed from `at`. */
  restore(at: number, cell: CellState): void {
    this.#apply((nb) => insertCell(nb, Math.min(at, nb.cells.length), cell));
  }

  move(at: number, by: -1 | 1): boolean {
    let moved = false;
    this.#apply((nb) => (moved = moveCell(nb, at, by)));
    return moved;
  }

  indexOf(cell: CellState): number {
    return this.cells.indexOf(cell);
  }

  #apply(change: (nb: { cells: CellState[]; gaps: string[] }) => void): void {
    const nb = { cells: [...this.cells], gaps: [...this.#gaps] };
    change(nb);
    this.#gaps = nb.gaps;
    this.cells = nb.cells;
  }
}
