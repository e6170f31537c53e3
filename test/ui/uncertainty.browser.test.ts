/**
 * Parameter uncertainty's variance split in a real browser, against the built command line
 * on the same notebook: the cell's table shows, part by part, the variance, its jackknife
 * standard error and its share that `creditlab run --json` writes in `uncertainty`, and the
 * two bands of the expected value; the tables have captions, carry into the downloaded
 * report, and take the dark theme's colours. Screenshots go to test-results/.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VarianceParts } from "../../src/stats/varianceParts.ts";
import { cli } from "../cli/runCli.ts";
import { newPage } from "./browser/browser.ts";
import { downloadText, laidOut, openShared, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";

const site = browserSite();

const NOTEBOOK = `# How sure are we of the parameters

A small book whose pd, LGD mean and correlation are each known to an interval.

\`\`\`scenario
creditlab: 2
name: Uncertain book
simulation: { paths: 60, horizonMonths: 12, seed: 11 }
segments:
  - name: cards
    accounts: 600
    start: current
    pd: 0.04
    correlation: 0.06
    delinquency: { roll: [0.4, 0.6] }
    lgd: { mean: 0.5, sd: 0.1 }
    uncertainty:
      pd: { ci95: [0.03, 0.055] }
      lgdMean: { sd: 0.2 }
      correlation: { ci95: [0.03, 0.1] }
\`\`\`
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-uncertainty-page-"));
  await writeFile(join(dir, "book.md"), NOTEBOOK);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the variance split in the page", () => {
  it("shows the command line's split and bands in captioned tables, in the report and in the dark theme", async () => {
    const ran = await cli(["run", join(dir, "book.md"), "--json"]);
    expect(ran.stderr).toBe("");
    const expected = JSON.parse(ran.stdout).uncertainty as { variant: string; paths: number; netLoss: VarianceParts; defaultRate: VarianceParts };
    expect(expected.paths).toBe(60);

    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, NOTEBOOK);
    await waitForRuns(page, 300_000);
    const section = page.locator("article.scenario").first().locator("section.variance-split");
    await section.and(page.locator("[data-state=done]")).waitFor({ timeout: 300_000 });
    await laidOut(page);

    for (const m of ["netLoss", "defaultRate"] as const) {
      const table = section.locator(`table.parts[data-metric=${m}]`);
      // A table with a caption: found by its accessible name.
      const caption = await table.locator("caption").textContent();
      expect(caption).toContain(`across 60 paths of ${expected.variant}`);
      await expect.poll(() => page.getByRole("table", { name: caption! }).count()).toBe(1);
      for (const key of ["parameter", "systematic", "idiosyncratic", "total"] as const) {
        const row = table.locator(`tr[data-part=${key}]`);
        const part = expected[m][key];
        expect(Number(await row.getAttribute("data-variance"))).toBe(part.variance);
        expect(Number(await row.getAttribute("data-stderr"))).toBe(part.stderr);
        expect(Number(await row.getAttribute("data-share"))).toBe(part.share);
        expect((await row.locator("td").first().textContent())!.startsWith(`${(100 * part.share).toFixed(1)}%`)).toBe(true);
        if (key !== "total") expect(await row.locator("td").first().textContent()).toContain(`± ${((196 * part.stderr!) / expected[m].total.variance).toFixed(1)}%`);
      }
      const band = section.locator(`table.bands tr[data-metric=${m}]`);
      expect(Number(await band.getAttribute("data-mean"))).toBe(expected[m].mean);
      expect(JSON.parse((await band.getAttribute("data-band"))!)).toEqual(expected[m].meanCI95);
      expect(JSON.parse((await band.getAttribute("data-band-mc"))!)).toEqual(expected[m].meanCI95MonteCarlo);
    }
    // The band with the parameters' uncertainty is the wider: its share of the variance is above 0 here.
    expect(expected.netLoss.parameter.share).toBeGreaterThan(0);

    // The report carries the tables as drawn.
    const report = await downloadText(page, () => page.getByRole("button", { name: "Download report" }).click());
    expect(report.text).toContain("split by source");
    expect(report.text).toContain(`data-variance="${expected.netLoss.parameter.variance}"`);
    expect(report.text).toContain("The expected value's 95% band");

    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(SHOTS, "variance-split-light.png") });
    expect(errors).toEqual([]);
    await context.close();

    // The dark theme: the tables take its surface and text colours.
    const dark = await newPage(site.browser, 1280, 900, "dark");
    await openShared(dark.page, site.url, NOTEBOOK);
    await waitForRuns(dark.page, 300_000);
    const darkSection = dark.page.locator("article.scenario").first().locator("section.variance-split");
    await darkSection.and(dark.page.locator("[data-state=done]")).waitFor({ timeout: 300_000 });
    const colours = await darkSection.locator("table.parts").first().evaluate((t) => {
      const root = getComputedStyle(document.documentElement);
      const probe = document.createElement("div");
      probe.style.background = root.getPropertyValue("--surface");
      probe.style.color = root.getPropertyValue("--text");
      document.body.append(probe);
      const want = { background: getComputedStyle(probe).backgroundColor, color: getComputedStyle(probe).color };
      probe.remove();
      return { table: getComputedStyle(t).backgroundColor, text: getComputedStyle(t.querySelector("td")!).color, want };
    });
    expect(colours.table).toBe(colours.want.background);
    expect(colours.text).toBe(colours.want.color);
    // Light text on a dark surface.
    expect(colours.table).toBe("rgb(28, 32, 37)");
    await darkSection.scrollIntoViewIfNeeded();
    await darkSection.screenshot({ path: join(SHOTS, "variance-split-dark.png") });
    expect(dark.errors).toEqual([]);
    await dark.context.close();
  }, 600_000);
});
