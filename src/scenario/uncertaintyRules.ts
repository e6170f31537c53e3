/**
 * A segment's `uncertainty` (docs/model.md §3.5): each parameter gives ci95 or sd, not both
 * and not neither; a ci95 is increasing and holds the point value, which is its median; pd's
 * needs the segment's own annual rate (pd or missRate: a score's accounts have many); the
 * LGD mean's needs a mean strictly between 0 and 1 (its probit is shifted); the
 * correlation's needs 0 < correlation < 1 and a segment without a macro link (whose loading
 * is the link's, not the correlation's).
 */
import type { PathKey, Problem } from "./positions.ts";
import type { Segment } from "./schema.ts";

export function uncertaintyRules(g: Segment, at: PathKey[]): Problem[] {
  const u = g.uncertainty;
  if (!u) return [];
  const out: Problem[] = [];
  const here = [...at, "uncertainty"];
  if (u.pd) {
    const point = g.pd ?? g.missRate;
    if (point === undefined) {
      out.push({ path: [...here, "pd"], message: "the segment has no pd or missRate to draw around; allowed: uncertainty.pd on a segment given by pd or missRate" });
    } else out.push(...spreadRules(u.pd, point, [...here, "pd"], g.pd !== undefined ? "pd" : "missRate"));
  }
  if (u.lgdMean) {
    const mean = g.lgd.mean;
    if (!(mean > 0 && mean < 1)) {
      out.push({ path: [...here, "lgdMean"], message: `the LGD mean is ${mean}, whose probit cannot be shifted; allowed: uncertainty.lgdMean with 0 < lgd.mean < 1` });
    } else out.push(...spreadRules(u.lgdMean, mean, [...here, "lgdMean"], "lgd.mean"));
  }
  if (u.correlation) {
    const at2 = [...here, "correlation"];
    if (g.link) out.push({ path: at2, message: "the segment has a macro link, whose loading is not its correlation's; allowed: uncertainty.correlation on a segment without link" });
    else if (!(g.correlation > 0)) out.push({ path: at2, message: `the correlation is ${g.correlation}, whose probit cannot be shifted; allowed: uncertainty.correlation with 0 < correlation < 1` });
    else out.push(...spreadRules(u.correlation, g.correlation, at2, "correlation"));
  }
  return out;
}

function spreadRules(p: { ci95?: [number, number]; sd?: number }, point: number, at: PathKey[], name: string): Problem[] {
  if (p.ci95 && p.sd !== undefined) return [{ path: [...at, "sd"], message: "ci95 and sd are both given; allowed: one of ci95: [low, high] or sd" }];
  if (!p.ci95 && p.sd === undefined) return [{ path: at, message: "no distribution given; allowed: ci95: [low, high] or sd (on the probit scale)" }];
  if (!p.ci95) return [];
  const [lo, hi] = p.ci95;
  if (!(lo < hi)) return [{ path: [...at, "ci95"], message: `[${lo}, ${hi}] is not increasing; allowed: [low, high] with low < high` }];
  if (!(lo <= point && point <= hi)) {
    return [{ path: [...at, "ci95"], message: `[${lo}, ${hi}] does not hold ${name} ${point}, its median; allowed: an interval with low ≤ ${point} ≤ high` }];
  }
  return [];
}
