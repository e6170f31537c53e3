/**
 * docs/model.md as a page: the built notebook carries it at docs/model.html beside
 * index.html (and docs/model.md as it is), with GitHub's heading anchors, so the links the
 * notebooks write as `../docs/model.md#48-payment-burden` (right on GitHub) land on the same
 * section in the page. Rendered once at build time from our own file: no script, one
 * stylesheet of its own, nothing the page's Content-Security-Policy refuses.
 */
import { Marked, type Tokens } from "marked";

/** GitHub's heading anchor: lower case, letters, digits, spaces, hyphens and underscores kept, spaces to hyphens. */
export function headingSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export const MODEL_CSS = `body { font: 16px/1.55 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #e6edf3; background: #0d1117; } a { color: #6cb6ff; } code, pre { background: #161b22; } th, td { border-color: #30363d; } }
code, pre { font: 0.9em ui-monospace, monospace; background: #f6f8fa; border-radius: 4px; }
code { padding: 0.1em 0.3em; }
pre { padding: 0.8em; overflow-x: auto; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
h1, h2, h3 { line-height: 1.25; }
@media print { body { max-width: none; margin: 0; } }
`;

export function modelReferenceHtml(markdown: string): string {
  const seen = new Map<string, number>();
  const marked = new Marked({
    gfm: true,
    async: false,
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, { tokens, depth, text }: Tokens.Heading) {
        const plain = text.replace(/<[^>]*>/g, "").replace(/[`*_]/g, "");
        const base = headingSlug(plain);
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        const id = n === 0 ? base : `${base}-${n}`;
        return `<h${depth} id="${escapeHtml(id)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
    },
  });
  const body = marked.parse(markdown) as string;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>creditlab: the model</title>
<link rel="stylesheet" href="model.css">
</head>
<body>
<p><a href="../index.html">← creditlab notebook</a></p>
<main>
${body}</main>
</body>
</html>
`;
}
