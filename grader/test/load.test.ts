/**
 * Grades do not depend on how busy the machine is: the solutions graded twice while two
 * CPU hogs (one per core of the course machine) run beside them get full marks every time. Limits
 * are CPU time, a subject that hits one is run once more, and the likelihood trains a fixed number
 * of steps, so load can only make grading slower.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeSubmission } from "../core/grade-submission";
import { REPO_ROOT } from "../core/paths";
import { maxScoreOf, scoreOf } from "../core/report";
import { fullMarks } from "./helpers";

/**
 * Exercises (a)-(c) and the likelihood, which trains for 800 steps: the longest subjects, where a
 * time limit would bite first. Every exercise's full grading runs once, unloaded, in cli.test.ts.
 */
const UNDER_LOAD = ["additive-coupling", "affine-coupling", "nll"];
const hogs: ChildProcess[] = [];

beforeAll(() => {
  for (let i = 0; i < 2; i++) hogs.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
});
afterAll(() => {
  for (const h of hogs) h.kill("SIGKILL");
});

describe("under load", () => {
  it("the solutions get full marks twice in a row beside two CPU hogs", async () => {
    const scores: string[] = [];
    for (let i = 0; i < 2; i++) {
      const report = await gradeSubmission(join(REPO_ROOT, "solutions"), { exercises: UNDER_LOAD });
      expect(report.error).toBeUndefined();
      scores.push(`${scoreOf(report)}/${maxScoreOf(report)}`);
      expect(report.tests.filter((t) => !t.passed).map((t) => `${t.name}: ${t.message}`)).toEqual([]);
    }
    const full = fullMarks(UNDER_LOAD);
    expect(scores).toEqual([`${full}/${full}`, `${full}/${full}`]);
  }, 15 * 60_000);
});
