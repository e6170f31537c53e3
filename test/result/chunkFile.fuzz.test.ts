/**
 * Fuzzing the chunk reader past its digest: headers and values edited at random and the
 * SHA-256 recomputed, as a person editing a chunk would. Whatever comes in, `decodeChunkFile`
 * returns a chunk whose every value is finite, every count ≥ 0 with defaults ≤ accounts, or one
 * printable line saying why not; and random bytes are never taken for a chunk.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { PATH_METRICS, type ChunkResult } from "../../src/engine/layout.ts";
import { chunkHeader, decodeChunkFile, encodeChunkFile, type ChunkHeader } from "../../src/result/chunkFile.ts";
import { parseScenario } from "../../src/scenario/parse.ts";

const parsed = parseScenario(
  `creditlab: 2
name: Fuzzed chunk
simulation: { paths: 8, horizonMonths: 3, seed: 5 }
segments:
  - { name: prime, accounts: 60, pd: 0.05 }
  - { name: thin, accounts: 40, pd: 0.2, delinquency: { roll: [0.5], stay: [0.1] } }
`,
  "fuzz.yaml",
);
if (!parsed.ok) throw new Error(parsed.error[0].message);
const model = compileModel(parsed.value.variants);
const chunk = simulatePaths(model, 2, 5);
const header = chunkHeader(
  {
    layout: model.layout,
    variantNames: model.variantNames,
    scenarioName: "Fuzzed chunk",
    sha256: "ab".repeat(32),
    seed: model.simulation.seed,
    paths: 8,
    horizonMonths: 3,
    periodMonths: 1,
    engine: "test",
    samples: false,
    partial: false,
  },
  chunk,
);

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const COUNTS = ["accounts", "defaults", "exposure", "applicants", "booked"] as const;

/** A JSON value of any kind, hostile strings and numbers included. */
const anyJson = fc.oneof(
  fc.constantFrom(-5, 0, 1e308, 2 ** 53, 1.5, "", "\u001b[2J", "\u202e", "x".repeat(500), null, true, [], {}),
  fc.jsonValue({ maxDepth: 2 }),
);
/** A value of a chunk: what the engine writes, or what an editor might put there. */
const anyValue = fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, -5, -0, 1e308, 5e-324), fc.double());

/** The header with one key (top level or one level down) set to another value. */
const editedHeader = fc.tuple(fc.nat(), fc.nat(), anyJson).map(([a, b, value]) => {
  const h = structuredClone(header) as unknown as Record<string, unknown>;
  const keys = Object.keys(h);
  const key = keys[a % keys.length];
  const inner = h[key];
  if (inner && typeof inner === "object" && b % 2 === 0) {
    const innerKeys = Object.keys(inner);
    if (innerKeys.length > 0) (inner as Record<string, unknown>)[innerKeys[b % innerKeys.length]] = value;
  } else h[key] = value;
  return h as unknown as ChunkHeader;
});

/** The chunk with a few values replaced, in the book, a segment or a period column. */
const editedChunk = fc.array(fc.tuple(fc.nat(), fc.nat(), anyValue), { minLength: 1, maxLength: 4 }).map((edits) => {
  const c: ChunkResult = { ...chunk, variants: chunk.variants.map((v) => ({ book: v.book.slice(), segments: v.segments.slice(), periods: v.periods.slice() })) };
  for (const [part, at, value] of edits) {
    const v = c.variants[0];
    const array = [v.book, v.segments, v.periods][part % 3];
    array[at % array.length] = value;
  }
  return c;
});

function expectPlausibleOrOneLine(decoded: Awaited<ReturnType<typeof decodeChunkFile>>): void {
  if (!decoded.ok) {
    expect(decoded.error).not.toMatch(UNSAFE);
    expect(decoded.error.length).toBeLessThan(400);
    return;
  }
  const { header: h, chunk: c } = decoded.value;
  const M = h.pathMetrics.length;
  for (const v of c.variants) {
    for (const part of [v.book, v.segments, v.periods]) expect(part.every(Number.isFinite)).toBe(true);
    for (const rows of [v.book, v.segments]) {
      for (let r = 0; r < rows.length / M; r++) {
        for (const m of COUNTS) {
          const x = rows[r * M + PATH_METRICS.indexOf(m)];
          expect(Number.isFinite(x) && x >= 0).toBe(true);
        }
        expect(rows[r * M + PATH_METRICS.indexOf("defaults")]).toBeLessThanOrEqual(rows[r * M + PATH_METRICS.indexOf("accounts")]);
      }
    }
  }
}

describe("fuzzed chunk files, digest recomputed", () => {
  it("an edited header is read as a chunk that is plausible, or refused in one printable line", async () => {
    await fc.assert(
      fc.asyncProperty(editedHeader, async (h) => {
        let bytes: Uint8Array;
        try {
          bytes = await encodeChunkFile(h, chunk);
        } catch {
          return; // the writer refuses a header that does not describe the chunk: nothing to read
        }
        expectPlausibleOrOneLine(await decodeChunkFile(bytes));
      }),
      { numRuns: 600 },
    );
  });

  it("edited values are read as a plausible chunk or refused in one line", async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(editedChunk, async (c) => {
        const decoded = await decodeChunkFile(await encodeChunkFile(header, c));
        if (!decoded.ok) refused++;
        expectPlausibleOrOneLine(decoded);
      }),
      { numRuns: 600 },
    );
    // The edits reach the counts: some chunks are refused for them.
    expect(refused).toBeGreaterThan(0);
  });

  it("random bytes, and random bytes behind the magic, are never a chunk", async () => {
    const magic = (await encodeChunkFile(header, chunk)).subarray(0, 8);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (bytes, withMagic) => {
        const file = withMagic ? new Uint8Array([...magic, ...bytes]) : bytes;
        const decoded = await decodeChunkFile(file);
        expect(decoded.ok).toBe(false);
        if (!decoded.ok) expect(decoded.error).not.toMatch(UNSAFE);
      }),
      { numRuns: 600 },
    );
  });
});
