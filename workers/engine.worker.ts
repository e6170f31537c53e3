/**
 * The engine in a Web Worker, bundled by Vite (src/run/browser.ts creates it). Node loads
 * workers/node.js instead; both expose the same API.
 */
import { expose } from "comlink";
import { createWorkerApi } from "../src/run/workerApi.ts";

expose(createWorkerApi());
