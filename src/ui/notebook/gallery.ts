/**
 * The notebooks and scenarios that ship in `scenarios/`, bundled as text. The gallery
 * lists them and opens one; `welcome.md` is the page's default notebook.
 */
import { notebookTitle } from "../../notebook/format.ts";
import { openText } from "./files.ts";

const files = import.meta.glob<string>("../../../scenarios/*.{md,yaml,yml,json}", {
  query: "?raw",
  import: "default",
  eager: true,
});

export interface GalleryEntry {
  /** File name, e.g. `welcome.md`. */
  file: string;
  title: string;
  kind: "notebook" | "scenario";
  text: string;
}

/** The default notebook's file name. */
export const DEFAULT_NOTEBOOK = "welcome.md";

/** Every bundled file, the default notebook first, then notebooks, then scenarios, by name. */
export const gallery: GalleryEntry[] = Object.entries(files)
  .map(([path, text]) => {
    const file = path.slice(path.lastIndexOf("/") + 1);
    const opened = openText(file, text);
    const title = (opened.ok ? notebookTitle(opened.value) : null) ?? file;
    return { file, title, kind: file.endsWith(".md") ? ("notebook" as const) : ("scenario" as const), text };
  })
  .sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));

function rank(e: GalleryEntry): number {
  return e.file === DEFAULT_NOTEBOOK ? 0 : e.kind === "notebook" ? 1 : 2;
}

/** The default notebook's text (an empty notebook if the file is missing). */
export function defaultNotebookText(): string {
  return gallery.find((e) => e.file === DEFAULT_NOTEBOOK)?.text ?? "# Untitled notebook\n";
}

