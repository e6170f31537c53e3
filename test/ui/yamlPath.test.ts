import { describe, expect, it } from "vitest";
import { cursorPlace, siblingKeys } from "../../src/ui/editor/yamlPath.ts";

/** `|` marks the cursor. */
const at = (text: string) => {
  const offset = text.indexOf("|");
  return cursorPlace(text.slice(0, offset) + text.slice(offset + 1), offset);
};

const book = `creditlab: 1
simulation:
  paths: 500
segments:
  - name: cards
    pd: 0.02
    delinquency:
      roll: [0.3, 0.6]
`;

describe("cursorPlace", () => {
  it.each([
    ["|", [], "key", ""],
    ["simu|", [], "key", "simu"],
    ["simulation:\n  se|", ["simulation"], "key", "se"],
    ["simulation:\n  paths: 500\n  |", ["simulation"], "key", ""],
    [`${book}      st|`, ["segments", "[]", "delinquency"], "key", "st"],
    [`${book}    lg|`, ["segments", "[]"], "key", "lg"],
    [`${book}  - na|`, ["segments", "[]"], "key", "na"],
    [`${book}  - name: b\n    prod|`, ["segments", "[]"], "key", "prod"],
    [`${book}po|`, [], "key", "po"],
    ["segments:\n- name: a\n  # a comment\n\n  ac|", ["segments", "[]"], "key", "ac"],
    ["macro:\n  shocks:\n    - factor: economy\n      recession:\n        tr|", ["macro", "shocks", "[]", "recession"], "key", "tr"],
  ])("%j is in %j at a %s, prefix %j", (text, path, kind, prefix) => {
    const place = at(text);
    expect(place.path).toEqual(path);
    expect(place.at).toBe(kind);
    expect(place.prefix).toBe(prefix);
  });

  it("reads values after a key", () => {
    expect(at(`${book}    product: re|`)).toMatchObject({ path: ["segments", "[]"], at: "value", key: "product", prefix: "re" });
    expect(at("simulation:\n  periodMonths: |")).toMatchObject({ path: ["simulation"], key: "periodMonths", prefix: "" });
  });

  it("reads keys and values inside flow mappings and lists", () => {
    expect(at(`${book}    lgd: { mean: 0.8, s|`)).toMatchObject({ path: ["segments", "[]", "lgd"], at: "key", prefix: "s" });
    expect(at(`${book}    lgd: { mean: 0.8 }, x|`).path).toEqual(["segments", "[]"]);
    expect(at("macro: { shocks: [ { factor: economy, recession: { tro|")).toMatchObject({
      path: ["macro", "shocks", "[]", "recession"],
      at: "key",
      prefix: "tro",
    });
    expect(at(`${book}    limit: { median: 5|`)).toMatchObject({ path: ["segments", "[]", "limit"], at: "value", key: "median", prefix: "5" });
    expect(at("delinquency: { roll: [0.3, 0.|")).toMatchObject({ path: ["delinquency", "roll"], at: "value", key: "[]", prefix: "0." });
  });

  it("puts the offset of the prefix in `from`", () => {
    const place = at("simulation:\n  pa|");
    expect(place.from).toBe("simulation:\n  ".length);
  });
});

describe("siblingKeys", () => {
  const keys = (text: string) => {
    const offset = text.indexOf("|");
    return [...siblingKeys(text.slice(0, offset) + text.slice(offset + 1), offset)].sort();
  };

  it("reads the block mapping around the cursor, above and below", () => {
    expect(keys("creditlab: 1\nsimulation:\n  paths: 500\n  |\n  seed: 3\nsegments: []\n")).toEqual(["paths", "seed"]);
    expect(keys("creditlab: 1\nname: x\n|\nsegments: []\n")).toEqual(["creditlab", "name", "segments"]);
  });

  it("stops at its list item, whose first key after the marker belongs to it", () => {
    const text = "segments:\n  - name: a\n    pd: 0.02\n    |\n  - name: b\n    accounts: 10\n";
    expect(keys(text)).toEqual(["name", "pd"]);
  });

  it("reads a flow mapping's keys, not the one being typed", () => {
    expect(keys("lgd: { mean: 0.8, s| }\n")).toEqual(["mean"]);
  });
});
