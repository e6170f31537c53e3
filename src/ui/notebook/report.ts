/**
 * The notebook with its results as one self-contained HTML file: what a reader keeps and a
 * student opens with no server. It is the page as drawn (prose, summaries and charts are
 * already SVG and HTML), with the page's own style sheet inlined and its controls left out,
 * each scenario's text in full beside its results, and the notebook's Markdown at the end
 * to open again in creditlab. The file runs nothing: its Content-Security-Policy allows
 * no script, and none is written into it.
 */

/**
 * The page's controls: header commands, cell actions, add-cell chips, run buttons,
 * questions, dialogs, notices, inputs. The print style sheet (app.css `@media print`)
 * hides the same elements.
 */
const CONTROLS = [".skip", "section.fit", ".header .commands", ".cell-actions", ".add", ".buttons", ".ask", "dialog", ".drop", ".notices", "button", "input", "label:has(> select)", "details.narrow", ".presenting-place", "script", "template", "[hidden]", ".reverse-form", ".reverse-unused"];

export interface ReportInput {
  /** The notebook's title. */
  title: string;
  /** The notebook as Markdown: kept at the end of the report, to open again. */
  markdown: string;
  /** Each scenario cell's text by cell id: the editor shows only the lines in view. */
  scenarios: ReadonlyMap<string, string>;
  /** When the report was made, as the reader's clock shows it. */
  made: string;
  /** The engine version whose numbers these are. */
  engine: string;
}

/** `text` safe inside HTML text and attribute values. */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Every rule of the document's style sheets that the page may read (its own, same origin). */
function styleText(doc: Document): string {
  const parts: string[] = [];
  for (const sheet of Array.from(doc.styleSheets)) {
    try {
      parts.push(Array.from(sheet.cssRules, (r) => r.cssText).join("\n"));
    } catch {
      // A sheet of another origin cannot be read; the page loads none.
    }
  }
  return parts.join("\n");
}

/** The report of the notebook drawn in `doc`, as the text of an HTML file. */
export function reportHtml(doc: Document, input: ReportInput): string {
  const main = doc.querySelector("main")?.cloneNode(true) as HTMLElement | undefined;
  if (!main) throw new Error("reportHtml: the page has no notebook");
  // An input of the prose is kept as the value the results were run with, with no control.
  for (const el of Array.from(main.querySelectorAll<HTMLElement>(".notebook-input[data-report]"))) {
    const used = doc.createElement("p");
    used.className = "input-used";
    used.textContent = el.dataset.report ?? "";
    el.replaceWith(used);
  }
  for (const el of Array.from(main.querySelectorAll(CONTROLS.join(",")))) el.remove();
  // The scenario's whole text, where the editor (which draws only the lines in view) was.
  for (const cell of Array.from(main.querySelectorAll<HTMLElement>("[data-cell-id]"))) {
    const text = input.scenarios.get(cell.dataset.cellId ?? "");
    // The editor, or its text as plain text while the editor is not made yet (deferred.ts).
    const editor = cell.querySelector(".cm-editor, .editor > .loading");
    if (text === undefined || !editor) continue;
    const details = doc.createElement("details");
    details.className = "report-scenario";
    details.innerHTML = `<summary>Scenario</summary><pre><code>${escapeHtml(text)}</code></pre>`;
    editor.replaceWith(details);
  }
  main.removeAttribute("aria-busy");
  // Nothing in the report reacts to the keyboard: the charts' read-out cursor needs the page's script.
  for (const el of Array.from(main.querySelectorAll("[tabindex]"))) el.removeAttribute("tabindex");
  const title = escapeHtml(input.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="creditlab ${escapeHtml(input.engine)}">
<title>${title}</title>
<style>
${styleText(doc).replace(/<\/style/gi, "<\\/style")}
.report-scenario pre { overflow-x: auto; font: 12px/1.5 var(--mono, monospace); }
.report-meta { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: var(--muted); font-size: 13px; }
</style>
</head>
<body>
${main.outerHTML}
<footer class="report-meta">
<p>${title}: results computed by creditlab ${escapeHtml(input.engine)}, kept ${escapeHtml(input.made)}. Every figure is as the page drew it; the same scenarios give the same numbers wherever they run.</p>
<details><summary>The notebook as Markdown, to open again in creditlab</summary><pre><code>${escapeHtml(input.markdown)}</code></pre></details>
</footer>
</body>
</html>
`;
}

/** The report's file name: the notebook's name with `.html`. */
export const reportName = (notebookName: string): string => `${notebookName.replace(/\.(md|markdown|ya?ml|json)$/i, "") || "notebook"}.html`;
