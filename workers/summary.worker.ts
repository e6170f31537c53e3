/**
 * Run summaries in a Web Worker, so that summing up the paths of a partial or finished run
 * (quantiles, error bars, fans of every metric) keeps off the page's thread, where it made
 * a slider's drag stutter; it also holds a run's paths as they finish, so that the page
 * hands each chunk over once instead of merging and sending the whole prefix at every
 * partial result (src/run/summaries.ts; src/run/browser.ts starts it).
 */
import { expose } from "comlink";
import { createSummaryApi } from "../src/run/summaries.ts";

expose(createSummaryApi());
