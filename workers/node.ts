/**
 * The engine in a Node worker thread (src/run/node.ts starts it). The build bundles this
 * file into dist/node/worker.js; source runs (tests, `npm run cli`) load it through
 * workers/nodeDev.js. comlink's node adapter turns the thread's port into the endpoint
 * comlink expects; the thread serves until the pool terminates it.
 */
import { parentPort } from "node:worker_threads";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { createWorkerApi, exposeUntilTerminated } from "../src/run/workerApi.ts";

if (parentPort === null) throw new Error("the engine worker runs only as a worker thread");
const memory = () => {
  const m = process.memoryUsage(); // heap figures are this thread's own; `external` holds typed arrays
  return { heapUsed: m.heapUsed, external: m.external };
};
exposeUntilTerminated(createWorkerApi(memory), nodeEndpoint(parentPort));
