/**
 * The discount rate of the present values (docs/model.md §8.5): an annual rate, or each
 * segment's APR (null). It changes no account's path, only amounts reported.
 */
import { lever } from "./lever.ts";

export const discounting = lever({
  compile: (p) => ({ discountRate: p.discountRate === "apr" ? null : (p.discountRate ?? 0) }),
  stages: { discountRate: "outputs" },
});
