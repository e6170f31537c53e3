/**
 * Line management on a path: its hooks on the accounts of one path (the lever's
 * declaration, what it compiles to and when variants may share, is ../lineManagement.ts). Apart, so
 * that compiling a model never imports a path's parts.
 */
import { cutUndrawn } from "../../lines.ts";
import { AGE, BALANCE, LIMIT, RECORD, RECORD16, type Workspace } from "../../workspace.ts";
import type { LineManagementModel } from "../lineManagement.ts";

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
    if (this.cut > 0) ws.record[RECORD * i + LIMIT] = Math.max(ws.record[RECORD * i + BALANCE], (1 - this.cut) * ws.record[RECORD * i + LIMIT]);
  }

  /** On a cure: the early warning cuts the undrawn limit. */
  onCure(i: number): void {
    const ws = this.ws;
    if (this.warning !== null) ws.record[RECORD * i + LIMIT] = cutUndrawn(ws.record[RECORD * i + LIMIT], ws.record[RECORD * i + BALANCE], this.warning.cut);
  }

  /**
   * A stepped line current for another month in month mo: after `afterMonths` in a row
   * (counted in `age`) it is raised by `by`, up to `maxTimes`, unless it missed within the
   * early warning's look-back.
   */
  onCurrentMonth(i: number, mo: number): void {
    const ws = this.ws;
    const increase = this.increase;
    if (increase !== null && ++ws.record16[RECORD16 * i + AGE] >= increase.afterMonths && ws.increases[i] < increase.maxTimes) {
      const warning = this.warning;
      if (warning === null || mo - ws.missedAt[i] > warning.lookbackMonths) {
        ws.record[RECORD * i + LIMIT] *= 1 + increase.by;
        ws.increases[i]++;
        ws.record16[RECORD16 * i + AGE] = 0;
      }
    }
  }
}
