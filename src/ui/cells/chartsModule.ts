/**
 * The charts of a scenario cell, from `src/ui/charts/index.ts`. Read through a glob so the
 * notebook still builds and shows its headline numbers while the charts are absent.
 */
import type { Component } from "svelte";
import type { ResultFile } from "../../engine/resultFile.ts";
import type { Scenario } from "../../scenario/schema.ts";
import type { ChartStatus } from "../state/cellRun.svelte.ts";

export interface ScenarioResultsProps {
  result: ResultFile | null;
  scenario: Scenario | null;
  status: ChartStatus;
}

const modules = import.meta.glob<{ ScenarioResults?: Component<ScenarioResultsProps> }>("../charts/index.ts", { eager: true });

/** The charts component, or null when the charts are not part of this build. */
export const ScenarioResults: Component<ScenarioResultsProps> | null = Object.values(modules)[0]?.ScenarioResults ?? null;
