/**
 * What every browser test file starts with: the production build served on 127.0.0.1 and
 * one headless Chromium, started before the file's tests and closed after them.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launch } from "./browser.ts";
import { buildOnce, serve, type Served } from "./serve.ts";

/** Where browser tests save their screenshots. */
export const SHOTS = resolve(import.meta.dirname, "../../../test-results");

/** Registers the file's set-up and tear-down; `browser` and `url` are there inside its tests. */
export function browserSite(): { readonly browser: Browser; readonly url: string } {
  let browser: Browser | null = null;
  let served: Served | null = null;
  beforeAll(async () => {
    served = await serve(buildOnce());
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error("the browser is not launched yet: use it inside a test");
      return browser;
    },
    get url() {
      if (!served) throw new Error("the site is not served yet: use it inside a test");
      return served.url;
    },
  };
}
