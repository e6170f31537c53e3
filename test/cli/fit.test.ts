import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/parse.ts";
import { cli } from "./runCli.ts";

const DATA = new URL("../../scenarios/data/performance.csv", import.meta.url).pathname;

describe("creditlab fit", () => {
  it("prints estimates with intervals and a back-test, and writes a scenario that validates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "creditlab-fit-"));
    const out = join(dir, "fitted.yaml");
    const ran = await cli(["fit", DATA, "--out", out]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/pd \(12 months\) +[\d.]+ +95% \[[\d.]+, [\d.]+\]/);
    expect(ran.stdout).toMatch(/back-test, one month ahead .* χ² = [\d.]+ on \d+ df/);
    expect(ran.stdout).toContain(`wrote ${out}`);
    expect(parseScenario(readFileSync(out, "utf8"), out).ok).toBe(true);
    const validate = await cli(["validate", out]);
    expect(validate.stdout).toBe("ok\n");
    const run = await cli(["run", out, "--paths", "20", "--workers", "1", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).variants[0].book.accounts.mean).toBeGreaterThan(0);
  });

  it("without --out, stdout is itself a valid scenario", async () => {
    const ran = await cli(["fit", DATA]);
    expect(ran.code).toBe(0);
    expect(parseScenario(ran.stdout, "stdout").ok).toBe(true);
  });

  it("a bad row is one line FILE:ROW:COLUMN on stderr and exit 2; a missing file exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "creditlab-fit-"));
    const file = join(dir, "bad.csv");
    writeFileSync(file, "account,month,state,balance\na,1,C,1\na,2,Q,1\n");
    const ran = await cli(["fit", file]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(`${file}:3:state: "Q" is not a state; allowed: C, D1 … D12, F, P\n`);
    const missing = await cli(["fit", join(dir, "none.csv")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^creditlab: no such file: .*none\.csv\n$/);
    const flag = await cli(["fit", file, "--paths", "3"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe("creditlab: --paths is not an option of fit\n");
  });

  it("a segment it cannot fit is one line at the segment's first row, with what is allowed; exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "creditlab-fit-"));
    const file = join(dir, "single.csv");
    writeFileSync(file, "account,month,state,balance,segment\na,1,C,1,cards\nb,1,C,1,cards\n");
    const ran = await cli(["fit", file]);
    expect(ran).toEqual({
      code: 2,
      stdout: "",
      stderr: `${file}:2:segment: segment "cards" is not fitted: no account is seen a month after being in C; allowed: each state followed, for some account, by that account's row of the next month\n`,
    });
  });

  it("an --out that cannot be written is refused before the file is read", async () => {
    // sysfs takes no new file, root included; the data file does not even exist.
    const ran = await cli(["fit", "/no/such/performance.csv", "--out", "/sys/creditlab-fitted.yaml"]);
    expect(ran).toEqual({ code: 2, stdout: "", stderr: "creditlab: --out /sys/creditlab-fitted.yaml cannot be written: permission denied\n" });
  });
});
