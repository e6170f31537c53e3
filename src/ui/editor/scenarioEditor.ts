/**
 * The scenario editor: CodeMirror 6 with YAML, schema errors as inline marks (the same
 * messages as the command line, from `parseScenario`), completion and hover from the JSON
 * Schema, Ctrl/Cmd-Enter to run and Escape to cancel.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, foldGutter, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { forceLinting, linter, lintGutter, lintKeymap, type Diagnostic } from "@codemirror/lint";
import { EditorState, Prec, StateEffect, type Extension } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, hoverTooltip, keymap, lineNumbers } from "@codemirror/view";
import type { ScenarioError } from "../../scenario/errors.ts";
import type { CellParse } from "../state/parseCell.ts";
import { scenarioCompletions, scenarioHover } from "./scenarioHelp.ts";
import { editorTheme, yamlHighlight } from "./theme.ts";

export interface EditorHooks {
  change(source: string): void;
  /**
   * The text as the cell runs it (with its final newline) parsed with the notebook's loan
   * tapes and the cell's file name: the cell's parse of it when it has one (the run's, as the
   * editor is made after its cell ran), else a new one.
   */
  parse(code: string): CellParse;
  /** The text as it stands, parsed (`parse`) after each pause in typing: the parse a run of that text takes. */
  check(parsed: CellParse): void;
  run(): void;
  /** Cancels a run in progress; false when there was none. */
  cancel(): boolean;
}

function diagnostics(errors: ScenarioError[], length: number, severity: Diagnostic["severity"] = "error"): Diagnostic[] {
  return errors.map((e) => {
    const from = Math.min(Math.max(0, e.from), length);
    return {
      from,
      to: Math.min(Math.max(from, e.to), length),
      severity,
      source: "scenario",
      message: e.path ? `${e.path}: ${e.message}` : e.message,
    };
  });
}

/** Says that what the text is checked against (the tapes) changed. */
const tapesChanged = StateEffect.define<null>();

/** Checks the text again now: the tapes changed. */
export function recheck(view: EditorView): void {
  view.dispatch({ effects: tapesChanged.of(null) });
  forceLinting(view);
}

/** Creates an editor in `parent` holding `source`. */
export function createScenarioEditor(parent: HTMLElement, source: string, label: string, hooks: EditorHooks): EditorView {
  const check = linter(
    (view) => {
      const text = view.state.doc.toString();
      // The cell runs its code with a final newline, as a file would end.
      const code = text === "" ? "" : `${text}\n`;
      const cell = hooks.parse(code);
      const result = cell.parsed;
      hooks.check(cell);
      return result.ok ? diagnostics(result.value.notes, text.length, "info") : diagnostics(result.error, text.length);
    },
    { delay: 300, needsRefresh: (u) => u.transactions.some((t) => t.effects.some((e) => e.is(tapesChanged))) },
  );
  const keys = Prec.high(
    keymap.of([
      { key: "Mod-Enter", run: () => (hooks.run(), true) },
      { key: "Escape", run: () => hooks.cancel() },
    ]),
  );
  const extensions: Extension[] = [
    lineNumbers(),
    highlightActiveLineGutter(),
    foldGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    syntaxHighlighting(yamlHighlight),
    bracketMatching(),
    closeBrackets(),
    autocompletion({ activateOnTyping: true, icons: false }),
    highlightActiveLine(),
    yaml(),
    EditorState.languageData.of(() => [{ autocomplete: scenarioCompletions }]),
    hoverTooltip(scenarioHover, { hoverTime: 350 }),
    check,
    lintGutter(),
    keys,
    // Tab is left unbound so that it moves focus on through the page; Enter indents YAML.
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
    // A tab stop of its own (it is one anyway, being editable): the scroller around it then has focusable content.
    EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
    // Long lines wrap rather than scroll sideways, which a phone's narrow editor needs.
    EditorView.lineWrapping,
    EditorView.updateListener.of((u) => {
      if (u.docChanged) hooks.change(u.state.doc.toString());
    }),
    editorTheme,
  ];
  return new EditorView({ parent, state: EditorState.create({ doc: source, extensions }) });
}
