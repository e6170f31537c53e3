/**
 * Loan tapes in the notebook page, in headless Chromium on the production build: a cell
 * that names a tape asks for it, the Attach tape button reads it and the cell runs, a
 * reload still has it, a bad row is listed as its line, and the shipped walk-through
 * opened from a link (a profile with no tapes) asks for its tape instead of failing, and
 * runs once the tape is dropped on its cell.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newPage } from "./browser/browser.ts";
import { readTape } from "../../src/data/tape.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { parseNotebook } from "../../src/notebook/notebookFile.ts";
import type { ResultFile } from "../../src/result/resultFile.ts";
import { summarizeRun } from "../../src/result/summarizeRun.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { downloadResult, fullScreenshot, openShared, phase, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const TAPE = join(ROOT, "scenarios/data/tape.csv");
/** Accounts in the tape, counted plainly: lines that are neither a `#` comment, the header nor blank. */
const TAPE_ROWS = readFileSync(TAPE, "utf8").split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#")).length - 1;

/** The walk-through's scenario on the tape, with few paths so that it runs in a moment. */
const ON_TAPE = `# A book on its tape

\`\`\`scenario
creditlab: 2
name: Book on its tape
simulation: { paths: 40, horizonMonths: 12, seed: 7 }
segments:
  - { name: cards, tape: data/tape.csv, product: revolving, pd: 0.02, apr: 0.22, delinquency: { roll: [0.3, 0.5, 0.7] } }
  - { name: loans, tape: data/tape.csv, product: instalment, pd: 0.01, apr: 0.12, termMonths: 36, delinquency: { roll: [0.3, 0.5, 0.7] } }
\`\`\`
`;

const site = browserSite();

const cell = (page: Page) => page.locator("article.scenario").first();

/** Clicks `button` and gives the file chooser it opens `files`. */
async function choose(page: Page, button: ReturnType<Page["locator"]>, files: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), button.click()]);
  await chooser.setFiles(files);
}

describe("loan tapes in the notebook page", () => {
  it("asks for a tape, runs once it is attached, keeps it through a reload, and lists a bad row", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, ON_TAPE);
    const request = cell(page).getByRole("alert").filter({ hasText: "This scenario reads tape.csv: attach it" });
    await request.waitFor();
    expect(await phase(page)).toBe("idle");
    await page.screenshot({ path: join(SHOTS, "tape-request.png") });

    await choose(page, cell(page).getByRole("button", { name: "Attach tape", exact: true }), TAPE);
    await waitForRuns(page);
    expect(await phase(page)).toBe("done");
    expect(await request.count()).toBe(0);
    await expect.poll(() => cell(page).locator(".attached").textContent()).toBe(`Tape data/tape.csv: ${TAPE_ROWS.toLocaleString("en-US")} accounts`);
    const loss = await cell(page).locator("[data-metric=el] .value").textContent();
    await fullScreenshot(page, 1280, join(SHOTS, "tape-attached.png"));

    await page.reload();
    await page.locator("main[aria-busy=false]").waitFor();
    await waitForRuns(page);
    expect(await phase(page)).toBe("done");
    expect(await cell(page).locator(".attached").textContent()).toContain("Tape data/tape.csv");
    expect(await request.count()).toBe(0);
    // The same seed on the same tape: the same expected loss.
    expect(await cell(page).locator("[data-metric=el] .value").textContent()).toBe(loss);

    const bad = { name: "tape.csv", mimeType: "text/csv", buffer: Buffer.from("balance,limit,state,segment\n100,500,C,cards\n200,900,X,cards\n") };
    await choose(page, cell(page).getByRole("button", { name: "Attach tape", exact: true }), bad);
    const problems = cell(page).getByRole("list", { name: "Problems in the tape" }).getByRole("listitem");
    await problems.first().waitFor();
    expect(await problems.allTextContents()).toEqual(['tape.csv:3:state: "X" is not a state; allowed: C, D1 … D12, F']);
    // The bad file replaced nothing: the tape read before still runs.
    expect(await cell(page).locator(".attached").textContent()).toContain(`${TAPE_ROWS.toLocaleString("en-US")} accounts`);
    await page.screenshot({ path: join(SHOTS, "tape-bad-row.png") });
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it("marks a tape that does not fit its segment at the segment's tape key in the editor", async () => {
    const { page, context, errors } = await newPage(site.browser);
    const deep = `# Deep\n\n\`\`\`scenario\ncreditlab: 2\nname: Deep\nsimulation: { paths: 20, horizonMonths: 6 }\nsegments:\n  - { name: cards, tape: deep.csv, product: revolving, pd: 0.02, apr: 0.2, delinquency: { roll: [0.5] } }\n\`\`\`\n`;
    await openShared(page, site.url, deep);
    await cell(page).getByRole("alert").filter({ hasText: "This scenario reads deep.csv: attach it" }).waitFor();
    const file = { name: "deep.csv", mimeType: "text/csv", buffer: Buffer.from("balance,limit,state\n100,500,C\n200,900,D3\n") };
    await choose(page, cell(page).getByRole("button", { name: "Attach tape", exact: true }), file);
    // The run's parse and the editor's check both find it, at the tape's value on line 5.
    await cell(page).locator(".errors li").first().waitFor();
    expect(await cell(page).locator(".errors li").allTextContents()).toEqual([expect.stringMatching(/^5:\d+ segments\[0\]\.tape: the tape has accounts in D3; allowed: C, F and the ladder's buckets D1 … D1$/)]);
    const mark = cell(page).locator(".cm-lintRange-error");
    await mark.first().waitFor();
    expect(await mark.allTextContents()).toEqual(["deep.csv"]);
    expect(await phase(page)).toBe("invalid");
    await page.screenshot({ path: join(SHOTS, "tape-mark.png") });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("opens the walk-through from a link without its tape and asks for it", async () => {
    const { page, context, errors } = await newPage(site.browser);
    const walkthrough = readFileSync(join(ROOT, "scenarios/tape-walkthrough.md"), "utf8");
    await openShared(page, site.url, walkthrough);
    const request = cell(page).getByRole("alert").filter({ hasText: "This scenario reads tape.csv: attach it" });
    await request.waitFor();
    expect(await request.getByRole("button", { name: "Attach tape.csv" }).isVisible()).toBe(true);
    expect(await phase(page)).toBe("idle");
    expect(await cell(page).locator(".failure").count()).toBe(0);
    await request.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "tape-walkthrough-request.png") });

    // A CSV dropped on the cell, even on its editor, is its tape: not a notebook to open in
    // place of this one, nor text to insert.
    // The editor draws the lines near the viewport only, so its text is read with the whole
    // cell in view, against the cell's text in the file (the lines' text, joined).
    const editorText = async () => {
      await cell(page).locator(".cm-content").scrollIntoViewIfNeeded();
      return cell(page).locator(".cm-content").textContent();
    };
    const code = /```scenario tape\n([\s\S]*?)```/.exec(walkthrough)![1].replace(/\n/g, "");
    expect(await editorText()).toBe(code);
    await cell(page).locator(".cm-content").evaluate((el, text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], "tape.csv", { type: "text/csv" }));
      el.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    }, readFileSync(TAPE, "utf8"));
    await waitForRuns(page, 200_000);
    expect(await phase(page)).toBe("done");
    expect(await page.locator("header .title").textContent()).toBe("From data to a stress test of the actual book");
    expect(await cell(page).locator(".attached").textContent()).toBe(`Tape data/tape.csv: ${TAPE_ROWS.toLocaleString("en-US")} accounts`);
    expect(await editorText()).toBe(code);
    await fullScreenshot(page, 1280, join(SHOTS, "tape-walkthrough-run.png"));

    // The same numbers as the engine run here in Node on the same tape, read from disk.
    const { text } = await downloadResult(page);
    const shown = JSON.parse(text) as ResultFile;
    const cellCode = parseNotebook(walkthrough).cells.flatMap((c) => (c.kind === "scenario" ? [c.code] : []))[0];
    const read = readTape(readFileSync(TAPE, "utf8"), "tape.csv");
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    const tapes = { "data/tape.csv": read.value.tape };
    const parsed = parseScenario(cellCode, "cell.yaml", tapes);
    if (!parsed.ok) throw new Error("the walk-through's scenario does not parse with its tape");
    const model = compileModel(parsed.value.variants, tapes);
    const chunk = simulatePaths(model, 0, model.simulation.paths);
    expect(shown.paths).toBe(1000);
    const here = summarizeRun(
      { layout: model.layout, variantNames: model.variantNames, scenarioName: shown.scenario.name, sha256: "", seed: model.simulation.seed, paths: 1000, horizonMonths: 24, periodMonths: 1, engine: "node", samples: false, partial: false },
      chunk,
    );
    expect(shown.variants.map((v) => v.book)).toEqual(here.variants.map((v) => v.book));
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
