/**
 * A loan tape read in a Web Worker, so a large CSV is streamed and parsed off the page's
 * thread (src/ui/tapes/tapeClient.ts creates it). The columns come back transferred, not copied.
 */
import { expose, transfer } from "comlink";
import { readTapeFile, tapeBuffers, type TapeWorkerApi } from "../src/data/readTapeFile.ts";

const api: TapeWorkerApi = {
  async read(file, name) {
    const read = await readTapeFile(file, name);
    return read.ok ? transfer(read, tapeBuffers(read.value.tape)) : read;
  },
};

expose(api);
