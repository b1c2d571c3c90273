/**
 * `npm run bench:grader`: the wall time and the CPU time of `flowgrade grade solutions` end to end
 * (the launcher, staging, compiling, the type check, every subject process, the outputs), and the
 * part spent training the likelihood flow, as the median of `--runs` runs (default 3). CPU time is
 * the grader's plus all its descendants' (user + system), read from the kernel's accounting of the
 * finished process tree (`/usr/bin/time` where present). Targets on the idle 2-core course machine,
 * wasm backend: the whole grading of the solutions within 60 s wall and 100 s CPU (issue 17, with
 * the isolation and cross-checks), the likelihood training within 15 s wall.
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
const cpus: number[] = [];
const timeBin = spawnSync("/usr/bin/time", ["-f", "%U %S", "true"]).status === 0 ? "/usr/bin/time" : undefined;
const trainings: number[] = [];
let backend = "";
console.log(`bench:grader: flowgrade grade solutions, ${runs} runs`);
try {
  for (let i = 1; i <= runs; i++) {
    const results = join(dir, `results-${i}.json`);
    const t0 = performance.now();
    const command = [process.execPath, launcher, "grade", join(REPO_ROOT, "solutions"), "--results", results, "--quiet"];
    const r = timeBin ? spawnSync(timeBin, ["-f", "@cpu %U %S", ...command], { encoding: "utf8" }) : spawnSync(command[0], command.slice(1), { encoding: "utf8" });
    const wall = (performance.now() - t0) / 1000;
    const m = /@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? "");
    const cpu = m ? Number(m[1]) + Number(m[2]) : NaN;
    cpus.push(cpu);
    const json = JSON.parse(readFileSync(results, "utf8"));
    const lik = json.extra_data?.likelihood ?? {};
    backend = json.extra_data?.backend ?? "";
    walls.push(wall);
    trainings.push((lik.trainingMs ?? NaN) / 1000);
    console.log(`  run ${i}: ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU, ${(lik.trainingMs / 1000).toFixed(1)} s training (${lik.trainedSteps} steps, held-out NLL ${lik.heldOutNll?.toFixed(3)}), score ${json.score}/${json.max_score}, exit ${r.status}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(backend);
console.log(`median: ${median(walls).toFixed(1)} s wall and ${median(cpus).toFixed(1)} s CPU (grader + subjects) to grade the solutions (targets, idle: ≤ 60 s wall, ≤ 100 s CPU); training the likelihood flow took ${median(trainings).toFixed(1)} s of wall time (target ≤ 15 s wall on wasm, idle)`);
