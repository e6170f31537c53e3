import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview } from "vite";
import { describe, expect, it } from "vitest";
import { runInNode } from "../../src/run/node.ts";
import { CHROMIUM, launch } from "../ui/browser/browser.ts";
import { SMALL_TEXT } from "./helpers.ts";

const root = fileURLToPath(new URL("./fixtures/browser/", import.meta.url));

/** Builds the fixture page with Vite, as the app is built, and opens it in headless Chromium. */
async function runPage(scenario: string): Promise<Record<string, unknown>> {
  const outDir = mkdtempSync(join(tmpdir(), "creditlab-page-"));
  const config = { root, configFile: false as const, logLevel: "silent" as const, worker: { format: "es" as const } };
  await build({ ...config, build: { outDir, emptyOutDir: true } });
  const server = await preview({ ...config, build: { outDir }, preview: { port: 0, host: "127.0.0.1" } });
  const browser = await launch();
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

describe.skipIf(!existsSync(CHROMIUM))("runInBrowser in Chromium", () => {
  it("gives the Node result file to the last bit; queued runs take the pool in turn; the pool serves the next run", async () => {
    const checks = await runPage(SMALL_TEXT);
    const node = await runInNode({ text: SMALL_TEXT, file: "page.json", workers: 2, samples: true }).outcome;
    if (node.kind !== "done") throw new Error(JSON.stringify(node));
    expect(checks.first).toBe("cancelled");
    expect(checks.waiting).toBe(1);
    // The engine brings its own elementary functions (src/math/elementary.ts), not the runtime's Math.
    expect(checks.second).toEqual(node.result);
    expect(checks.third).toEqual(checks.second);
    expect((checks.progress as number[]).at(-1)).toBe(node.result.paths);
  });
});
