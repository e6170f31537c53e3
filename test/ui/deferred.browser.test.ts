/**
 * A long notebook in the production build: a scenario cell out of sight makes its charts
 * and its editor later (src/ui/notebook/deferred.ts), and loses nothing by it. A reader who
 * scrolls to the end at once finds no blank cell there; the editor, once made, holds the
 * cell's text and its error marks; the report holds every chart; the editor's place is a
 * tab stop before the editor is made, and focusing it puts the caret in the editor; find-in-page
 * reaches the prose at the end at once.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { newPage } from "./browser/browser.ts";
import { downloadText, laidOut, openShared, SMALL_SCENARIO, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";

const site = browserSite();

/** Prose long enough to put the second scenario cell several screens down. */
const FILLER = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of the reading between the two cells: it is long enough to take a line or two of the page on a wide screen.`).join("\n\n");

const BROKEN = SMALL_SCENARIO.replace("name: Small book", "name: Far book").replace("pd: 0.03", "pd: 3");

const NOTEBOOK = `# A long notebook

\`\`\`scenario
${SMALL_SCENARIO}\`\`\`

${FILLER}

\`\`\`scenario
${SMALL_SCENARIO.replace("name: Small book", "name: Far book").replace("seed: 42", "seed: 7")}\`\`\`

${FILLER}

\`\`\`scenario
${BROKEN}\`\`\`

The last words, kinkajou.
`;

/** The scenario cells' charts drawn, editors made and editors' places still plain text. */
const made = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("article.scenario")].map((c) => ({
      charts: c.querySelectorAll(".results svg[role=img]").length,
      editor: c.querySelectorAll(".cm-editor").length,
      plain: c.querySelector(".editor > .loading")?.textContent ?? null,
      banner: c.querySelector(".results .banner")?.textContent ?? null,
    })),
  );

describe("a long notebook's cells out of sight", () => {
  it("show their text and draw their charts once scrolled to, and the report keeps every chart", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, NOTEBOOK);
    // To the end at once, as a reader who skips the reading does.
    await page.keyboard.press("End");
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await page.getByText("The last words, kinkajou.").waitFor();
    // Find-in-page reaches the prose at the end (Chromium's window.find is the find bar's search).
    expect(await page.evaluate(() => (window as unknown as { find(text: string): boolean }).find("kinkajou"))).toBe(true);
    await waitForRuns(page);
    // The last cell, in view: its editor or the plain text of its scenario, its errors listed, never a blank.
    const last = page.locator("article.scenario").last();
    await expect.poll(async () => (await made(page)).at(-1)?.editor).toBe(1);
    await last.locator(".cm-lintRange-error").first().waitFor();
    expect(await last.locator(".cm-content").textContent()).toBe(BROKEN.replace(/\n$/, "").replace(/\n/g, ""));
    expect(await last.locator(".results .banner").textContent()).toMatch(/^Not run: the scenario has errors/);
    await page.screenshot({ path: `${SHOTS}/long-notebook-end.png` });
    // Each cell, scrolled to, draws its charts; the idle moments after the runs draw them anyway.
    for (const cell of await page.locator("article.scenario").all()) {
      await cell.scrollIntoViewIfNeeded();
      await laidOut(page);
    }
    await expect.poll(async () => (await made(page)).map((c) => [c.charts > 0, c.editor])).toEqual([
      [true, 1],
      [true, 1],
      [false, 1],
    ]);
    const charts = await page.locator("main svg[role=img]").count();
    const report = await downloadText(page, () => page.getByRole("button", { name: "Download report" }).click());
    expect(report.text.match(/<svg[^>]*role="img"/g)?.length).toBe(charts);
    expect(report.text.match(/<details class="report-scenario">/g)?.length).toBe(3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keep the editor's place in the tab order, made or not, and the report holds each scenario's text", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, NOTEBOOK);
    // The last cell's tab stop in its editor's place: the editor's text, or its plain text until
    // the editor is made (then focused, it becomes the editor, with the caret in it).
    const last = page.locator("article.scenario").last();
    const stop = last.locator(".editor [tabindex='0']").first();
    await stop.focus();
    await expect.poll(() => last.evaluate((cell) => cell.querySelector(".cm-content") === document.activeElement)).toBe(true);
    // The report keeps each scenario's text whether its editor is made or not.
    const report = await downloadText(page, () => page.getByRole("button", { name: "Download report" }).click());
    expect(report.text.match(/<details class="report-scenario">/g)?.length).toBe(3);
    expect(report.text).toContain("kinkajou");
    expect(errors).toEqual([]);
    await context.close();
  });
});
