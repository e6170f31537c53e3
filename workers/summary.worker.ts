/**
 * Run summaries in a Web Worker, so that summing up the paths of a partial or finished run
 * (quantiles, error bars, fans of every metric) keeps off the page's thread, where it made
 * a slider's drag stutter (src/run/browser.ts starts it; runScenario.ts's `summarize`).
 */
import { expose } from "comlink";
import { summarizeRun } from "../src/result/summarizeRun.ts";
import type { SummaryWorkerApi } from "../src/run/browser.ts";

const api: SummaryWorkerApi = {
  async summarize(meta, chunk) {
    return summarizeRun(meta, chunk);
  },
};

expose(api);
