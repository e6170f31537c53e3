/**
 * Markdown of a notebook to safe HTML. A notebook may come from anyone's file or link, so
 * every rendering goes through DOMPurify: no script, no event handlers, no `javascript:`
 * links, no forms or frames. Links leave in a new tab without a handle on this page.
 */
import DOMPurify from "dompurify";
import { Marked } from "marked";
import { glossaryEntry, plainDefinition } from "../notebook/glossary.ts";
import { kept } from "../util/kept.ts";

/**
 * Raw HTML with its event-handler attributes renamed (`onerror=` → `data-blocked-onerror=`),
 * which DOMPurify then drops with every data attribute. The sanitizer does not rely on
 * this: it only keeps the browser's HTML parser from seeing a handler, which it reports as
 * a Content-Security-Policy violation even in a document that never runs it.
 */
export function renameHandlers(html: string): string {
  return html.replace(/([\s"'/])(on[a-z]+\s*=)/gi, "$1data-blocked-$2");
}

const marked = new Marked({ gfm: true, async: false, renderer: { html: ({ text }) => renameHandlers(text) } });

/** A relative link to the model reference's Markdown, with its anchor. */
const MODEL_LINK = /^(?:\.\.\/|\.\/)*docs\/model\.md(#[^\s]*)?$/;

let hooked = false;
function purifier(): typeof DOMPurify {
  if (!hooked) {
    DOMPurify.addHook("afterSanitizeAttributes", (node) => {
      // The model reference, linked as ../docs/model.md#section (right on GitHub), is
      // rendered beside the page at docs/model.html with the same anchors.
      const href = node.tagName === "A" ? node.getAttribute("href") : null;
      const reference = href?.match(MODEL_LINK);
      if (reference) node.setAttribute("href", `docs/model.html${reference[1] ?? ""}`);
      // A term linked to the glossary shows its definition on hover and focus (app.css
      // draws data-definition; the HTML report keeps it, with no script).
      const term = reference?.[1] ? glossaryEntry(reference[1].slice(1)) : undefined;
      if (term) {
        node.setAttribute("class", "term");
        node.setAttribute("data-definition", `${term.term}: ${plainDefinition(term)}`);
        node.setAttribute("aria-description", plainDefinition(term));
      }
      if (node.tagName === "A" && (reference || node.getAttribute("href")?.match(/^https?:/i))) {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      }
      // The page loads images from itself and data: URLs only (csp.ts); any other source
      // would only fail with an error, so the image shows as its alternative text.
      if (node.tagName === "IMG" && !/^data:image\//i.test(node.getAttribute("src") ?? "")) {
        node.replaceWith(document.createTextNode(node.getAttribute("alt") ?? ""));
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

/**
 * `<base>` tags, removed from the text before it is parsed at all: DOMPurify parses into a
 * document that shares the page's Content-Security-Policy, where a base element already
 * sets a base URI (`base-uri 'none'` reports it) before the sanitizer can drop it. Whatever
 * follows a `>` inside the tag is left as text.
 */
const BASE_TAG = /<base(?=[\s/>])[^>]*>?/gi;

/**
 * The latest renderings by text. A text cell renders its prose again whenever a live value
 * in it changes (each progress report of the cell it reads): the prose around the values is
 * the same text, and Markdown and the sanitizer took most of that time (the Huabei
 * notebook's prose, 30 to 60 ms a report). The rendering depends on the text alone.
 */
const rendered = new Map<string, string>();
const KEEP = 200;

/** Sanitized HTML of a Markdown text. */
export function renderMarkdown(text: string): string {
  return kept(rendered, text, KEEP, () => sanitize(text));
}

function sanitize(text: string): string {
  const html = (marked.parse(text) as string).replace(BASE_TAG, "");
  return purifier().sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "frame", "object", "embed", "base", "meta", "link"],
    FORBID_ATTR: ["style", "srcset", "action", "formaction"],
    ALLOW_DATA_ATTR: false,
  });
}
