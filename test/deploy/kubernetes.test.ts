/**
 * deploy/kubernetes, checked without a cluster: the manifests parse, the shards Job is an
 * Indexed Job whose completion index k runs `--shard k+1/N`, and the shards tile the run.
 * The containers' own shell commands are run here, once per completion index, with the
 * manifests' environment and the volumes' mount paths pointed at a temporary folder; the
 * merge Job's command then merges their chunks into the single run's result file, byte
 * for byte. The Dockerfile is checked, not built (no container engine here).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { BIN, cli } from "../cli/runCli.ts";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const DEPLOY = join(ROOT, "deploy/kubernetes");

interface Container {
  command: string[];
  args: string[];
  env: { name: string; value: string }[];
  volumeMounts: { name: string; mountPath: string }[];
}
interface Job {
  kind: string;
  metadata: { name: string };
  spec: {
    completionMode?: string;
    completions: number;
    parallelism?: number;
    template: { spec: { containers: Container[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[] } };
  };
}

async function manifest<T>(file: string): Promise<T> {
  const docs = parseAllDocuments(await readFile(join(DEPLOY, file), "utf8"));
  if (!Array.isArray(docs) || docs.length !== 1) throw new Error(`${file}: one YAML document expected`);
  expect(docs[0].errors).toEqual([]);
  return docs[0].toJS() as T;
}

const SCENARIO = `creditlab: 1
name: Indexed Job book
simulation: { paths: 29, horizonMonths: 4, seed: 11 }
segments:
  - { name: cards, accounts: 400, pd: 0.04, apr: 0.2 }
`;

let dir: string;
let shards: Job;
let merge: Job;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-k8s-"));
  shards = await manifest<Job>("shards.yaml");
  merge = await manifest<Job>("merge.yaml");
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The container's environment, with every volume's mount path moved under `dir`. */
function podEnv(container: Container, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, CREDITLAB: `${process.execPath} ${BIN}`, ...extra };
  for (const { name, value } of container.env) {
    const mount = container.volumeMounts.find((m) => value === m.mountPath || value.startsWith(m.mountPath + "/"));
    env[name] = mount ? join(dir, mount.name, value.slice(mount.mountPath.length)) : value;
  }
  return env;
}

describe("deploy/kubernetes", () => {
  it("the shards Job is Indexed, with as many completions as shards, writing to the volume the merge reads", () => {
    expect(shards.kind).toBe("Job");
    expect(shards.spec.completionMode).toBe("Indexed");
    const [shard] = shards.spec.template.spec.containers;
    const value = (c: Container, name: string) => c.env.find((e) => e.name === name)?.value;
    expect(Number(value(shard, "SHARDS"))).toBe(shards.spec.completions);
    expect(shards.spec.parallelism).toBeLessThanOrEqual(shards.spec.completions);
    const [merger] = merge.spec.template.spec.containers;
    expect(value(merger, "SHARDS")).toBe(value(shard, "SHARDS"));
    const claim = (job: Job, container: Container, env: string) => {
      const mount = container.volumeMounts.find((m) => value(container, env)!.startsWith(m.mountPath));
      return job.spec.template.spec.volumes.find((v) => v.name === mount?.name)?.persistentVolumeClaim?.claimName;
    };
    expect(claim(shards, shard, "CHUNKS")).toBe("creditlab-run");
    expect(claim(merge, merger, "CHUNKS")).toBe("creditlab-run");
  });

  it("completion index k runs shard k+1, the shards tile the paths, and their merge is the single run's result", async () => {
    const [shard] = shards.spec.template.spec.containers;
    const [merger] = merge.spec.template.spec.containers;
    const N = shards.spec.completions;
    await mkdir(join(dir, "scenario"));
    await mkdir(join(dir, "run"));
    await writeFile(join(dir, "scenario", "scenario.yaml"), SCENARIO);
    const ranges: string[] = [];
    for (let k = 0; k < N; k++) {
      const env = podEnv(shard, { JOB_COMPLETION_INDEX: String(k) });
      const { stdout } = await run(shard.command[0], [...shard.command.slice(1), ...shard.args], { env });
      expect(stdout).toContain(`shard-${k + 1}-of-${N}.chunk: `);
      ranges.push(stdout.match(/: (paths? [\d–]+) of 29/)![1]);
    }
    // ⌊k·29/4⌋: 0, 7, 14, 21, 29.
    expect(ranges).toEqual(["paths 0–6", "paths 7–13", "paths 14–20", "paths 21–28"]);
    await run(merger.command[0], [...merger.command.slice(1), ...merger.args], { env: podEnv(merger, {}) });
    const single = await cli(["run", join(dir, "scenario", "scenario.yaml"), "--out", join(dir, "single.json")]);
    expect(single.code).toBe(0);
    expect((await readFile(join(dir, "run", "result.json"))).equals(await readFile(join(dir, "single.json")))).toBe(true);
  });

  it("the Dockerfile copies files that exist and puts creditlab on PATH", async () => {
    const lines = (await readFile(join(DEPLOY, "Dockerfile"), "utf8")).split("\n").filter((l) => l && !l.startsWith("#"));
    expect(lines[0]).toMatch(/^FROM node:(\d+)/);
    expect(Number(lines[0].match(/node:(\d+)/)![1])).toBeGreaterThanOrEqual(20);
    const copied = lines.filter((l) => l.startsWith("COPY ")).flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(copied.sort()).toEqual(["bin", "package-lock.json", "package.json", "src", "workers"]);
    for (const path of copied) expect(existsSync(join(ROOT, path)), path).toBe(true);
    expect(lines.some((l) => /ln -s \S+\/bin\/creditlab\.js \/usr\/local\/bin\/creditlab/.test(l))).toBe(true);
  });
});
