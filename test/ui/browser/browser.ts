/** Headless Chromium from the system, through playwright-core, with a fresh profile each launch. */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A page that records console errors and uncaught exceptions. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

export async function newPage(browser: Browser, width = 1280, height = 900, colorScheme: "light" | "dark" = "light"): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, colorScheme });
  // An action or wait lasts as long as a poll may (vite.config.ts): on a loaded machine the
  // editor, loaded after the first result, can take longer than Playwright's 30 s default.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  return { page, context, errors };
}

/**
 * Records the page's Content-Security-Policy violations, as "directive blocked-uri"
 * (e.g. "script-src-attr inline", "script-src eval"); call before the page loads.
 */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}
