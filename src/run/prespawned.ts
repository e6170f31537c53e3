/**
 * Engine workers started by the page's first lines, before the app's own code is fetched
 * and evaluated: the pool (browser.ts) takes them as it fills. Profile lesson: started from
 * the app's entry, after its 800 kB bundle was parsed and evaluated, the workers were asked
 * for 790 ms after navigation, and the first chart waited on their start (loading their
 * code, compiling the model, building the book). This module imports nothing, so that
 * starting them costs the page nothing it has to load first.
 */

const waiting: Worker[] = [];
/** Why a waiting worker failed, if it did before the pool took it and listened. */
const failures = new WeakMap<Worker, string>();

/** A new engine worker; the one place that names its script, written out in full so that Vite sees and bundles it. */
export const newEngineWorker = (): Worker => new Worker(new URL("../../workers/engine.worker.ts", import.meta.url), { type: "module" });

/** Starts `count` engine workers now. */
export function prespawnWorkers(count: number): void {
  for (let i = 0; i < count; i++) {
    const worker = newEngineWorker();
    worker.addEventListener("error", (e) => {
      if (!failures.has(worker)) failures.set(worker, e.message || "");
      e.preventDefault();
    });
    waiting.push(worker);
  }
}

/** A worker started early, with the failure it met while waiting (null: none), or null when none is left. */
export function takePrespawned(): { worker: Worker; failure: () => string | null } | null {
  const worker = waiting.shift();
  return worker ? { worker, failure: () => failures.get(worker) ?? null } : null;
}
