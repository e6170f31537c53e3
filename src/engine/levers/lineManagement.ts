/**
 * Line management of credit lines (docs/model.md §7), besides the economy trigger
 * (trigger.ts): a cut of the limit on entering D1 (never below the balance), behavioural
 * increases of lines that stay current, and the early warning, which cuts the undrawn
 * limit of a line as it cures and holds back increases after a recent miss. Increases
 * and the early warning need an account's history: their segments are stepped.
 */
import { cutUndrawn } from "../lines.ts";
import type { Workspace } from "../workspace.ts";
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

type LineManagementModel = ReturnType<typeof lineManagement.compile>;

/** The hooks of line management on a path's accounts; each is called for credit lines only. */
export class LineManagement {
  private readonly cut: number;
  private readonly increase: LineManagementModel["increase"];
  private readonly warning: LineManagementModel["earlyWarning"];

  constructor(
    pol: LineManagementModel,
    private readonly ws: Workspace,
  ) {
    this.cut = pol.cutOnDelinquency;
    this.increase = pol.increase;
    this.warning = pol.earlyWarning;
  }

  /** On a miss: the line enters D1 with its limit cut, never below its balance. */
  onMiss(i: number): void {
    const ws = this.ws;
    if (this.cut > 0) ws.limit[i] = Math.max(ws.balance[i], (1 - this.cut) * ws.limit[i]);
  }

  /** On a cure: the early warning cuts the undrawn limit. */
  onCure(i: number): void {
    const ws = this.ws;
    if (this.warning !== null) ws.limit[i] = cutUndrawn(ws.limit[i], ws.balance[i], this.warning.cut);
  }

  /**
   * A stepped line current for another month in month mo: after `afterMonths` in a row
   * (counted in `age`) it is raised by `by`, up to `maxTimes`, unless it missed within the
   * early warning's look-back.
   */
  onCurrentMonth(i: number, mo: number): void {
    const ws = this.ws;
    const increase = this.increase;
    if (increase !== null && ++ws.age[i] >= increase.afterMonths && ws.increases[i] < increase.maxTimes) {
      const warning = this.warning;
      if (warning === null || mo - ws.missedAt[i] > warning.lookbackMonths) {
        ws.limit[i] *= 1 + increase.by;
        ws.increases[i]++;
        ws.age[i] = 0;
      }
    }
  }
}
