import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { defineConfig, type Plugin } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { CSP_HEADER, CSP_META } from "./src/ui/csp.ts";
import { MODEL_CSS, modelReferenceHtml } from "./scripts/modelReference.ts";

/** Puts the Content-Security-Policy into index.html as a <meta> tag. */
const cspMeta: Plugin = {
  name: "creditlab-csp-meta",
  transformIndexHtml: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP_META }, injectTo: "head-prepend" }],
};

/**
 * The notebooks link the model reference as ../docs/model.md (right on GitHub too); the
 * page carries it rendered at docs/model.html (scripts/modelReference.ts), and as it is.
 */
const modelReference: Plugin = {
  name: "creditlab-model-reference",
  generateBundle() {
    const markdown = readFileSync("docs/model.md", "utf8");
    this.emitFile({ type: "asset", fileName: "docs/model.md", source: markdown });
    this.emitFile({ type: "asset", fileName: "docs/model.html", source: modelReferenceHtml(markdown) });
    this.emitFile({ type: "asset", fileName: "docs/model.css", source: MODEL_CSS });
  },
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      const path = req.url?.split(/[?#]/)[0];
      if (!path?.endsWith("/docs/model.html") && !path?.endsWith("/docs/model.css")) return next();
      const css = path.endsWith(".css");
      res.setHeader("Content-Type", css ? "text/css" : "text/html; charset=utf-8");
      res.end(css ? MODEL_CSS : modelReferenceHtml(readFileSync("docs/model.md", "utf8")));
    });
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
    // Two test files at a time even on two cores (the default, cores − 1, runs them one by
    // one there): the suite's wall time on two cores went from 505 s to 314 s. No test waits
    // on a wall-clock limit, so sharing the cores slows a test without failing it.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // No wall-clock limit on a test or a hook: on a busy machine the property test of
    // generated scenarios took 212 s where it takes 13 s on a quiet one, and failed a
    // 120 s limit without anything being wrong. A test that hangs is caught by CI's own limit.
    testTimeout: 0,
    hookTimeout: 0,
    // A poll waits for the page to get there, however busy the machine: the test's own
    // timeout is the only limit (the default, one second, fails on a loaded machine).
    expect: { poll: { timeout: 60_000, interval: 50 } },
  },
});
