/**
 * Where `creditlab run` runs: a pool of worker threads (src/run/node.ts), narrowed to the
 * base and one variant when `--variant` names one. The request carries the scenario as the
 * command parsed and checked it: the run does not parse its text again.
 */
import { runInNode } from "../run/node.ts";
import type { RunHooks } from "../run/runScenario.ts";
import type { Progress, RunHandle, RunRequest } from "../run/types.ts";
import type { ParsedScenario } from "../scenario/parse.ts";
import { selectVariant } from "./variants.ts";

/** Starts a run; `variant` keeps the base and that variant (see variants.ts). */
export function startRun(
  request: RunRequest & { parsed: ParsedScenario },
  variant: string | undefined,
  hooks: { onProgress?(p: Progress): void },
  runner: (request: RunRequest, hooks: RunHooks) => RunHandle = runInNode,
): RunHandle {
  return runner(request, { onProgress: hooks.onProgress, select: (parsed) => selectVariant(parsed, variant) });
}
