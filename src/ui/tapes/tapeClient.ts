/** Reads a loan tape in a worker of its own, ended when the read is done. */
import { wrap } from "comlink";
import type { TapeFileRead, TapeWorkerApi } from "../../data/readTapeFile.ts";

export async function readTapeInWorker(file: File, name: string): Promise<TapeFileRead> {
  const worker = new Worker(new URL("../../../workers/tape.worker.ts", import.meta.url), { type: "module" });
  try {
    return await wrap<TapeWorkerApi>(worker).read(file, name);
  } finally {
    worker.terminate();
  }
}
