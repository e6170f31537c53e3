/**
 * Files in and out of the page: a notebook (.md) or a bare scenario (.yaml, .yml, .json)
 * opened from disk, and notebooks and results saved as downloads.
 */
import type { Result } from "../../util/result.ts";
import { notebookFromScenarioFile, parseNotebook, type Notebook } from "../../notebook/notebookFile.ts";
import { download as saveBlob } from "../charts/export/exportChart.ts";

/** Largest file opened, in bytes: a scenario file may be at most 2 MB as well. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** What the open dialog offers. */
export const OPEN_ACCEPT = ".md,.markdown,.yaml,.yml,.json,text/markdown,application/json,application/yaml";

/** A file's text as a notebook, chosen by its extension. */
export function openText(name: string, text: string): Result<Notebook, string> {
  const ext = /\.([A-Za-z]+)$/.exec(name)?.[1].toLowerCase() ?? "";
  if (ext === "md" || ext === "markdown") return { ok: true, value: parseNotebook(text) };
  if (ext === "yaml" || ext === "yml" || ext === "json") return { ok: true, value: notebookFromScenarioFile(text) };
  return { ok: false, error: `${name}: creditlab opens notebooks (.md) and scenarios (.yaml, .yml, .json).` };
}

/** Reads a file the user chose or dropped; a message when it cannot be opened. */
export async function readFile(file: File): Promise<Result<{ name: string; text: string }, string>> {
  if (file.size > MAX_FILE_BYTES) {
    return { ok: false, error: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; creditlab opens files of at most 2 MB.` };
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    const opened = openText(file.name, text);
    return opened.ok ? { ok: true, value: { name: file.name, text } } : opened;
  } catch {
    return { ok: false, error: `${file.name} is not a UTF-8 text file.` };
  }
}

/** Offers `text` as a download named `name`. */
export function download(name: string, text: string, type: string): void {
  saveBlob(new Blob([text], { type }), name);
}

/** A file name for a title: lower case, words joined by dashes. */
export function fileNameFor(title: string, ext: string): string {
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return `${base || "notebook"}.${ext}`;
}
