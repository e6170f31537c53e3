/**
 * Markdown of a notebook to safe HTML. A notebook may come from anyone's file or link, so
 * every rendering goes through DOMPurify: no script, no event handlers, no `javascript:`
 * links, no forms or frames. Links leave in a new tab without a handle on this page.
 */
import DOMPurify from "dompurify";
import { Marked } from "marked";

const marked = new Marked({ gfm: true, async: false });

let hooked = false;
function purifier(): typeof DOMPurify {
  if (!hooked) {
    DOMPurify.addHook("afterSanitizeAttributes", (node) => {
      if (node.tagName === "A" && node.getAttribute("href")?.match(/^https?:/i)) {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

/** Sanitized HTML of a Markdown text. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text) as string;
  return purifier().sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "frame", "object", "embed", "base", "meta", "link"],
    FORBID_ATTR: ["style", "srcset", "action", "formaction"],
    ALLOW_DATA_ATTR: false,
  });
}
