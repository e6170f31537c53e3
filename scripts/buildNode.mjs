#!/usr/bin/env node
/**
 * Builds the command line and the Node engine worker into dist/node: one ESM file each,
 * every dependency bundled, so an installed package needs no TypeScript and no other
 * package. Writes dist/node/build.json, the SHA-256 of each source file the bundle was
 * built from; bin/creditlab.js compares it with the sources of a checkout and refuses to
 * run a stale build. Runs on `npm install` (prepare), before the tests and the bench.
 */
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = `${root}dist/node`;

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { creditlab: "src/cli/bin.ts", worker: "workers/node.ts" },
  outdir,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
  // CommonJS packages in the bundle (seedrandom) call `require` for Node's own modules.
  banner: { js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);' },
});

const sha256 = (file) => createHash("sha256").update(readFileSync(`${root}${file}`)).digest("hex");
const sources = Object.keys(result.metafile.inputs)
  .filter((file) => !file.startsWith("node_modules/"))
  .sort()
  .map((file) => ({ file, sha256: sha256(file) }));
writeFileSync(`${outdir}/build.json`, `${JSON.stringify({ sources }, null, 1)}\n`);
