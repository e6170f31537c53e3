/** Funding and operating costs: amounts of money only, no account's state reads them (pathRun.ts month-end sums). */
import { lever } from "./lever.ts";

export const costs = lever({
  compile: (p) => ({
    /** Funding cost per unit of balance per month. */
    fundingMonthly: p.fundingRate / 12,
    costPerAccountMonth: p.costs?.perAccountMonth ?? 0,
    costPerBooked: p.costs?.perBooked ?? 0,
  }),
  stages: { fundingMonthly: "outputs", costPerAccountMonth: "outputs", costPerBooked: "outputs" },
});
