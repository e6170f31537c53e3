/** The bench book: a consumer-credit book through a recession, at any size. */
import { parseScenario, type NamedScenario } from "../../src/scenario/parse.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";

/**
 * A recession book of `accounts` accounts, 60% credit lines and 40% cash loans, over 24
 * months. Its risk is given as `missRate`, the meaning version 1's `pd` had, so the book is
 * the one version 1 was benched on and the figures compare.
 */
export function recessionInput(accounts: number, paths: number, variants: ScenarioInput["variants"] = []): ScenarioInput {
  return {
    creditlab: 2,
    name: `bench ${accounts} accounts`,
    simulation: { paths, horizonMonths: 24, periodMonths: 1, seed: "bench" },
    macro: {
      variables: { unemployment: { factor: "economy", mean: 0.05, sensitivity: -0.012 } },
      shocks: [{ factor: "economy", recession: { start: 3, fall: 6, trough: -2, stay: 6, recover: 9 } }],
    },
    segments: [
      {
        name: "cards",
        accounts: accounts * 0.6,
        product: "revolving",
        missRate: 0.03,
        limit: { median: 6000, sigma: 0.6 },
        utilization: 0.45,
        apr: 0.22,
        lateFee: 25,
        feeCap: 0.36,
        attrition: 0.01,
        lgd: { mean: 0.85, sd: 0.1, macro: 0.2 },
      },
      {
        name: "loans",
        accounts: accounts * 0.4,
        product: "instalment",
        missRate: 0.02,
        principal: { median: 12000, sigma: 0.5 },
        termMonths: 36,
        apr: 0.12,
        delinquency: { roll: [0.3, 0.5, 0.7], stay: [0.05, 0.1, 0.1] },
      },
    ],
    policy: { collections: { rollReduction: 0.1, costPerAccountMonth: 15 }, fundingRate: 0.03 },
    variants,
  };
}

/**
 * A quiet book: one segment of credit lines, a miss is a default, no attrition, no shock.
 * Few accounts ever leave C, so it shows what a current account costs.
 */
export function quietBook(accounts: number, paths: number): NamedScenario[] {
  return parsed({
    creditlab: 2,
    name: `quiet ${accounts} accounts`,
    simulation: { paths, horizonMonths: 24, periodMonths: 1, seed: "bench" },
    segments: [{ name: "lines", accounts, pd: 0.02, delinquency: { roll: [] } }],
  });
}

/**
 * The bench book with its credit lines as they earn (transactors and revolvers, purchases,
 * plans, payment burden) and dynamic limits and costs in its policy: every current line is
 * stepped month by month, so it shows what those mechanics cost (docs/model.md §10).
 */
export function behaviourBook(accounts: number, paths: number): NamedScenario[] {
  const input = recessionInput(accounts, paths);
  const [cards, loans] = input.segments;
  return parsed({
    ...input,
    name: `behaviour ${accounts} accounts`,
    segments: [
      {
        ...cards,
        revolvers: { share: 0.3, toRevolve: 0.02, toTransact: 0.05, minPayment: 0.05 },
        purchases: 0.1,
        interchange: 0.006,
        instalments: { purchaseShare: 0.1, balanceRate: 0.01, termMonths: 12, feeRate: 0.006 },
        burden: 0.3,
      },
      loans,
    ],
    policy: {
      ...input.policy,
      costs: { perAccountMonth: 1.5, perBooked: 100 },
      lineManagement: { increase: { afterMonths: 6, by: 0.2, maxTimes: 2 }, earlyWarning: { lookbackMonths: 6, cut: 0.5 } },
    },
  });
}

function parsed(input: ScenarioInput): NamedScenario[] {
  const result = parseScenario(JSON.stringify(input), "bench.json");
  if (!result.ok) throw new Error(`the bench scenario is invalid: ${result.error[0].message}`);
  return result.value.variants;
}

/** The bench book, parsed: its base scenario and the variants given. */
export function recessionBook(accounts: number, paths: number, variants: ScenarioInput["variants"] = []): NamedScenario[] {
  return parsed(recessionInput(accounts, paths, variants));
}
