/**
 * `--variant NAME`: the run keeps the base and that variant, so the summary still shows
 * the difference against the base; `--variant base` keeps the base alone.
 */
import { err, ok, type Result } from "../util/result.ts";
import type { ParsedScenario } from "../scenario/parse.ts";

/** The parsed scenario with only the base and `name`, or a one-line usage error. */
export function selectVariant(parsed: ParsedScenario, name: string | undefined): Result<ParsedScenario, string> {
  if (name === undefined) return ok(parsed);
  const [base, ...others] = parsed.variants;
  if (name === base.name) return ok({ ...parsed, variants: [base] });
  const chosen = others.find((v) => v.name === name);
  if (chosen) return ok({ ...parsed, variants: [base, chosen] });
  const names = parsed.variants.map((v) => JSON.stringify(v.name)).join(", ");
  return err(`unknown variant ${JSON.stringify(name)}; this scenario has ${names}`);
}
