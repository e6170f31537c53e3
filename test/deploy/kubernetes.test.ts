/**
 * deploy/kubernetes, checked without a cluster (there is none here). The manifests are
 * rendered as `kubectl apply -k deploy/kubernetes` renders them (the kustomization's
 * resources and replacements, applied by this test; compared with `kubectl kustomize`
 * when kubectl is installed), and checked for what a "restricted" namespace and a failed
 * shard need. The containers' own shell commands are then run here, once per completion
 * index, with the manifests' environment and the volumes' mount paths pointed at a
 * temporary folder, the ConfigMap's keys written as deploy/kubernetes/README.md's
 * `kubectl create configmap` makes them; the merge Job's command merges their chunks into
 * the single run's result file, byte for byte, or names the paths a missing chunk held.
 * deploy/kubernetes/wait.sh runs against a stand-in for `kubectl get job` that answers
 * from a Job's status written here, evaluated by kubectl's own jsonpath when installed.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { BIN, cli } from "../cli/runCli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const DEPLOY = join(ROOT, "deploy/kubernetes");
const README = readFileSync(join(DEPLOY, "README.md"), "utf8");

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function run(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { ...options, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const KUBECTL = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].find((p) => existsSync(p)) ?? null;
if (!KUBECTL) console.log("deploy/kubernetes test: no kubectl here, so kustomize's own rendering and jsonpath are not compared");
/** kubectl with no cluster configured: only its offline parts (kustomize, --dry-run=client, --local). */
const kubectl = (args: string[], cwd = ROOT) => run(KUBECTL!, args, { cwd, env: { PATH: process.env.PATH, HOME: dir } });

function yamlDocs(text: string, file: string): Obj[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new Error(`${file}: not YAML`);
  for (const d of docs) expect(d.errors, file).toEqual([]);
  return docs.map((d) => d.toJS() as Obj);
}
const manifest = (file: string): Obj => {
  const docs = yamlDocs(readFileSync(join(DEPLOY, file), "utf8"), file);
  expect(docs.length, file).toBe(1);
  return docs[0];
};

/** A kustomize field path, `a.b.[name=x].c`, walked to its parent and last key. */
function walk(obj: Obj, path: string): [Obj, string] {
  const keys = path.split(".");
  let node = obj;
  for (const key of keys.slice(0, -1)) {
    const m = key.match(/^\[(\w+)=(.*)\]$/);
    node = m ? (node as Obj[]).find((item) => String(item[m[1]]) === m[2])! : node[key];
    if (node === undefined) throw new Error(`${path}: no ${key}`);
  }
  return [node, keys.at(-1)!];
}

/** What `kubectl kustomize` renders for this kustomization: resources, then replacements. */
function render(kustomization: Obj, resources: Map<string, Obj>): Obj[] {
  const objects = (kustomization.resources as string[]).map((file) => structuredClone(resources.get(file)!));
  for (const key of Object.keys(kustomization)) {
    expect(["apiVersion", "kind", "resources", "replacements"], `kustomization key ${key} is not rendered by this test`).toContain(key);
  }
  const find = (sel: Obj) => objects.filter((o) => o.kind === sel.kind && (!sel.name || o.metadata.name === sel.name));
  for (const { source, targets } of kustomization.replacements ?? []) {
    const [parent, key] = walk(find(source)[0], source.fieldPath);
    const value = parent[key];
    for (const target of targets) {
      for (const object of find(target.select)) {
        for (const path of target.fieldPaths) {
          const [p, k] = walk(object, path);
          // kustomize keeps the target's type: a number copied into an env value stays a string.
          p[k] = typeof p[k] === "string" ? String(value) : value;
        }
      }
    }
  }
  return objects;
}

const SHARDS_FILE = "shards.yaml";
let dir: string;
let kustomization: Obj;
let files: Map<string, Obj>;
let rendered: Obj[];
let merge: Obj;
let fetch: Obj;
const byKind = (objects: Obj[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "creditlab-k8s-"));
  kustomization = manifest("kustomization.yaml");
  files = new Map((kustomization.resources as string[]).map((f) => [f, manifest(f)]));
  rendered = render(kustomization, files);
  merge = manifest("merge.yaml");
  fetch = manifest("fetch.yaml");
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every pod spec: the Jobs' templates and bare pods. */
function pods(): [string, Obj][] {
  return [...rendered, merge, fetch].filter((o) => o.kind === "Job" || o.kind === "Pod").map((o) => [`${o.kind}/${o.metadata.name}`, o.kind === "Pod" ? o.spec : o.spec.template.spec]);
}

/** The container's environment, with every volume's mount path moved under `root`. */
function podEnv(container: Obj, root: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, CREDITLAB: `${process.execPath} ${BIN}`, ...extra };
  for (const { name, value, valueFrom } of container.env as Obj[]) {
    if (valueFrom) {
      // The downward API's resourceFieldRef: the resource rounded up to whole divisors.
      const { resource, divisor } = valueFrom.resourceFieldRef;
      const [kind, res] = resource.split(".");
      env[name] = String(Math.ceil(Number(container.resources[kind][res]) / Number(divisor ?? 1)));
      continue;
    }
    const mount = (container.volumeMounts as Obj[]).find((m) => value === m.mountPath || value.startsWith(m.mountPath + "/"));
    env[name] = mount ? join(root, mount.name, value.slice(mount.mountPath.length)) : value;
  }
  return env;
}
const shellOf = (c: Obj): [string, string[]] => [c.command[0], [...c.command.slice(1), ...c.args]];

/** The keys `kubectl create configmap NAME --from-file=...` gives: KEY=FILE, or the file's name. */
function configMapCommand(): { words: string[]; data: Map<string, string> } {
  const block = README.match(/kubectl create configmap creditlab-scenario[^`]*?(?=\n```)/)![0];
  const words = block.replace(/\\\n/g, " ").split(/\s+/).filter(Boolean);
  const data = new Map<string, string>();
  for (const w of words.filter((w) => w.startsWith("--from-file="))) {
    const spec = w.slice("--from-file=".length);
    const [key, file] = spec.includes("=") ? spec.split("=") : [basename(spec), spec];
    data.set(key, readFileSync(join(ROOT, file), "utf8"));
  }
  return { words, data };
}

/** Runs every completion index of `job`, then the merge Job; the folder for its volumes. */
async function runJob(job: Obj, name: string, runArgs: string) {
  const root = join(dir, name);
  await mkdir(join(root, "scenario"), { recursive: true });
  await mkdir(join(root, "run"));
  for (const [key, text] of configMapCommand().data) await writeFile(join(root, "scenario", key), text);
  const [shard] = job.spec.template.spec.containers;
  // All at once, as the Job's pods run when parallelism is completions.
  const outs = await Promise.all(
    Array.from({ length: job.spec.completions }, (_, k) => {
      const env = podEnv(shard, root, { JOB_COMPLETION_INDEX: String(k) });
      env.RUN_ARGS = runArgs;
      return run(...shellOf(shard), { env });
    }),
  );
  return { root, outs };
}
const mergeIn = (root: string) => run(...shellOf(merge.spec.template.spec.containers[0]), { env: podEnv(merge.spec.template.spec.containers[0], root, {}) });

/** --shard I/N's paths, as the README states them: ⌊(I−1)·P/N⌋ to ⌊I·P/N⌋−1. */
const range = (i: number, n: number, p: number) => `${Math.floor(((i - 1) * p) / n)}–${Math.floor((i * p) / n) - 1}`;

describe("deploy/kubernetes manifests", () => {
  it.skipIf(!KUBECTL)("render as kubectl kustomize renders them", async () => {
    const out = await kubectl(["kustomize", DEPLOY]);
    expect(out.code, out.stderr).toBe(0);
    expect(yamlDocs(out.stdout, "kubectl kustomize")).toEqual(rendered);
  });

  it("every pod and container meets the restricted Pod Security Standard, as the image's user, with a writable /tmp", () => {
    const uid = Number(readFileSync(join(DEPLOY, "Dockerfile"), "utf8").match(/^USER (\d+)/m)![1]);
    for (const [what, spec] of pods()) {
      const pod = spec.securityContext;
      expect(pod.runAsNonRoot, what).toBe(true);
      expect(pod.runAsUser, what).toBe(uid);
      expect(pod.seccompProfile, what).toEqual({ type: "RuntimeDefault" });
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        const sc = c.securityContext;
        expect(sc.allowPrivilegeEscalation, `${what} ${c.name}`).toBe(false);
        expect(sc.capabilities, `${what} ${c.name}`).toEqual({ drop: ["ALL"] });
        expect(sc.readOnlyRootFilesystem, `${what} ${c.name}`).toBe(true);
        expect(sc.privileged ?? false).toBe(false);
        const writable = (c.volumeMounts as Obj[]).filter((m) => !m.readOnly).map((m) => spec.volumes.find((v: Obj) => v.name === m.name));
        for (const v of writable) expect(v.emptyDir ?? v.persistentVolumeClaim, `${what}: ${v.name}`).toBeDefined();
        if (c.name !== "fetch") {
          const tmp = (c.volumeMounts as Obj[]).find((m) => m.mountPath === "/tmp");
          expect(spec.volumes.find((v: Obj) => v.name === tmp?.name)?.emptyDir, `${what}: /tmp`).toBeDefined();
        }
      }
      expect(spec.volumes.some((v: Obj) => v.hostPath), what).toBe(false);
    }
  });

  it("the claim is ReadWriteMany with a storage class, and every pod mounts it", () => {
    const claim = byKind(rendered, "PersistentVolumeClaim", "creditlab-run");
    expect(claim.spec.accessModes).toEqual(["ReadWriteMany"]);
    expect(claim.spec.storageClassName).toMatch(/^[a-z0-9][-a-z0-9.]*$/);
    for (const [what, spec] of pods()) expect(spec.volumes.some((v: Obj) => v.persistentVolumeClaim?.claimName === "creditlab-run"), what).toBe(true);
  });

  it("the shards Job is Indexed, retried per index, failed fast, cleaned up, with SHARDS from completions", () => {
    const job = byKind(rendered, "Job", "creditlab-shards");
    expect(job.spec.completionMode).toBe("Indexed");
    expect(job.spec.template.spec.restartPolicy).toBe("Never"); // backoffLimitPerIndex needs it
    expect(job.spec.backoffLimitPerIndex).toBeGreaterThanOrEqual(1);
    expect(job.spec.maxFailedIndexes).toBe(0);
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    expect(merge.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    expect(merge.spec.backoffLimit).toBe(0);
    // A scenario error (exit 2) fails its index at once.
    expect(job.spec.podFailurePolicy.rules).toContainEqual({ action: "FailIndex", onExitCodes: { containerName: "shard", operator: "In", values: [2] } });
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
    const [shard] = job.spec.template.spec.containers;
    expect(shard.env.find((e: Obj) => e.name === "SHARDS").value).toBe(String(job.spec.completions));
  });

  it("the README applies files that exist and makes the ConfigMap keys the scenario reads", async () => {
    const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
    const applied = [...blocks.matchAll(/kubectl (?:apply|delete) -([fk]) (\S+)/g)];
    expect(applied.length).toBeGreaterThanOrEqual(3);
    for (const [, flag, path] of applied) {
      expect(existsSync(join(ROOT, path)), path).toBe(true);
      if (flag === "f") manifest(path.replace("deploy/kubernetes/", ""));
    }
    for (const m of blocks.matchAll(/^(deploy\/kubernetes\/\S+\.sh)/gm)) expect(existsSync(join(ROOT, m[1])), m[1]).toBe(true);
    const { words, data } = configMapCommand();
    expect([...data.keys()].sort()).toEqual(["scenario.yaml", "tape.csv"]);
    // Every tape the scenario names is a key beside it.
    const scenario = data.get("scenario.yaml")!;
    for (const m of scenario.matchAll(/^\s*tape: (\S+)/gm)) expect(data.has(m[1]), m[1]).toBe(true);
    if (KUBECTL) {
      const made = await kubectl([...words.slice(1), "--dry-run=client", "-o", "json"]);
      expect(made.code, made.stderr).toBe(0);
      expect(new Map(Object.entries(JSON.parse(made.stdout).data))).toEqual(data);
    }
  });
});

describe("deploy/kubernetes pods' commands, run here", () => {
  const P = 23;

  it("completion index k runs shard k+1 of completions, and the merge of every chunk is the single run's result", async () => {
    const job = byKind(rendered, "Job", "creditlab-shards");
    const N = job.spec.completions;
    const { root, outs } = await runJob(job, "as-shipped", `--paths ${P}`);
    outs.forEach((o, k) => {
      expect(o.code, o.stderr).toBe(0);
      expect(o.stdout).toContain(`shard-${k + 1}-of-${N}.chunk: paths ${range(k + 1, N, P)} of ${P}`);
    });
    const merged = await mergeIn(root);
    expect(merged.code, merged.stderr).toBe(0);
    const single = await cli(["run", join(root, "scenario", "scenario.yaml"), "--paths", String(P), "--out", join(dir, "single.json")]);
    expect(single.code, single.stderr).toBe(0);
    expect((await readFile(join(root, "run", "result.json"))).equals(await readFile(join(dir, "single.json")))).toBe(true);

    // A shard lost: the merge exits 2 naming its paths and writes nothing.
    await rm(join(root, "run", "result.json"));
    await unlink(join(root, "run", "chunks", `shard-2-of-${N}.chunk`));
    const missing = await mergeIn(root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`missing paths ${range(2, N, P)} of the run`);
    expect(existsSync(join(root, "run", "result.json"))).toBe(false);
  });

  it("with completions changed in shards.yaml alone, the shards still tile the run", async () => {
    const edited = new Map(files);
    const job = structuredClone(files.get(SHARDS_FILE)!);
    job.spec.completions = 3;
    job.spec.parallelism = 3;
    edited.set(SHARDS_FILE, job);
    const out = byKind(render(kustomization, edited), "Job", "creditlab-shards");
    if (KUBECTL) {
      // The same edit, rendered by kustomize itself.
      const copy = join(dir, "kustomize-3");
      await cp(DEPLOY, copy, { recursive: true });
      await writeFile(join(copy, SHARDS_FILE), readFileSync(join(DEPLOY, SHARDS_FILE), "utf8").replace(/completions: \d+/, "completions: 3").replace(/parallelism: \d+/, "parallelism: 3"));
      const k = await kubectl(["kustomize", copy]);
      expect(k.code, k.stderr).toBe(0);
      expect(byKind(yamlDocs(k.stdout, "kubectl kustomize"), "Job", "creditlab-shards")).toEqual(out);
    }
    const { root, outs } = await runJob(out, "three", `--paths ${P}`);
    outs.forEach((o, k) => expect(o.stdout).toContain(`shard-${k + 1}-of-3.chunk: paths ${range(k + 1, 3, P)} of ${P}`));
    expect((await mergeIn(root)).code).toBe(0);
    expect(JSON.parse(await readFile(join(root, "run", "result.json"), "utf8")).paths).toBe(P);
  });

  it("a pod whose index is not below SHARDS, and a merge with no chunks, refuse with exit status 2", async () => {
    const job = structuredClone(byKind(rendered, "Job", "creditlab-shards"));
    job.spec.completions = 5; // as if applied with -f after editing completions alone
    const [shard] = job.spec.template.spec.containers;
    const env = podEnv(shard, join(dir, "beyond"), { JOB_COMPLETION_INDEX: "4" });
    const beyond = await run(...shellOf(shard), { env });
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain("completion index 4 is not below SHARDS=4");
    await mkdir(join(dir, "empty", "run", "chunks"), { recursive: true });
    const none = await mergeIn(join(dir, "empty"));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no chunk file in");
  });
});

describe.skipIf(!KUBECTL)("deploy/kubernetes/wait.sh", () => {
  /** Runs wait.sh with `kubectl get job NAME -o jsonpath=…` answered from `status`. */
  async function waitFor(status: Obj | null, args: string[]) {
    const bin = await mkdtemp(join(dir, "kubectl-"));
    const job = join(bin, "job.json");
    if (status) await writeFile(job, JSON.stringify({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "creditlab-shards" }, spec: {}, status }));
    // The stand-in for the API server: the Job as a local file, read by kubectl offline.
    await writeFile(
      join(bin, "kubectl"),
      `#!/bin/sh
[ "$1 $2" = "get job" ] && [ "$3" = creditlab-shards ] && [ -e ${job} ] || { echo "Error from server (NotFound): jobs.batch \\"$3\\" not found" >&2; exit 1; }
for last; do :; done
exec ${KUBECTL} label --local -f ${job} creditlab-test=1 -o "$last"
`,
    );
    await chmod(join(bin, "kubectl"), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: dir, CREDITLAB_WAIT_INTERVAL: "0" };
    return run(join(DEPLOY, "wait.sh"), args, { env });
  }
  const cond = (type: string, reason = "", message = "") => ({ type, status: "True", reason, message });

  it("exits 0 when the Job is complete", async () => {
    const r = await waitFor({ succeeded: 4, conditions: [cond("SuccessCriteriaMet"), cond("Complete")] }, ["creditlab-shards", "60"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("job/creditlab-shards complete\n");
  });

  it("exits 1 at once when the Job failed, naming the failed indexes", async () => {
    const failed = cond("Failed", "MaxFailedIndexesExceeded", "Job has exceeded the specified maximal number of failed indexes");
    const r = await waitFor({ failed: 3, failedIndexes: "2", conditions: [cond("FailureTarget"), failed] }, ["creditlab-shards", "86400"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("job/creditlab-shards failed: MaxFailedIndexesExceeded: Job has exceeded the specified maximal number of failed indexes; failed indexes: 2");
  });

  it("exits 2 when the timeout passes with the Job still running, or when the Job does not exist", async () => {
    const running = await waitFor({ active: 4, conditions: [] }, ["creditlab-shards", "0"]);
    expect(running.code).toBe(2);
    expect(running.stderr).toContain("neither complete nor failed after 0 s");
    const gone = await waitFor(null, ["creditlab-shards", "60"]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain("cannot read job/creditlab-shards");
  });
});
