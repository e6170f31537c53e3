/**
 * The charts of a scenario cell. `ScenarioResults` takes `{ status, scenario, scenarios }`
 * and draws everything under the cell; the rest of this folder is its parts.
 */
export { default as ScenarioResults } from "./ScenarioResults.svelte";
