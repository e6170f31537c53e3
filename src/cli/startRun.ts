/**
 * Where `creditlab run` runs: a pool of worker threads (src/run/node.ts), narrowed to the
 * base and one variant when `--variant` names one.
 */
import { runInNode } from "../run/node.ts";
import type { Progress, RunHandle, RunRequest } from "../run/types.ts";
import { selectVariant } from "./variants.ts";

/** Starts a run; `variant` keeps the base and that variant (see variants.ts). */
export function startRun(request: RunRequest, variant: string | undefined, hooks: { onProgress?(p: Progress): void }): RunHandle {
  return runInNode(request, { onProgress: hooks.onProgress, select: (parsed) => selectVariant(parsed, variant) });
}
