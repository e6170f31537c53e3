/**
 * Accessibility of the welcome notebook, as axe-core (Deque's rules for WCAG 2.2 A and AA)
 * reports it, in the light and the dark theme, at a desktop and a phone width, every cell
 * run: no violation. axe runs in the page through the DevTools protocol (the page's own
 * policy allows no injected script).
 */
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { newPage } from "./browser/browser.ts";
import { waitForRuns } from "./browser/notebook.ts";
import { browserSite } from "./browser/site.ts";

const site = browserSite();
/** axe's own source, as its package gives it for injecting into a page. */
const AXE = axe.source;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

describe("accessibility (axe-core)", () => {
  for (const [scheme, width] of [
    ["light", 1280],
    ["dark", 1280],
    ["light", 390],
  ] as const) {
    it(`the welcome notebook, every cell run, has no violation in the ${scheme} theme at ${width} px`, async () => {
      const { page, context, errors } = await newPage(site.browser, width, 900, scheme);
      await page.goto(site.url);
      await waitForRuns(page);
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(o: unknown): Promise<{ violations: Violation[] }> } }).axe;
        const result = await axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
      });
      expect(violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1, 2).join(" ")}`).join("\n")}`)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
