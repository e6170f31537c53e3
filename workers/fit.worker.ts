/**
 * `creditlab fit` in a Web Worker, so a large performance file is read and fitted off the
 * page's thread (src/ui/fit/fitClient.ts creates it). The file is streamed in the worker.
 */
import { expose } from "comlink";
import { fitChunks, type FitWorkerApi } from "../src/fit/fitView.ts";
import { textChunks } from "../src/util/textChunks.ts";

const api: FitWorkerApi = {
  fit(file) {
    return fitChunks(textChunks(file), file.name);
  },
};

expose(api);
