/**
 * The import rules of src/ and workers/ (README, Architecture), checked by `npm run deps`,
 * which `npm test` runs first: no cycles, and no import from a ring above. A folder imports
 * from its own ring and the rings below it; the page and the command line do not import
 * each other; nothing in src/ imports workers/, and workers/ import neither the page nor
 * the command line. Every kind of import counts, type-only ones included
 * (`tsPreCompilationDeps`), except in .svelte files, which are read as the Svelte compiler
 * writes them, without their types; so components live in src/ui only, at the top, where a
 * type-only import can break no ring. test/architecture.test.ts holds the README's rings
 * and these rules together.
 */

/** The rings, lowest first; each entry is a folder of src/ (or src/main.ts). */
const RINGS = [
  ["util", "format", "stats", "math"],
  ["scenario", "data", "notebook"],
  ["engine"],
  ["result", "fit"],
  ["run"],
  ["cli", "ui", "main.ts"],
];

const folders = (names) => `^src/(${names.join("|").replace(/\./g, "\\.")})($|/)`;

const ringRules = RINGS.slice(0, -1).map((ring, i) => ({
  name: `ring-${i}-${ring.join("-")}`,
  comment: `src/{${ring.join(",")}} import only from their own ring and below: ${RINGS.slice(0, i + 1).flat().join(", ")}`,
  severity: "error",
  from: { path: folders(ring) },
  to: { path: "^(src|workers)/", pathNot: folders(RINGS.slice(0, i + 1).flat()) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A module must not reach itself through its imports.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...ringRules,
    {
      name: "cli-not-ui",
      comment: "The command line and the page are siblings: neither imports the other.",
      severity: "error",
      from: { path: folders(["cli"]) },
      to: { path: folders(["ui", "main.ts"]) },
    },
    {
      name: "ui-not-cli",
      comment: "The command line and the page are siblings: neither imports the other.",
      severity: "error",
      from: { path: folders(["ui", "main.ts"]) },
      to: { path: folders(["cli"]) },
    },
    {
      name: "src-not-workers",
      comment: "Workers are glue over src/: a worker's API is declared in src/, and src/ starts a worker by its URL, never imports it.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^workers/" },
    },
    {
      name: "workers-not-ui-or-cli",
      comment: "A worker runs the core (run, engine, data, fit, …), never the page or the command line.",
      severity: "error",
      from: { path: "^workers/" },
      to: { path: folders(["ui", "cli", "main.ts"]) },
    },
    {
      name: "in-a-ring",
      comment: "Every folder of src/ has its place in RINGS (and in the README's Architecture).",
      severity: "error",
      from: { path: "^(src|workers)/" },
      to: { path: "^src/", pathNot: folders(RINGS.flat()) },
    },
    {
      name: "from-a-ring",
      comment: "Every folder of src/ has its place in RINGS (and in the README's Architecture).",
      severity: "error",
      from: { path: "^src/", pathNot: folders(RINGS.flat()) },
      to: { path: "^(src|workers)/" },
    },
    {
      name: "components-in-ui",
      comment: "Svelte components live in src/ui: the check cannot see their type-only imports.",
      severity: "error",
      from: { path: "\\.svelte$", pathNot: "^src/ui/" },
      to: {},
    },
    {
      name: "no-unresolvable",
      comment: "An import the checker cannot follow would hide its edges.",
      severity: "error",
      from: { path: "^(src|workers)/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    // Packages are resolved through their `exports`, as Vite and Node resolve them.
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
