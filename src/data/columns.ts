/** Typed columns that grow as rows arrive: a reader's rows go straight into them. */

type Column = Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;

/** A copy of `old` in fresh columns of `cap` rows from `make`, the first rows kept. */
export function grownColumns<T extends Record<string, Column>>(old: T, make: (cap: number) => T, cap: number): T {
  const next = make(cap);
  for (const key of Object.keys(next) as (keyof T)[]) (next[key] as Column).set(old[key] as Column);
  return next;
}
