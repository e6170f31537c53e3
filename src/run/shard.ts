/**
 * Shards of a run for batch schedulers (INTERFACE.md `--shard I/N`): the I-th of N equal,
 * contiguous ranges of paths, 1-based. Each path depends on (seed, path) alone, so shards
 * run anywhere and their chunks merge into the single run's result.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/**
 * Paths [from, to) of shard `index` of `count` over `paths` paths: ⌊(I−1)·P/N⌋ to
 * ⌊I·P/N⌋, so sizes differ by at most one and the shards tile 0..P−1.
 */
export function shardRange(paths: number, { index, count }: Shard): [number, number] {
  if (!(Number.isInteger(index) && Number.isInteger(count) && 1 <= index && index <= count)) {
    throw new Error(`shardRange: shard ${index}/${count}`);
  }
  return [Math.floor(((index - 1) * paths) / count), Math.floor((index * paths) / count)];
}
