import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { HISTORY_SIZE, NotebookHistory } from "../../../src/ui/state/history.ts";

describe("the local history of notebooks", () => {
  it("keeps each notebook's latest text, most recent first, and only the last 20", async () => {
    const history = new NotebookHistory();
    await history.put({ id: "a", text: "# A\n", name: "a.md", savedAt: 1 });
    await history.put({ id: "b", text: "# B\n", name: "b.md", savedAt: 2 });
    await history.put({ id: "a", text: "# A, edited\n", name: "a.md", savedAt: 3 });
    expect((await history.list()).map((v) => [v.id, v.text])).toEqual([
      ["a", "# A, edited\n"],
      ["b", "# B\n"],
    ]);
    for (let i = 0; i < HISTORY_SIZE; i++) await history.put({ id: `n${i}`, text: `# ${i}\n`, name: "n.md", savedAt: 10 + i });
    const kept = await history.list();
    expect(kept).toHaveLength(HISTORY_SIZE);
    expect(kept[0].id).toBe(`n${HISTORY_SIZE - 1}`);
    expect(kept.map((v) => v.id)).not.toContain("b");
  });
});
