/**
 * The progress bar on stderr: paths done, percent, the running mean loss of the first
 * variant with its standard error, and the time left. Redrawn at most ten times a second
 * and erased at the end, so the summary on stdout reads the same with or without it.
 */
import type { Progress } from "../run/types.ts";
import { duration, grouped, money } from "./format.ts";

const REDRAW_MS = 100;
const CLEAR_LINE = "\r\x1b[2K";

/** Room kept for the text after the bar, so the bar keeps its width as the numbers change. */
const TEXT_ROOM = 60;

/** One line of at most `columns` characters describing `p`. */
export function progressLine(p: Progress, columns: number): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const total = grouped(p.total);
  const count = `${grouped(p.done).padStart(total.length)}/${total}`;
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
  const loss = p.done > 0 ? `loss ${money(p.meanLoss)} ± ${money(p.stderrLoss)}` : "";
  const left = p.done > 0 && p.done < p.total ? `ETA ${duration((p.elapsedMs / p.done) * (p.total - p.done))}` : "";
  const text = [count, pct, loss, left].filter(Boolean).join("  ");
  const barWidth = Math.min(30, columns - TEXT_ROOM);
  if (barWidth < 10) return text.slice(0, Math.max(0, columns - 1));
  const filled = Math.round(fraction * barWidth);
  return `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]  ${text}`.slice(0, columns - 1);
}

/** Draws progress on a terminal stream; does nothing on a stream that is not one. */
export class ProgressBar {
  #last = -Infinity;
  #shown = false;
  readonly #stream: NodeJS.WriteStream;
  readonly #enabled: boolean;

  constructor(stream: NodeJS.WriteStream) {
    this.#stream = stream;
    this.#enabled = stream.isTTY === true;
  }

  update(p: Progress): void {
    const now = performance.now();
    if (!this.#enabled || (now - this.#last < REDRAW_MS && p.done < p.total)) return;
    this.#last = now;
    this.#shown = true;
    this.#stream.write(CLEAR_LINE + progressLine(p, this.#stream.columns || 80));
  }

  clear(): void {
    if (this.#shown) this.#stream.write(CLEAR_LINE);
    this.#shown = false;
  }
}
