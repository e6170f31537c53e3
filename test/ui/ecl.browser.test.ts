/**
 * The expected-credit-loss view in a real browser, on the first scenario cell of the
 * IFRS 9 notebook: the stage table the engine worker computed matches what the command
 * line's `creditlab ecl --json` prints for the same scenario, figure for figure, and the
 * allowance fan and the stage migration are drawn from the run's own per-period results.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { money } from "../../src/format/number.ts";
import { parseNotebook } from "../../src/notebook/notebookFile.ts";
import type { ResultFile } from "../../src/result/resultFile.ts";
import { cli } from "../cli/runCli.ts";
import { newPage } from "./browser/browser.ts";
import type { Page } from "playwright-core";
import { downloadResult, downloadText, fullScreenshot, laidOut, openShared, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";
import { SCENARIO_DIR } from "../scenarios/library.ts";

interface CliEcl {
  ecl: number;
  stages: Record<"1" | "2" | "3", { accounts: number; exposure: number; ecl: number }>;
  scenarios: { name: string; weight: number; ecl: number }[];
}

const site = browserSite();

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2.2 A and AA rules and best practices, on the ECL views of the page. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const found = await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: Violation[] }> } }).axe.run;
    const result = await run({ include: [["section.ecl"]] }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return found.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1, 2).join(" ")}`).join("\n")}`);
}

/** The notebook's first cell with fewer paths, for a loaded machine: the ECL at the start does not depend on them. */
async function firstCell(): Promise<string> {
  const text = await readFile(join(SCENARIO_DIR, "ifrs9-provisions.md"), "utf8");
  const first = parseNotebook(text).cells.find((c) => c.kind === "scenario");
  if (first?.kind !== "scenario") throw new Error("ifrs9-provisions.md has no scenario cell");
  const cell = first.code.replace(/^(\s*paths:)\s*\d+/m, "$1 48");
  expect(cell).not.toBe(first.code);
  return cell;
}

const notebookOf = (cell: string) => `# IFRS 9 provisions\n\nThe first cell.\n\n\`\`\`scenario provisions\n${cell.trimEnd()}\n\`\`\`\n`;

describe("the expected-credit-loss view", () => {
  it("shows the command line's ECL for the notebook's first cell, and the allowance over the run", async () => {
    const cell = await firstCell();

    const dir = await mkdtemp(join(tmpdir(), "creditlab-ecl-"));
    let expected: CliEcl;
    try {
      await writeFile(join(dir, "cell.yaml"), `${cell.trimEnd()}\n`);
      const ran = await cli(["ecl", join(dir, "cell.yaml"), "--json"]);
      expect(ran.stderr).toBe("");
      expect(ran.code).toBe(0);
      expected = JSON.parse(ran.stdout) as CliEcl;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(expected.ecl).toBeGreaterThan(0);
    expect(expected.scenarios.map((s) => s.name).sort()).toEqual(["base", "downside", "upside"]);

    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, notebookOf(cell));
    await waitForRuns(page, 180_000);
    // The view says whether its report is in: it comes from the worker after the run.
    const view = page.locator("article.scenario").first().locator("section.ecl");
    await view.and(page.locator("[data-ecl=done]")).waitFor();

    // The weighted total and each scenario's, as the worker computed them, against the command line.
    const total = (scenario: string) => view.locator(`tr[data-stage=all] td.ecl[data-scenario="${scenario}"]`);
    expect(Number(await total("Weighted").getAttribute("data-value"))).toBe(expected.ecl);
    expect(await total("Weighted").textContent()).toBe(money(expected.ecl));
    for (const s of expected.scenarios) expect(Number(await total(s.name).getAttribute("data-value"))).toBe(s.ecl);
    for (const stage of ["1", "2", "3"] as const) {
      const shown = view.locator(`tr[data-stage="${stage}"] td.ecl[data-scenario="Weighted"]`);
      expect(Number(await shown.getAttribute("data-value"))).toBe(expected.stages[stage].ecl);
    }

    // The allowance fan: drawn, and from the result file's own per-period allowance.
    const result = JSON.parse((await downloadResult(page)).text) as ResultFile;
    const periods = result.variants[0].periods;
    expect(periods.length).toBe(24);
    expect(periods.every((p) => p.allowance && p.allowance.p5 > 0 && p.allowance.p5 <= p.allowance.p95)).toBe(true);
    const fan = view.locator("figure", { has: page.getByRole("heading", { name: /^Allowance and provision charges/ }) });
    await expect.poll(() => fan.locator("svg[role=img] path.outer").getAttribute("d")).toMatch(/^M[\d.,-]+L/);
    expect(await fan.locator("svg[role=img] .charges rect").count()).toBe(24);
    const shares = view.locator("figure", { has: page.getByRole("heading", { name: /^Stages 2 and 3 over time/ }) });
    expect(await shares.locator("svg[role=img] .bands path").count()).toBe(2);

    // The report keeps the view as drawn: the stage table with its weighted total, the fan, the matrix.
    const report = await downloadText(page, () => page.getByRole("button", { name: "Download report" }).click());
    expect(report.text).toContain("Expected credit loss by stage");
    expect(report.text).toContain(`data-value="${expected.ecl}"`);
    expect(report.text).toContain("Allowance and provision charges");
    expect(report.text).toMatch(/<span class="period-text[^"]*">Month 24<\/span>/);
    expect(report.text).not.toContain("<select");

    await fullScreenshot(page, 1280, join(SHOTS, "ecl-1280.png"));
    await view.screenshot({ path: join(SHOTS, "ecl-view-1280.png") });
    await page.setViewportSize({ width: 375, height: 812 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await view.screenshot({ path: join(SHOTS, "ecl-view-375.png") });
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 400_000);

  it("has no accessibility violation in the dark theme, the downside shown", async () => {
    const { page, context, errors } = await newPage(site.browser, 1280, 900, "dark");
    await openShared(page, site.url, notebookOf(await firstCell()));
    await waitForRuns(page, 180_000);
    await page.locator("article.scenario").first().getByRole("radio", { name: "downside" }).check();
    const fan = page.getByRole("heading", { name: "Allowance and provision charges — downside" });
    await fan.waitFor();
    await laidOut(page);
    await page.locator("section.ecl").first().screenshot({ path: join(SHOTS, "ecl-view-dark-downside.png") });
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 400_000);
});
