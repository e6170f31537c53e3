/**
 * A 1,000,000-row tape and a scenario with `provisioning`, for timing `creditlab ecl`:
 *   npx tsx test/bench/eclTape.ts DIR
 *   npm run build:node && /usr/bin/time -v node bin/creditlab.js ecl DIR/ecl-bench.yaml --json
 * Rows as a lender's tape has them: PDs to four decimals, months left 1–36 of a loan, a tenth
 * in arrears or in default, cards and loans. Synthetic: drawn from the seed below.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import seedrandom from "seedrandom";

const ROWS = 1_000_000;
const dir = process.argv[2];
if (!dir) throw new Error("usage: tsx test/bench/eclTape.ts DIR");
const rng = seedrandom("ecl bench");
const lines = ["# SYNTHETIC DATA, not real accounts: drawn by test/bench/eclTape.ts", "balance,limit,pd,state,apr,paymentsLeft,segment"];
const states = ["C", "C", "C", "C", "C", "C", "C", "D1", "D2", "F"];
for (let i = 0; i < ROWS; i++) {
  const limit = Math.round(1000 + 9000 * rng());
  const balance = (limit * rng()).toFixed(2);
  const loan = i % 3 === 0;
  lines.push(`${balance},${loan ? "" : limit},${(0.005 + 0.05 * rng()).toFixed(4)},${states[i % 10]},${loan ? 0.12 : 0.19},${loan ? 1 + (i % 36) : ""},${loan ? "loans" : "cards"}`);
}
writeFileSync(join(dir, "ecl-bench.csv"), lines.join("\n") + "\n");
writeFileSync(
  join(dir, "ecl-bench.yaml"),
  `creditlab: 2
name: ECL of a million accounts
macro:
  shocks: [{ factor: economy, recession: { start: 1, fall: 6, trough: -2, stay: 6, recover: 6 } }]
segments:
  - { name: cards, tape: ecl-bench.csv, product: revolving, pd: 0.03, correlation: 0.1, apr: 0.19, ccf: 0.5, delinquency: { roll: [0.4, 0.6] } }
  - { name: loans, tape: ecl-bench.csv, product: instalment, pd: 0.02, correlation: 0.08, apr: 0.12, termMonths: 36, delinquency: { roll: [0.4, 0.6] } }
variants:
  - { name: calm, macro: { shocks: [] } }
provisioning:
  stage2: { pdMultiple: 2 }
  scenarios: { base: 0.4, calm: 0.6 }
`,
);
