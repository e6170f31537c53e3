/**
 * Axes that hold still while a cell reruns. A rerun (an input moved, the text run again)
 * draws its first paths at once and refines; a chart whose axis came from each partial's
 * few paths rescaled at every redraw (3–14M at 12 paths, 2–22M at 500), so a bar moved
 * because its axis did, not because the input changed. The rule, in one place for every
 * chart whose domain comes from the paths:
 *   - a partial result is drawn on the union of the domain the chart showed for the cell's
 *     last complete result and its own (its range only grows as paths come in, since a
 *     partial is a gap-free prefix of the run's paths, so the union grows, never jumps back);
 *   - a complete result keeps the domain shown before if its own lies within it and spans
 *     at least KEEP of it; else it settles on its own: one settle at most per run;
 *   - with nothing shown before (the cell's first run), a result is drawn on its own domain.
 * The frame rounds what this gives out to nice ticks (plotBox.ts), so that equal domains
 * give equal axes. The rule holds value axes (x or y) and the y axis of a histogram (its
 * share of paths per bin, from 0): a partial's bars are drawn as estimates of the complete
 * run's (histogramBars.ts `partialHeights`, which needs the run's paths: `total`), so the
 * axis they are held on is the one the complete run will keep. An exported chart is the one
 * on screen, on the domain held (export/exportChart.ts).
 */
import { getContext, setContext } from "svelte";

export type Domain = readonly [number, number];

/**
 * Share of the domain shown before that a complete result's own domain must span to keep
 * it: a quarter of the axis may be left empty, not more. A small move of an input moves
 * the range a little and keeps the axis; a large one settles on the new range.
 */
export const KEEP = 0.75;

export interface HoldInput {
  /** The domain drawn for the cell's last complete result, or null if none was. */
  shown: Domain | null;
  /** The result's own domain. */
  data: Domain;
  /** The result is partial (paths still to come, or a run cancelled part-way). */
  partial: boolean;
}

/** The domain to draw a result on (see the module's comment). */
export function holdDomain({ shown, data, partial }: HoldInput): [number, number] {
  if (shown === null || !(shown[1] >= shown[0])) return [data[0], data[1]];
  const union: [number, number] = [Math.min(shown[0], data[0]), Math.max(shown[1], data[1])];
  if (partial) return union;
  const within = data[0] >= shown[0] && data[1] <= shown[1];
  const span = shown[1] - shown[0];
  return within && data[1] - data[0] >= KEEP * span ? [shown[0], shown[1]] : [data[0], data[1]];
}

/**
 * One cell's memory of the domains its charts drew for its last complete result, by chart
 * (a key that names the chart, the quantity and the variant shown). A chart asks it for
 * the domain to draw; a complete result's answer is remembered for the next run. Asking
 * twice for the same result gives the same answer, so a redraw at a new width moves nothing.
 */
export class DomainHold {
  readonly #shown = new Map<string, Domain>();
  readonly #partial: () => boolean;
  readonly #total: () => number | null;

  /**
   * `partial` tells whether the cell's result now drawn is partial; `total`, the paths its
   * run will have once complete, while more are to come (null when none are: a complete
   * result, or a run cancelled part-way, which is drawn as it is).
   */
  constructor(partial: () => boolean, total: () => number | null = () => null) {
    this.#partial = partial;
    this.#total = total;
  }

  /** The paths the run drawn will have, while it is partial and more are to come; else null. */
  total(): number | null {
    return this.#partial() ? this.#total() : null;
  }

  /** The domain chart `key` draws its `data` domain on. */
  domain(key: string, data: Domain): [number, number] {
    const partial = this.#partial();
    const d = holdDomain({ shown: this.#shown.get(key) ?? null, data, partial });
    // A plain Map, not state: remembering what was drawn must not redraw anything.
    if (!partial) this.#shown.set(key, d);
    return d;
  }
}

/** No memory: every result on its own domain (a chart drawn outside a cell's results). */
const NONE = { domain: (_key: string, data: Domain): [number, number] => [data[0], data[1]], total: (): number | null => null };

const KEY = Symbol("domain hold");

/** Gives the charts below a cell's results the cell's memory of domains. */
export function provideDomainHold(hold: DomainHold): void {
  setContext(KEY, hold);
}

/** The domain memory of the cell this chart is drawn in; none outside a cell. */
export function domainHold(): Pick<DomainHold, "domain" | "total"> {
  return getContext<DomainHold | undefined>(KEY) ?? NONE;
}
