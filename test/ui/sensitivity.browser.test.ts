/**
 * The tornado chart and the reverse stress test in a real browser, against the built
 * command line on the same notebook: the tornado's means at each key's low and high value
 * are `creditlab sensitivity --json`'s, key by key in the same order, and the reverse
 * form's answer is `creditlab reverse --json`'s (the same search on the same runs). A
 * field the form cannot read is marked beside it and nothing runs. Screenshots in the
 * light and the dark theme go to test-results/.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runCli.ts";
import { newPage } from "./browser/browser.ts";
import { downloadText, laidOut, openShared, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";
import { SCENARIO_DIR } from "../scenarios/library.ts";

const site = browserSite();

const NOTEBOOK = `# Which key matters

A small card book, each key at its low and high value.

\`\`\`scenario
creditlab: 2
name: Small book
simulation: { paths: 60, horizonMonths: 12, periodMonths: 12, seed: 7 }
segments:
  - name: cards
    accounts: 1500
    start: current
    pd: 0.03
    correlation: 0.1
    limit: { median: 1000, sigma: 0 }
    utilization: 1
    delinquency: { roll: [] }
    lgd: { mean: 0.5, sd: 0 }
sensitivity:
  keys:
    - { key: segments.cards.lgd.mean, low: 0.4, high: 0.6 }
    - { key: 'segments[0].pd', low: 0.02, high: 0.05 }
    - { key: 'segments[0].correlation', low: 0.05, high: 0.2 }
  metrics: [netLoss, defaultRate]
\`\`\`
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-tornado-"));
  await writeFile(join(dir, "book.md"), NOTEBOOK);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface CliEnd {
  value: number;
  mean: number;
}

describe("the tornado chart and the reverse stress test", () => {
  it("draws the command line's sensitivity, answers the reverse form as the command line does, and marks a bad field", async () => {
    const ran = await cli(["sensitivity", join(dir, "book.md"), "--json"]);
    expect(ran.stderr).toBe("");
    const expected = JSON.parse(ran.stdout) as { metrics: { metric: string; base: { mean: number }; keys: { key: string; low: CliEnd; high: CliEnd }[] }[] };

    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, NOTEBOOK);
    await waitForRuns(page, 300_000);
    const cell = page.locator("article.scenario").first();
    const tornado = cell.locator("section.sensitivity");
    await tornado.and(page.locator("[data-state=done]")).waitFor({ timeout: 300_000 });
    await laidOut(page);

    for (const [i, m] of expected.metrics.entries()) {
      if (i > 0) await tornado.getByRole("radio", { name: m.metric === "defaultRate" ? "default rate" : m.metric }).check();
      const chart = tornado.locator(`g.tornado[data-metric=${m.metric}]`);
      await chart.waitFor();
      expect(Number(await chart.getAttribute("data-base"))).toBe(m.base.mean);
      const rows = chart.locator("g.row");
      expect(await rows.count()).toBe(m.keys.length);
      for (const [k, key] of m.keys.entries()) {
        const row = rows.nth(k);
        expect(await row.getAttribute("data-key")).toBe(key.key);
        expect(Number(await row.getAttribute("data-low-mean"))).toBe(key.low.mean);
        expect(Number(await row.getAttribute("data-high-mean"))).toBe(key.high.mean);
        expect(Number(await row.getAttribute("data-low-value"))).toBe(key.low.value);
        expect(Number(await row.getAttribute("data-high-value"))).toBe(key.high.value);
      }
    }

    // The keyboard reads out a row: the plot takes the focus, an arrow moves to the next key.
    const plot = tornado.locator("svg[role=img]");
    await plot.focus();
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => tornado.textContent()).toContain(`high ${expected.metrics[1].keys[1].high.value}`);
    await page.keyboard.press("Escape");

    // The report carries the tornado as drawn.
    const report = await downloadText(page, () => page.getByRole("button", { name: "Download report" }).click());
    expect(report.text).toContain("What matters most: sensitivity to each key");
    expect(report.text).toContain(`data-key="${expected.metrics[0].keys[0].key}"`);

    await tornado.scrollIntoViewIfNeeded();
    await tornado.screenshot({ path: join(SHOTS, "tornado-1280.png") });

    // The reverse form: a level that is not a number is marked beside its field, and nothing runs.
    const form = cell.locator("details.reverse");
    await form.locator("summary").click();
    await form.getByLabel("Key to vary").selectOption("segments[0].pd");
    await form.getByLabel("Metric").selectOption("defaultRate");
    await form.getByLabel("Level to reach").fill("five percent");
    await form.getByRole("button", { name: "Find the key's value" }).click();
    const reach = form.getByLabel("Level to reach");
    expect(await reach.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => reach.evaluate((el) => document.activeElement === el)).toBe(true);
    expect(await form.locator(".error").first().textContent()).toMatch(/^A number/);
    expect(await form.locator(".answer").textContent()).toBe("");

    // A range to search whose ends are the wrong way round is marked at its high end.
    await reach.fill("0.05");
    const low = form.getByLabel("Search from (low end)");
    const high = form.getByLabel("Search to (high end)");
    await low.fill("0.2");
    await high.fill("0.01");
    await form.getByRole("button", { name: "Find the key's value" }).click();
    expect(await high.getAttribute("aria-invalid")).toBe("true");
    expect(await form.locator(".error").first().textContent()).toMatch(/^Above the low end \(0\.2\)/);
    expect(await form.locator(".answer").textContent()).toBe("");

    await low.fill("0.01");
    await high.fill("0.2");
    await form.getByRole("button", { name: "Find the key's value" }).click();
    const found = form.locator(".found");
    await found.waitFor({ timeout: 300_000 });
    const back = await cli(["reverse", join(dir, "book.md"), "--vary", "segments[0].pd", "--metric", "defaultRate", "--reach", "0.05", "--between", "0.01,0.2", "--json"]);
    expect(back.stderr).toBe("");
    const answer = JSON.parse(back.stdout) as { value: number; ci95: [number, number]; evaluations: number };
    expect(Number(await found.getAttribute("data-value"))).toBe(answer.value);
    expect([Number(await found.getAttribute("data-low")), Number(await found.getAttribute("data-high"))]).toEqual(answer.ci95);
    expect(Number(await found.getAttribute("data-runs"))).toBe(answer.evaluations);
    expect(await reach.getAttribute("aria-invalid")).toBeNull();
    expect(await high.getAttribute("aria-invalid")).toBeNull();
    await form.screenshot({ path: join(SHOTS, "reverse-1280.png") });
    expect(errors).toEqual([]);
    await context.close();

    // The dark theme: the same cell, drawn for a dark system setting.
    const dark = await newPage(site.browser, 1280, 900, "dark");
    await openShared(dark.page, site.url, NOTEBOOK);
    await waitForRuns(dark.page, 300_000);
    const darkTornado = dark.page.locator("article.scenario").first().locator("section.sensitivity");
    await darkTornado.and(dark.page.locator("[data-state=done]")).waitFor({ timeout: 300_000 });
    await laidOut(dark.page);
    await darkTornado.scrollIntoViewIfNeeded();
    await darkTornado.screenshot({ path: join(SHOTS, "tornado-dark.png") });
    const darkForm = dark.page.locator("details.reverse").first();
    await darkForm.locator("summary").click();
    await darkForm.getByLabel("Level to reach").fill("-");
    await darkForm.getByRole("button", { name: "Find the key's value" }).click();
    await darkForm.screenshot({ path: join(SHOTS, "reverse-dark.png") });
    expect(dark.errors).toEqual([]);
    await dark.context.close();
  }, 900_000);

  it("draws the notebook what-matters-most.md: its four keys in the tornado, its live values filled", async () => {
    const text = await readFile(join(SCENARIO_DIR, "what-matters-most.md"), "utf8");
    // 100 paths for a quick look: the notebook's own 400 take minutes on a busy machine.
    const notebook = text.replace(/^(\s*paths:)\s*400$/m, "$1 100");
    expect(notebook).not.toBe(text);
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, notebook);
    await waitForRuns(page, 600_000);
    const tornado = page.locator("section.sensitivity");
    await tornado.and(page.locator("[data-state=done]")).waitFor({ timeout: 600_000 });
    await laidOut(page);
    expect(await tornado.locator("g.tornado g.row").count()).toBe(4);
    expect(await page.locator("main").textContent()).not.toMatch(/not run|NaN/);
    await tornado.scrollIntoViewIfNeeded();
    await tornado.screenshot({ path: join(SHOTS, "what-matters-most-tornado.png") });
    expect(errors).toEqual([]);
    await context.close();
  }, 900_000);
});
