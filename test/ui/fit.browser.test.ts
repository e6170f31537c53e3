/**
 * "Fit from data" in a real browser: the production build in headless Chromium; a
 * performance file chosen in the page is fitted in a worker, its scenario becomes a new
 * cell, and the back-test is drawn; a bad file lists its error lines instead.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newPage } from "./browser/browser.ts";
import { browserSite, SHOTS } from "./browser/site.ts";

const DATA = resolve(import.meta.dirname, "../../scenarios/data/performance.csv");

/** Clicks "Fit from data…" and answers the file chooser it opens. */
async function choose(page: Page, file: string): Promise<void> {
  const chooser = page.waitForEvent("filechooser");
  await page.locator("[data-action=fit-file]").click();
  await (await chooser).setFiles(file);
}

const site = browserSite();

describe("fit from data", () => {
  it("a chosen performance file becomes a fitted scenario cell and a back-test chart per segment", async () => {
    const { page, errors } = await newPage(site.browser);
    await page.goto(site.url);
    await page.locator("article.scenario").first().waitFor();
    const before = await page.locator("article.scenario").count();
    await choose(page, DATA);
    await page.locator("[data-fit-status=fitted]").waitFor({ timeout: 60_000 });
    expect(await page.locator("article.scenario").count()).toBe(before + 1);
    expect(await page.locator("article.scenario").last().textContent()).toContain("Fitted from performance.csv");
    const charts = page.locator("svg[role=img][aria-label^='Back-test of segment']");
    expect(await charts.count()).toBe(2);
    expect(await charts.first().locator("path.band").getAttribute("d")).toMatch(/^M/);
    expect(await page.locator("figure.backtest figcaption").first().textContent()).toMatch(/χ² = [\d.]+ on \d+ df/);
    expect(errors).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await charts.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "fit-from-data.png") });
  });

  it("a bad file lists its FILE:ROW:COLUMN lines and adds no cell", async () => {
    const dir = mkdtempSync(join(tmpdir(), "creditlab-fit-ui-"));
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "account,month,state,balance\na,1,C,1\na,2,Q,1\n");
    const { page } = await newPage(site.browser);
    await page.goto(site.url);
    await page.locator("article.scenario").first().waitFor();
    const before = await page.locator("article.scenario").count();
    await choose(page, bad);
    await page.locator("[data-fit-status=errors]").waitFor({ timeout: 60_000 });
    expect(await page.locator("[data-fit-status=errors] li").allTextContents()).toEqual(['bad.csv:3:state: "Q" is not a state; allowed: C, D1 … D12, F, P']);
    expect(await page.locator("article.scenario").count()).toBe(before);
  });

  it("a file dropped on the panel is fitted too", async () => {
    const { page } = await newPage(site.browser);
    await page.goto(site.url);
    await page.locator("section.fit").waitFor();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(["account,month,state,balance\nx,1,C,1\nx,2,D9,1\n"], "dropped.csv", { type: "text/csv" }));
      document.querySelector("section.fit")!.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await page.locator("[data-fit-status=errors]").waitFor({ timeout: 60_000 });
    expect(await page.locator("[data-fit-status=errors] li").allTextContents()).toEqual(["dropped.csv:2:segment: segment \"book\" is not fitted: no account is seen a month after being in D1, D2, D3, D4, D5, D6, D7, D8, D9; allowed: each state followed, for some account, by that account's row of the next month"]);
  });
});
