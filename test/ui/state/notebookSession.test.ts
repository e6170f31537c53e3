import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunHandle } from "../../../src/run/types.ts";
import { DEFAULT_NOTEBOOK, defaultNotebookText, gallery } from "../../../src/ui/notebook/gallery.ts";
import { decodeShare, encodeShare } from "../../../src/ui/notebook/share.ts";
import type { Runner } from "../../../src/ui/state/cellRun.svelte.ts";
import { NotebookState } from "../../../src/ui/state/notebook.svelte.ts";
import { Notices } from "../../../src/ui/state/notices.svelte.ts";
import { RunQueue } from "../../../src/ui/state/runQueue.ts";
import { loadSaved, NOTEBOOK_KEY } from "../../../src/ui/state/storage.ts";
import { NotebookSession, type PageHost } from "../../../src/ui/state/notebookSession.svelte.ts";
import { MemoryStorage } from "./memoryStorage.ts";
import { parseScenario } from "../../../src/scenario/parse.ts";
import { ASK_ABOVE_MS, DEFAULT_SPEED, estimateMs, runWork } from "../../../src/ui/state/runEstimate.ts";

const SCENARIO = `creditlab: 1
name: Tiny
simulation: { paths: 10, horizonMonths: 3 }
segments:
  - { name: a, accounts: 10, pd: 0.02 }
`;
const notebookText = (title: string) => `# ${title}\n\n\`\`\`scenario\n${SCENARIO}\`\`\`\n`;

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  Object.defineProperty(globalThis, "localStorage", { value: storage, configurable: true });
});
afterEach(() => {
  delete (globalThis as { localStorage?: Storage }).localStorage;
  delete (globalThis as { sessionStorage?: Storage }).sessionStorage;
  indexedDB.deleteDatabase("creditlab");
});

/** Makes `tab` the sessionStorage of the tab the test acts in. */
const inTab = (tab: MemoryStorage) => Object.defineProperty(globalThis, "sessionStorage", { value: tab, configurable: true });

/** A new tab with a fragment, a clipboard and downloads that the test reads back. */
function setup(hash = "", clipboard = true) {
  const tab = new MemoryStorage();
  inTab(tab);
  const page = { hash, downloads: [] as { name: string; text: string; type: string }[] };
  const host: PageHost = {
    hash: () => page.hash,
    clearHash: () => (page.hash = ""),
    linkBase: () => "https://example.test/creditlab/",
    copy: async () => clipboard,
    download: (name, text, type) => page.downloads.push({ name, text, type }),
  };
  const started: string[] = [];
  let firstRun: () => void = () => undefined;
  /** Resolves when the first run starts. */
  const running = new Promise<void>((resolve) => (firstRun = resolve));
  // Runs are recorded and never finish: these tests are about which notebook is open.
  const runner: Runner = (request) => {
    started.push(request.text);
    firstRun();
    return { outcome: new Promise(() => undefined), cancel: () => undefined } as RunHandle;
  };
  const notices = new Notices();
  const session = new NotebookSession(new NotebookState(new RunQueue(), runner), notices, host);
  return { session, notices, page, started, running, tab };
}

describe("NotebookSession", () => {
  it("opens the welcome notebook on a first visit, runs it, and does not store it unchanged", async () => {
    const { session, started, running } = setup();
    await session.start();
    expect(session.ready).toBe(true);
    expect(session.notebook.name).toBe(DEFAULT_NOTEBOOK);
    expect(session.notebook.text).toBe(defaultNotebookText());
    await running;
    expect(started.length).toBeGreaterThan(0);
    session.persist();
    expect(loadSaved()).toBeNull();
  });

  it("brings back the notebook kept from the last visit", async () => {
    const first = setup();
    await first.session.start();
    first.session.openFileText("mine.md", notebookText("Mine"));
    first.session.persist();
    const second = setup();
    await second.session.start();
    expect(second.session.notebook.title).toBe("Mine");
    expect(second.session.notebook.name).toBe("mine.md");
  });

  it("opens a shared link over kept work, clears the fragment, and offers Undo", async () => {
    const before = setup();
    await before.session.start();
    before.session.openFileText("mine.md", notebookText("Mine"));
    before.session.persist();

    const { session, notices, page } = setup(`#${await encodeShare(notebookText("Shared"))}`);
    await session.start();
    expect(session.notebook.title).toBe("Shared");
    expect(page.hash).toBe("");
    expect(loadSaved()?.text).toBe(notebookText("Shared"));
    const undo = notices.list.find((n) => n.action?.label === "Undo");
    expect(undo?.text).toBe("Opened the shared notebook in place of yours.");
    undo!.action!.run();
    expect(session.notebook.title).toBe("Mine");
  });

  it("refuses a damaged link with a message and keeps the work", async () => {
    const first = setup();
    await first.session.start();
    first.session.openFileText("mine.md", notebookText("Mine"));
    first.session.persist();
    const { session, notices } = setup("#nb=%%%");
    await session.start();
    expect(session.notebook.title).toBe("Mine");
    expect(notices.list.map((n) => n.tone)).toEqual(["error"]);
    expect(notices.list[0].text).toMatch(/damaged/);
  });

  it("opens a bare scenario file as a one-cell notebook, saved under a .md name", async () => {
    const { session, page, notices } = setup();
    await session.start();
    session.openFileText("book.yaml", SCENARIO);
    expect(session.notebook.cells.map((c) => c.kind)).toEqual(["scenario"]);
    session.save();
    expect(page.downloads).toEqual([{ name: "book.md", text: `\`\`\`scenario\n${SCENARIO}\`\`\`\n`, type: "text/markdown" }]);
    session.openFileText("notes.txt", "hello");
    expect(notices.list.at(-1)).toMatchObject({ tone: "error" });
    expect(session.notebook.name).toBe("book.md");
  });

  it("opens a gallery entry and goes back to the welcome notebook with Undo", async () => {
    const { session, notices } = setup();
    await session.start();
    const other = gallery.find((e) => e.file !== DEFAULT_NOTEBOOK)!;
    session.pick(other);
    expect(session.notebook.name).toBe(other.file.replace(/\.(ya?ml|json)$/, ".md"));
    session.reset();
    expect(session.notebook.name).toBe(DEFAULT_NOTEBOOK);
    notices.list.at(-1)!.action!.run();
    expect(session.notebook.name).toBe(other.file.replace(/\.(ya?ml|json)$/, ".md"));
  });

  it("makes a share link that carries the notebook, copied when the clipboard allows", async () => {
    for (const clipboard of [true, false]) {
      const { session } = setup("", clipboard);
      await session.start();
      session.openFileText("mine.md", notebookText("Mine"));
      await session.shareNotebook();
      expect(session.share.open).toBe(true);
      expect(session.share.copied).toBe(clipboard);
      const [base, fragment] = session.share.link.split("#");
      expect(base).toBe("https://example.test/creditlab/");
      expect(await decodeShare(fragment)).toEqual({ ok: true, value: notebookText("Mine") });
    }
  });

  it("tells once when the browser refuses to keep the notebook", async () => {
    const { session, notices } = setup();
    await session.start();
    session.openFileText("mine.md", notebookText("Mine"));
    storage.full = true;
    (globalThis.sessionStorage as MemoryStorage).full = true;
    session.persist();
    session.persist();
    expect(notices.list.filter((n) => n.tone === "error")).toHaveLength(1);
    expect(session.persistence.failed).toBe(true);
  });

  it("keeps typed work in Recent when a shared link replaces it, and a reload brings back the tab's own notebook", async () => {
    const { session, page, tab } = setup();
    await session.start();
    session.openFileText("mine.md", notebookText("Mine"));
    const cell = session.notebook.cells.find((c) => c.kind === "markdown")!;
    if (cell.kind === "markdown") cell.text = "# Mine\n\nTyped just before the link.";
    page.hash = `#${await encodeShare(notebookText("Shared"))}`;
    await session.openFragment();
    expect(session.notebook.title).toBe("Shared");
    const recent = await session.persistence.recent();
    const mine = recent.find((v) => v.text.includes("Typed just before the link."))!;
    session.openVersion(mine);
    expect(session.notebook.text).toContain("Typed just before the link.");

    // A reload of this tab opens its own notebook, even after another tab saved the latest.
    session.persist();
    const other = setup();
    await other.session.start();
    other.session.openFileText("other.md", notebookText("Other tab"));
    other.session.persist();
    inTab(tab);
    const reloaded = new NotebookSession(new NotebookState(new RunQueue(), (() => ({ outcome: new Promise(() => undefined), cancel: () => undefined })) as unknown as Runner), new Notices(), {
      hash: () => "",
      clearHash: () => undefined,
      linkBase: () => "",
      copy: async () => false,
      download: () => undefined,
    });
    await reloaded.start();
    expect(reloaded.notebook.text).toContain("Typed just before the link.");
    expect(loadSaved("latest")?.text).toBe(notebookText("Other tab"));
  });

  it("tells a tab when another tab changed its notebook, and each goes on with its own", async () => {
    const first = setup();
    await first.session.start();
    first.session.openFileText("mine.md", notebookText("Mine"));
    first.session.persist();
    const second = setup();
    await second.session.start();
    expect(second.session.persistence.id).toBe(first.session.persistence.id);

    const window1 = new EventTarget();
    first.session.persistence.watch(window1);
    // The second tab keeping the same text (as when it opens the notebook) changes nothing.
    await second.session.persist();
    window1.dispatchEvent(Object.assign(new Event("storage"), { key: NOTEBOOK_KEY, newValue: storage.getItem(NOTEBOOK_KEY) }));
    expect(first.notices.list.some((n) => n.text.startsWith("Another tab changed"))).toBe(false);
    expect(first.session.persistence.id).toBe(second.session.persistence.id);
    const typed = second.session.notebook.cells.find((c) => c.kind === "markdown")!;
    if (typed.kind === "markdown") typed.text = "# Mine, changed in the second tab";
    await second.session.persist();
    window1.dispatchEvent(Object.assign(new Event("storage"), { key: NOTEBOOK_KEY, newValue: storage.getItem(NOTEBOOK_KEY) }));
    expect(first.notices.list.at(-1)?.text).toMatch(/^Another tab changed this notebook/);
    expect(first.session.persistence.id).not.toBe(second.session.persistence.id);
    inTab(first.tab);
    await first.session.persist();
    const kept = await first.session.persistence.recent();
    expect(kept.map((v) => v.text)).toEqual(expect.arrayContaining([notebookText("Mine"), notebookText("Mine, changed in the second tab")]));
    expect(kept).toHaveLength(2);
  });

  describe("a notebook from a link", () => {
    /** A scenario of `paths` paths over 2,000 accounts and 36 months. */
    const cell = (paths: number) => `creditlab: 2\nname: Cell\nsimulation: { paths: ${paths}, horizonMonths: 36 }\nsegments:\n  - { name: a, accounts: 2000, pd: 0.03 }\n`;
    /** Milliseconds the page estimates for one such cell before it has measured a run (one worker). */
    const ms = (paths: number) => {
      const parsed = parseScenario(cell(paths), "c.yaml");
      if (!parsed.ok) throw new Error("the test's scenario is invalid");
      return estimateMs(runWork(parsed.value.variants.map((v) => v.scenario)), DEFAULT_SPEED, 1);
    };
    // Paths for a cell of about 20 s: under the question alone, over it twice.
    const per = ms(2000) - ms(1000);
    const paths = Math.round(1000 + (20_000 - ms(1000)) / (per / 1000));
    const notebook = `# Linked\n\n\`\`\`scenario\n${cell(paths)}\`\`\`\n\n\`\`\`scenario\n${cell(paths).replace("Cell", "Other")}\`\`\`\n`;

    it("runs nothing when the whole of it would take over half a minute, though each cell alone would not ask", async () => {
      expect(ms(paths)).toBeLessThan(ASK_ABOVE_MS);
      expect(2 * ms(paths)).toBeGreaterThan(ASK_ABOVE_MS);
      const { session, notices, started, running } = setup(`#${await encodeShare(notebook)}`);
      await session.start();
      expect(started).toEqual([]);
      const cells = session.notebook.cells.filter((c) => c.kind === "scenario");
      expect(cells.map((c) => c.ask !== null)).toEqual([true, true]);
      expect(notices.list.some((n) => /came from a link.*none has started/.test(n.text))).toBe(true);
      // Asked, a cell runs.
      session.runCell(cells[0].id, true);
      await running;
      expect(started).toHaveLength(1);
    });

    it("runs at once when the whole of it is under half a minute", async () => {
      const { session, started, running } = setup(`#${await encodeShare(notebookText("Small"))}`);
      await session.start();
      await running;
      expect(started).toHaveLength(1);
    });

    it("asks nothing of the same notebook opened from a file: the reader chose it", async () => {
      const { session, started, running } = setup();
      session.openFileText("mine.md", notebook);
      await running;
      // Runs go one at a time (these never finish): the first has started, none asks.
      expect(started).toEqual([cell(paths)]);
      expect(session.notebook.cells.filter((c) => c.kind === "scenario").map((c) => c.ask)).toEqual([null, null]);
    });
  });

  describe("when the browser keeps nothing", () => {
    /** IndexedDB's put refusing as a full disk makes it refuse (fake-indexeddb's own store, its put replaced). */
    function fillIndexedDb(): () => void {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
      return () => (IDBObjectStore.prototype.put = put);
    }

    it("holds a replaced notebook in Recent, says so, and lets it go once the browser keeps it", async () => {
      const { session, notices } = setup();
      await session.start();
      session.openFileText("mine.md", notebookText("Mine"));
      const restore = fillIndexedDb();
      try {
        session.openFileText("other.md", notebookText("Other"));
        await expect.poll(() => session.unkept.length).toBe(1);
        expect(session.unkept[0].text).toBe(notebookText("Mine"));
        expect(notices.list.some((n) => n.tone === "error" && n.text.includes("did not keep “Mine”"))).toBe(true);
        expect((await session.recent())[0].text).toBe(notebookText("Mine"));
      } finally {
        restore();
      }
      // Back to it, and the browser keeps it now: the page need not hold it any longer.
      session.openVersion((await session.recent())[0]);
      expect(await session.persist()).toBe(true);
      expect(session.unkept).toEqual([]);
    });

    it("says once that the history cannot be kept, even when local storage can", async () => {
      const { session, notices } = setup();
      await session.start();
      session.openFileText("mine.md", notebookText("Mine"));
      const restore = fillIndexedDb();
      try {
        expect(await session.persist()).toBe(false);
        expect(await session.persist()).toBe(false);
      } finally {
        restore();
      }
      expect(notices.list.filter((n) => n.tone === "error")).toHaveLength(1);
      expect(session.persistence.failed).toBe(true);
    });
  });
});
