/**
 * Line management of credit lines (docs/model.md §7), besides the economy trigger
 * (trigger.ts): a cut of the limit on entering D1 (never below the balance), behavioural
 * increases of lines that stay current, and the early warning, which cuts the undrawn
 * limit of a line as it cures and holds back increases after a recent miss. Increases
 * and the early warning need an account's history: their segments are stepped.
 */
import { lever } from "./lever.ts";

export const lineManagement = lever({
  compile: (p) => ({
    cutOnDelinquency: p.lineManagement?.cutOnDelinquency ?? 0,
    increase: p.lineManagement?.increase ? { ...p.lineManagement.increase } : null,
    earlyWarning: p.lineManagement?.earlyWarning ? { ...p.lineManagement.earlyWarning } : null,
  }),
  stages: { cutOnDelinquency: "events", increase: "events", earlyWarning: "events" },
  steps: (p, g) => g.product === "revolving" && (p.lineManagement?.increase !== undefined || p.lineManagement?.earlyWarning !== undefined),
});

export type LineManagementModel = ReturnType<typeof lineManagement.compile>;
