import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { build, preview } from "vite";
import { describe, expect, it } from "vitest";
import { runInNode } from "../../src/run/node.ts";
import { SMALL_TEXT } from "./helpers.ts";

const CHROMIUM = "/usr/bin/chromium";
const root = fileURLToPath(new URL("./fixtures/browser/", import.meta.url));

/** Builds the fixture page with Vite, as the app is built, and opens it in headless Chromium. */
async function runPage(scenario: string): Promise<Record<string, unknown>> {
  const outDir = mkdtempSync(join(tmpdir(), "creditlab-page-"));
  const config = { root, configFile: false as const, logLevel: "silent" as const, worker: { format: "es" as const } };
  await build({ ...config, build: { outDir, emptyOutDir: true } });
  const server = await preview({ ...config, build: { outDir }, preview: { port: 0, host: "127.0.0.1" } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    const url = server.resolvedUrls!.local[0];
    await page.goto(`${url}?scenario=${encodeURIComponent(scenario)}`);
    await page.waitForFunction(() => "checks" in window, null, { timeout: 100_000 });
    return await page.evaluate(() => (window as unknown as { checks: Record<string, unknown> }).checks);
  } finally {
    await browser.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * Paths where two JSON values differ: numbers by more than `relative` of their size or a
 * millionth of a currency unit, anything else at all. Chromium's V8 and Node's may round a
 * library function differently in the last bit (MODEL.md 10 promises equal numbers for the
 * same JavaScript engine only); a spread that is 0 in exact arithmetic then shows it most.
 */
function differences(a: unknown, b: unknown, relative: number, path = "result"): string[] {
  if (typeof a === "number" && typeof b === "number") {
    const d = Math.abs(a - b);
    return d <= 1e-6 || d <= relative * Math.max(Math.abs(a), Math.abs(b)) ? [] : [`${path}: ${a} vs ${b}`];
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], relative, `${path}.${k}`),
    );
  }
  return Object.is(a, b) ? [] : [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}

describe.skipIf(!existsSync(CHROMIUM))("runInBrowser in Chromium", () => {
  it("gives the Node result file up to last-bit rounding; a superseded run ends cancelled; the pool serves the next run", async () => {
    const checks = await runPage(SMALL_TEXT);
    const node = await runInNode({ text: SMALL_TEXT, file: "page.json", workers: 2, samples: true }).outcome;
    if (node.kind !== "done") throw new Error(JSON.stringify(node));
    expect(checks.first).toBe("cancelled");
    expect(differences(checks.second, node.result, 1e-12)).toEqual([]);
    expect(checks.third).toEqual(checks.second);
    expect((checks.progress as number[]).at(-1)).toBe(node.result.paths);
  });
});
