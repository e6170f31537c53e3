/** The editor's look and its YAML colours, in the page's colours (CSS variables from app.css, light and dark). */
import { HighlightStyle } from "@codemirror/language";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";

/** YAML tokens in theme colours, so that they read on the light and the dark background alike. */
export const yamlHighlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "var(--hl-key)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--hl-string)" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: "var(--hl-number)" },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: "var(--hl-comment)", fontStyle: "italic" },
  { tag: [tags.meta, tags.typeName, tags.labelName, tags.keyword], color: "var(--hl-meta)" },
  { tag: [tags.punctuation, tags.separator, tags.bracket], color: "var(--muted)" },
  { tag: tags.invalid, color: "var(--danger)" },
]);

export const editorTheme = EditorView.theme({
  "&": {
    fontSize: "13px",
    backgroundColor: "var(--code-bg)",
    color: "var(--text)",
    border: "1px solid var(--line)",
    borderRadius: "6px",
  },
  "&.cm-focused": { outline: "2px solid var(--focus)", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.55", maxHeight: "32rem", overflow: "auto" },
  ".cm-content": { padding: "8px 0" },
  ".cm-gutters": { backgroundColor: "var(--code-bg)", color: "var(--muted)", border: "none", borderRadius: "6px 0 0 6px" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "var(--code-active)" },
  ".cm-tooltip": { border: "1px solid var(--line)", backgroundColor: "var(--surface)", borderRadius: "6px", boxShadow: "0 4px 16px rgb(0 0 0 / 0.08)" },
  ".cm-tooltip-autocomplete > ul > li": { padding: "2px 8px" },
  ".cm-completionDetail": { color: "var(--muted)", fontStyle: "normal", marginLeft: "1em" },
  ".cm-scenario-help": { padding: "6px 10px", maxWidth: "28rem", fontFamily: "var(--sans)", fontSize: "13px", lineHeight: "1.4" },
  ".cm-scenario-help-detail": { color: "var(--muted)", marginTop: "2px" },
  ".cm-diagnostic": { fontFamily: "var(--sans)" },
});
