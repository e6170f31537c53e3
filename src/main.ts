/**
 * The notebook page's entry. The engine workers start first, so that loading their code,
 * compiling the model and building the book overlap the app's own start (prespawned.ts
 * says what that saved); then the app, in its own chunk (ui/start.ts). Zod's JIT is
 * turned off here, in the entry chunk, so that it is off before any chunk the app's
 * shares with others builds a schema (ui/jitless.ts).
 */
import "./ui/jitless.ts";
import { prespawnWorkers } from "./run/prespawned.ts";

prespawnWorkers(navigator.hardwareConcurrency || 4);
void import("./ui/start.ts");
