/**
 * Chunks of a run's paths, as the engine returns them (src/engine/layout.ts), joined in
 * path order: the pool joins its workers' chunks, `creditlab merge` the chunk files of a
 * run's shards. Values are copied as they are, so the summary of the merged chunk is the
 * summary of a single run.
 */
import type { ChunkResult } from "../engine/layout.ts";

/** Concatenates chunks in path order. They must tile a range with no gap or overlap. */
export function mergeChunks(chunks: readonly ChunkResult[]): ChunkResult {
  const sorted = [...chunks].sort((a, b) => a.from - b.from);
  if (sorted.length === 0) throw new Error("mergeChunks: no chunks");
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].from !== sorted[i - 1].to) {
      throw new Error(`mergeChunks: paths ${sorted[i - 1].to}..${sorted[i].from} are missing or repeated`);
    }
  }
  const concat = (parts: Float64Array[]): Float64Array => {
    const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const nv = sorted[0].variants.length;
  return {
    from: sorted[0].from,
    to: sorted[sorted.length - 1].to,
    variants: Array.from({ length: nv }, (_, v) => ({
      book: concat(sorted.map((c) => c.variants[v].book)),
      segments: concat(sorted.map((c) => c.variants[v].segments)),
      periods: concat(sorted.map((c) => c.variants[v].periods)),
    })),
  };
}
