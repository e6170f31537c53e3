/**
 * The notebook page in a real browser: the production build, served with its
 * Content-Security-Policy, driven in headless Chromium through playwright-core.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { deflateRawSync } from "node:zlib";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newPage, watchCsp } from "./browser/browser.ts";
import { AUTORUN_DELAY } from "../../src/ui/state/settings.svelte.ts";
import { money } from "../../src/format/number.ts";
import { differences, downloadResult, downloadText, fullScreenshot, figure, laidOut, openShared, phase, SMALL_SCENARIO, smallNotebook, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const chartsBuilt = existsSync(join(ROOT, "src/ui/charts/index.ts"));

const site = browserSite();

describe("the notebook page", () => {
  it("opens the welcome notebook, runs every scenario and draws it with no console error", async () => {
    const { page, context, errors } = await newPage(site.browser);
    const response = await page.goto(site.url);
    // Milliseconds from navigation to the first chart (the first summary without charts),
    // read in the page the moment it appears. Printed, not asserted: it depends on the machine.
    const first = chartsBuilt ? "article.scenario svg[role=img]" : "article.scenario dl.summary";
    const firstChartMs = await (
      await page.waitForFunction((s) => (document.querySelector(s) ? performance.now() : false), first, { polling: "raf", timeout: 110_000 })
    ).jsonValue();
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    expect(await page.locator("meta[http-equiv=Content-Security-Policy]").getAttribute("content")).toContain("object-src 'none'");
    await expect.poll(() => page.locator("header .title").textContent()).toBe("Welcome to creditlab");
    expect(await page.locator("article.scenario").count()).toBe(2);
    // The link to the model reference resolves in the built page, to the reference rendered.
    const reference = await page.locator('a[href^="docs/model.html"]').first().evaluate((a) => (a as HTMLAnchorElement).href);
    const doc = await page.request.get(reference);
    expect(doc.ok()).toBe(true);
    expect(doc.headers()["content-type"]).toContain("text/html");
    expect(await doc.text()).toMatch(/<h1 id="creditlabs-model[^"]*">creditlab(&#39;|')s model/);
    await waitForRuns(page, 110_000);
    const lastCellMs = await page.evaluate(() => performance.now());
    const editorMs = await page.evaluate(() => performance.getEntriesByType("resource").find((r) => /scenarioEditor/.test(r.name))?.startTime ?? null);
    console.log(
      `welcome notebook: first chart ${Math.round(firstChartMs as number)} ms after navigation, every cell done by ` +
        `${Math.round(lastCellMs)} ms; the editor's code requested at ${editorMs === null ? "—" : `${Math.round(editorMs)} ms`}`,
    );
    await expect.poll(() => page.locator(".cm-editor").count()).toBe(2); // loaded after the first result
    expect(await phase(page, 0)).toBe("done");
    expect(await phase(page, 1)).toBe("done");
    expect(await page.locator("dl.summary").count()).toBe(2);
    if (chartsBuilt) {
      for (const cell of await page.locator("article.scenario").all()) {
        const charts = cell.locator("svg[role=img]");
        // A cell out of sight draws its charts in an idle moment after its run (src/ui/notebook/deferred.ts).
        await expect.poll(() => charts.count()).toBeGreaterThan(0);
        for (const chart of await charts.all()) expect(await chart.getAttribute("aria-label")).toBeTruthy();
      }
    }
    await page.screenshot({ path: join(SHOTS, "notebook-1280-top.png") });
    await fullScreenshot(page, 1280, join(SHOTS, "notebook-1280.png"));
    await page.setViewportSize({ width: 375, height: 812 });
    await laidOut(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, "notebook-375-top.png") });
    await fullScreenshot(page, 375, join(SHOTS, "notebook-375.png"));
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it("gives the command line's result file for the same scenario and seed", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook());
    await waitForRuns(page);
    const { name, text } = await downloadResult(page);
    expect(name).toBe("small-book-result.json");
    const dir = mkdtempSync(join(tmpdir(), "creditlab-cli-"));
    writeFileSync(join(dir, "small.yaml"), SMALL_SCENARIO);
    const cli = execFileSync(process.execPath, [join(ROOT, "bin/creditlab.js"), "run", join(dir, "small.yaml"), "--json", "--workers", "2"], {
      encoding: "utf8",
    });
    const fromPage = JSON.parse(text);
    const fromCli = JSON.parse(cli);
    // The engine computes with the same elementary functions in every JavaScript engine
    // (src/math/elementary.ts): the page's file is the command line's, to the last bit.
    expect(differences(fromPage, fromCli, 0)).toEqual([]);
    expect(fromPage).toEqual(fromCli);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("marks a broken edit inline, never runs it, and reruns once it is fixed", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook());
    await waitForRuns(page);
    const before = await figure(page, "el");
    const line = page.locator(".cm-line", { hasText: "pd: 0.03" });
    await line.click();
    await page.keyboard.press("End");
    for (let i = 0; i < 4; i++) await page.keyboard.press("Backspace");
    await page.keyboard.insertText("3");
    await page.locator(".cm-lintRange-error").first().waitFor();
    await expect.poll(() => phase(page)).toBe("invalid");
    const listed = await page.locator("[role=alert]").first().textContent();
    expect(listed).toMatch(/segments\[0\]\.pd/);
    expect(await page.locator("[role=progressbar]").count()).toBe(0);
    await page.keyboard.press("Backspace");
    await page.keyboard.insertText("0.05");
    await expect.poll(() => phase(page)).toBe("done");
    await expect.poll(() => page.locator(".cm-lintRange-error").count()).toBe(0);
    await expect.poll(() => page.locator("article.scenario [role=alert]").count()).toBe(0);
    expect(await figure(page, "el")).not.toBe(before);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("cancels a large run and keeps its partial result, labelled", async () => {
    const { page, context, errors } = await newPage(site.browser);
    const large = smallNotebook("Large").replace("paths: 200, horizonMonths: 12", "paths: 100000, horizonMonths: 24").replace("accounts: 2000", "accounts: 20000");
    await openShared(page, site.url, large);
    // A run this long asks before it starts, with its estimate.
    const ask = page.locator(".ask");
    await ask.waitFor();
    expect(await ask.textContent()).toMatch(/estimated to take about \S+ \S+ \(100,000 paths\)/);
    expect(await page.getByRole("progressbar").count()).toBe(0);
    await page.getByRole("button", { name: "Run anyway" }).click();
    const bar = page.getByRole("progressbar");
    await bar.waitFor();
    await page.locator("dl.summary").waitFor({ timeout: 60_000 });
    expect(Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThan(0);
    await expect.poll(() => page.locator(".progress .pace").textContent()).toMatch(/^[\d,.]+k? paths\/s · about .+ left$/);
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => phase(page)).toBe("cancelled");
    expect(await bar.count()).toBe(0);
    const label = await page.locator("article.scenario .status").textContent();
    const done = Number(/([\d,]+) paths/.exec(label!)![1].replace(/,/g, ""));
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(100_000);
    expect(label).toMatch(/^Cancelled — partial result/);
    const { text } = await downloadResult(page);
    expect(JSON.parse(text)).toMatchObject({ partial: true, paths: done });
    // What the cancelled run's workers still report is dropped (unit-tested in cellRun.test.ts).
    expect(await phase(page)).toBe("cancelled");

    // Escape cancels wherever the focus is, as the notebook says.
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("button", { name: "Run anyway" }).click();
    await expect.poll(() => phase(page)).toBe("running");
    await page.locator("header .title").click();
    await page.keyboard.press("Escape");
    await expect.poll(() => phase(page)).toBe("cancelled");

    // Escape in the editor cancels as well.
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("button", { name: "Run anyway" }).click();
    await expect.poll(() => phase(page)).toBe("running");
    await page.locator(".cm-line", { hasText: "pd: 0.03" }).click();
    await page.keyboard.press("Escape");
    await expect.poll(() => phase(page)).toBe("cancelled");

    // Or it runs fewer paths, written into the scenario.
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("button", { name: /^Run [\d,]+ paths$/ }).click();
    await expect.poll(() => page.locator(".cm-line", { hasText: "paths:" }).first().textContent()).toMatch(/paths: \d{3,4}[,}]/);
    await expect.poll(() => phase(page)).not.toBe("cancelled");
    expect(await page.locator(".ask").count()).toBe(0);
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shares a link that reproduces the same result in a fresh browser", async () => {
    const first = await newPage(site.browser);
    await openShared(first.page, site.url, smallNotebook("Shared").replace("seed: 42", "seed: shared"));
    await waitForRuns(first.page);
    const mine = await downloadResult(first.page);
    await first.page.getByRole("button", { name: "Share" }).click();
    const link = await first.page.locator("#share-link").inputValue();
    expect(link).toMatch(/#nb=[A-Za-z0-9_-]+$/);
    await first.context.close();

    const second = await newPage(site.browser);
    await second.page.goto(link);
    await waitForRuns(second.page);
    expect(await second.page.locator("header .title").textContent()).toBe("Shared");
    const theirs = await downloadResult(second.page);
    expect(theirs.text).toBe(mine.text);
    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    await second.context.close();
  });

  it("keeps unsaved edits and the autorun setting through a reload", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook());
    await waitForRuns(page);
    await page.locator(".prose").nth(0).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("\n\nA sentence typed before the reload.");
    await page.keyboard.press("Escape");
    await page.locator(".cm-line", { hasText: "name: Small book" }).click();
    await page.keyboard.press("End");
    await page.keyboard.insertText(" (edited)");
    await page.getByLabel("Autorun").uncheck();
    await page.reload();
    await page.locator("main[aria-busy=false]").waitFor();
    expect(await page.locator(".prose").nth(0).textContent()).toContain("A sentence typed before the reload.");
    expect(await page.locator("article.scenario h3").textContent()).toBe("Small book (edited)");
    expect(await page.getByLabel("Autorun").isChecked()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("opens and saves notebook and scenario files byte for byte", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook());
    const odd = `\n# Round trip\r\n\r\nTrailing spaces  \n\n\n\`\`\`\`scenario  extra\n${SMALL_SCENARIO}\`\`\`\`\n\nEnd without a newline`;
    await page.locator("input[type=file]").setInputFiles({ name: "trip.md", mimeType: "text/markdown", buffer: Buffer.from(odd) });
    await expect.poll(() => page.locator("header .title").textContent()).toBe("Round trip");
    const saved = await downloadText(page, () => page.getByRole("button", { name: "Save notebook" }).click());
    expect(saved).toEqual({ name: "trip.md", text: odd });

    await page.locator("input[type=file]").setInputFiles({ name: "bare.yaml", mimeType: "application/yaml", buffer: Buffer.from(SMALL_SCENARIO) });
    await expect.poll(() => page.locator("article.scenario").count()).toBe(1);
    expect(await page.locator("article").count()).toBe(1);
    const asNotebook = await downloadText(page, () => page.getByRole("button", { name: "Save notebook" }).click());
    expect(asNotebook).toEqual({ name: "bare.md", text: `\`\`\`scenario\n${SMALL_SCENARIO}\`\`\`\n` });

    // Dropping a file on the page opens it too.
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], "dropped.md", { type: "text/markdown" }));
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    }, smallNotebook("Dropped"));
    await expect.poll(() => page.locator("header .title").textContent()).toBe("Dropped");
    await page.locator("input[type=file]").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
    await page.getByText("creditlab opens notebooks").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("downloads a report that opens with no server and no script, its charts and scenarios in it, its controls not", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook("Report"));
    await waitForRuns(page);
    const charts = await page.locator("main svg[role=img]").count();
    expect(charts).toBeGreaterThan(0);
    const report = await downloadText(page, () => page.getByRole("button", { name: "Download report" }).click());
    expect(report.name).toBe("shared-notebook.html");
    expect(report.text).toContain(SMALL_SCENARIO.split("\n")[0]);
    const dir = mkdtempSync(join(tmpdir(), "creditlab-report-"));
    const file = join(dir, report.name);
    writeFileSync(file, report.text);
    // Opened as a student would: a file, in a fresh page whose scripts cannot run.
    const opened = await newPage(site.browser);
    const csp = await watchCsp(opened.page);
    await opened.page.goto(`file://${file}`);
    expect(await opened.page.locator("main svg[role=img]").count()).toBe(charts);
    expect(await opened.page.locator("[tabindex]").count()).toBe(0);
    expect(await opened.page.locator("button, input, script").count()).toBe(0);
    expect(await opened.page.locator("h1").first().textContent()).toBe("Report");
    expect(await opened.page.locator("details.report-scenario code").first().textContent()).toBe(SMALL_SCENARIO);
    expect(await opened.page.locator("footer details code").textContent()).toBe(smallNotebook("Report"));
    expect(await csp()).toEqual([]);
    await opened.page.screenshot({ path: join(SHOTS, "report-1280.png"), fullPage: true });
    // Printing the page itself hides the same controls.
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("button", { name: "Run", exact: true }).isVisible()).toBe(false);
    expect(await page.locator("main svg[role=img]").first().isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, "notebook-print.png"), fullPage: true });
    expect(errors).toEqual([]);
    expect(opened.errors).toEqual([]);
    await opened.context.close();
    await context.close();
  });

  it("runs none of the script a notebook carries", async () => {
    const hostile = `# Payloads

<script>window.__pwned = "script"</script>

<img src="x" onerror="window.__pwned = 'onerror'"> <svg onload="window.__pwned = 'svg'"></svg>

[a markdown link](javascript:window.__pwned='markdown-link') and <a href="javascript:window.__pwned='html-link'" id="bad">an html link</a>

<iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe><form action="javascript:alert(1)"><button>go</button></form>

<base href="https://elsewhere.example/"> <meta http-equiv="refresh" content="0; url=https://elsewhere.example/"> <link rel="stylesheet" href="https://elsewhere.example/x.css">

\`\`\`scenario
${SMALL_SCENARIO.replace(
  "name: Small book",
  `name: "<img src=x onerror=window.__pwned='name'>"\ndescription: "<img src=x onerror=window.__pwned='description'> [run](javascript:window.__pwned='description-link')"`,
)}\`\`\`
`;
    for (const how of ["link", "file"] as const) {
      const { page, context, errors } = await newPage(site.browser);
      const violations = await watchCsp(page);
      if (how === "link") await openShared(page, site.url, hostile);
      else {
        await openShared(page, site.url, smallNotebook());
        await page.locator("input[type=file]").setInputFiles({ name: "hostile.md", mimeType: "text/markdown", buffer: Buffer.from(hostile) });
      }
      await expect.poll(() => page.locator("header .title").textContent()).toBe("Payloads");
      await waitForRuns(page);
      for (const link of await page.locator(".prose a").all()) await link.click({ force: true }).catch(() => undefined);
      // Sanitizing trips no Content-Security-Policy report, nor does zod (its JIT is off).
      expect(errors).toEqual([]);
      expect(await violations()).toEqual([]);
      // An inline script runs as it is inserted, or is refused with a violation report: wait for the report.
      const refused = await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            document.addEventListener("securitypolicyviolation", (e) => resolve(e.effectiveDirective), { once: true });
            const s = document.createElement("script");
            s.textContent = "window.__pwned = 'inline'";
            document.body.append(s);
          }),
      );
      expect(refused).toMatch(/^script-src/);
      expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned ?? null)).toBeNull();
      expect(await page.locator(".prose script, .prose iframe, .prose form, [onerror], [onload]").count()).toBe(0);
      // A base element would move every relative address of the page (and trip CSP reports): none is kept.
      expect(await page.locator("base, .prose meta, .prose link").count()).toBe(0);
      expect(await page.evaluate(() => document.baseURI)).toBe(page.url().split("#")[0]);
      expect(await page.locator(".prose a[href^='javascript']").count()).toBe(0);
      expect(await page.locator(".description").textContent()).toContain("run");
      expect(await page.locator("article.scenario h3").textContent()).toContain("<img");
      await context.close();
    }
  });

  it("refuses a damaged or oversized link with a message, never a blank page", async () => {
    const { page, context } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook("Kept"));
    await page.goto("about:blank");
    await page.goto(`${site.url}#nb=%%%not-base64`);
    await page.getByText("This link is damaged").waitFor();
    expect(await page.locator("header .title").textContent()).toBe("Kept");
    const bomb = deflateRawSync(Buffer.alloc(2 * 1024 * 1024, 0x61)).toString("base64url");
    await page.goto(`${site.url}#nb=${bomb}`);
    await page.getByText("too large").waitFor();
    expect(await page.locator("header .title").textContent()).toBe("Kept");
    await context.close();
  });

  it("refuses a link that inflates to 256 MB and keeps no more than a few MB of heap after it (inflation stops at the limit: share.test.ts)", async () => {
    const { page, context } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook("Kept"));
    const cdp = await context.newCDPSession(page);
    const heap = async () => {
      await cdp.send("HeapProfiler.collectGarbage");
      return (await cdp.send("Runtime.getHeapUsage")).usedSize;
    };
    const before = await heap();
    // 256 MB of one letter deflates to about 250 kB: the page must stop inflating at 1 MB.
    const bomb = deflateRawSync(Buffer.alloc(256 * 1024 * 1024, 0x61), { level: 9 }).toString("base64url");
    await page.evaluate((fragment) => (location.hash = fragment), `nb=${bomb}`);
    await page.getByText("too large").waitFor();
    const grown = (await heap()) - before;
    console.log(`deflate bomb link (${(bomb.length / 1e3).toFixed(0)}k characters): heap ${(grown / 2 ** 20).toFixed(1)} MB above the page's`);
    // The inflated notebook would be 256 MB; a few MB is the page's own noise after collection.
    expect(grown).toBeLessThan(16 * 2 ** 20);
    expect(await page.locator("header .title").textContent()).toBe("Kept");
    await context.close();
  });

  it("adds, moves, duplicates and deletes cells from the keyboard", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook());
    await waitForRuns(page);
    const kinds = () => page.locator("article[data-kind]").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind).join(","));
    expect(await kinds()).toBe("markdown,scenario");
    await page.getByRole("button", { name: "Add cell: text at the end" }).focus();
    await page.keyboard.press("Enter");
    await page.keyboard.insertText("Closing words.");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("prose"))).toBe(true);
    await expect.poll(kinds).toBe("markdown,scenario,markdown");
    await page.locator("article").nth(2).getByRole("button", { name: "Move cell up" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(kinds).toBe("markdown,markdown,scenario");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Move cell up");
    await page.locator("article").nth(2).getByRole("button", { name: "Duplicate cell" }).press("Enter");
    await expect.poll(kinds).toBe("markdown,markdown,scenario,scenario");
    await page.locator("article").nth(0).getByRole("button", { name: "Delete cell" }).press("Enter");
    await expect.poll(kinds).toBe("markdown,scenario,scenario");
    await page.getByRole("button", { name: "Undo" }).click();
    await expect.poll(kinds).toBe("markdown,markdown,scenario,scenario");
    await waitForRuns(page);
    // Alt-PageDown and Alt-PageUp go from cell to cell, from inside a cell's editor too.
    const focusedCell = () => page.evaluate(() => [...document.querySelectorAll("article.cell")].findIndex((c) => c.contains(document.activeElement)));
    await page.locator("article").nth(2).locator(".cm-content").click();
    expect(await focusedCell()).toBe(2);
    await page.keyboard.press("Alt+PageDown");
    expect(await focusedCell()).toBe(3);
    await page.keyboard.press("Alt+PageDown");
    expect(await focusedCell()).toBe(3);
    for (const at of [2, 1, 0, 0]) {
      await page.keyboard.press("Alt+PageUp");
      expect(await focusedCell()).toBe(at);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("the scenario editor", () => {
  it("completes keys and explains them from the JSON Schema", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook());
    await page.getByLabel("Autorun").uncheck();
    await page.locator(".cm-line", { hasText: "lgd: { mean: 0.8 }" }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("corr");
    const option = page.locator(".cm-tooltip-autocomplete li", { hasText: "correlation" });
    await option.waitFor();
    expect(await option.textContent()).toContain("default 0.04");
    await option.click();
    await page.keyboard.type("0.2");
    await expect.poll(() => page.locator(".cm-line", { hasText: "correlation: 0.2" }).count()).toBe(1);
    await page.locator(".cm-line", { hasText: "pd: 0.03" }).getByText("pd").hover();
    const help = page.locator(".cm-scenario-help");
    await help.waitFor();
    expect(await help.textContent()).toMatch(/annual through-the-cycle probability of default \(entry into F\) of a current account/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("runs on Ctrl-Enter when autorun is off, and marks the old result stale until then", async () => {
    const { page, context, errors } = await newPage(site.browser);
    // The page's clock: it runs as usual, and the test moves it on past the autorun's delay.
    await page.clock.install();
    await openShared(page, site.url, smallNotebook());
    await waitForRuns(page);
    await page.getByLabel("Autorun").uncheck();
    const before = await figure(page, "el");
    await page.locator(".cm-line", { hasText: "pd: 0.03" }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Backspace");
    await page.keyboard.insertText("4");
    await expect.poll(() => page.locator("[data-stale]").getAttribute("data-stale")).toBe("true");
    expect(await page.locator("article.scenario .status").textContent()).toMatch(/^Stale/);
    // Every timer due by then fires: an autorun's too, had the edit set one.
    await page.clock.runFor(AUTORUN_DELAY);
    expect(await phase(page)).toBe("done");
    expect(await figure(page, "el")).toBe(before);
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => page.locator("[data-stale]").getAttribute("data-stale")).toBe("false");
    await waitForRuns(page);
    expect(await figure(page, "el")).not.toBe(before);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("opens a notebook from the gallery", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook());
    await page.getByRole("button", { name: "Gallery" }).click();
    const dialog = page.getByRole("dialog", { name: "Gallery" });
    // The dialog says what opening replaces, and what each entry shows.
    expect(await dialog.getByText("Opening one replaces “Small notebook” on this page").count()).toBe(1);
    expect(await dialog.getByRole("button", { name: /Welcome to creditlab/ }).locator(".description").textContent()).toMatch(/^creditlab is a Monte Carlo/);
    await dialog.getByRole("button", { name: /Welcome to creditlab/ }).click();
    await expect.poll(() => page.locator("header .title").textContent()).toBe("Welcome to creditlab");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.getByRole("button", { name: "Gallery" }).click();
    expect(await dialog.locator("[aria-current=true] .title").textContent()).toBe("Welcome to creditlab · open now");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => page.locator("header .title").textContent()).toBe("Small notebook");
    await waitForRuns(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("what the page says", () => {
  it("says a scenario with errors was not run, and why", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook().replace("pd: 0.03", "pd: 3"));
    await expect.poll(() => phase(page)).toBe("invalid");
    expect(await page.locator("article.scenario .banner").textContent()).toBe("Not run: the scenario has errors, listed above. It runs once they are fixed.");
    expect(await page.getByText("the run did not finish").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("gives ES 99% no error bar with no path beyond its level, and one number format on cards and table", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook().replace("paths: 200", "paths: 50"));
    await waitForRuns(page);
    expect(await page.locator("[data-metric=es99] .error").textContent()).toBe("n/a: fewer than 20 paths beyond the 99% level");
    // The card and the summary table write the same figure the same way (92.5k, never 92.5K).
    const card = await figure(page, "el");
    expect(card).toMatch(/^-?\d+(\.\d+)?(k|M|bn|T)?$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeps one Undo at a time, and completes only keys not yet written", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook());
    await page.getByLabel("Autorun").uncheck();
    // Each new text cell opens with its editor focused; Escape is pressed once it has the
    // focus (pressed before, on a busy machine, it reached nothing and the cell stayed open).
    const cells = page.locator("article.cell");
    const before = await cells.count();
    for (const added of [1, 2]) {
      await page.getByRole("button", { name: "Add cell: text at the end" }).click();
      await expect.poll(() => cells.count()).toBe(before + added);
      await page.locator("textarea.source:focus").waitFor();
      await page.keyboard.press("Escape");
      await page.locator("textarea.source").waitFor({ state: "detached" });
    }
    expect(before + 2).toBe(4);
    await page.locator("article").nth(3).getByRole("button", { name: "Delete cell" }).click();
    await page.locator("article").nth(2).getByRole("button", { name: "Delete cell" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Undo" }).count()).toBe(1);

    await page.locator(".cm-line", { hasText: "lgd: { mean: 0.8 }" }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("p");
    await page.locator(".cm-tooltip-autocomplete li").first().waitFor();
    const offered = await page.locator(".cm-tooltip-autocomplete li").allTextContents();
    expect(offered.some((o) => o.startsWith("product"))).toBe(true);
    expect(offered.some((o) => /^pd\b/.test(o))).toBe(false);
    // Long lines wrap in the editor instead of running off a phone's screen.
    expect(await page.locator(".cm-content.cm-lineWrapping").count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("work is never lost", () => {
  const typeInProse = async (page: Page, text: string) => {
    await page.locator(".prose").nth(0).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText(text);
    await page.keyboard.press("Escape");
  };
  /** Waits until this tab has kept a text containing `text` (the autosave follows edits after a moment). */
  const kept = (page: Page, text: string) =>
    page.waitForFunction((t) => (sessionStorage.getItem("creditlab.notebook.v1") ?? "").includes(t), text, { polling: 100 });

  it("keeps typed work through a share link, a file and a reload, under Recent", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook("Typed"));
    await page.getByLabel("Autorun").uncheck();
    await typeInProse(page, "\n\nWords typed before the link.");
    await openShared(page, site.url, smallNotebook("Shared"));
    await expect.poll(() => page.locator("header .title").textContent()).toBe("Shared");
    await page.locator("input[type=file]").setInputFiles({ name: "file.md", mimeType: "text/markdown", buffer: Buffer.from(smallNotebook("From a file")) });
    await expect.poll(() => page.locator("header .title").textContent()).toBe("From a file");
    await kept(page, "From a file");
    await page.reload();
    await page.locator("main[aria-busy=false]").waitFor();
    expect(await page.locator("header .title").textContent()).toBe("From a file");

    await page.getByRole("button", { name: "Recent" }).click();
    const dialog = page.getByRole("dialog", { name: "Recent" });
    // The dialog reads the history from IndexedDB as it opens: wait for its entries.
    await expect.poll(() => dialog.locator(".entry .title").allTextContents()).toEqual(["From a file · open now", "Shared", "Typed"]);
    await dialog.getByRole("button", { name: /^Typed/ }).click();
    await expect.poll(() => page.locator("header .title").textContent()).toBe("Typed");
    expect(await page.locator(".prose").nth(0).textContent()).toContain("Words typed before the link.");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeps each tab's notebook, and tells a tab when another changed it", async () => {
    const { page: first, context, errors } = await newPage(site.browser);
    await openShared(first, site.url, smallNotebook("Both tabs"));
    await first.getByLabel("Autorun").uncheck();
    await kept(first, "Both tabs");
    const second = await context.newPage();
    second.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
    await second.goto(site.url);
    await second.locator("main[aria-busy=false]").waitFor();
    expect(await second.locator("header .title").textContent()).toBe("Both tabs");

    // The first tab records the notice as it appears, and the test waits for that record: a
    // poll for the notice on screen would race its 5 s (the notices' time is unit-tested).
    await first.evaluate((text) => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector(".notices")?.textContent?.includes(text)) return;
        (window as { __told?: boolean }).__told = true;
        observer.disconnect();
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    }, "Another tab changed this notebook");
    await typeInProse(second, "\n\nTyped in the second tab.");
    // Timer polling: a tab in the background runs no animation frames.
    await first.waitForFunction(() => (window as { __told?: boolean }).__told, undefined, { polling: 100 });
    await first.bringToFront();
    await typeInProse(first, "\n\nTyped in the first tab.");
    await kept(first, "Typed in the first tab.");
    await kept(second, "Typed in the second tab.");
    for (const [page, mine, theirs] of [
      [first, "Typed in the first tab.", "Typed in the second tab."],
      [second, "Typed in the second tab.", "Typed in the first tab."],
    ] as const) {
      await page.reload();
      await page.locator("main[aria-busy=false]").waitFor();
      const text = await page.locator(".prose").nth(0).textContent();
      expect(text).toContain(mine);
      expect(text).not.toContain(theirs);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("the dark theme", () => {
  /** Relative luminance of a CSS rgb() colour (WCAG 2.1). */
  const luminance = (css: string) => {
    const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };

  /** A computed colour of the first element `selector` finds, once there is one. */
  const colour = (page: Page, selector: string, property: "color" | "backgroundColor" | "fill") =>
    page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);

  it("follows the system's choice, with text, editor and charts legible on it", async () => {
    for (const width of [1280, 375]) {
      const { page, context, errors } = await newPage(site.browser, width, 900, "dark");
      await openShared(page, site.url, smallNotebook("Dark"));
      await waitForRuns(page);
      // Each read waits for its element: the editor loads after the first result and
      // highlights after it parses, so the runs' end does not bring it.
      const colours = {
        page: await colour(page, "body", "backgroundColor"),
        text: await colour(page, "body", "color"),
        card: await colour(page, "dl.summary .item", "backgroundColor"),
        key: await colour(page, ".cm-line span", "color"),
        editor: await colour(page, ".cm-editor", "backgroundColor"),
        tick: await colour(page, "svg[role=img] .axis text", "fill"),
      };
      expect(luminance(colours.page)).toBeLessThan(0.05);
      expect(contrast(colours.text, colours.page)).toBeGreaterThan(7);
      expect(contrast(colours.key, colours.editor)).toBeGreaterThan(4.5);
      expect(contrast(colours.tick, colours.card)).toBeGreaterThan(4.5);
      await page.screenshot({ path: join(SHOTS, `notebook-dark-${width}-top.png`) });
      await fullScreenshot(page, width, join(SHOTS, `notebook-dark-${width}.png`));
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});

describe("variants", () => {
  const VARIANTS = ["lgd 0.5", "lgd 0.6", "lgd 0.7", "lgd 0.9", "lgd 0.95"];
  const many = smallNotebook("Many variants").replace(
    "```\n",
    `variants:\n${VARIANTS.map((v) => `  - name: ${v}\n    segments: { cards: { lgd: { mean: ${v.slice(4)} } } }\n`).join("")}\`\`\`\n`,
  );

  it("draws at most three of six distributions at once, chosen by the reader, and shows every column of the differences", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, many);
    await waitForRuns(page);
    const lines = () => page.locator("svg[aria-label^='Variants compared'] path[style*='stroke']").count();
    expect(await lines()).toBe(3);
    await page.getByRole("checkbox", { name: "lgd 0.95" }).check();
    expect(await lines()).toBe(3);
    expect(await page.getByRole("checkbox", { name: "lgd 0.95" }).isChecked()).toBe(true);
    const boxes = page.getByRole("group", { name: /Variants drawn/ }).getByRole("checkbox");
    expect(await boxes.count()).toBe(6);
    // The earliest chosen (the base) made way for the one ticked.
    expect(await boxes.first().isChecked()).toBe(false);

    // Every column of the paired differences is visible, or the table says it scrolls.
    for (const region of await page.getByRole("region", { name: /each variant minus base \(table\)/ }).all()) {
      const { scroll, client } = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      if (scroll > client) expect(await region.evaluate((el) => el.previousElementSibling?.textContent ?? "")).toMatch(/^Scroll sideways for all \d+ columns/);
    }
    await fullScreenshot(page, 1280, join(SHOTS, "variants-1280.png"));

    // The headline cards show the variant the charts show: its EL is the one in the downloaded result.
    const { text } = await downloadResult(page);
    const result = JSON.parse(text) as { variants: { name: string; book: { netLoss: { mean: number } } }[] };
    const el = () => page.locator("dl.summary [data-metric=el] .value").textContent();
    expect(await el()).toBe(money(result.variants[0].book.netLoss.mean));
    await page.getByRole("group", { name: "Variant shown" }).getByText(result.variants[2].name, { exact: true }).click();
    await expect.poll(() => page.locator("dl.summary").getAttribute("aria-label")).toContain(`of ${result.variants[2].name}`);
    expect(await el()).toBe(money(result.variants[2].book.netLoss.mean));
    expect(errors).toEqual([]);
    await context.close();
  });
});


describe("charts side by side", () => {
  it("start their plots at one height, so that their baselines line up", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, smallNotebook());
    await waitForRuns(page);
    const tops = await page.locator(".grid").first().locator("svg[role=img]").evaluateAll((svgs) => svgs.map((s) => Math.round(s.getBoundingClientRect().bottom)));
    expect(tops).toHaveLength(2);
    expect(tops[0]).toBe(tops[1]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("the NPL notebook in the page", () => {
  it("runs scenarios/npl-or-workout.md, draws its liquidity fan and fills every live value, with no console error", async () => {
    // The notebook as shipped, with fewer paths for a loaded machine (what is checked does not depend on them).
    const shipped = readFileSync(join(ROOT, "scenarios/npl-or-workout.md"), "utf8");
    const text = shipped.replace(/^(\s*paths:)\s*\d+/m, "$1 40");
    expect(text).not.toBe(shipped);
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, text);
    await waitForRuns(page, 480_000);
    expect(await phase(page)).toBe("done");
    const view = page.locator("article.scenario").first().locator("figure", { has: page.getByRole("heading", { name: /^Liquidity: funding need/ }) });
    await view.waitFor();
    await expect.poll(() => view.locator("svg[role=img] path").first().getAttribute("d")).toMatch(/^M[\d.,-]+L/);
    // Every live value of the prose is a number from the run: none invalid, none left unrun.
    expect(await page.locator("mark.live-invalid, span.live.not-run").count()).toBe(0);
    expect(await page.locator("span.live[data-value]").count()).toBeGreaterThan(40);
    await view.screenshot({ path: join(SHOTS, "npl-or-workout-liquidity.png") });
    await fullScreenshot(page, 1280, join(SHOTS, "npl-or-workout-1280.png"));
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);
});
