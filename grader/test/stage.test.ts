/**
 * Staging never follows a symbolic link, at any depth: a submission that is `exercises ->
 * ../solutions` (the reference solutions one folder up) scores nothing and every file says why;
 * a linked exercise file is refused by name; links deeper in a repository are not followed.
 * No subject runs here (nothing compiles), so these gradings take about a second.
 */
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { locateSubmission } from "../commands/submission-layout";
import { gradeSubmission } from "../core/grade-submission";
import { REPO_ROOT } from "../core/paths";
import { scoreOf } from "../core/report";
import { refusedReason, stageSubmission } from "../core/stage";
import { tempDir } from "./helpers";

/** <tmp>/solutions (a copy of the reference solutions) beside <tmp>/student, the submission. */
function besideSolutions(): { student: string; solutions: string } {
  const base = tempDir("flowgrade-stage-");
  const solutions = join(base, "solutions");
  cpSync(join(REPO_ROOT, "solutions"), solutions, { recursive: true, filter: (p) => !p.endsWith(".test.ts") });
  const student = join(base, "student");
  mkdirSync(student);
  return { student, solutions };
}

describe("symbolic links in a submission", () => {
  it("exercises -> ../solutions is refused: score 0, and every exercise file names the link", async () => {
    const { student } = besideSolutions();
    symlinkSync("../solutions", join(student, "exercises"));
    const report = await gradeSubmission(student);
    expect(report.error).toBeUndefined();
    expect(scoreOf(report)).toBe(0);
    expect(report.tests.find((t) => t.name === "nll/public/api")!.message).toBe("nll.ts was not graded: its folder exercises/ is a symbolic link (submit regular files only)");
    expect(report.tests.every((t) => !t.passed || t.maxScore === 0)).toBe(true);
    // grade-class finds the student's folder, not the solutions behind the link
    expect(locateSubmission(student)).toMatchObject({ kind: "found", dir: student });
  }, 120_000);

  it("a linked exercise file is refused by name; a link deeper in the tree is never followed", () => {
    const { student } = besideSolutions();
    const exercises = join(student, "exercises");
    mkdirSync(join(exercises, "notes", "deeper"), { recursive: true });
    writeFileSync(join(exercises, "affine-coupling.ts"), "export const mine = 1;\n");
    symlinkSync("../../solutions/nll.ts", join(exercises, "nll.ts"));
    symlinkSync("../../../../solutions", join(exercises, "notes", "deeper", "more"));
    const staged = stageSubmission(student);
    try {
      expect(readdirSync(staged.exercisesDir).sort()).toEqual(["affine-coupling.ts", "notes"]);
      expect(readdirSync(join(staged.exercisesDir, "notes", "deeper"))).toEqual([]);
      expect(refusedReason(staged, "nll.ts")).toBe("it is a symbolic link (submit regular files only)");
      expect(refusedReason(staged, "affine-coupling.ts")).toBeUndefined();
      expect(staged.refused.map((r) => r.path).sort()).toEqual(["exercises/nll.ts", "exercises/notes/deeper/more"]);
    } finally {
      staged.cleanup();
    }
  });
});
