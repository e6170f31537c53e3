/**
 * A credit-card notebook in a real browser: transactors and revolvers, purchases with
 * merchant fees, instalment plans, operating costs and a conversion forbearance variant.
 * The page shows what its own result file says: the loss past the horizon in the
 * headline, profit in its parts, the revolver share over time and the variants' lifetime
 * loss compared path by path.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { money } from "../../src/format/number.ts";
import type { ResultFile } from "../../src/result/resultFile.ts";
import { newPage } from "./browser/browser.ts";
import { downloadResult, figure, fullScreenshot, openShared, waitForRuns } from "./browser/notebook.ts";
import { browserSite, SHOTS } from "./browser/site.ts";


const CARD_SCENARIO = `creditlab: 2
name: Card book
simulation: { paths: 200, horizonMonths: 12, seed: 7 }
macro:
  factors:
    economy: { persistence: 0.9 }
segments:
  - name: cards
    accounts: 2000
    pd: 0.04
    apr: 0.24
    lgd: { mean: 0.8 }
    limit: { median: 5000 }
    utilization: 0.4
    revolvers: { share: 0.4, toRevolve: 0.02, toTransact: 0.05, minPayment: 0.05 }
    purchases: 0.2
    interchange: 0.006
    instalments: { purchaseShare: 0.1, balanceRate: 0.01, termMonths: 12, feeRate: 0.006 }
    remainingLifeMonths: 36
policy:
  costs: { perAccountMonth: 1.2 }
variants:
  - name: conversion
    policy:
      forbearance: { kind: conversion, offerAt: 1, takeUp: 0.5, termMonths: 24, feeRate: 0.005 }
`;

const notebook = `# Card book

Revolvers, merchant fees, instalment plans and operating costs.

\`\`\`scenario
${CARD_SCENARIO}\`\`\`
`;

const site = browserSite();

describe("a card book on the page", () => {
  it("shows lifetime loss, profit in its parts, the revolver share and the lifetime comparison of its result file", async () => {
    const { page, context, errors } = await newPage(site.browser);
    await openShared(page, site.url, notebook);
    await waitForRuns(page);
    const result = JSON.parse((await downloadResult(page)).text) as ResultFile;
    const [base, conversion] = result.variants;
    const cell = page.locator("article.scenario").first();

    // The headline: the base's lifetime loss, as the result file has it.
    expect(base.book.lifetimeLoss.mean).toBeGreaterThan(0);
    expect(await figure(page, "lifetime")).toBe(money(base.book.lifetimeLoss.mean));

    // Profit in its parts: one bar a non-zero part, signed as it enters profit, then profit.
    const profit = cell.locator("figure", { has: page.getByRole("heading", { name: /^Where profit comes from/ }) });
    const labels = await profit.locator("svg[role=img] .bars text").allTextContents();
    const parts: [number, number][] = [
      [base.book.interestIncome.mean, 1],
      [base.book.feeIncome.mean, 1],
      [base.book.merchantFeeIncome.mean, 1],
      [base.book.instalmentFeeIncome.mean, 1],
      [base.book.fundingCost.mean, -1],
      [base.book.collectionCost.mean, -1],
      [base.book.retainedLoss.mean, -1],
      [base.book.insurancePremium.mean, -1],
      [base.book.operatingCost.mean, -1],
      [base.book.acquisitionCost.mean, -1],
    ];
    const signed = (x: number) => (x > 0 ? `+${money(x)}` : money(x));
    expect(base.book.merchantFeeIncome.mean).toBeGreaterThan(0);
    expect(base.book.instalmentFeeIncome.mean).toBeGreaterThan(0);
    // 2,000 accounts on the book for at most 12 months at 1.2 a month.
    expect(base.book.operatingCost.max).toBeLessThanOrEqual(2000 * 12 * 1.2 + 1e-6);
    expect(base.book.operatingCost.mean).toBeGreaterThan(0);
    expect(labels).toEqual([...parts.filter(([m]) => m !== 0).map(([m, sign]) => signed(sign * m)), signed(base.book.profit.mean)]);

    // The revolver share over time, as a fan among the others.
    const fan = cell.locator("figure", { has: page.getByRole("heading", { name: "Revolving accounts" }) });
    expect(await fan.locator("svg[role=img]").count()).toBe(1);
    expect(base.periods.every((p) => p.revolverShare && p.revolverShare.p5 >= 0 && p.revolverShare.p95 <= 1)).toBe(true);

    // The variants compared on lifetime loss and on net loss with it.
    const compared = cell.locator("figure", { has: page.getByRole("heading", { name: "Variants compared: paired differences" }) });
    await compared.getByText("Net + lifetime loss", { exact: true }).click();
    await expect.poll(() => compared.locator(".subtitle").textContent()).toBe("Net loss + lifetime loss (currency units): each variant minus base");
    const d = result.differences[0].lossWithLifetime;
    const row = await compared.locator("table tbody tr").first().locator("td").allTextContents();
    expect(row[0]).toBe(signed(d.mean));
    expect(conversion.book.lifetimeLoss.mean).toBeGreaterThan(0);

    await fullScreenshot(page, 1280, join(SHOTS, "card-book-1280.png"));
    await page.setViewportSize({ width: 375, height: 812 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await fullScreenshot(page, 375, join(SHOTS, "card-book-375.png"));
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
