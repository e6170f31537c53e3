/**
 * Runs take the worker pool one at a time, in the order they were asked for: a notebook
 * that runs all its cells at once fills the pool with one cell's paths, then the next.
 * It is the page's one owner of "one run at a time": the browser pool runs what it is
 * given and never supersedes a run (src/run/browser.ts).
 */
import type { RunHandle } from "../../run/types.ts";

/** A place in the queue: cancelling it before its turn means it never starts. */
export interface Ticket {
  cancel(): void;
}

interface Job {
  start: () => RunHandle;
  cancelled: boolean;
}

export class RunQueue {
  #waiting: Job[] = [];
  #active: RunHandle | null = null;

  /** Calls `start` when every run asked for earlier has ended. */
  submit(start: () => RunHandle): Ticket {
    const job: Job = { start, cancelled: false };
    this.#waiting.push(job);
    queueMicrotask(() => this.#pump());
    return {
      cancel: () => {
        job.cancelled = true;
        this.#waiting = this.#waiting.filter((j) => j !== job);
      },
    };
  }

  /** Runs waiting for their turn. */
  get waiting(): number {
    return this.#waiting.length;
  }

  #pump(): void {
    if (this.#active) return;
    const job = this.#waiting.shift();
    if (!job) return;
    const handle = job.start();
    this.#active = handle;
    const next = () => {
      this.#active = null;
      this.#pump();
    };
    handle.outcome.then(next, next);
  }
}
