/**
 * The notebooks and scenarios that ship in `scenarios/`, bundled as text. The gallery
 * lists them and opens one; `welcome.md` is the page's default notebook.
 */
import { notebookTitle } from "../../notebook/notebookFile.ts";
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
  /** One sentence on what it shows: a notebook's first sentence, a scenario file's leading comment. */
  description: string;
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
    const kind = file.endsWith(".md") ? ("notebook" as const) : ("scenario" as const);
    return { file, title, description: describeFile(kind, text), kind, text };
  })
  .sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));

/** The first sentence of a notebook's prose (after its link to the mathematics), or the leading comment of a scenario file (without its "Run it" line). */
export function describeFile(kind: GalleryEntry["kind"], text: string): string {
  const lines = text.split(/\r?\n/);
  let words: string[];
  if (kind === "scenario") {
    const comment = lines.slice(0, lines.findIndex((l) => !l.startsWith("#")));
    // The editor's schema line (`# yaml-language-server: $schema=…`) is for editors, not readers.
    words = comment.map((l) => l.replace(/^#\s?/, "")).filter((l) => !/^Run it:/.test(l) && !/^yaml-language-server:/.test(l));
  } else {
    // A teaching notebook's "The mathematics: …" line links to docs/model.md; the prose starts after it.
    const start = lines.findIndex((l, i) => i > 0 && l.trim() !== "" && !l.startsWith("#") && !/^The mathematics\b/.test(l));
    const end = lines.findIndex((l, i) => i > start && l.trim() === "");
    words = start < 0 ? [] : lines.slice(start, end < 0 ? undefined : end);
  }
  const prose = words.join(" ").replace(/\*\*|`|_/g, "").replace(/\s+/g, " ").trim();
  const sentence = /^.*?[.!?](?=\s|$)/.exec(prose)?.[0] ?? prose;
  return sentence.length > 220 ? `${sentence.slice(0, 219)}…` : sentence;
}

function rank(e: GalleryEntry): number {
  return e.file === DEFAULT_NOTEBOOK ? 0 : e.kind === "notebook" ? 1 : 2;
}

/** The default notebook's text (an empty notebook if the file is missing). */
export function defaultNotebookText(): string {
  return gallery.find((e) => e.file === DEFAULT_NOTEBOOK)?.text ?? "# Untitled notebook\n";
}

