/**
 * The engine worker for runs from source (vitest, `npm run cli`): Node 20 cannot load
 * TypeScript, so this thread registers tsx, a development dependency, before importing
 * workers/node.ts. Built runs use dist/node/worker.js and never load this file.
 */
import { register } from "tsx/esm/api";

register();
await import("./node.ts");
