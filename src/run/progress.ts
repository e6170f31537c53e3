/**
 * The running figures a long run shows while it goes: paths done, and the mean and
 * standard error of the first variant's net loss over the paths done so far, whatever
 * order the chunks arrive in.
 */
import { NPM, PM, type ChunkResult } from "../engine/layout.ts";
import type { Progress } from "./types.ts";

/**
 * Welford's running mean and sum of squared deviations, one value at a time (Welford,
 * "Note on a method for calculating corrected sums of squares and products",
 * Technometrics 1962): no cancellation when the mean is large against the spread.
 */
export class RunningLoss {
  private n = 0;
  private mean = 0;
  private m2 = 0;

  /** Adds the first variant's book net loss of every path of the chunk. */
  add(chunk: ChunkResult): void {
    const book = chunk.variants[0].book;
    for (let j = 0; j < chunk.to - chunk.from; j++) {
      const x = book[j * NPM + PM.netLoss];
      this.n++;
      const d = x - this.mean;
      this.mean += d / this.n;
      this.m2 += d * (x - this.mean);
    }
  }

  /** Progress after `done` of `total` paths; the standard error is 0 until two paths are done. */
  progress(done: number, total: number, elapsedMs: number, partialPaths = 0): Progress {
    const sd = this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : 0;
    return { done, total, meanLoss: this.mean, stderrLoss: this.n > 0 ? sd / Math.sqrt(this.n) : 0, elapsedMs, partialPaths };
  }
}

/** Lets a call through at most once every `intervalMs`; `force` lets it through anyway. */
export class Throttle {
  private last = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  ready(force = false): boolean {
    const t = this.now();
    if (!force && t - this.last < this.intervalMs) return false;
    this.last = t;
    return true;
  }
}
