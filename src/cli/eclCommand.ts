/**
 * `creditlab ecl FILE`: the expected credit loss of the scenario's starting book under its
 * `provisioning` (docs/model.md, Provisions): the stage table (accounts, exposure, ECL,
 * coverage) per weighted scenario and weighted; `--json` the same as an object; `--accounts`
 * each tape row's stage and ECL as CSV. No simulation: the ECL is exact for the model.
 */
import { csvFormatRow, csvFormatValue } from "d3";
import { compileModel } from "../engine/model.ts";
import { eclReport, type EclReport, type StageKey, type StageTable } from "../engine/ecl/report.ts";
import { complain, EXIT, write } from "./io.ts";
import { checkOutputPath } from "./outputPath.ts";
import { sourceLabel } from "./scenarioSources.ts";
import { readScenarioInput } from "./scenarioInput.ts";
import type { Setting } from "./settings.ts";
import { renderTable, type Row } from "./table.ts";
import { count, money, percent } from "./terminalNumbers.ts";
import { writeOutput } from "./writeOutput.ts";

export interface EclOptions {
  file: string;
  json: boolean;
  /** `--accounts OUT.csv`: stage and ECL per tape row. */
  accounts?: string;
  /** 1-based place of the scenario cell in a notebook. */
  cell?: number;
  set: Setting[];
  tapesAnywhere: boolean;
}

export async function eclCommand(options: EclOptions): Promise<number> {
  if (options.accounts !== undefined) {
    const problem = await checkOutputPath("--accounts", options.accounts);
    if (problem) {
      await complain(problem);
      return EXIT.usage;
    }
  }
  const input = await readScenarioInput(options);
  if (!input.ok) return input.error;
  const { source, parsed, tapes } = input.value;
  const provisioning = parsed.scenario.provisioning;
  if (!provisioning) {
    await complain(`${sourceLabel(source)}: provisioning: the scenario has no provisioning section; allowed: provisioning: { standard: ifrs9 } (the README lists its keys)`);
    return EXIT.usage;
  }
  const seasoning = parsed.scenario.segments.map((g) => g.seasoning);
  const report = eclReport(compileModel(parsed.variants, tapes), provisioning, { seasoning });
  if (options.accounts !== undefined) await writeOutput(options.accounts, accountsCsv(report));
  if (options.json) await write(process.stdout, JSON.stringify(eclJson(report), null, 2) + "\n");
  else await write(process.stdout, renderEcl(report, sourceLabel(source)));
  return EXIT.ok;
}


/** The object `--json` prints: the weighted ECL, the stages, each scenario's ECL and stages, the notes. */
export function eclJson(r: EclReport): object {
  return {
    standard: r.standard,
    ecl: r.ecl,
    stages: r.stages,
    scenarios: r.scenarios.map((s) => ({ name: s.name, weight: s.weight, ecl: s.ecl, stages: s.stages })),
    notes: r.notes,
  };
}

const STAGES: readonly StageKey[] = ["1", "2", "3"];

function stageRows(t: StageTable): Row[] {
  const total = { accounts: 0, exposure: 0, ecl: 0 };
  const rows: Row[] = STAGES.map((k) => {
    const s = t[k];
    total.accounts += s.accounts;
    total.exposure += s.exposure;
    total.ecl += s.ecl;
    return [`stage ${k}`, count(s.accounts), money(s.exposure), money(s.ecl), s.exposure > 0 ? percent(s.ecl / s.exposure) : "–"];
  });
  rows.push(["total", count(total.accounts), money(total.exposure), money(total.ecl), total.exposure > 0 ? percent(total.ecl / total.exposure) : "–"]);
  return rows;
}

/** The stage tables, per scenario then weighted, with the notes. */
export function renderEcl(r: EclReport, file: string): string {
  const columns = [{ header: "", align: "left" as const }, { header: "accounts" }, { header: "exposure" }, { header: "ECL" }, { header: "coverage" }];
  const lines = [`${file}: expected credit loss (${r.standard === "cecl" ? "CECL, lifetime" : "IFRS 9"}), exposure = balance + CCF × undrawn`];
  for (const s of r.scenarios) {
    lines.push("", `${s.name} (weight ${percent(s.weight)}): ECL ${money(s.ecl)}`, ...renderTable(columns, stageRows(s.stages), "  "));
  }
  lines.push("", `weighted: ECL ${money(r.ecl)}`, ...renderTable(columns, stageRows(r.stages), "  "));
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join("\n") + "\n";
}

/** One line a tape row: segment, row (1-based, as in the tape), stage, exposure, weighted ECL. */
export function accountsCsv(r: EclReport): string {
  const lines = [csvFormatRow(["segment", "row", "stage", "exposure", "ecl"])];
  for (const seg of r.rows) {
    // Numbers need no quoting; the segment's name is quoted once if it must be.
    const name = csvFormatValue(seg.segment);
    for (let j = 0; j < seg.stage.length; j++) lines.push(`${name},${j + 1},${seg.stage[j]},${seg.exposure[j]},${seg.ecl[j]}`);
  }
  return lines.join("\n") + "\n";
}
