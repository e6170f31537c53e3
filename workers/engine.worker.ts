/**
 * The engine in a Web Worker, bundled by Vite (src/run/browser.ts creates it). Node loads
 * the build of workers/node.ts instead; both expose the same API (src/run/workerApi.ts).
 */
import { createWorkerApi, exposeUntilTerminated } from "../src/run/workerApi.ts";

exposeUntilTerminated(createWorkerApi(), self);
