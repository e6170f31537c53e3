/**
 * A loan tape read in a Web Worker, so a large CSV is streamed and parsed off the page's
 * thread (src/ui/tapes/tapeClient.ts creates it). The columns come back transferred, not copied.
 */
import { expose, transfer } from "comlink";
import { readTapeFile, tapeBuffers, type TapeFileRead } from "../src/ui/tapes/readTapeFile.ts";

const api = {
  async read(file: File, name: string): Promise<TapeFileRead> {
    const read = await readTapeFile(file, name);
    return read.ok ? transfer(read, tapeBuffers(read.value.tape)) : read;
  },
};
export type TapeWorkerApi = typeof api;

expose(api);
