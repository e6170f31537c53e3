#!/usr/bin/env node
// Starts the built command line (dist/node, made by scripts/buildNode.mjs on `npm install`).
// In a checkout, where the sources sit beside it, a build older than the sources would
// silently run old code, so it is refused with the command that rebuilds it; an installed
// package has no sources and starts at once.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
const stampFile = new URL("dist/node/build.json", root);

function staleness() {
  if (!existsSync(new URL("src/", root))) return null;
  if (!existsSync(stampFile)) return "there is no build in dist/node";
  const { sources } = JSON.parse(readFileSync(stampFile, "utf8"));
  for (const { file, sha256 } of sources) {
    const path = new URL(file, root);
    if (!existsSync(path)) return `${file} is gone since the last build`;
    if (createHash("sha256").update(readFileSync(path)).digest("hex") !== sha256) return `${file} changed since the last build`;
  }
  return null;
}

const stale = staleness();
if (stale) {
  process.stderr.write(`creditlab: ${stale}; run \`npm run build:node\` (or \`npm install\`) first\n`);
  process.exit(1);
}
await import("../dist/node/creditlab.js");
