import { readFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { CSP_HEADER, CSP_META } from "./src/ui/csp.ts";

/** Puts the Content-Security-Policy into index.html as a <meta> tag. */
const cspMeta: Plugin = {
  name: "creditlab-csp-meta",
  transformIndexHtml: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP_META }, injectTo: "head-prepend" }],
};

/**
 * The notebooks link the model reference as ../docs/model.md (right on GitHub too); the
 * built page carries it at docs/model.md beside index.html, as the dev server does.
 */
const modelReference: Plugin = {
  name: "creditlab-model-reference",
  apply: "build",
  generateBundle() {
    this.emitFile({ type: "asset", fileName: "docs/model.md", source: readFileSync("docs/model.md", "utf8") });
  },
};

export default defineConfig({
  base: "./",
  plugins: [svelte(), cspMeta, modelReference],
  worker: { format: "es" },
  // The page; dist/node holds the command line's build (scripts/buildNode.mjs).
  build: { outDir: "dist/web" },
  preview: { headers: { "Content-Security-Policy": CSP_HEADER } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/buildNode.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A poll waits for the page to get there, however busy the machine: the test's own
    // timeout is the only limit (the default, one second, fails on a loaded machine).
    expect: { poll: { timeout: 60_000, interval: 50 } },
  },
});
