/**
 * `creditlab fit` in a Web Worker, so a large performance file is read and fitted off the
 * page's thread (src/ui/fit/fitClient.ts creates it). The file is streamed in the worker.
 */
import { expose } from "comlink";
import { fitChunks, type FitView } from "../src/fit/fitView.ts";
import { textChunks } from "../src/util/textChunks.ts";

const api = {
  fit(file: File): Promise<FitView> {
    return fitChunks(textChunks(file), file.name);
  },
};
export type FitWorkerApi = typeof api;

expose(api);
