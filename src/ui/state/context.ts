/**
 * What every part of the page shares, through a typed context pair (as the Svelte REPL's
 * `context.ts` does) instead of string keys.
 */
import { createContext } from "svelte";
import type { NotebookState } from "./notebook.svelte.ts";
import type { Notice } from "./notices.svelte.ts";
import type { Settings } from "./settings.svelte.ts";

export interface App {
  notebook: NotebookState;
  settings: Settings;
  /** Shows a short message in the page's notice area. */
  notify(text: string, tone?: Notice["tone"], action?: Notice["action"]): number;
  /** Runs a scenario cell now (Run button, Ctrl/Cmd-Enter, autorun); a long run asks first unless `confirmed`. */
  runCell(cellId: number, confirmed?: boolean): void;
  /** Runs a scenario cell with its paths set to `paths`. */
  runWithPaths(cellId: number, paths: number): void;
}

export const [getApp, setApp] = createContext<App>();
