/**
 * Gradescope visibility, after the "Autograder Specifications" (Controlling Test Case
 * Visibility): while hidden tests exist, nothing students always see (the top-level output, the
 * visible tests, stdout) reveals a hidden result or the total; pointed tests are never emitted as
 * "hidden" (which would not hide the total); stdout stays hidden.
 */
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../core/paths";
import type { GradeReport, TestOutcome } from "../core/report";
import { schemaProblems } from "../core/json-schema";
import { gradescopeVisibility, studentSafe, toGradescope } from "../outputs/gradescope";

function t(name: string, passed: boolean, visibility: TestOutcome["visibility"], maxScore = 2): TestOutcome {
  const [suite, cases, check] = name.split("/") as ["affine-coupling", "public", string];
  return { name, suite, cases, check, maxScore, score: passed ? maxScore : 0, visibility, passed, message: `${check}: measured 0.84 > 0.001` };
}

const withHidden: GradeReport = {
  submission: "s",
  mode: "grade",
  durationMs: 1000,
  tests: [
    t("affine-coupling/public/round-trip-forward", true, "visible"),
    t("affine-coupling/public/log-det-forward", true, "visible"),
    t("affine-coupling/hidden/round-trip-forward", false, "after_published", 30),
    t("affine-coupling/hidden/log-det-forward", false, "after_due_date", 7),
  ],
};

describe("Gradescope visibility", () => {
  it("with hidden tests, the always-visible output gives the visible results only, never the total or a hidden result", () => {
    const r = toGradescope(withHidden);
    expect(schemaProblems("results.schema.json", r)).toEqual([]);
    expect(r.output).toContain("2/2 visible checks passed (4 of the 4 visible points)");
    expect(r.output).toContain("Hidden tests (37 points) run on other inputs; their results and your total score appear when grades are published.");
    // the total (4 of 41) and anything derived from the hidden tests must not appear
    for (const leak of ["/ 41", "41 points", " 4 / ", "hidden/", "0/2 hidden", "failed"]) expect(r.output, leak).not.toContain(leak);
    expect(r.tests.filter((x) => x.visibility === "visible").map((x) => x.name)).toEqual(["affine-coupling/public/round-trip-forward", "affine-coupling/public/log-det-forward"]);
    for (const x of r.tests.filter((x) => x.visibility === "visible")) expect(x.output).not.toMatch(/hidden/i);
    expect(r.stdout_visibility).toBe("hidden");
  });

  it("without hidden tests, the output states the total", () => {
    const r = toGradescope({ ...withHidden, tests: withHidden.tests.slice(0, 2) });
    expect(r.output).toMatch(/^FlowLab autograder: 4 \/ 4 points\./);
  });

  it("a pointed test marked 'hidden' goes out as 'after_published' (a 'hidden' one would leave the total visible); 0-point ones stay hidden", () => {
    expect(gradescopeVisibility({ visibility: "hidden", maxScore: 2 })).toBe("after_published");
    expect(gradescopeVisibility({ visibility: "hidden", maxScore: 0 })).toBe("hidden");
    expect(gradescopeVisibility({ visibility: "after_due_date", maxScore: 2 })).toBe("after_due_date");
    const r = toGradescope({ ...withHidden, tests: [...withHidden.tests.slice(0, 2), t("affine-coupling/hidden/shapes", true, "hidden", 5)] });
    expect(r.tests[2].visibility).toBe("after_published");
    expect(r.output).not.toContain("9");
  });

  it("students see no path of the grading machine", () => {
    expect(studentSafe(`boom at ${REPO_ROOT}/build/grading/sub-1/exercises/nll.ts:3`)).toBe("boom at build/grading/sub-1/exercises/nll.ts:3");
    const r = toGradescope({ ...withHidden, error: `worker failed in ${REPO_ROOT}/grader/x.ts` });
    expect(JSON.stringify([r.output, r.tests.map((x) => x.output)])).not.toContain(REPO_ROOT);
    expect(studentSafe("x".repeat(5000)).length).toBe(2000);
  });
});
