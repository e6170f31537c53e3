import { describe, expect, it } from "vitest";
import { mergeValue } from "../../src/scenario/variants.ts";
import { errorsOf, expectAt, onlyError, parsed } from "./helpers.ts";

const BOOK = `creditlab: 1
simulation: { horizonMonths: 12 }
macro:
  factors:
    economy: {}
    gig: { correlation: { economy: 0.5 } }
  shocks:
    - { factor: economy, path: [-1, -2] }
segments:
  - name: cards
    accounts: 1000
    pd: 0.02
    lgd: { mean: 0.8, sd: 0.1 }
    delinquency: { roll: [0.3, 0.5] }
  - name: gig loans
    accounts: 500
    pd: 0.05
    loadings: { gig: 1 }
policy:
  collections: { rollReduction: 0.1, costPerAccountMonth: 5 }
  fundingRate: 0.02
`;
const withVariants = (yaml: string) => `${BOOK}variants:\n${yaml.replace(/^/gm, "  ")}\n`;

describe("merging", () => {
  it("objects merge, lists replace, null removes", () => {
    expect(mergeValue({ a: 1, b: { c: 2, d: 3 }, e: [1, 2] }, { b: { c: 9 }, e: [5], a: null })).toEqual({ b: { c: 9, d: 3 }, e: [5] });
    expect(mergeValue(undefined, { a: { b: null, c: 1 } })).toEqual({ a: { c: 1 } });
    expect(mergeValue({ a: 1 }, 5)).toBe(5);
  });

  it("a key named __proto__ merges as a plain key", () => {
    const merged = mergeValue({}, JSON.parse('{"__proto__": {"x": 1}}')) as object;
    expect(Object.keys(merged)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });

  it("a variant merges macro, policy and segments onto the base before defaults", () => {
    const { variants } = parsed(
      withVariants(`- name: harsh
  macro: { shocks: [{ factor: gig, path: [-3] }] }
  policy: { collections: { rollReduction: 0.3 }, fundingRate: null }
  segments:
    cards: { lgd: { mean: 0.9 }, delinquency: { roll: [] } }`),
    );
    expect(variants.map((v) => v.name)).toEqual(["base", "harsh"]);
    const [base, harsh] = variants.map((v) => v.scenario);
    expect(harsh.macro.shocks).toEqual([{ factor: "gig", path: [-3] }]);
    expect(harsh.macro.factors).toEqual(base.macro.factors);
    expect(harsh.policy).toEqual({ collections: { rollReduction: 0.3, costPerAccountMonth: 5 }, fundingRate: 0 });
    expect(harsh.segments[0].lgd).toEqual({ mean: 0.9, sd: 0.1, macro: 0 });
    expect(harsh.segments[0].delinquency).toEqual({ roll: [] });
    expect(harsh.segments[1]).toEqual(base.segments[1]);
    expect(harsh.variants).toEqual([]);
    expect(base.segments[0].lgd.mean).toBe(0.8);
  });

  it("policy: null turns every lever off", () => {
    const { variants } = parsed(withVariants("- name: no policy\n  policy: null"));
    expect(variants[1].scenario.policy).toEqual({ fundingRate: 0 });
  });
});

describe("errors in variants", () => {
  it("an invalid merged value is reported at the variant's own key", () => {
    const text = withVariants("- name: v\n  segments:\n    cards: { pd: 1.5 }");
    const e = onlyError(text);
    expectAt(e, "variants[0].segments.cards.pd", text, "1.5");
    expect(e.message).toBe("1.5 is out of range; allowed: a number greater than 0 and less than 1");
  });

  it("a segment name with a space is quoted in the path", () => {
    const text = withVariants('- name: v\n  segments:\n    "gig loans": { accounts: -5 }');
    expectAt(onlyError(text), 'variants[0].segments["gig loans"].accounts', text, "-5");
  });

  it("an unknown key in a variant's policy points at that key", () => {
    const text = withVariants("- name: v\n  policy: { colections: { rollReduction: 0.2 } }");
    const e = onlyError(text);
    expectAt(e, "variants[0].policy.colections", text, "colections");
    expect(e.message).toContain("did you mean `collections`?");
  });

  it("a rule broken by the merge is reported under the variant, at its nearest own node", () => {
    const text = withVariants("- name: ok\n- name: wide\n  segments:\n    cards:\n      lgd: { sd: 0.45 }");
    const e = onlyError(text);
    expectAt(e, "variants[1].segments.cards.lgd.sd", text, "0.45");
    expect(e.message).toContain("is too wide for a mean of 0.8");
  });

  it("a rule the variant breaks elsewhere is reported at the variant", () => {
    // Shortening the ladder leaves forbearance offered past it.
    const text = `${BOOK.replace("fundingRate: 0.02", "forbearance: { offerAt: 2, takeUp: 0.5, holidayMonths: 3 }")}variants:\n  - name: short\n    segments: { cards: { delinquency: { roll: [0.9] } }, gig loans: { delinquency: { roll: [0.9] } } }\n`;
    const e = onlyError(text);
    expect(e.path).toBe("variants[0].policy.forbearance.offerAt");
    expectAt(e, e.path, text, "name: short");
  });

  it("an unknown segment name points at the name and suggests the nearest", () => {
    const text = withVariants("- name: v\n  segments:\n    card: { pd: 0.03 }");
    const e = onlyError(text);
    expectAt(e, "variants[0].segments.card", text, "card:");
    expect(e.message).toBe('no segment is named "card"; allowed: cards, gig loans; did you mean `cards`?');
  });

  it("a segment override is a mapping and keeps the segment's name", () => {
    const text = withVariants("- name: v\n  segments:\n    cards: 3\n    gig loans: { name: gig }");
    const [notMapping, rename] = errorsOf(text);
    expectAt(notMapping, "variants[0].segments.cards", text, "3", "cards: ");
    expectAt(rename, 'variants[0].segments["gig loans"].name', text, "name: gig", "gig loans: { ");
  });

  it("a variant may not change the set of factors", () => {
    const text = withVariants("- name: v\n  macro: { factors: { gig: null } }");
    const e = onlyError(text);
    expectAt(e, "variants[0].macro.factors", text, "{ gig: null }");
    expect(e.message).toContain("a variant may not change the set of factors");
  });

  it("variants are checked only when the base is valid", () => {
    const text = withVariants("- name: v\n  segments: { cards: { pd: 2 } }").replace("pd: 0.02", "pd: 3");
    expect(errorsOf(text).map((e) => e.path)).toEqual(["segments[0].pd"]);
  });

  it("errors of several variants come in file order", () => {
    const text = withVariants("- name: a\n  policy: { fundingRate: 2 }\n- name: b\n  policy: { fundingRate: -1 }");
    expect(errorsOf(text).map((e) => e.path)).toEqual(["variants[0].policy.fundingRate", "variants[1].policy.fundingRate"]);
  });
});
