/**
 * Inputs in prose (src/notebook/inputs.ts), in the production build: a slider moved with
 * the keyboard rewrites its key in the scenario and reruns the cell on the same random
 * numbers, so the page's result file is the command line's for `--set KEY=VALUE` on the
 * same file, figure for figure (the proof that nothing but the change moved), also when the
 * workers had the next value prepared or kept the last one's model; the value
 * travels in a share link and comes back; the report shows the value used with no control;
 * a bad declaration is marked where it stands.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { newPage } from "./browser/browser.ts";
import { differences, downloadResult, downloadText, openShared, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const site = browserSite();

const SCENARIO = `creditlab: 2
name: Small book
simulation: { paths: 200, horizonMonths: 12, seed: 42 }
segments:
  - name: cards
    accounts: 2000
    pd: 0.03          # annual
    correlation: 0.05
    lgd: { mean: 0.8 }
`;

const NOTEBOOK = `# Inputs

Move the PD:

{{input cell:small key:segments.cards.pd slider:0.01..0.08 step:0.005 label:"PD"}}
{{input cell:small key:segments.cards.correlation slider:0.2..0.5 label:"Too high"}}
{{input cell:small key:segments.cards.lgd slider:0..1 label:"A mapping"}}
{{input cell:small key:segments.cards.pd slider:0.08..0.01 label:"Upside down"}}
{{input cell:small key:segments.cards.correlation number:0..0.3 step:0.01 label:"Correlation"}}
{{input cell:small key:segments.cards.lgd.mean choice:0.6|0.8|0.9 label:"LGD"}}

The mean net loss is {{ cell:small metric:netLoss }}.

\`\`\`scenario small
${SCENARIO}\`\`\`
`;

describe("inputs in prose", () => {
  it("rerun on the same random numbers when moved by keyboard, as --set does, and travel in a share link", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, NOTEBOOK);
    await waitForRuns(page);

    // Bad declarations: marked inline with what is wrong and what is allowed.
    const marks = page.locator(".prose .live-invalid");
    await expect.poll(() => marks.count()).toBe(3);
    expect(await marks.nth(0).textContent()).toMatch(/is 0\.05 in the scenario, outside slider:0\.2\.\.0\.5; allowed: a range that holds it/);
    expect(await marks.nth(1).textContent()).toMatch(/segments\.cards\.lgd is a mapping, not a number/);
    expect(await marks.nth(2).textContent()).toMatch(/low end must be below the high end/);

    // A number field and a choice, each a native control with its label, at the scenario's values.
    expect(await page.getByRole("spinbutton", { name: "Correlation" }).inputValue()).toBe("0.05");
    expect(await page.getByRole("combobox", { name: "LGD" }).locator("option:checked").textContent()).toBe("0.8");

    // The keyboard: a native slider with its label; two steps right.
    const slider = page.getByRole("slider", { name: "PD" });
    expect(await slider.inputValue()).toBe("0.03");
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    // The value is written into the scenario in the frame that starts its run: once the
    // input shows it, the rerun is queued; then wait for the run's end.
    await page.locator(".notebook-input[data-value='0.04']").waitFor();
    await waitForRuns(page);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("range");
    expect(await page.locator(".cm-content").textContent()).toContain("pd: 0.04          # annual");
    const moved = JSON.parse((await downloadResult(page)).text);

    // The command line on the file as it was, with --set: the same result file.
    const dir = mkdtempSync(join(tmpdir(), "creditlab-inputs-"));
    writeFileSync(join(dir, "small.yaml"), SCENARIO);
    const cli = execFileSync(process.execPath, [join(ROOT, "bin/creditlab.js"), "run", join(dir, "small.yaml"), "--set", "segments.cards.pd=0.04", "--json", "--workers", "2"], { encoding: "utf8" });
    // Every figure equal; only the digest of the scenario's text differs, since the page
    // changed four characters of its text where --set writes the file out again: the digest
    // is of the text the page ran, the file with that one value changed.
    const edited = SCENARIO.replace("pd: 0.03", "pd: 0.04");
    expect(moved.scenario.sha256).toBe(createHash("sha256").update(edited).digest("hex"));
    expect(differences(moved, JSON.parse(cli), 0)).toEqual([expect.stringMatching(/^\.scenario\.sha256: /)]);

    // With the focus back on the slider, the idle workers prepare its two next values; a step
    // right runs on one of those prepared models, a step back left on the models kept from
    // the run at 0.04: the same result files as the command line's and the first run's.
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await page.locator(".notebook-input[data-value='0.045']").waitFor();
    await waitForRuns(page);
    const prepared = JSON.parse((await downloadResult(page)).text);
    const cliNext = execFileSync(process.execPath, [join(ROOT, "bin/creditlab.js"), "run", join(dir, "small.yaml"), "--set", "segments.cards.pd=0.045", "--json", "--workers", "2"], { encoding: "utf8" });
    expect(differences(prepared, JSON.parse(cliNext), 0)).toEqual([expect.stringMatching(/^\.scenario\.sha256: /)]);
    await slider.focus();
    await page.keyboard.press("ArrowLeft");
    await page.locator(".notebook-input[data-value='0.04']").waitFor();
    await waitForRuns(page);
    expect(differences(JSON.parse((await downloadResult(page)).text), moved, 0)).toEqual([]);

    // The report shows the value used, with no control.
    const report = await downloadText(page, () => page.getByRole("button", { name: "Download report" }).click());
    expect(report.text).toContain('<p class="input-used">PD: 0.04</p>');
    expect(report.text).not.toMatch(/<input[^>]*type="range"/);
    await page.screenshot({ path: join(SHOTS, "inputs.png") });

    // A share link carries the moved value; a fresh page restores it and runs it.
    await page.getByRole("button", { name: "Share" }).click();
    const link = await page.locator("#share-link").inputValue();
    expect(errors).toEqual([]);
    await context.close();

    const second = await newPage(site.browser);
    await second.page.goto(link);
    await waitForRuns(second.page);
    expect(await second.page.getByRole("slider", { name: "PD" }).inputValue()).toBe("0.04");
    expect(differences(JSON.parse((await downloadResult(second.page)).text), moved, 0)).toEqual([]);
    expect(second.errors).toEqual([]);
    await second.context.close();
  }, 180_000);
});
