/** The bench book: a consumer-credit book through a recession, at any size. */
import { parseScenario, type NamedScenario } from "../../src/scenario/parse.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";

/** A recession book of `accounts` accounts, 60% credit lines and 40% cash loans, over 24 months. */
export function recessionInput(accounts: number, paths: number): ScenarioInput {
  return {
    creditlab: 1,
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
        pd: 0.03,
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
        pd: 0.02,
        principal: { median: 12000, sigma: 0.5 },
        termMonths: 36,
        apr: 0.12,
        delinquency: { roll: [0.3, 0.5, 0.7], stay: [0.05, 0.1, 0.1] },
      },
    ],
    policy: { collections: { rollReduction: 0.1, costPerAccountMonth: 15 }, fundingRate: 0.03 },
  };
}

/** The bench book, parsed: its base scenario (it has no variants). */
export function recessionBook(accounts: number, paths: number): NamedScenario[] {
  const parsed = parseScenario(JSON.stringify(recessionInput(accounts, paths)), "bench.json");
  if (!parsed.ok) throw new Error(`the bench scenario is invalid: ${parsed.error[0].message}`);
  return parsed.value.variants;
}
