/**
 * The engine in a Node worker thread (src/run/node.ts starts it). Node 20 cannot load
 * TypeScript, so this thread registers tsx's loader before importing the shared worker
 * API; comlink's node adapter turns the thread's port into the endpoint `expose` expects.
 */
import { parentPort } from "node:worker_threads";
import { expose } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { register } from "tsx/esm/api";

if (parentPort === null) throw new Error("workers/node.js runs only as a worker thread");
register();
const { createWorkerApi } = await import("../src/run/workerApi.ts");
const memory = () => {
  const m = process.memoryUsage(); // heap figures are this thread's own; `external` holds typed arrays
  return { heapUsed: m.heapUsed, external: m.external };
};
expose(createWorkerApi(memory), nodeEndpoint(parentPort));
