/**
 * The read-out cursor of a chart: which bin, period or bar it points at, moved by the
 * pointer or by the keyboard (arrows, Home, End, Escape to let go).
 */

/**
 * The cursor after `key` over `n` items, from `current` (null: none yet, and the first
 * arrow press lands on `start`). Items run left to right, or top to bottom when
 * `vertical` (then ArrowDown moves on). Returns `undefined` for a key the cursor
 * ignores, so the page keeps it (Tab must still move focus).
 */
export function stepCursor(
  key: string,
  current: number | null,
  n: number,
  { start = 0, vertical = false }: { start?: number; vertical?: boolean } = {},
): number | null | undefined {
  if (n <= 0) return undefined;
  const last = n - 1;
  const from = current ?? Math.min(Math.max(start, 0), last);
  const forward = vertical ? "ArrowDown" : "ArrowRight";
  const back = vertical ? "ArrowUp" : "ArrowLeft";
  switch (key) {
    case forward:
      return current === null ? from : Math.min(from + 1, last);
    case back:
      return current === null ? from : Math.max(from - 1, 0);
    case "PageUp":
      return Math.min(from + 10, last);
    case "PageDown":
      return Math.max(from - 10, 0);
    case "Home":
      return 0;
    case "End":
      return last;
    case "Escape":
      return null;
    default:
      return undefined;
  }
}

/** Index of the position nearest `x` in ascending `positions`; -1 when there are none. */
export function nearestIndex(positions: readonly number[], x: number): number {
  if (positions.length === 0) return -1;
  let lo = 0;
  let hi = positions.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (positions[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(positions[hi] - x) < Math.abs(positions[lo] - x) ? hi : lo;
}
