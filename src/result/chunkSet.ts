/**
 * Whether chunk files make one run (INTERFACE.md `creditlab merge`): the same scenario,
 * seed, engine, path count and layout, and path ranges that tile 0..paths−1 with no gap
 * and no overlap. Every reason to refuse is one line, so a user sees all of them at once.
 */
import type { ChunkHeader } from "./chunkFile.ts";
import { layoutMismatch } from "./chunkFile.ts";

export interface NamedHeader {
  /** The file, as named on the command line. */
  file: string;
  header: ChunkHeader;
}

/** "paths 3–7" or "path 3": a range [from, to) shown inclusive, as a user counts. */
export const pathSpan = (from: number, to: number): string => (to - from === 1 ? `path ${from}` : `paths ${from}–${to - 1}`);

const short = (hash: string) => hash.slice(0, 12);

/** What must agree between chunks, each with how to show it. */
const SAME: { what: string; get(h: ChunkHeader): string }[] = [
  { what: "scenario sha256", get: (h) => short(h.scenario.sha256) },
  { what: "seed", get: (h) => JSON.stringify(h.seed) },
  { what: "engine", get: (h) => h.engine },
  { what: "paths of the run", get: (h) => String(h.paths) },
  { what: "variants", get: (h) => h.variants.join(", ") },
  { what: "layout", get: (h) => JSON.stringify([h.layout, h.pathMetrics, h.periodColumns]) },
];

/** Reasons, one line each, why `chunks` do not make one whole run; empty when they do. */
export function refuseMerge(chunks: readonly NamedHeader[]): string[] {
  if (chunks.length === 0) return ["no chunk files to merge"];
  const first = chunks[0];
  const lines: string[] = [];
  for (const c of chunks) {
    const problem = layoutMismatch(c.header);
    if (problem) lines.push(`${c.file}: ${problem}`);
  }
  for (const c of chunks.slice(1)) {
    for (const { what, get } of SAME) {
      if (what === "layout" && lines.some((l) => l.startsWith(`${c.file}:`))) continue;
      const [mine, theirs] = [get(c.header), get(first.header)];
      if (mine !== theirs) {
        lines.push(what === "layout" ? `${c.file}: its layout differs from ${first.file}'s` : `${c.file}: ${what} ${mine} differs from ${first.file}'s ${theirs}`);
      }
    }
  }
  // The same scenario gives every chunk the auxiliary runs or none: a mix is files of two builds.
  const carrying = chunks.filter((c) => c.header.uncertainty !== undefined);
  if (carrying.length > 0 && carrying.length < chunks.length) {
    const without = chunks.filter((c) => c.header.uncertainty === undefined).map((c) => c.file);
    lines.push(`${without.join(", ")}: no values of the runs that split the variance by parameter uncertainty, which ${carrying[0].file} carries; write every chunk with the same build`);
  }
  if (lines.length > 0) return lines;
  return tilingProblems(chunks, first.header.paths);
}

/** Gaps and overlaps among the chunks' ranges over 0..paths−1. */
function tilingProblems(chunks: readonly NamedHeader[], paths: number): string[] {
  const sorted = [...chunks].sort((a, b) => a.header.from - b.header.from || a.header.to - b.header.to);
  const lines: string[] = [];
  let covered = 0; // paths 0..covered−1 are in some chunk
  let last: NamedHeader | null = null;
  for (const c of sorted) {
    const { from, to } = c.header;
    if (from > covered) lines.push(missing(covered, from));
    else if (from < covered && last && last.file === c.file) lines.push(`${c.file} is given twice`);
    else if (from < covered && last) {
      lines.push(`${c.file} (${pathSpan(from, to)}) overlaps ${last.file} (${pathSpan(last.header.from, last.header.to)}) on ${pathSpan(from, Math.min(to, covered))}`);
    }
    if (to > covered) {
      covered = to;
      last = c;
    }
  }
  if (covered < paths) lines.push(missing(covered, paths));
  return lines;
}

const missing = (from: number, to: number) => `missing ${pathSpan(from, to)} of the run: no chunk file holds ${to - from === 1 ? "it" : "them"}`;
