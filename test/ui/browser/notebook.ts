/** Steps on the notebook page that several browser tests take. */
import { readFile } from "node:fs/promises";
import type { Download, Page } from "playwright-core";
import { encodeShare } from "../../../src/ui/notebook/share.ts";

/** A scenario small enough to run in a moment on a busy machine. */
export const SMALL_SCENARIO = `creditlab: 1
name: Small book
simulation: { paths: 200, horizonMonths: 12, seed: 42 }
segments:
  - name: cards
    accounts: 2000
    pd: 0.03
    lgd: { mean: 0.8 }
`;

export const smallNotebook = (title = "Small notebook") => `# ${title}

Some prose.

\`\`\`scenario
${SMALL_SCENARIO}\`\`\`
`;

/** Opens `base` carrying `markdown` in its fragment, as a share link does. */
export async function openShared(page: Page, base: string, markdown: string): Promise<void> {
  await page.goto(`${base}#${await encodeShare(markdown)}`);
  await page.locator("main[aria-busy=false]").waitFor();
}

/** Waits until no scenario cell is queued or running, and at least one has a result. */
export async function waitForRuns(page: Page, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const cells = [...document.querySelectorAll<HTMLElement>("[data-phase]")];
      return cells.length > 0 && cells.every((c) => !["queued", "running", "idle"].includes(c.dataset.phase!));
    },
    undefined,
    { timeout, polling: 200 },
  );
  // A chart draws once its frame has measured its width, at the page's next layout: the
  // results can be in while their charts are not yet.
  await laidOut(page);
}

/** The phase of the n-th scenario cell. */
export const phase = (page: Page, n = 0) => page.locator("[data-phase]").nth(n).getAttribute("data-phase");

/** The text of a headline figure ("el", "var99", ...) of the n-th scenario cell. */
export const figure = (page: Page, key: string, n = 0) =>
  page.locator("article.scenario").nth(n).locator(`[data-metric=${key}] .value`).textContent();

export async function downloadText(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: download.suggestedFilename(), text: await readFile((await download.path())!, "utf8") };
}

/** The result file of the n-th scenario cell, as its Download button saves it. */
export const downloadResult = (page: Page, n = 0) =>
  downloadText(page, () => page.locator("article.scenario").nth(n).getByRole("button", { name: "Download result" }).click());

/** Key paths where two JSON values differ, numbers compared to `relative` precision. */
export function differences(a: unknown, b: unknown, relative = 0, path = ""): string[] {
  if (typeof a === "number" && typeof b === "number") {
    const scale = Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
    return a === b || Math.abs(a - b) <= relative * scale ? [] : [`${path}: ${a} ≠ ${b}`];
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], relative, `${path}.${k}`));
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

/**
 * A screenshot of the whole page. The window is first made as tall as the page, and laid out
 * again, so that editors and charts draw for it as they would when scrolled into view.
 */
export async function fullScreenshot(page: Page, width: number, path: string): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height });
  await laidOut(page);
  await page.screenshot({ path });
  await page.setViewportSize({ width, height: 900 });
}

/**
 * Waits until the page has laid out again for its window: resize and intersection observers
 * run before an animation frame, and what they change is drawn by the next.
 */
export async function laidOut(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}
