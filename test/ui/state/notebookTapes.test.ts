import "fake-indexeddb/auto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readTape } from "../../../src/data/tape.ts";
import { NotebookTapes, tapeTargets } from "../../../src/ui/state/notebookTapes.svelte.ts";
import { TapeStore } from "../../../src/ui/state/tapeStore.ts";
import { readTapeFile } from "../../../src/data/readTapeFile.ts";

const TAPE_PATH = fileURLToPath(new URL("../../../scenarios/data/tape.csv", import.meta.url));
const TAPE_TEXT = readFileSync(TAPE_PATH, "utf8");
/** Accounts in the tape, counted plainly: lines that are neither a `#` comment, the header nor blank. */
const TAPE_ROWS = TAPE_TEXT.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#")).length - 1;

const file = (name: string, text: string) => new File([text], name, { type: "text/csv" });
/** Tapes read on this thread by the page's own file reader (the page runs it in a worker). */
const tapesOn = (store = new TapeStore()) => new NotebookTapes(store, readTapeFile);

describe("the paths an attached file is kept under", () => {
  it.each([
    ["book.csv", ["book.csv"], ["book.csv"]],
    ["tape.csv", ["data/tape.csv", "other.csv"], ["data/tape.csv"]],
    ["tape.csv", ["data/tape.csv", "old/tape.csv"], ["data/tape.csv", "old/tape.csv"]],
    ["new.csv", ["book.csv"], ["new.csv"]],
    ["new.csv", [], ["new.csv"]],
  ])("%s attached to a cell naming %j is kept as %j", (name, named, kept) => {
    expect(tapeTargets(name, named)).toEqual(kept);
  });
});

describe("a notebook's loan tapes", () => {
  it("keeps an attached tape under the path the cell names, and a reload of the notebook has it", async () => {
    const tapes = tapesOn();
    await tapes.open("notebook-1");
    const attached = await tapes.attach(file("tape.csv", TAPE_TEXT), ["data/tape.csv"]);
    expect(attached.ok && attached.value).toMatchObject({ paths: ["data/tape.csv"], rows: TAPE_ROWS, unnamed: false, kept: true });
    expect(Object.keys(tapes.tapes)).toEqual(["data/tape.csv"]);

    // A new page: a store of its own on the same database.
    const reloaded = tapesOn();
    await reloaded.open("notebook-1");
    const tape = reloaded.tapes["data/tape.csv"];
    const whole = readTape(TAPE_TEXT, "tape.csv");
    if (!whole.ok) throw new Error(whole.error.lines.join("\n"));
    expect(tape.rows).toBe(TAPE_ROWS);
    expect(tape.balance).toEqual(whole.value.tape.balance);
    expect(tape.state).toEqual(whole.value.tape.state);
    expect(tape.segments).toEqual(["cards", "loans"]);

    // Another notebook (a shared link, a file) has none.
    await reloaded.open("notebook-2");
    expect(reloaded.tapes).toEqual({});
  });

  it("keeps a file no segment names under its own name, and says so", async () => {
    const tapes = tapesOn();
    await tapes.open("notebook-3");
    const attached = await tapes.attach(file("book.csv", "balance\n100\n200\n"), ["other.csv"]);
    expect(attached.ok && attached.value).toMatchObject({ paths: ["book.csv"], rows: 2, unnamed: true });
    expect(tapes.tapes["book.csv"].balance).toEqual(new Float64Array([100, 200]));
  });

  it("keeps a file answering a request under the requested path, whatever its name", async () => {
    const tapes = tapesOn();
    await tapes.open("notebook-4");
    const attached = await tapes.attach(file("march.csv", "balance\n5\n"), ["book.csv"], "book.csv");
    expect(attached.ok && attached.value).toMatchObject({ paths: ["book.csv"], unnamed: false });
  });

  it("gives a bad row as one FILE:ROW:COLUMN line with what is allowed, and keeps nothing", async () => {
    const tapes = tapesOn();
    await tapes.open("notebook-5");
    const attached = await tapes.attach(file("bad.csv", "balance,state\n100,C\n200,X\n-3,C\n"), ["bad.csv"]);
    if (attached.ok) throw new Error("a bad tape was read");
    expect(attached.error.lines[0]).toMatch(/^bad\.csv:3:state: .*X.*; allowed: C, D1 … D12, F$/);
    expect(attached.error.lines[1]).toMatch(/^bad\.csv:4:balance: .*; allowed: a number from 0 to 1,000,000,000$/);
    expect(tapes.tapes).toEqual({});
  });

  it("lists at most 100 bad rows, then how many there were", async () => {
    const tapes = tapesOn();
    await tapes.open("notebook-6");
    const rows = Array.from({ length: 250 }, () => "x").join("\n");
    const attached = await tapes.attach(file("many.csv", `balance\n${rows}\n`), []);
    if (attached.ok) throw new Error("a bad tape was read");
    expect(attached.error.count).toBe(250);
    expect(attached.error.lines.filter((l) => /^many\.csv:\d+:balance: /.test(l))).toHaveLength(100);
    expect(attached.error.lines.length).toBeLessThanOrEqual(101);
  });

  it("goes on in memory when the browser keeps nothing", async () => {
    const refusing = new TapeStore();
    const tapes = new NotebookTapes(Object.assign(refusing, { put: async () => false, list: async () => [] }), readTapeFile);
    await tapes.open("notebook-7");
    const attached = await tapes.attach(file("book.csv", "balance\n1\n"), ["book.csv"]);
    expect(attached.ok && attached.value.kept).toBe(false);
    expect(Object.keys(tapes.tapes)).toEqual(["book.csv"]);
  });
});

describe("a notebook that goes on under a new entry", () => {
  it("keeps its tapes under the new entry too", async () => {
    const tapes = tapesOn();
    await tapes.open("notebook-8");
    await tapes.attach(file("book.csv", "balance\n7\n"), ["book.csv"]);
    await tapes.keepAs("notebook-9");
    const reloaded = tapesOn();
    await reloaded.open("notebook-9");
    expect(reloaded.tapes["book.csv"].balance).toEqual(new Float64Array([7]));
  });
});
