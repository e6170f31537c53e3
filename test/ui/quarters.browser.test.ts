/**
 * The stress test's quarters in a real browser, on the Federal Reserve's 2026 severely
 * adverse file run in quarterly periods with few paths: one row a quarter, and the horizon's
 * cumulative loss rate the one the result file carries.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { percent } from "../../src/format/number.ts";
import type { ResultFile } from "../../src/result/resultFile.ts";
import { newPage } from "./browser/browser.ts";
import { downloadResult, downloadText, fullScreenshot, laidOut, openShared, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";
import { SCENARIO_DIR } from "../scenarios/library.ts";

const site = browserSite();

/** The library's file (quarterly periods: nine quarters over 27 months) with 100 paths. */
async function severelyAdverse(): Promise<string> {
  const text = await readFile(join(SCENARIO_DIR, "macro/fed-2026-severely-adverse.yaml"), "utf8");
  const cell = text.replace(/^(\s*paths:)\s*\d+/m, "$1 100");
  expect(cell).toMatch(/^\s*paths: 100$/m);
  expect(cell).toMatch(/^\s*periodMonths: 3\b/m);
  return cell;
}

describe("the stress-test quarters", () => {
  it("shows nine quarters and the result file's cumulative loss rate", async () => {
    const cell = await severelyAdverse();
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, `# Severely adverse\n\nNine quarters.\n\n\`\`\`scenario\n${cell.trimEnd()}\n\`\`\`\n`);
    await waitForRuns(page, 300_000);

    const view = page.locator("article.scenario").first().locator("figure", { has: page.getByRole("heading", { name: /^Stress-test quarters/ }) });
    await view.waitFor();
    const result = JSON.parse((await downloadResult(page)).text) as ResultFile;
    expect(result.periodMonths).toBe(3);
    const v = result.variants[0];
    expect(v.periods.length).toBe(9);

    const rows = view.locator("table tbody tr");
    expect(await rows.count()).toBe(9);
    expect(await rows.locator("th").allTextContents()).toEqual(["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9"]);
    // Each quarter's mean loss rate and rate to date as the file has them, in the page's format.
    for (const [k, p] of v.periods.entries()) {
      const cells = await rows.nth(k).locator("td").allTextContents();
      expect(cells[0]).toBe(percent(p.periodLossRate.mean));
      expect(cells[3]).toBe(percent(p.lossRateToDate.mean));
    }

    const total = v.book.cumulativeLossRate!;
    const shown = view.locator("[data-figure=cumulativeLossRate]");
    expect(Number(await shown.getAttribute("data-value"))).toBe(total.mean);
    expect(await shown.textContent()).toBe(`${percent(total.mean)} ± ${percent(total.stderr!)}`);
    expect(await view.locator("[data-figure=ppnr]").getAttribute("data-value")).toBe(String(v.book.ppnr!.mean));

    // The report keeps the table as drawn.
    const report = await downloadText(page, () => page.getByRole("button", { name: "Download report" }).click());
    expect(report.text).toContain("Stress-test quarters");
    expect(report.text).toContain(`data-value="${total.mean}"`);

    await laidOut(page);
    await view.screenshot({ path: join(SHOTS, "quarters-1280.png") });
    await fullScreenshot(page, 1280, join(SHOTS, "quarters-page-1280.png"));
    await page.setViewportSize({ width: 375, height: 812 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await view.screenshot({ path: join(SHOTS, "quarters-375.png") });
    expect(errors).toEqual([]);
    await context.close();
  }, 500_000);
});
