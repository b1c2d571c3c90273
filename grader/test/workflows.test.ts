/**
 * The CI templates a release ships: the students' check workflow and the instructors' class
 * grading workflow. Parsed as YAML; every `npm run <script>` names a script of the package.json
 * it runs beside; the grading matrix, its `--shard i/n` and the merge agree on the shard count.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli, tempDir } from "./helpers";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  on: unknown;
  jobs: Record<string, { "runs-on": string; steps: Step[]; strategy?: { matrix: { shard: number[] } }; needs?: string }>;
}

const out = tempDir("flowgrade-workflows-");
const read = (...p: string[]) => readFileSync(join(out, ...p), "utf8");
let student: Workflow;
let instructor: Workflow;

beforeAll(async () => {
  const r = await runCli(["release", "--out", out]);
  if (r.code !== 0) throw new Error(r.stderr);
  student = parse(read("student", ".github", "workflows", "check.yml")) as Workflow;
  instructor = parse(read("autograder", ".github", "workflows", "grade-class.yml")) as Workflow;
}, 120_000);

/** The npm scripts a workflow's run steps call: `npm run x`, `npm test`. */
function npmScripts(w: Workflow): string[] {
  const runs = Object.values(w.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ""));
  return runs.flatMap((r) => [...r.matchAll(/\bnpm (?:run ([\w:-]+)|(test|start))\b/g)].map((m) => m[1] ?? m[2]));
}

describe("the students' workflow (.github/workflows/check.yml)", () => {
  it("runs on every push, installs from the lock file, and runs real scripts of the student package.json", () => {
    expect(student.on).toHaveProperty("push");
    const scripts = JSON.parse(read("student", "package.json")).scripts as Record<string, string>;
    const called = npmScripts(student);
    expect(called).toEqual(expect.arrayContaining(["test", "check"]));
    for (const s of called) expect(scripts, `npm run ${s}`).toHaveProperty(s);
    const runs = student.jobs.check.steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toContain("npm ci --ignore-scripts"); // npm 10 on the runners would run tfjs-node-gpu's doomed download
    expect(runs).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(student.jobs.check.steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with?.["node-version"]).toBe(24);
    for (const job of Object.values(instructor.jobs)) expect(job.steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with?.["node-version"]).toBe(24);
  });
});

describe("the instructors' workflow (.github/workflows/grade-class.yml)", () => {
  it("grades on a matrix of shards, then merges exactly those shards, with real scripts of the autograder package.json", () => {
    const scripts = JSON.parse(read("autograder", "package.json")).scripts as Record<string, string>;
    for (const s of npmScripts(instructor)) expect(scripts, `npm run ${s}`).toHaveProperty(s);
    expect(scripts["grade-class"]).toContain("grade-class");
    expect(scripts.merge).toContain("merge");
    const shards = instructor.jobs.grade.strategy!.matrix.shard;
    const n = shards.length;
    expect(shards).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const gradeRun = instructor.jobs.grade.steps.map((s) => s.run ?? "").join("\n");
    expect(gradeRun).toContain(`--shard "\${{ matrix.shard }}/${n}"`);
    expect(instructor.jobs.merge.needs).toBe("grade");
    const mergeRun = instructor.jobs.merge.steps.map((s) => s.run ?? "").join("\n");
    for (const i of shards) expect(mergeRun).toContain(`shards/shard-${i}`);
    expect(mergeRun).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });
});

describe("the instructors' workflow on a class smaller than its matrix", () => {
  it("grades each shard as the template does and merges them as the template does, one student for every shard count", async () => {
    const cls = tempDir("flowgrade-workflow-class-");
    mkdirSync(join(cls, "zoe")); // no submission: nothing to grade, so the run is quick
    const shards = instructor.jobs.grade.strategy!.matrix.shard;
    const shardsDir = tempDir("flowgrade-workflow-shards-");
    for (const i of shards) {
      const r = await runCli(["grade-class", cls, "--out", join(shardsDir, `shard-${i}`), "--shard", `${i}/${shards.length}`]);
      expect(r.code, r.stderr).toBe(0);
    }
    const mergeRun = instructor.jobs.merge.steps.map((s) => s.run ?? "").find((r) => r.includes("npm run merge"))!;
    const args = /npm run merge -- (.*?) \|/.exec(mergeRun)![1].split(/\s+/).map((a) => a.replace(/^shards\//, `${shardsDir}/`).replace(/^gradebook$/, join(shardsDir, "gradebook")));
    const m = await runCli(["merge", ...args]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain("1 students: 0 graded, 1 no submission, 0 not gradable");
  }, 120_000);
});
