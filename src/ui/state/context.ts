/**
 * What every part of the page shares, through a typed context pair (as the Svelte REPL's
 * `context.ts` does) instead of string keys.
 */
import { createContext } from "svelte";
import type { NotebookState } from "./notebook.svelte.ts";
import type { Settings } from "./settings.svelte.ts";

export interface Notice {
  id: number;
  text: string;
  tone: "info" | "error";
  /** A button offered with the notice, e.g. "Undo". */
  action?: { label: string; run(): void };
}

export interface App {
  notebook: NotebookState;
  settings: Settings;
  /** Shows a short message in the page's notice area. */
  notify(text: string, tone?: Notice["tone"], action?: Notice["action"]): void;
  /** Runs a scenario cell now (Run button, Ctrl/Cmd-Enter, autorun). */
  runCell(cellId: number): void;
}

export const [getApp, setApp] = createContext<App>();
