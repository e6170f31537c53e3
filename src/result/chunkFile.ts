/**
 * The chunk file of INTERFACE.md: the raw per-path values of a range of a run's paths, as
 * `creditlab run --shard I/N --chunk-out FILE` writes them and `creditlab merge` reads
 * them. The bytes, all little-endian:
 *
 *   0   8 bytes   "CLCHUNK1" (ASCII): a chunk file, layout version 1
 *   8   uint32    H, bytes of the header
 *   12  uint32    0
 *   16  H bytes   header: UTF-8 JSON (ChunkHeader), padded with spaces so the values start
 *                 at a multiple of 8
 *   …   float64s  for each variant in order: book[(to − from)·M], segments[(to − from)·S·M],
 *                 periods[(to − from)·T·W], as the engine returns them (src/engine/layout.ts),
 *                 M = pathMetrics.length, S segments, T periods, W = periodColumns.length
 *   end 32 bytes  SHA-256 of every byte before it
 *
 * The header records the layout the values were written with, so a reader refuses a file
 * whose layout it does not share rather than misread it. Values are stored exactly: a
 * merge summarizes the same numbers a single run does.
 */
import { z } from "zod";
import { PATH_METRICS, periodColumns, periodWidth, type ChunkResult } from "../engine/layout.ts";
import type { RunMeta } from "./summarizeRun.ts";
import { err, ok, type Result } from "../util/result.ts";
import { hasUnprintable } from "../util/printable.ts";

export const CHUNK_MAGIC = "CLCHUNK1";
const PREFIX_BYTES = 16;
const DIGEST_BYTES = 32;

/**
 * A name a chunk carries into a summary: a scenario never gives one with a control or
 * format character, or longer than its own bounds, so such a name is damage (or a forgery)
 * and never reaches a terminal (util/printable.ts).
 */
const label = z
  .string()
  .max(1000)
  .refine((s) => !hasUnprintable(s), { message: "a name with a control or format character" });

const layoutSchema = z.strictObject({
  segments: z.array(label),
  periods: z.int().nonnegative(),
  periodMonths: z.int().positive(),
  buckets: z.int().nonnegative(),
  factors: z.array(label),
  variables: z.array(label),
  tranches: z.array(z.strictObject({ name: label, attach: z.number(), detach: z.number() })),
  // Absent in files written before transactors and revolvers: none then.
  revolvers: z.boolean().default(false),
  // Present (true) only when the scenario has provisioning: the allowance's period columns.
  provisioning: z.boolean().optional(),
  // Present only when the scenario has a securitization: its notes' period columns.
  deal: z.strictObject({ notes: z.array(label) }).optional(),
});

const pathValues = z.array(z.number().nullable());
const auxiliaryValues = z.strictObject({ netLoss: pathValues, defaultRate: pathValues });

const headerSchema = z
  .strictObject({
    engine: label,
    scenario: z.strictObject({ name: label, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    seed: z.union([label, z.number()]),
    /** Paths of the whole run. */
    paths: z.int().positive(),
    /** The paths of this file: [from, to). */
    from: z.int().nonnegative(),
    to: z.int().positive(),
    horizonMonths: z.int().positive(),
    periodMonths: z.int().positive(),
    variants: z.array(label).min(1),
    layout: layoutSchema,
    /** The per-path metrics in the order stored (PATH_METRICS of the writer). */
    pathMetrics: z.array(z.string()).min(1),
    /** The per-period columns in the order stored (periodColumns of the writer). */
    periodColumns: z.array(z.string()),
    /** Present when the last 32 bytes are an HMAC-SHA256 under a shared key (`--key-file`), not a plain SHA-256. */
    mac: z.literal("hmac-sha256").optional(),
    /**
     * Present when the scenario has parameter uncertainty: the book's per-path values of the
     * split's metrics (src/run/uncertainty.ts) in the shard's two auxiliary runs, parameters
     * at their point values (`point`) and also the economy at its mean path (`still`), so
     * that a merge splits the variance as the whole run does. null: a path without a value.
     */
    uncertainty: z.strictObject({ point: auxiliaryValues, still: auxiliaryValues }).optional(),
  })
  .refine((h) => h.from < h.to && h.to <= h.paths, { message: "from < to ≤ paths" })
  .refine((h) => !h.uncertainty || [h.uncertainty.point, h.uncertainty.still].every((r) => Object.values(r).every((x) => x.length === h.to - h.from)), {
    message: "the auxiliary runs' values are one a path",
  });

/** What a chunk file says about its values. */
export type ChunkHeader = z.infer<typeof headerSchema>;

/** The header of `chunk`, a range of the paths of the run `meta` describes, in this build's layout. */
export function chunkHeader(meta: RunMeta, chunk: ChunkResult, uncertainty?: ChunkHeader["uncertainty"]): ChunkHeader {
  return {
    engine: meta.engine,
    scenario: { name: meta.scenarioName, sha256: meta.sha256 },
    seed: meta.seed,
    paths: meta.paths,
    from: chunk.from,
    to: chunk.to,
    horizonMonths: meta.horizonMonths,
    periodMonths: meta.periodMonths,
    variants: [...meta.variantNames],
    layout: meta.layout,
    pathMetrics: [...PATH_METRICS],
    periodColumns: periodColumns(meta.layout),
    ...(uncertainty ? { uncertainty } : {}),
  };
}

/** What summarizeRun needs to write the whole run's result from merged chunks with this header. */
export function runMetaOf(header: ChunkHeader, samples: boolean): RunMeta {
  return {
    layout: header.layout,
    variantNames: header.variants,
    scenarioName: header.scenario.name,
    sha256: header.scenario.sha256,
    seed: header.seed,
    paths: header.paths,
    horizonMonths: header.horizonMonths,
    periodMonths: header.periodMonths,
    engine: header.engine,
    samples,
    partial: false,
  };
}

/** Float64 values per path and variant: M·(1 + S) + T·W. */
export function valuesPerPath(header: Pick<ChunkHeader, "layout" | "pathMetrics" | "periodColumns">): number {
  const { layout, pathMetrics, periodColumns: columns } = header;
  return pathMetrics.length * (1 + layout.segments.length) + layout.periods * columns.length;
}

const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

/** HMAC-SHA256 (RFC 2104) of `bytes` under `key`: only a holder of the key can make it. */
async function hmac(key: Uint8Array, bytes: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey("raw", key as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, bytes as Uint8Array<ArrayBuffer>));
}

const SIGNED = "carries a keyed MAC (hmac-sha256); allowed: merge it with --key-file, the key it was written with";

/** Whether the header (unverified) says the file is signed. */
function saysSigned(bytes: Uint8Array): boolean {
  try {
    const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + length)));
    return header?.mac === "hmac-sha256";
  } catch {
    return false;
  }
}

/** Shortest key `--key-file` takes: 16 bytes (128 bits). */
export const MIN_KEY_BYTES = 16;

/** Equal bytes, compared in time that does not depend on where they differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/**
 * The bytes of a chunk file holding `chunk` under `header` (see chunkHeader). With `key`
 * the last 32 bytes are an HMAC-SHA256 under it (and the header says so): a chunk that
 * crosses a trust boundary cannot be edited by anyone without the key.
 */
export async function encodeChunkFile(header: ChunkHeader, chunk: ChunkResult, key?: Uint8Array): Promise<Uint8Array> {
  if (key) header = { ...header, mac: "hmac-sha256" };
  if (!littleEndian) throw new Error("encodeChunkFile: chunk files are little-endian; this machine is not");
  const n = chunk.to - chunk.from;
  const per = valuesPerPath(header);
  if (chunk.variants.length !== header.variants.length || header.from !== chunk.from || header.to !== chunk.to) {
    throw new Error("encodeChunkFile: the header does not describe the chunk");
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((PREFIX_BYTES + json.length) / 8) * 8 - PREFIX_BYTES;
  const values = n * per * chunk.variants.length;
  const bytes = new Uint8Array(PREFIX_BYTES + padded + values * 8 + DIGEST_BYTES);
  bytes.set(new TextEncoder().encode(CHUNK_MAGIC), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, padded, true);
  bytes.fill(0x20, PREFIX_BYTES + json.length, PREFIX_BYTES + padded);
  bytes.set(json, PREFIX_BYTES);
  const data = new Float64Array(bytes.buffer, PREFIX_BYTES + padded, values);
  let at = 0;
  for (const v of chunk.variants) {
    for (const part of [v.book, v.segments, v.periods]) {
      data.set(part, at);
      at += part.length;
    }
  }
  if (at !== values) throw new Error("encodeChunkFile: the chunk's arrays do not match its layout");
  const body = bytes.subarray(0, bytes.length - DIGEST_BYTES);
  bytes.set(key ? await hmac(key, body) : await sha256(body), bytes.length - DIGEST_BYTES);
  return bytes;
}

/**
 * A chunk file's header and values, or one line saying why the bytes are not a whole
 * chunk file (another kind of file, cut short, altered).
 */
export async function decodeChunkFile(bytes: Uint8Array, key?: Uint8Array): Promise<Result<{ header: ChunkHeader; chunk: ChunkResult }, string>> {
  if (!littleEndian) throw new Error("decodeChunkFile: chunk files are little-endian; this machine is not");
  if (bytes.length < PREFIX_BYTES || new TextDecoder().decode(bytes.subarray(0, 8)) !== CHUNK_MAGIC) {
    return err(`not a creditlab chunk file (it does not start with ${CHUNK_MAGIC})`);
  }
  if (bytes.length < PREFIX_BYTES + DIGEST_BYTES) return err(`damaged: ${bytes.length} bytes, too short for a chunk file`);
  const body = bytes.subarray(0, bytes.length - DIGEST_BYTES);
  const stored = bytes.subarray(bytes.length - DIGEST_BYTES);
  // With a key, only a chunk made with it is taken: a plain digest anyone can recompute.
  if (key) {
    if (!sameBytes(await hmac(key, body), stored)) return err("not made with this key: its HMAC-SHA256 does not match (altered, or written without --key-file or with another key)");
  } else if (!sameBytes(await sha256(body), stored)) {
    // A signed chunk's last bytes are no SHA-256: say what it needs, not that it is damaged.
    return err(saysSigned(bytes) ? SIGNED : "damaged: its SHA-256 does not match its contents (cut short or altered)");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = view.getUint32(8, true);
  if (headerBytes % 8 !== 0 || PREFIX_BYTES + headerBytes > bytes.length - DIGEST_BYTES) return err("damaged: its header length is out of range");
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes)));
  } catch {
    return err("damaged: its header is not JSON");
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err(`damaged: header ${issue.path.join(".") || "(top)"}: ${issue.message}`);
  }
  const header = parsed.data;
  if (header.mac && !key) return err(SIGNED);
  const n = header.to - header.from;
  const per = valuesPerPath(header);
  const dataBytes = bytes.length - DIGEST_BYTES - PREFIX_BYTES - headerBytes;
  if (dataBytes !== n * per * header.variants.length * 8) {
    return err(`damaged: ${dataBytes} bytes of values, ${n * per * header.variants.length * 8} expected for paths ${header.from}–${header.to - 1}`);
  }
  // A copy, aligned whatever the offset of `bytes` in its buffer.
  const start = bytes.byteOffset + PREFIX_BYTES + headerBytes;
  const data = new Float64Array(bytes.buffer.slice(start, start + dataBytes));
  const S = header.layout.segments.length;
  const M = header.pathMetrics.length;
  const sizes = [n * M, n * S * M, n * header.layout.periods * header.periodColumns.length];
  let at = 0;
  const take = (size: number) => data.subarray(at, (at += size));
  const variants = header.variants.map(() => ({ book: take(sizes[0]), segments: take(sizes[1]), periods: take(sizes[2]) }));
  const chunk = { from: header.from, to: header.to, variants };
  const implausible = implausibleValue(header, chunk);
  return implausible ? err(`implausible: ${implausible}`) : ok({ header, chunk });
}

/** Counts of a path and block that no run can write: negative, not finite, or defaults above accounts. */
const COUNTS = ["accounts", "defaults", "exposure", "applicants", "booked"] as const;

/**
 * The first value of a chunk that no run writes, in words; null when all are plausible.
 * The SHA-256 only finds accidental damage (anyone can recompute it over edited values);
 * these checks catch an edit that breaks what every path must satisfy. A chunk that must
 * not be forged at all crosses trust boundaries with a keyed MAC, not a digest.
 */
export function implausibleValue(header: ChunkHeader, chunk: ChunkResult): string | null {
  const M = header.pathMetrics.length;
  const S = header.layout.segments.length;
  const index = Object.fromEntries(COUNTS.map((m) => [m, header.pathMetrics.indexOf(m)])) as Record<(typeof COUNTS)[number], number>;
  const n = chunk.to - chunk.from;
  for (const [v, values] of chunk.variants.entries()) {
    for (let j = 0; j < n; j++) {
      for (let b = 0; b <= S; b++) {
        // b = 0: the book; b ≥ 1: segment b − 1.
        const row = b === 0 ? values.book.subarray(j * M, (j + 1) * M) : values.segments.subarray((j * S + b - 1) * M, (j * S + b) * M);
        const where = () => `variant ${header.variants[v]}, path ${chunk.from + j}, ${b === 0 ? "book" : `segment ${header.layout.segments[b - 1]}`}`;
        for (const m of COUNTS) {
          const x = index[m] < 0 ? 0 : row[index[m]];
          if (!Number.isFinite(x) || x < 0) return `${where()}: ${m} ${x}; allowed: a finite number ≥ 0`;
        }
        if (index.defaults >= 0 && index.accounts >= 0 && row[index.defaults] > row[index.accounts]) {
          return `${where()}: defaults ${row[index.defaults]} above accounts ${row[index.accounts]}`;
        }
      }
    }
    // Every value a run writes is finite: a NaN or an infinity would reach the result's figures.
    const W = header.periodColumns.length;
    const P = header.layout.periods;
    const parts = [
      { values: values.book, where: (k: number) => `path ${chunk.from + Math.floor(k / M)}, book: ${header.pathMetrics[k % M]}` },
      { values: values.segments, where: (k: number) => `path ${chunk.from + Math.floor(k / (S * M))}, segment ${header.layout.segments[Math.floor(k / M) % S]}: ${header.pathMetrics[k % M]}` },
      { values: values.periods, where: (k: number) => `path ${chunk.from + Math.floor(k / (P * W))}, period ${(Math.floor(k / W) % P) + 1}: ${header.periodColumns[k % W]}` },
    ];
    for (const part of parts) {
      const k = part.values.findIndex((x) => !Number.isFinite(x));
      if (k >= 0) return `variant ${header.variants[v]}, ${part.where(k)} ${part.values[k]}; allowed: a finite number`;
    }
  }
  return null;
}

/** One line when this build cannot read values written with `header`'s layout, else null. */
export function layoutMismatch(header: ChunkHeader): string | null {
  const metrics = header.pathMetrics.join(",");
  if (metrics !== PATH_METRICS.join(",")) {
    return `written with ${header.pathMetrics.length} path metrics (engine ${header.engine}); this creditlab stores ${PATH_METRICS.length}: merge with the creditlab that wrote it`;
  }
  const columns = periodColumns(header.layout);
  if (columns.join(",") !== header.periodColumns.join(",") || periodWidth(header.layout) !== header.periodColumns.length) {
    return `its period columns (${header.periodColumns.join(", ")}) are not those this creditlab derives from its layout`;
  }
  return null;
}
