/** One scenario document against the schema, then against the rules across keys. */
import { err, ok, type Result } from "../util/result.ts";
import { issueProblems } from "./messages.ts";
import type { Problem } from "./positions.ts";
import { checkRules } from "./rules.ts";
import { scenarioSchema, type Scenario } from "./schema.ts";

/**
 * The scenario with every default filled in, or its problems. The rules run only on a
 * document the schema accepts: they need its defaults and types.
 */
export function validateScenario(input: unknown): Result<Scenario, Problem[]> {
  if (input === null || input === undefined) {
    return err([{ path: [], message: "the file is empty; allowed: a scenario, a mapping with at least creditlab: 2 and segments" }]);
  }
  const parsed = scenarioSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return err(parsed.error.issues.flatMap(issueProblems));
  const problems = checkRules(parsed.data);
  return problems.length > 0 ? err(problems) : ok(parsed.data);
}
