/**
 * Rules across keys, which the schema cannot state one key at a time. Each problem names
 * the most specific key it is about. They run on a scenario the schema has accepted, so
 * every default is filled in.
 */
import { orList } from "./allowed.ts";
import { maxAnnualDefault } from "../math/ladderChain.ts";
import { macroRules } from "./macroRules.ts";
import type { PathKey, Problem } from "./positions.ts";
import type { Scenario, Segment } from "./schema.ts";
import { sweepProblems } from "./sensitivityRules.ts";
import { uncertaintyRules } from "./uncertaintyRules.ts";

/** Every cross-key problem of a scenario, in no particular order. */
export function checkRules(s: Scenario): Problem[] {
  const factors = Object.keys(s.macro.factors);
  return [
    ...simulationRules(s),
    ...bookRules(s),
    ...macroRules(s),
    ...s.segments.flatMap((segment, i) => segmentRules(segment, ["segments", i], factors)),
    ...uniqueNames(s.segments.map((g) => g.name), "segments", "segment"),
    ...variantNames(s),
    ...policyRules(s, factors),
    ...trancheRules(s),
    ...provisioningRules(s),
    ...sensitivityRules(s),
    ...securitizationRules(s),
  ];
}

/**
 * A deal's notes have unique names and sizes summing to 1 (to 1e-9); its revolving period
 * ends on a period's end; its reserve's target is at least what it holds at closing.
 */
function securitizationRules(s: Scenario): Problem[] {
  const d = s.securitization;
  if (!d) return [];
  const names = d.notes.map((n) => n.name);
  const out: Problem[] = names.flatMap((name, i) =>
    names.indexOf(name) === i ? [] : [{ path: ["securitization", "notes", i, "name"], message: `"${name}" is already the name of securitization.notes[${names.indexOf(name)}]; allowed: a name no other note has` }],
  );
  const total = d.notes.reduce((a, n) => a + n.size, 0);
  if (Math.abs(total - 1) > 1e-9) {
    out.push({ path: ["securitization", "notes"], message: `the notes' sizes sum to ${fmt(total)}; allowed: sizes (shares of the investor interest) summing to 1, e.g. an equity note for the rest` });
  }
  const p = s.simulation.periodMonths;
  if (d.revolvingMonths !== undefined && d.revolvingMonths % p !== 0) {
    out.push({ path: ["securitization", "revolvingMonths"], message: `${d.revolvingMonths} is not a multiple of periodMonths (${p}); allowed: a multiple of ${p}` });
  }
  if (d.kind === "amortizing" && d.revolvingMonths !== undefined) {
    out.push({ path: ["securitization", "revolvingMonths"], message: "an amortizing deal does not revolve; allowed: kind: masterTrust with revolvingMonths, or leave revolvingMonths out" });
  }
  if (d.reserve.target < d.reserve.initial) {
    out.push({ path: ["securitization", "reserve", "target"], message: `${d.reserve.target} is below the initial reserve (${d.reserve.initial}); allowed: a target of at least ${d.reserve.initial}, at most 1` });
  }
  return out;
}

/**
 * Scenario weights name the base or a variant and sum to 1; a pdMultiple or pdAbsolute
 * test asks for nothing else. Weights are checked to 1e-9, so that thirds written as
 * 0.333333333333 and the like pass.
 */
function provisioningRules(s: Scenario): Problem[] {
  const weights = s.provisioning?.scenarios;
  if (!weights) return [];
  const allowed = ["base", ...s.variants.map((v) => v.name)];
  const out: Problem[] = [];
  for (const name of Object.keys(weights)) {
    if (!allowed.includes(name)) {
      out.push({ path: ["provisioning", "scenarios", name], message: `"${name}" is not a variant of the scenario; allowed: ${orList(allowed)}` });
    }
  }
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  if (Object.keys(weights).length === 0 || Math.abs(total - 1) > 1e-9) {
    out.push({ path: ["provisioning", "scenarios"], message: `the weights sum to ${fmt(total)}; allowed: weights of ${orList(allowed)} summing to 1` });
  }
  return out;
}

/** Keys a sensitivity varies (sensitivityRules.ts), each metric listed once. */
function sensitivityRules(s: Scenario): Problem[] {
  const keys = s.sensitivity?.keys ?? [];
  const out: Problem[] = sweepProblems(s, keys, (i) => `sensitivity.keys[${i}]`).map((p) => ({ path: ["sensitivity", "keys", p.index, p.field], message: p.message }));
  const metrics = s.sensitivity?.metrics ?? [];
  metrics.forEach((m, i) => {
    if (metrics.indexOf(m) !== i) out.push({ path: ["sensitivity", "metrics", i], message: `${m} is already listed; allowed: each metric once` });
  });
  return out;
}

function trancheRules(s: Scenario): Problem[] {
  const out = uniqueNames(s.tranches.map((t) => t.name), "tranches", "tranche");
  s.tranches.forEach((t, i) => {
    if (!(t.detach > t.attach)) {
      out.push({ path: ["tranches", i, "detach"], message: `${t.detach} is not above attach (${t.attach}); allowed: a share of exposure greater than ${t.attach}, at most 1` });
    }
  });
  return out;
}

/** A book with no account and no applicant has nothing to simulate: its 0% would be no answer. */
function bookRules(s: Scenario): Problem[] {
  const empty = s.segments.every((g) => g.tape === undefined && (g.accounts ?? 0) === 0 && g.originations === undefined);
  if (!empty || s.segments.length === 0) return [];
  return [{
    path: ["segments", 0, "accounts"],
    message: "the book has no accounts: every segment has accounts: 0, no tape and no originations; allowed: accounts of 1 or more, a tape, or originations in at least one segment",
  }];
}

function simulationRules(s: Scenario): Problem[] {
  const { horizonMonths: h, periodMonths: p } = s.simulation;
  const out: Problem[] = [];
  if (h % p !== 0) out.push({ path: ["simulation", "horizonMonths"], message: `${h} is not a multiple of periodMonths (${p}); allowed: a multiple of ${p}, e.g. ${Math.max(p, h - (h % p))}` });
  // Paying accounts with transactors hold at least their purchases: without any, no number of new accounts keeps the balance (docs/model.md §7.1).
  if (s.simulation.balanceSheet === "static") {
    s.segments.forEach((g, i) => {
      if (g.revolvers === undefined || g.product !== "revolving" || g.purchases > 0) return;
      out.push({
        path: ["segments", i, "revolvers"],
        message:
          "a static balance sheet cannot hold this segment's balance: without purchases its transactors pay in full and hold nothing, and revolvers pay down, so no number of new accounts keeps the start's balance; allowed: purchases above 0 (a share of the limit a month), or simulation.balanceSheet: runoff",
      });
    });
  }
  return out;
}

function segmentRules(g: Segment, at: PathKey[], factors: string[]): Problem[] {
  return [...riskRules(g, at), ...loadingRules(g, at, factors), ...ladderRules(g, at), ...lgdRules(g, at), ...lineRules(g, at), ...recoveryRules(g, at), ...uncertaintyRules(g, at)];
}

/** A recovery timeline is one curve or one hazard, and a curve's shares are the whole recovery (docs/model.md §5.5). */
function recoveryRules(g: Segment, at: PathKey[]): Problem[] {
  const r = g.recovery;
  if (!r) return [];
  if (r.curve && r.hazard) {
    return [{ path: [...at, "recovery", "hazard"], message: "a recovery has one timeline; allowed: curve or hazard, not both" }];
  }
  if (!r.curve) return [];
  let sum = 0;
  for (const x of r.curve) sum += x;
  if (Math.abs(sum - 1) <= 1e-9) return [];
  return [{ path: [...at, "recovery", "curve"], message: `the shares sum to ${fmt(sum)}; allowed: shares that sum to 1 (the LGD sets how much is recovered, the curve only when)` }];
}

/** Transactors, purchases and plans belong to credit lines, and purchases need someone to repay them (docs/model.md §4.6). */
function lineRules(g: Segment, at: PathKey[]): Problem[] {
  const keys = [
    g.revolvers !== undefined && "revolvers",
    g.purchases > 0 && "purchases",
    g.interchange > 0 && "interchange",
    g.instalments !== undefined && "instalments",
  ].filter((k): k is string => k !== false);
  if (g.product === "instalment") {
    return keys.map((k) => ({ path: [...at, k], message: `${k} is for credit lines; allowed: product: revolving, or leave ${k} out of a cash loan` }));
  }
  if (g.revolvers !== undefined) return [];
  return keys.map((k) => ({
    path: [...at, k],
    message: `${k} needs transactors and revolvers to repay the purchases; allowed: ${k} together with revolvers: { share, toRevolve, toTransact, minPayment }`,
  }));
}

function riskRules(g: Segment, at: PathKey[]): Problem[] {
  const out: Problem[] = [];
  if (g.accounts !== undefined && g.tape !== undefined) {
    out.push({ path: [...at, "tape"], message: "accounts and tape are both given; allowed: accounts, or a tape whose rows are the accounts" });
  }
  // A tape's rows may carry their own pd or score; the segment's is then the default for rows without.
  const either = g.tape === undefined ? "exactly one of pd, missRate, or score with a scorecard" : "at most one of pd, missRate, or score with a scorecard (the rows' own pd or score come first)";
  const given = (["pd", "missRate", "score"] as const).filter((k) => g[k] !== undefined);
  if (given.length > 1) out.push({ path: [...at, given[1]], message: `${given.join(" and ")} are ${given.length === 2 ? "both" : "all"} given; allowed: ${either}` });
  if (given.length === 0 && g.tape === undefined) out.push({ path: [...at, "pd"], message: `none of pd, missRate or score is given; allowed: ${either}` });
  if (g.score && !g.scorecard) out.push({ path: [...at, "score"], message: "a score needs a scorecard; allowed: score together with scorecard: { score, odds, pdo }" });
  if (g.scorecard && !g.score && !g.originations) {
    out.push({ path: [...at, "scorecard"], message: "the scorecard is not used; allowed: a scorecard together with score or originations" });
  }
  if (g.originations && !g.scorecard) {
    out.push({ path: [...at, "originations"], message: "originations need a scorecard to turn scores into PDs; allowed: originations together with scorecard: { score, odds, pdo }" });
  }
  return out;
}

function loadingRules(g: Segment, at: PathKey[], factors: string[]): Problem[] {
  const names = Object.keys(g.loadings);
  const out: Problem[] = names
    .filter((name) => !factors.includes(name))
    .map((name) => ({ path: [...at, "loadings", name], at: "key" as const, message: `${name} is not a declared factor; allowed: ${orList(factors)}` }));
  if (names.every((name) => g.loadings[name] === 0)) {
    out.push({ path: [...at, "loadings"], message: "every loading is 0; allowed: at least one non-zero loading on a declared factor" });
  }
  return out;
}

function ladderRules(g: Segment, at: PathKey[]): Problem[] {
  return [...stayRules(g, at), ...startRules(g, at), ...reachRules(g, at)];
}

/**
 * A `pd` is the annual probability of default through the ladder (MODEL.md 3): a current
 * account cannot default within a year more often than one that misses every month.
 */
function reachRules(g: Segment, at: PathKey[]): Problem[] {
  if (g.pd === undefined || g.score !== undefined || g.missRate !== undefined) return [];
  const { roll, stay } = g.delinquency;
  if (stay && stay.length !== roll.length) return [];
  const most = maxAnnualDefault({ roll, stay: stay ?? roll.map(() => 0) });
  if (g.pd < most) return [];
  return [{
    path: [...at, "pd"],
    message: `${g.pd} cannot be reached: with this ladder at most ${fmt(most)} of current accounts default within a year; allowed: a pd below ${fmt(most)}, higher roll rates, or missRate`,
  }];
}

function startRules(g: Segment, at: PathKey[]): Problem[] {
  const { roll, start = [], startDefaulted = 0 } = g.delinquency;
  const here = [...at, "delinquency", "start"];
  if (start.length > roll.length) {
    return [{ path: here, message: `${start.length} starting shares for ${roll.length} buckets; allowed: at most one share per bucket D1..D${roll.length} (${roll.length})` }];
  }
  const total = start.reduce((a, b) => a + b, 0) + startDefaulted;
  if (total > 1) {
    const what = startDefaulted > 0 ? "the shares and startDefaulted add up" : "the shares add up";
    return [{ path: startDefaulted > 0 ? [...at, "delinquency", "startDefaulted"] : here, message: `${what} to ${fmt(total)}; allowed: a total of at most 1` }];
  }
  return [];
}

function stayRules(g: Segment, at: PathKey[]): Problem[] {
  const { roll, stay } = g.delinquency;
  if (!stay) return [];
  const here = [...at, "delinquency", "stay"];
  if (stay.length !== roll.length) {
    return [{ path: here, message: `${stay.length} stay values for ${roll.length} roll rates; allowed: one stay value per roll rate (${roll.length})` }];
  }
  return stay.flatMap((s, k) =>
    roll[k] + s > 1
      ? [{ path: [...here, k], message: `${s} plus roll[${k}] (${roll[k]}) is more than 1; allowed: at most ${fmt(1 - roll[k])}` }]
      : [],
  );
}

// A Beta LGD needs sd² < μ(1−μ) (MODEL.md section 6).
function lgdRules(g: Segment, at: PathKey[]): Problem[] {
  const { mean, sd } = g.lgd;
  if (sd === 0) return [];
  if (mean <= 0 || mean >= 1) {
    return [{ path: [...at, "lgd", "mean"], message: `${mean} leaves no room for a spread of sd ${sd}; allowed: a mean greater than 0 and less than 1, or sd: 0` }];
  }
  if (sd * sd < mean * (1 - mean)) return [];
  const limit = Math.sqrt(mean * (1 - mean));
  return [{ path: [...at, "lgd", "sd"], message: `${sd} is too wide for a mean of ${mean}; allowed: 0, or less than √(mean·(1−mean)) = ${fmt(limit)}` }];
}

function uniqueNames(names: string[], list: string, what: string): Problem[] {
  return names.flatMap((name, i) => {
    const first = names.indexOf(name);
    if (first === i) return [];
    return [{ path: [list, i, "name"], message: `"${name}" is already the name of ${list}[${first}]; allowed: a name no other ${what} has` }];
  });
}

function variantNames(s: Scenario): Problem[] {
  const names = s.variants.map((v) => v.name);
  const base = names.flatMap((name, i) =>
    name === "base" ? [{ path: ["variants", i, "name"], message: '"base" names the scenario itself; allowed: any other name' }] : [],
  );
  return [...base, ...uniqueNames(names, "variants", "variant")];
}

function policyRules(s: Scenario, factors: string[]): Problem[] {
  const { approval, lineManagement, forbearance } = s.policy;
  const out: Problem[] = [];
  const trigger = lineManagement?.trigger;
  if (trigger && !factors.includes(trigger.factor)) {
    out.push({ path: ["policy", "lineManagement", "trigger", "factor"], message: `"${trigger.factor}" is not a declared factor; allowed: ${orList(factors)}` });
  }
  if (forbearance) {
    const ladders = s.segments.filter((g) => g.delinquency.roll.length > 0);
    const shortest = Math.min(...ladders.map((g) => g.delinquency.roll.length));
    if (ladders.length > 0 && forbearance.offerAt > shortest) {
      const short = ladders
        .filter((g) => g.delinquency.roll.length < forbearance.offerAt)
        .map((g) => `${g.name} (${g.delinquency.roll.length} bucket${g.delinquency.roll.length === 1 ? "" : "s"})`);
      out.push({
        path: ["policy", "forbearance", "offerAt"],
        message: `D${forbearance.offerAt} is past the delinquency ladder of ${short.join(", ")}; allowed: 1 to ${shortest}, the shortest ladder`,
      });
    }
  }
  const sale = s.policy.nplSale;
  const given = sale ? (["salePrice", "prices", "buyerRate"] as const).filter((k) => sale[k] !== undefined) : ["salePrice"];
  if (sale && given.length !== 1) {
    out.push({
      // None: the first; several: the one past the first.
      path: ["policy", "nplSale", given.length === 0 ? "salePrice" : given[1]],
      message:
        "a sale has one price; allowed: salePrice (a share of EAD, with cycle), prices (shares of EAD by months in default, with cycle) or buyerRate (the present value of the workout), exactly one",
    });
  }
  if (sale && sale.buyerRate !== undefined && sale.cycle > 0) {
    out.push({ path: ["policy", "nplSale", "cycle"], message: `${sale.cycle} moves a price given as a share; allowed: 0 with buyerRate (the workout's value moves with the LGD's cycle)` });
  }
  if (approval && !s.segments.some((g) => g.originations)) {
    out.push({ path: ["policy", "approval"], message: "approval has no effect: no segment has originations; allowed: approval together with a segment's originations" });
  }
  return out;
}

/** A number to three significant digits. */
export function fmt(x: number): string {
  return String(Number(x.toPrecision(3)));
}
