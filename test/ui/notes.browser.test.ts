/**
 * The securitization's notes in a real browser: a small card trust run with few paths shows
 * one row a note, senior first, with the result file's probability of loss and expected
 * loss in the page's format, and the share of paths in early amortization at the horizon.
 */
import { describe, expect, it } from "vitest";
import { percent } from "../../src/format/number.ts";
import type { ResultFile } from "../../src/result/resultFile.ts";
import { newPage } from "./browser/browser.ts";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { downloadResult, fullScreenshot, openShared, phase, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";

const site = browserSite();

const CELL = `creditlab: 2
name: A small card trust
simulation: { paths: 40, horizonMonths: 12, seed: trust, balanceSheet: static }
segments:
  - { name: cards, accounts: 800, pd: 0.06, apr: 0.22, limit: { median: 3000 } }
securitization:
  revolvingMonths: 6
  notes:
    - { name: senior, size: 0.85, coupon: 0.04 }
    - { name: junior, size: 0.15, coupon: 0.08 }
  reserve: { initial: 0.01, target: 0.02 }
  triggers: { excessSpread: 0.05 }`;

describe("the securitization notes", () => {
  it("shows one row a note with the result file's figures", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, `# A card trust\n\nNotes.\n\n\`\`\`scenario\n${CELL}\n\`\`\`\n`);
    await waitForRuns(page, 300_000);
    const view = page.locator("article.scenario").first().locator("figure", { has: page.getByRole("heading", { name: /^Securitization notes/ }) });
    await view.waitFor();
    const result = JSON.parse((await downloadResult(page)).text) as ResultFile;
    const notes = result.variants[0].notes!;
    const rows = view.locator("table tbody tr");
    expect(await rows.count()).toBe(2);
    for (const [k, name] of ["senior", "junior"].entries()) {
      const row = rows.nth(k);
      const cells = [...(await row.locator("th").allTextContents()), ...(await row.locator("td").allTextContents())];
      expect(cells[0]).toBe(name);
      expect(cells[4]).toBe(percent(notes[name].probabilityOfLoss));
      expect(cells[5]).toBe(percent(notes[name].expectedLoss));
      expect(cells[7]).toBe(notes[name].rating);
    }
    const last = result.variants[0].periods.at(-1)!.deal!;
    expect(Number(await view.locator("[data-figure=triggered]").getAttribute("data-value"))).toBe(last.triggered.mean);
    expect(errors).toEqual([]);
    await context.close();
  }, 500_000);

  it("runs scenarios/abs-master-trust.md: its notes table, every live value filled, no console error", async () => {
    // The notebook as shipped, with fewer paths for a loaded machine (what is checked does not depend on them).
    const shipped = readFileSync(join(resolve(import.meta.dirname, "../.."), "scenarios/abs-master-trust.md"), "utf8");
    const text = shipped.replace(/^(\s*paths:)\s*\d+/m, "$1 40");
    expect(text).not.toBe(shipped);
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, text);
    await waitForRuns(page, 480_000);
    expect(await phase(page)).toBe("done");
    const view = page.locator("article.scenario").first().locator("figure", { has: page.getByRole("heading", { name: /^Securitization notes/ }) });
    await view.waitFor();
    const names = await view.locator("table tbody tr th").allTextContents();
    expect(names.slice(0, 3)).toEqual(["senior", "mezzanine", "subordinated"]);
    expect(await page.locator("mark.live-invalid, span.live.not-run").count()).toBe(0);
    expect(await page.locator("span.live[data-value]").count()).toBeGreaterThan(20);
    await view.screenshot({ path: join(SHOTS, "abs-master-trust-notes.png") });
    await fullScreenshot(page, 1280, join(SHOTS, "abs-master-trust-1280.png"));
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);
});
