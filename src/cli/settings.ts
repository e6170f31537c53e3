/**
 * `--set KEY=VALUE` on `run` and `validate`: the file is checked as written first (its
 * errors are placed in the file), then with the keys set (src/scenario/setKeys.ts). An
 * error that the settings bring is printed against the setting, not against a line of a
 * text the user never saw.
 */
import { formatScenarioError } from "../scenario/errors.ts";
import { setKeys, settingOf } from "../scenario/setKeys.ts";
import { err, ok, type Result } from "../util/result.ts";
import { parseWithTapes, type ParsedWithTapes, type TapeReach } from "./readTapes.ts";
import type { ScenarioSource } from "./scenarioSources.ts";

export interface Setting {
  raw: string;
  key: string;
  value: unknown;
}

/** The source with the settings applied and read again, or the lines to print and the exit status. */
export async function withSettings(
  source: ScenarioSource,
  scenarioFile: string,
  settings: readonly Setting[],
  reach: TapeReach,
): Promise<Result<{ source: ScenarioSource; read: ParsedWithTapes }, { lines: string[]; exitCode: number }>> {
  const changed = setKeys(source.text, source.file, settings);
  if (!changed.ok) return err({ lines: [`creditlab: ${changed.error}`], exitCode: 2 });
  const read = await parseWithTapes(changed.value.text, source.file, scenarioFile, reach);
  if (!read.ok) return err(read.error);
  if (!read.value.parsed.ok) {
    const lines = read.value.parsed.error.map((e) => {
      const from = settingOf(changed.value.applied, e.path);
      return from ? `creditlab: --set ${from.raw}: ${e.path || "(file)"}: ${e.message}` : `creditlab: with --set ${settings.map((s) => s.raw).join(" ")}: ${formatScenarioError({ ...e, file: source.file })}`;
    });
    return err({ lines, exitCode: 2 });
  }
  return ok({ source: { ...source, text: changed.value.text }, read: read.value });
}
