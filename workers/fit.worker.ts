/**
 * `creditlab fit` in a Web Worker, so a large performance file is read and fitted off the
 * page's thread (src/ui/fit/fitClient.ts creates it). The file is streamed in the worker.
 */
import { expose } from "comlink";
import { fitChunks, type FitView } from "../src/fit/fitView.ts";

/** Text chunks of a stream, as an async iterable. */
async function* chunks(stream: ReadableStream<string>): AsyncGenerator<string> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

const api = {
  fit(file: File): Promise<FitView> {
    return fitChunks(chunks(file.stream().pipeThrough(new TextDecoderStream())), file.name);
  },
};
export type FitWorkerApi = typeof api;

expose(api);
