/**
 * Live values, exercises, glossary terms and presenting, in the production build: a live
 * value reads the number the result file holds (the file the cell's Download button
 * saves), follows a rerun, and the report carries it; a glossary term shows its definition
 * on hover; presenting is reached, moved and ended with the keyboard alone.
 */
import { describe, expect, it } from "vitest";
import { newPage } from "./browser/browser.ts";
import { downloadResult, downloadText, fullScreenshot, openShared, phase, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";
import { money, percent } from "../../src/format/number.ts";
import { GLOSSARY } from "../../src/notebook/glossary.ts";
import type { ResultFile } from "../../src/result/resultFile.ts";

const site = browserSite();

const NOTEBOOK = `# Live values

The book's [NPL](../docs/model.md#npl) ratio is in its fans. Mean net loss {{ cell:small metric:netLoss }},
99% VaR {{ cell:small metric:netLoss stat:var99 }}, default rate {{ cell:small metric:defaultRate }}.
A mistake: {{ cell:small metric:netLos }}.

\`\`\`scenario small
creditlab: 2
name: Small book
simulation:
  paths: 200
  horizonMonths: 12
  seed: 42
segments:
  - name: cards
    accounts: 2000
    pd: 0.03
    lgd: { mean: 0.8 }
\`\`\`

## An exercise

What is the book's default rate? {{? cell:small metric:defaultRate tol:5% }}
`;

const live = (page: import("playwright-core").Page, n: number) => page.locator(".prose .live").nth(n);

describe("live values in prose", () => {
  it("equal the result file's numbers, follow a rerun, and are kept in the report", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, NOTEBOOK);
    await waitForRuns(page);
    const result = JSON.parse((await downloadResult(page)).text) as ResultFile;
    const book = result.variants[0].book;
    expect(Number(await live(page, 0).getAttribute("data-value"))).toBe(book.netLoss.mean);
    expect(await live(page, 0).textContent()).toBe(money(book.netLoss.mean));
    expect(await live(page, 0).getAttribute("title")).toContain("Monte Carlo error");
    expect(Number(await live(page, 1).getAttribute("data-value"))).toBe(book.var["0.99"]);
    expect(await live(page, 2).textContent()).toBe(percent(book.defaultRate.mean));
    const mark = page.locator(".prose .live-invalid");
    expect(await mark.textContent()).toMatch(/metric "netLos" is not known; allowed: .*netLoss/);
    await fullScreenshot(page, 1280, `${SHOTS}/prose-live.png`);

    // A rerun on another seed: "…" while it runs (or at once the new value), then the new number.
    const before = book.netLoss.mean;
    // Record whether a live value reads "…" at any moment of the rerun.
    await page.evaluate(() => {
      const w = window as unknown as { sawRunning: boolean };
      w.sawRunning = false;
      new MutationObserver(() => {
        if (document.querySelector(".prose .live.running")?.textContent === "…") w.sawRunning = true;
      }).observe(document.querySelector("main")!, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.locator(".cm-line", { hasText: "seed: 42" }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Backspace");
    await page.keyboard.insertText("3");
    await expect.poll(() => phase(page)).toBe("done");
    await expect.poll(async () => (await live(page, 0).getAttribute("data-value")) ?? String(before)).not.toBe(String(before));
    expect(await page.evaluate(() => (window as unknown as { sawRunning: boolean }).sawRunning)).toBe(true);
    const rerun = JSON.parse((await downloadResult(page)).text) as ResultFile;
    expect(Number(await live(page, 0).getAttribute("data-value"))).toBe(rerun.variants[0].book.netLoss.mean);

    // The report carries the run's values, with their errors in their titles.
    const report = await downloadText(page, () => page.getByRole("button", { name: "Download report" }).click());
    expect(report.text).toContain(`data-value="${rerun.variants[0].book.netLoss.mean}"`);
    expect(report.text).toContain(money(rerun.variants[0].book.netLoss.mean));
    expect(errors).toEqual([]);
    await context.close();
  });

  it("fill every figure of the welcome notebook from its runs, with no mark", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(site.url);
    await page.locator("main[aria-busy=false]").waitFor();
    await waitForRuns(page);
    await expect.poll(() => page.locator(".prose .live.running, .prose .live.not-run").count()).toBe(0);
    expect(await page.locator(".prose .live[data-value]").count()).toBeGreaterThanOrEqual(10);
    expect(await page.locator(".prose .live-invalid").count()).toBe(0);
    await page.locator(".prose .live").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/prose-welcome.png` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("checks and reveals an exercise's answer", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, NOTEBOOK);
    await waitForRuns(page);
    const result = JSON.parse((await downloadResult(page)).text) as ResultFile;
    const rate = result.variants[0].book.defaultRate.mean;
    const box = page.locator(".exercise");
    await box.locator("input").fill("50%");
    await box.locator("input").press("Enter");
    await expect.poll(() => box.locator(".feedback").textContent()).toMatch(/too high/);
    await box.locator("input").fill(percent(rate));
    await box.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => box.locator(".feedback").textContent()).toBe("Right.");
    await box.getByRole("button", { name: "Reveal" }).click();
    await expect.poll(() => box.locator(".feedback").textContent()).toContain(`Answer: ${percent(rate)}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a glossary term's definition on hover", async () => {
    const { page, context } = await newPage(site.browser);
    await openShared(page, site.url, NOTEBOOK);
    const term = page.locator(".prose a.term", { hasText: "NPL" });
    const npl = GLOSSARY.find((e) => e.anchor === "npl")!;
    const shown = () => term.evaluate((a) => getComputedStyle(a, "::after").content);
    // A cell finishing its run re-renders its prose, which replaces the focused term and moves
    // the text under the pointer: the runs end first, then the term is focused and hovered.
    await waitForRuns(page);
    await term.focus();
    await expect.poll(shown).toContain("NPL: A non-performing loan is one 90 or more days past due");
    await term.hover();
    await expect.poll(shown).toContain("NPL: A non-performing loan is one 90 or more days past due");
    expect(await term.getAttribute("href")).toBe("docs/model.html#npl");
    expect(npl.definition).toContain("EBA");
    await page.screenshot({ path: `${SHOTS}/prose-glossary.png` });
    await context.close();
  });

  it("presents one cell a screen, reached, moved and ended by the keyboard", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, NOTEBOOK);
    await waitForRuns(page);
    const present = page.locator(".header .present");
    // Reach the button with Tab alone.
    for (let i = 0; i < 40 && !(await present.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press("Tab");
    expect(await present.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains("presenting"))).toBe(true);
    const visible = () => page.locator("article.cell:visible").count();
    expect(await visible()).toBe(1);
    expect(await page.locator(".cm-editor:visible, .cell-actions:visible, .add:visible").count()).toBe(0);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.locator("article.cell.shown").getAttribute("data-kind")).toBe("scenario");
    await page.screenshot({ path: `${SHOTS}/prose-presenting.png` });
    await page.keyboard.press(" ");
    await expect.poll(() => page.locator("article.cell.shown .prose").textContent()).toContain("An exercise");
    expect(await visible()).toBe(1);
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => page.locator("article.cell.shown").getAttribute("data-kind")).toBe("scenario");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains("presenting"))).toBe(false);
    expect(await present.evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await page.locator(".cm-editor:visible").count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
