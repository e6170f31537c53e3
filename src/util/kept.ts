/**
 * Caches of things that depend on their key alone, kept to a few entries: the steady mix's
 * economies (engine/steady.ts), rendered Markdown (ui/markdown.ts) and prose with its live
 * values written in (ui/liveProse.ts).
 */

/**
 * Looks `key` up in `cache`, kept to `limit` entries, the least recently used going first
 * (a Map iterates in insertion order: a hit is moved to the end); makes it with `make` if
 * absent.
 */
export function kept<K, T>(cache: Map<K, T>, key: K, limit: number, make: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const made = make();
  cache.set(key, made);
  if (cache.size > limit) cache.delete(cache.keys().next().value!);
  return made;
}
