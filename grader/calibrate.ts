/**
 * `npm run calibrate:grader`: calibrates the likelihood threshold of grader/rubric.json.
 *
 * It runs the rubric's likelihood configuration, exactly as the grader does (a supervised worker,
 * the held-out NLL with the autodiff log-det), for the reference solutions over the rubric's
 * calibration seeds on each calibration backend (default wasm and cpu), and for the buggy
 * fixtures whose affine-coupling.ts or nll.ts differ from the solutions (wasm by default), and
 * prints every NLL as a markdown table. Then:
 *
 *   suggested threshold = worst correct NLL + calibration margin
 *
 * and whether the rubric's threshold covers it, and how far each buggy fixture lands above it.
 * A fixture whose likelihood run fails outright (it throws, NaN, not invertible) is run at the
 * rubric's seed only.
 *
 * Options: --seeds 0,1,2  --backends wasm,cpu  --fixture-backends wasm  --fixtures none|all|a,b
 *          --concurrency 2
 */
import { join } from "node:path";
import { planGroups, type GroupSpec } from "./core/plan";
import { runPool } from "./core/pool";
import type { TestOutcome } from "./core/report";
import { runGroup } from "./core/run-group";
import { loadRubric, type Rubric } from "./core/rubric";
import { REPO_ROOT } from "./core/paths";
import { stageSubmission, type Staged } from "./core/stage";
import { fixtureFiles, fixtureNames, fixtureSubmission } from "./fixture-submission";


function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const list = (s: string | undefined) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : undefined);

interface Run {
  submission: string;
  backend: string;
  seed: number;
  outcome?: TestOutcome;
}

/** Fixtures whose likelihood inputs (affine-coupling.ts, nll.ts) differ from the solutions'. */
export function likelihoodFixtures(): string[] {
  return fixtureNames().filter((n) => fixtureFiles(n).some((f) => f === "affine-coupling.ts" || f === "nll.ts"));
}

async function runOne(rubric: Rubric, staged: Staged, run: Run): Promise<Run> {
  const seeded: Rubric = { ...rubric, likelihood: { ...rubric.likelihood, config: { ...rubric.likelihood.config, seed: run.seed } } };
  const base = planGroups(seeded, "grade").find((g) => g.kind === "likelihood")!;
  const group: GroupSpec = { ...base, id: `likelihood-${run.backend}-seed${run.seed}` };
  const o = await runGroup(group, {
    rubric: seeded,
    exercisesDir: staged.exercisesDir,
    jobsDir: staged.jobsDir,
    memoryMb: rubric.limits.memoryMb,
    env: { ...process.env, FLOWLAB_BACKEND: run.backend },
  });
  return { ...run, outcome: o.tests[0] };
}

const fmt3 = (x: number | null | undefined) => (typeof x === "number" ? x.toFixed(3) : "—");

async function main(): Promise<void> {
  const rubric = loadRubric();
  const cal = rubric.likelihood.calibration;
  const cfg = rubric.likelihood.config;
  const seeds = (list(arg("seeds")) ?? cal.seeds.map(String)).map(Number);
  const backends = list(arg("backends")) ?? cal.backends;
  const fixtureBackends = list(arg("fixture-backends")) ?? ["wasm"];
  const fixturesArg = arg("fixtures") ?? "all";
  const fixtures = fixturesArg === "none" ? [] : fixturesArg === "all" ? likelihoodFixtures() : list(fixturesArg)!;
  const concurrency = Number(arg("concurrency") ?? rubric.limits.concurrency);
  console.log(`calibrate: ${cfg.dataset}, ${cfg.layers} affine couplings of [${cfg.hidden}], ${cfg.steps} steps, batch ${cfg.batchSize}, lr ${cfg.learningRate}; seeds ${seeds.join(",")}; solutions on ${backends.join(", ")}; ${fixtures.length} fixtures on ${fixtureBackends.join(", ")}`);

  const staged = new Map<string, Staged>();
  const stage = (name: string) => {
    if (!staged.has(name)) staged.set(name, stageSubmission(name === "solutions" ? join(REPO_ROOT, "solutions") : fixtureSubmission(name)));
    return staged.get(name)!;
  };
  const runs: Run[] = [];
  const t0 = performance.now();
  try {
    const first = [
      ...backends.flatMap((backend) => seeds.map((seed) => ({ submission: "solutions", backend, seed }))),
      ...fixtures.flatMap((submission) => fixtureBackends.map((backend) => ({ submission, backend, seed: cfg.seed }))),
    ];
    const progress = (r: Run) => {
      console.log(`  ${r.submission} ${r.backend} seed ${r.seed}: ${r.outcome?.heldOutNll != null ? `NLL ${fmt3(r.outcome.heldOutNll)}` : r.outcome?.message}`);
      return r;
    };
    runs.push(...(await runPool(first.map((r) => () => runOne(rubric, stage(r.submission), r).then(progress)), concurrency)));
    // fixtures that trained to an NLL: the other seeds too
    const more = runs
      .filter((r) => r.submission !== "solutions" && typeof r.outcome?.heldOutNll === "number")
      .flatMap((r) => seeds.filter((s) => s !== cfg.seed).map((seed) => ({ submission: r.submission, backend: r.backend, seed })));
    runs.push(...(await runPool(more.map((r) => () => runOne(rubric, stage(r.submission), r).then(progress)), concurrency)));
  } finally {
    for (const s of staged.values()) s.cleanup();
  }

  console.log(`\n| submission | backend | seed | held-out NLL | steps | training s | at threshold ${cfg.threshold} |\n|---|---|---|---|---|---|---|`);
  for (const r of runs) {
    const o = r.outcome!;
    const verdict = o.passed ? "pass" : typeof o.heldOutNll === "number" ? (o.heldOutNll <= cfg.threshold ? "fail (not invertible)" : "fail") : `fail: ${o.message.replace(/^.*?: /, "").slice(0, 70)}`;
    console.log(`| ${r.submission} | ${r.backend} | ${r.seed} | ${fmt3(o.heldOutNll)} | ${o.trainedSteps ?? "—"} | ${o.trainingMs ? (o.trainingMs / 1000).toFixed(1) : "—"} | ${verdict} |`);
  }

  const correct = runs.filter((r) => r.submission === "solutions");
  const nlls = correct.map((r) => r.outcome?.heldOutNll).filter((x): x is number => typeof x === "number");
  if (nlls.length < correct.length) console.log(`\n!! ${correct.length - nlls.length} correct runs gave no NLL: see the table.`);
  const worst = Math.max(...nlls);
  const worstRun = correct.find((r) => r.outcome?.heldOutNll === worst)!;
  const suggested = worst + cal.margin;
  console.log(`\ncorrect solutions: ${nlls.length} runs, NLL ${fmt3(Math.min(...nlls))} … ${fmt3(worst)} (worst: ${worstRun.backend}, seed ${worstRun.seed})`);
  for (const b of backends) {
    const v = correct.filter((r) => r.backend === b).map((r) => r.outcome?.heldOutNll).filter((x): x is number => typeof x === "number");
    if (v.length) console.log(`  ${b}: ${fmt3(Math.min(...v))} … ${fmt3(Math.max(...v))}`);
  }
  console.log(`suggested threshold = worst ${fmt3(worst)} + margin ${cal.margin} = ${fmt3(suggested)}; rubric threshold ${cfg.threshold}: ${cfg.threshold >= suggested ? "OK, covers it" : "TOO LOW: raise it"}`);
  for (const name of fixtures) {
    const rs = runs.filter((r) => r.submission === name);
    const v = rs.map((r) => r.outcome?.heldOutNll).filter((x): x is number => typeof x === "number");
    const atSeed = rs.find((r) => r.seed === cfg.seed)?.outcome;
    const passes = rs.filter((r) => r.outcome?.passed).length;
    const summary = v.length
      ? `NLL ${fmt3(Math.min(...v))} … ${fmt3(Math.max(...v))} over ${v.length} runs (lowest ${fmt3(Math.min(...v) - cfg.threshold)} vs the threshold); passes on ${passes} of ${rs.length}`
      : `no NLL: ${atSeed?.message.replace(/^.*?: /, "").slice(0, 90)}`;
    console.log(`  fixture ${name}: ${summary}; verdict at the grading seed ${cfg.seed}: ${atSeed?.passed ? "pass" : "fail"}`);
  }
  console.log(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

await main();
