/**
 * The model reference as the page serves it: every link into docs/model.md that the
 * notebooks, the README and the reference itself write lands on a heading of the rendered
 * page, and the page is our text only (no script).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { headingSlug, modelReferenceHtml } from "../../scripts/modelReference.ts";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const html = modelReferenceHtml(read("docs/model.md"));
const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));

describe("docs/model.html", () => {
  it.each([
    ["3 Risk: from pd to a monthly hazard", "3-risk-from-pd-to-a-monthly-hazard"],
    ["4.8 Payment burden", "48-payment-burden"],
    ["11 Closed forms: Vasicek and Basel IRB", "11-closed-forms-vasicek-and-basel-irb"],
    ["Étape 2 (ρ) — fin", "étape-2-ρ--fin"],
  ])("%s has GitHub's anchor %s", (text, slug) => {
    expect(headingSlug(text)).toBe(slug);
  });

  it("every link to a section of docs/model.md lands on a heading", () => {
    const sources = [
      ...readdirSync(new URL("scenarios/", root)).filter((f) => f.endsWith(".md")).map((f) => `scenarios/${f}`),
      "README.md",
      "docs/model.md",
    ];
    // Links into the reference from elsewhere; within it, its own #anchors.
    const pattern = (file: string) => (file === "docs/model.md" ? /\]\(#([^)\s]+)\)/g : /\]\((?:\.\.\/)*docs\/model\.md#([^)\s]+)\)/g);
    const links = sources.flatMap((file) => [...read(file).matchAll(pattern(file))].map((m) => ({ file, anchor: decodeURIComponent(m[1]) })));
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l) => !ids.has(l.anchor))).toEqual([]);
  });

  it("carries no script and one stylesheet of its own", () => {
    expect(html).not.toMatch(/<script/i);
    expect([...html.matchAll(/<link [^>]*>/g)].map((m) => m[0])).toEqual(['<link rel="stylesheet" href="model.css">']);
  });
});
