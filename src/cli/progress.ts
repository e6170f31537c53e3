/**
 * The progress bar on stderr: paths done, percent, the running mean loss of the first
 * variant with its standard error, and the time left. Redrawn at most ten times a second
 * and erased at the end, so the summary on stdout reads the same with or without it.
 * When stderr is not a terminal (a log file, a batch job, a program watching the run),
 * `--progress` asks for plain lines instead: `creditlab: progress 500/2,000 25% …`, the
 * first as soon as a path has finished, then at most one every LINE_MS.
 */
import type { Progress } from "../run/types.ts";
import { duration, grouped, money } from "./terminalNumbers.ts";

const REDRAW_MS = 100;
const LINE_MS = 5000;
const CLEAR_LINE = "\r\x1b[2K";

/** Room kept for the text after the bar, so the bar keeps its width as the numbers change. */
const TEXT_ROOM = 60;

/** What a progress line without a bar says: `500/2,000 25% loss 12.3M ± 235k ETA 3.00 s`. */
export const progressText = (p: Progress): string => parts(p, false).join(" ");

/** One line of at most `columns` characters describing `p`. */
export function progressLine(p: Progress, columns: number): string {
  const text = parts(p, true).join("  ");
  const barWidth = Math.min(30, columns - TEXT_ROOM);
  if (barWidth < 10) return text.slice(0, Math.max(0, columns - 1));
  const filled = Math.round(fraction(p) * barWidth);
  return `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]  ${text}`.slice(0, columns - 1);
}

const fraction = (p: Progress): number => (p.total > 0 ? Math.min(1, p.done / p.total) : 0);

/** Count, percent, loss and time left; padded to keep their width on a terminal. */
function parts(p: Progress, padded: boolean): string[] {
  const total = grouped(p.total);
  const done = grouped(p.done);
  const count = `${padded ? done.padStart(total.length) : done}/${total}`;
  const pct = `${Math.floor(fraction(p) * 100)}%`;
  const loss = p.done > 0 ? `loss ${money(p.meanLoss)} ± ${money(p.stderrLoss)}` : "";
  const left = p.done > 0 && p.done < p.total ? `ETA ${duration((p.elapsedMs / p.done) * (p.total - p.done))}` : "";
  return [count, padded ? pct.padStart(4) : pct, loss, left].filter(Boolean);
}

/**
 * Draws progress on a terminal stream; on a stream that is not one, writes progress lines
 * when `lines` is set and nothing otherwise.
 */
export class ProgressBar {
  #last = -Infinity;
  #shown = false;
  readonly #stream: NodeJS.WriteStream;
  readonly #mode: "bar" | "lines" | "off";

  constructor(stream: NodeJS.WriteStream, { lines = false } = {}) {
    this.#stream = stream;
    this.#mode = stream.isTTY === true ? "bar" : lines ? "lines" : "off";
  }

  update(p: Progress): void {
    const now = performance.now();
    if (this.#mode === "off") return;
    if (this.#mode === "lines") {
      if (p.done === 0 || (now - this.#last < LINE_MS && p.done < p.total)) return;
      this.#last = now;
      this.#stream.write(`creditlab: progress ${progressText(p)}\n`);
      return;
    }
    if (now - this.#last < REDRAW_MS && p.done < p.total) return;
    this.#last = now;
    this.#shown = true;
    this.#stream.write(CLEAR_LINE + progressLine(p, this.#stream.columns || 80));
  }

  clear(): void {
    if (this.#shown) this.#stream.write(CLEAR_LINE);
    this.#shown = false;
  }
}
