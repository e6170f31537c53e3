import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NOTICE_MS, Notices } from "../../../src/ui/state/notices.svelte.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const texts = (n: Notices) => n.list.map((x) => x.text);

describe("Notices", () => {
  it("shows at most three, the newest last", () => {
    const n = new Notices();
    for (const t of ["a", "b", "c", "d"]) n.notify(t);
    expect(texts(n)).toEqual(["b", "c", "d"]);
  });

  it("takes a plain notice away after 5 s, and one with an action or an error after 12 s", () => {
    const n = new Notices();
    n.notify("plain");
    n.notify("undoable", "info", { label: "Undo", run: () => undefined });
    n.notify("failed", "error");
    vi.advanceTimersByTime(NOTICE_MS.plain);
    expect(texts(n)).toEqual(["undoable", "failed"]);
    vi.advanceTimersByTime(NOTICE_MS.long - NOTICE_MS.plain);
    expect(texts(n)).toEqual([]);
  });

  it("dismisses one notice and leaves no timer behind", () => {
    const n = new Notices();
    const a = n.notify("a");
    n.notify("b");
    n.dismiss(a);
    expect(texts(n)).toEqual(["b"]);
    n.dismiss(n.list[0].id);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("Notices on a hidden page", () => {
  it("wait until the page is shown, then stay their full time", () => {
    const n = new Notices();
    n.setVisible(false);
    n.notify("Another tab changed this notebook.");
    vi.advanceTimersByTime(10 * NOTICE_MS.long);
    expect(texts(n)).toEqual(["Another tab changed this notebook."]);
    n.setVisible(true);
    vi.advanceTimersByTime(NOTICE_MS.plain - 1);
    expect(texts(n)).toEqual(["Another tab changed this notebook."]);
    vi.advanceTimersByTime(1);
    expect(texts(n)).toEqual([]);
  });

  it("keep the time they have been shown when the page is hidden and shown again", () => {
    const n = new Notices();
    n.notify("shown");
    vi.advanceTimersByTime(NOTICE_MS.plain - 1);
    n.setVisible(false);
    n.setVisible(true);
    vi.advanceTimersByTime(1);
    expect(texts(n)).toEqual([]);
  });
});

describe("Notices with actions", () => {
  it("keep only the newest Undo: an older one would undo the wrong change", () => {
    const n = new Notices();
    const undo = { label: "Undo", run: () => undefined };
    n.notify("Deleted cell 1.", "info", undo);
    n.notify("Saved.");
    n.notify("Deleted cell 2.", "info", undo);
    expect(texts(n)).toEqual(["Saved.", "Deleted cell 2."]);
    vi.advanceTimersByTime(NOTICE_MS.long);
    expect(vi.getTimerCount()).toBe(0);
  });
});
