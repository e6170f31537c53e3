/**
 * Export of a chart on the page as SVG or PNG, and of its data as CSV. The SVG is a copy
 * of the live one with computed styles written onto each element (the page's stylesheet
 * and theme variables do not travel with a file); the PNG draws that SVG on a canvas
 * through an <img> from a blob: URL, so no script runs and nothing leaves the page.
 * System fonts only: the file names the font stack and the reader's system supplies it.
 *
 * An export is what the reader sees: a chart whose axis holds the range of a run before
 * (domainHold.ts) is exported on that range, bars drawn as a partial result draws them
 * (histogramBars.ts partialHeights) while it is partial; the same result opened afresh may
 * draw on its own range. The CSV is the data: each bin's own count and share.
 */
import { composeSvg, xmlEscape, type ExportText, type ExportTheme } from "./exportSvg.ts";
import { toCsv } from "./csv.ts";
import type { TableData } from "../frame/table.ts";

const STYLE_PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "stroke-linecap",
  "stroke-linejoin",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "text-anchor",
  "dominant-baseline",
  "paint-order",
  "visibility",
];

/** Properties SVG does not inherit, with their initial values. */
const NOT_INHERITED: Record<string, string> = { opacity: "1", "dominant-baseline": "auto" };

/**
 * Copies the computed styles of `live` and its descendants onto `copy`, each property
 * only where it differs from what the element would get anyway (its parent's value, or
 * the initial one), and drops parts marked data-export="skip" and comment nodes.
 */
function inline(live: Element, copy: Element, parent: CSSStyleDeclaration | null): void {
  const cs = getComputedStyle(live);
  const own = STYLE_PROPS.filter((p) => {
    const v = cs.getPropertyValue(p);
    return p in NOT_INHERITED ? v !== NOT_INHERITED[p] : parent === null || v !== parent.getPropertyValue(p);
  });
  if (own.length > 0) copy.setAttribute("style", own.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(";"));
  else copy.removeAttribute("style");
  for (const a of ["class", "tabindex", "focusable"]) copy.removeAttribute(a);
  for (const node of Array.from(copy.childNodes)) if (node.nodeType === Node.COMMENT_NODE) node.remove();
  const liveKids = Array.from(live.children);
  const copyKids = Array.from(copy.children);
  liveKids.forEach((k, i) => {
    if (k.getAttribute("data-export") === "skip") copyKids[i].remove();
    else inline(k, copyKids[i], cs);
  });
}

/** A CSS colour (a `var(--…)` included) as the browser resolves it at `where`. */
export function resolveColour(colour: string, where: Element): string {
  const probe = document.createElement("span");
  probe.style.color = colour;
  probe.style.display = "none";
  where.appendChild(probe);
  const c = getComputedStyle(probe).color;
  probe.remove();
  return c;
}

function theme(svg: SVGSVGElement): ExportTheme {
  const at = svg.parentElement ?? svg;
  const background = resolveColour("var(--_bg, #fff)", at);
  return {
    font: getComputedStyle(svg).fontFamily,
    text: resolveColour("var(--_text, #1f2328)", at),
    muted: resolveColour("var(--_muted, #59636e)", at),
    background: /rgba\(.*,\s*0\)$/.test(background) || background === "transparent" ? "#ffffff" : background,
  };
}

/** The chart `svg` with `text` around it, as one standalone SVG document. */
export function chartSvg(svg: SVGSVGElement, text: ExportText): { svg: string; width: number; height: number } {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  inline(svg, copy, null);
  const serializer = new XMLSerializer();
  // The root's own styles (font size, text colour) go on a group around its children.
  const rootStyle = xmlEscape(copy.getAttribute("style") ?? "");
  const plot = `<g style="${rootStyle}">${Array.from(copy.children)
    .map((k) => serializer.serializeToString(k))
    .join("")}</g>`;
  const box = svg.getBoundingClientRect();
  const at = svg.parentElement ?? svg;
  const legend = text.legend.map((item) => ({ ...item, colour: resolveColour(item.colour, at) }));
  return composeSvg(plot, { width: Math.round(box.width), height: Math.round(box.height) }, { ...text, legend }, theme(svg));
}

/** Saves `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Some browsers read the URL after click() returns; revoke once they have.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The SVG drawn at `scale` × its size on a canvas, as a PNG blob. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const img = new Image(width, height);
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2D canvas");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the canvas gave no PNG"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A file name from words: lower case, dashes, nothing a file system minds. */
export function fileName(parts: readonly string[], ext: string): string {
  const base = parts
    .join(" ")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${base || "chart"}.${ext}`;
}

export type ExportFormat = "png" | "svg" | "csv";

/** Exports one chart: its SVG, a PNG of it, or its table as CSV. */
export async function exportChart(
  format: ExportFormat,
  svg: SVGSVGElement | null,
  text: ExportText,
  table: TableData,
  parts: readonly string[],
): Promise<void> {
  if (format === "csv") {
    download(new Blob([toCsv(table)], { type: "text/csv;charset=utf-8" }), fileName(parts, "csv"));
    return;
  }
  if (!svg) return;
  const file = chartSvg(svg, text);
  if (format === "svg") {
    download(new Blob([file.svg], { type: "image/svg+xml;charset=utf-8" }), fileName(parts, "svg"));
  } else {
    download(await svgToPng(file.svg, file.width, file.height), fileName(parts, "png"));
  }
}
