/**
 * `npm run bench:grader`: the wall time of `flowgrade grade solutions` end to end (the launcher,
 * staging, every worker, the outputs), and the part spent training the likelihood flow, as the
 * median of `--runs` runs (default 3). Target: 15 s or less on the 2-core course machine on the
 * wasm backend. FLOWLAB_BACKEND picks the backend, as for the grader.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../grader/core/paths";
import { arg, median } from "./reference-config";

const runs = Number(arg("runs", "3"));
const launcher = join(REPO_ROOT, "grader", "bin", "flowgrade.cjs");
const dir = mkdtempSync(join(tmpdir(), "bench-grader-"));
const walls: number[] = [];
const trainings: number[] = [];
let backend = "";
console.log(`bench:grader: flowgrade grade solutions, ${runs} runs`);
try {
  for (let i = 1; i <= runs; i++) {
    const results = join(dir, `results-${i}.json`);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [launcher, "grade", join(REPO_ROOT, "solutions"), "--results", results, "--quiet"], { encoding: "utf8" });
    const wall = (performance.now() - t0) / 1000;
    const json = JSON.parse(readFileSync(results, "utf8"));
    const lik = json.extra_data?.likelihood ?? {};
    backend = json.extra_data?.backend ?? "";
    walls.push(wall);
    trainings.push((lik.trainingMs ?? NaN) / 1000);
    console.log(`  run ${i}: ${wall.toFixed(1)} s wall, ${(lik.trainingMs / 1000).toFixed(1)} s training (${lik.trainedSteps} steps, held-out NLL ${lik.heldOutNll?.toFixed(3)}), score ${json.score}/${json.max_score}, exit ${r.status}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(backend);
console.log(`median: ${median(walls).toFixed(1)} s wall to grade the solutions, of which ${median(trainings).toFixed(1)} s training (target ≤ 15 s on wasm)`);
