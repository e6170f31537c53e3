import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarizeRun, type RunMeta } from "../../src/result/summarizeRun.ts";
import { PATH_METRICS, periodColumns, type ChunkResult } from "../../src/engine/layout.ts";
import { mergeChunks } from "../../src/result/mergeChunks.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { chunkHeader, decodeChunkFile, encodeChunkFile, runMetaOf, valuesPerPath, type ChunkHeader } from "../../src/result/chunkFile.ts";
import { refuseMerge } from "../../src/result/chunkSet.ts";
import { parseScenario } from "../../src/scenario/parse.ts";

const PATHS = 40;
const TEXT = `creditlab: 1
name: Chunked book
simulation: { paths: ${PATHS}, horizonMonths: 4, seed: split }
segments:
  - { name: prime, accounts: 300, pd: 0.03, apr: 0.18 }
  - { name: thin, accounts: 200, pd: 0.12, apr: 0.3, delinquency: { roll: [0.4, 0.6], stay: [0.1, 0.1] } }
variants:
  - name: collect
    policy: { collections: { rollReduction: 0.2, costPerAccountMonth: 10 } }
tranches:
  - { name: mezzanine, attach: 0.01, detach: 0.05 }
`;

const parsed = parseScenario(TEXT, "chunked.yaml");
if (!parsed.ok) throw new Error(parsed.error[0].message);
const model = compileModel(parsed.value.variants);
const meta = (samples: boolean): RunMeta => ({
  layout: model.layout,
  variantNames: model.variantNames,
  scenarioName: parsed.value.scenario.name,
  sha256: "ab".repeat(32),
  seed: model.simulation.seed,
  paths: PATHS,
  horizonMonths: model.simulation.horizonMonths,
  periodMonths: model.simulation.periodMonths,
  engine: "test",
  samples,
  partial: false,
});
const single = (samples: boolean) => JSON.stringify(summarizeRun(meta(samples), simulatePaths(model, 0, PATHS)), null, 2);
const whole = simulatePaths(model, 0, PATHS);

/** Cut points 0 < c1 < … < PATHS: the ranges of a split. */
const splits = fc
  .uniqueArray(fc.integer({ min: 1, max: PATHS - 1 }), { maxLength: 8 })
  .map((cuts) => [0, ...cuts.sort((a, b) => a - b), PATHS]);

describe("chunk files", () => {
  it("merged chunks of any split give the single run's result file, byte for byte", async () => {
    const expected = { plain: single(false), samples: single(true) };
    await fc.assert(
      fc.asyncProperty(splits, fc.boolean(), fc.array(fc.nat(), { minLength: 9, maxLength: 9 }), async (cuts, samples, order) => {
        const files: Uint8Array[] = [];
        for (let i = 1; i < cuts.length; i++) {
          const chunk = simulatePaths(model, cuts[i - 1], cuts[i]);
          files.push(await encodeChunkFile(chunkHeader(meta(false), chunk), chunk));
        }
        // Chunks arrive in any order.
        const shuffled = files.map((f, i) => ({ f, k: order[i] })).sort((a, b) => a.k - b.k);
        const decoded = await Promise.all(shuffled.map(({ f }) => decodeChunkFile(f)));
        const read = decoded.map((d) => {
          if (!d.ok) throw new Error(d.error);
          return d.value;
        });
        expect(refuseMerge(read.map((r, i) => ({ file: `c${i}`, header: r.header })))).toEqual([]);
        const result = summarizeRun(runMetaOf(read[0].header, samples), mergeChunks(read.map((r) => r.chunk)));
        expect(JSON.stringify(result, null, 2)).toBe(samples ? expected.samples : expected.plain);
      }),
      { numRuns: 25 },
    );
  });

  it("stores every value exactly, NaN payloads and signed zeros included", async () => {
    const chunk: ChunkResult = {
      from: 3,
      to: 5,
      variants: whole.variants.map((v) => ({
        // A signed zero where no plausibility check looks (a fee income of −0).
        book: v.book.slice(3 * PATH_METRICS.length, 5 * PATH_METRICS.length).fill(-0, PATH_METRICS.indexOf("feeIncome"), PATH_METRICS.indexOf("feeIncome") + 1),
        segments: v.segments.slice(0, v.segments.length / 20),
        periods: v.periods.slice(0, v.periods.length / 20),
      })),
    };
    const decoded = await decodeChunkFile(await encodeChunkFile(chunkHeader(meta(false), chunk), chunk));
    if (!decoded.ok) throw new Error(decoded.error);
    chunk.variants.forEach((v, i) => {
      for (const part of ["book", "segments", "periods"] as const) {
        expect(new Uint8Array(decoded.value.chunk.variants[i][part].buffer, decoded.value.chunk.variants[i][part].byteOffset, v[part].byteLength)).toEqual(new Uint8Array(v[part].buffer, v[part].byteOffset, v[part].byteLength));
      }
    });
  });

  it("is a 16-byte prefix, the header, 8 bytes a value and a 32-byte digest", async () => {
    const chunk = simulatePaths(model, 0, 7);
    const header = chunkHeader(meta(false), chunk);
    const bytes = await encodeChunkFile(header, chunk);
    // S = 2 segments, T = 4 periods, W = 36 fixed (4, the 10 reporting views, the 2 loss rates on average balances, the workout's 6 flows, the cash's 14) + D1..D2 + 1 factor (economy) = 39 columns.
    const perPath = PATH_METRICS.length * 3 + 4 * 39;
    expect(valuesPerPath(header)).toBe(perPath);
    const headerBytes = new DataView(bytes.buffer).getUint32(8, true);
    expect(bytes.length).toBe(16 + headerBytes + 7 * 2 * perPath * 8 + 32);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe("CLCHUNK1");
    // The digest is SHA-256 of what precedes it, as any sha256 tool computes it.
    const { createHash } = await import("node:crypto");
    expect(Buffer.from(bytes.subarray(bytes.length - 32)).toString("hex")).toBe(createHash("sha256").update(bytes.subarray(0, bytes.length - 32)).digest("hex"));
  });

  it("carries the revolver share column of a book with revolvers through the file and the merge", async () => {
    const text = TEXT.replace("apr: 0.18 }", "apr: 0.18, revolvers: { share: 0.4, toRevolve: 0.02, toTransact: 0.05 }, purchases: 0.1, interchange: 0.01 }");
    const scenario = parseScenario(text, "revolving.yaml");
    if (!scenario.ok) throw new Error(scenario.error[0].message);
    const revolving = compileModel(scenario.value.variants);
    expect(revolving.layout.revolvers).toBe(true);
    const runMeta: RunMeta = { ...meta(false), layout: revolving.layout };
    const expected = JSON.stringify(summarizeRun(runMeta, simulatePaths(revolving, 0, PATHS)));
    const files = await Promise.all(
      [[0, 13], [13, PATHS]].map(([from, to]) => {
        const chunk = simulatePaths(revolving, from, to);
        return encodeChunkFile(chunkHeader(runMeta, chunk), chunk);
      }),
    );
    const read = (await Promise.all(files.map((f) => decodeChunkFile(f)))).map((d) => {
      if (!d.ok) throw new Error(d.error);
      return d.value;
    });
    expect(read[0].header.periodColumns.at(-1)).toBe("revolverShare");
    expect(refuseMerge(read.map((r, i) => ({ file: `r${i}`, header: r.header })))).toEqual([]);
    const merged = summarizeRun(runMetaOf(read[0].header, false), mergeChunks(read.map((r) => r.chunk)));
    expect(JSON.stringify(merged)).toBe(expected);
    expect(merged.variants[0].periods.every((p) => p.revolverShare !== undefined)).toBe(true);
    // A header whose layout says no revolvers but whose columns hold the share is refused.
    const lying = { ...read[1].header, layout: { ...read[1].header.layout, revolvers: false } };
    expect(refuseMerge([{ file: "r0", header: read[0].header }, { file: "r1", header: lying }])).toEqual([
      `r1: its period columns (${read[1].header.periodColumns.join(", ")}) are not those this creditlab derives from its layout`,
    ]);
  });

  it("any altered or cut file is refused as damaged, never misread", async () => {
    const chunk = simulatePaths(model, 10, 13);
    const good = await encodeChunkFile(chunkHeader(meta(false), chunk), chunk);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (at, xor, cut) => {
        const bad = cut ? good.slice(0, at) : good.slice();
        if (!cut) bad[at] ^= xor;
        const decoded = await decodeChunkFile(bad);
        expect(decoded.ok).toBe(false);
        if (!decoded.ok) expect(decoded.error).toMatch(/^(damaged: |not a creditlab chunk file)/);
      }),
      { numRuns: 200 },
    );
  });
});

describe("refuseMerge", () => {
  const header = (from: number, to: number, change: Partial<ChunkHeader> = {}): ChunkHeader => ({
    ...chunkHeader(meta(false), { from, to, variants: [] }),
    ...change,
  });
  const named = (...hs: ChunkHeader[]) => hs.map((header, i) => ({ file: `c${i + 1}.chunk`, header }));

  it.each([
    ["a gap in the middle", [header(0, 10), header(20, 40)], ["missing paths 10–19 of the run: no chunk file holds them"]],
    ["a gap at the start and a last path missing", [header(1, 39)], ["missing path 0 of the run: no chunk file holds it", "missing path 39 of the run: no chunk file holds it"]],
    ["an overlap", [header(0, 25), header(20, 40)], ["c2.chunk (paths 20–39) overlaps c1.chunk (paths 0–24) on paths 20–24"]],
    ["a chunk inside another", [header(0, 40), header(5, 6)], ["c2.chunk (path 5) overlaps c1.chunk (paths 0–39) on path 5"]],
    ["another seed", [header(0, 20), header(20, 40, { seed: 8 })], ["c2.chunk: seed 8 differs from c1.chunk's \"split\""]],
    ["another engine", [header(0, 20), header(20, 40, { engine: "0.2.0" })], ["c2.chunk: engine 0.2.0 differs from c1.chunk's test"]],
    ["another path count", [header(0, 20), header(20, 40, { paths: 80 })], ["c2.chunk: paths of the run 80 differs from c1.chunk's 40"]],
    [
      "another scenario",
      [header(0, 20), header(20, 40, { scenario: { name: "x", sha256: "cd".repeat(32) } })],
      ["c2.chunk: scenario sha256 cdcdcdcdcdcd differs from c1.chunk's abababababab"],
    ],
    [
      "a layout written by an engine with other path metrics",
      [header(0, 20), header(20, 40, { pathMetrics: [...PATH_METRICS, "newMetric"] })],
      [`c2.chunk: written with ${PATH_METRICS.length + 1} path metrics (engine test); this creditlab stores ${PATH_METRICS.length}: merge with the creditlab that wrote it`],
    ],
  ])("refuses %s, one line each", (_, headers, lines) => {
    expect(refuseMerge(named(...headers))).toEqual(lines);
  });

  it("accepts chunks that tile the run in any order", () => {
    expect(refuseMerge(named(header(30, 40), header(0, 1), header(1, 30)))).toEqual([]);
  });
});

describe("values no run writes", () => {
  // Forged as anyone can: edit the values, then write a fresh SHA-256 over them.
  const forged = async (edit: (chunk: ChunkResult) => void) => {
    const chunk = simulatePaths(model, 3, 6);
    edit(chunk);
    return decodeChunkFile(await encodeChunkFile(chunkHeader(meta(false), chunk), chunk));
  };
  const at = (m: string) => PATH_METRICS.indexOf(m as (typeof PATH_METRICS)[number]);

  const thinAccounts = simulatePaths(model, 3, 4).variants[1].segments[PATH_METRICS.length + at("accounts")];
  it.each([
    ["negative accounts", (c: ChunkResult) => (c.variants[0].book[at("accounts")] = -5), "implausible: variant base, path 3, book: accounts -5; allowed: a finite number ≥ 0"],
    [
      "defaults above accounts in a segment",
      (c: ChunkResult) => (c.variants[1].segments[PATH_METRICS.length + at("defaults")] = 1e6),
      `implausible: variant collect, path 3, segment thin: defaults 1000000 above accounts ${thinAccounts}`,
    ],
    ["an infinite exposure", (c: ChunkResult) => (c.variants[0].book[PATH_METRICS.length + at("exposure")] = Infinity), "implausible: variant base, path 4, book: exposure Infinity; allowed: a finite number ≥ 0"],
    ["a net loss that is not a number", (c: ChunkResult) => (c.variants[0].book[PATH_METRICS.length + at("netLoss")] = NaN), "implausible: variant base, path 4, book: netLoss NaN; allowed: a finite number"],
    ["an infinite balance in the second period", (c: ChunkResult) => (c.variants[1].periods[(1 * model.layout.periods + 1) * periodColumns(model.layout).length + periodColumns(model.layout).indexOf("balance")] = -Infinity), "implausible: variant collect, path 4, period 2: balance -Infinity; allowed: a finite number"],
  ])("%s is refused even under a recomputed digest", async (_, edit, message) => {
    expect(await forged(edit)).toEqual({ ok: false, error: message });
  });

  it("a chunk as the engine writes it is plausible", async () => {
    expect((await forged(() => {})).ok).toBe(true);
  });
});
