/** Fits a performance file in a worker of its own, ended when the fit is done. */
import { wrap } from "comlink";
import type { FitView, FitWorkerApi } from "../../fit/fitView.ts";

export async function fitInWorker(file: File): Promise<FitView> {
  const worker = new Worker(new URL("../../../workers/fit.worker.ts", import.meta.url), { type: "module" });
  try {
    return await wrap<FitWorkerApi>(worker).fit(file);
  } finally {
    worker.terminate();
  }
}
