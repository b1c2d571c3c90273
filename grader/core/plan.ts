/**
 * From the rubric to the work: the tests (one per exercise × case set × check, plus the
 * likelihood test), their points and visibility, and the groups of tests that share one worker
 * process (one per exercise × case set, and one for the likelihood).
 *
 * Test names are stable ids, used in results.json, JUnit, summary.csv and the fixtures'
 * expected.json: "affine-coupling/hidden/log-det-forward", "likelihood/held-out-nll".
 */
import { EXERCISE_IDS, type ExerciseId } from "../../src/checks/exercises";
import { LIKELIHOOD_CHECK, type CaseSet } from "../worker/protocol";
import type { Limits, Rubric, Visibility } from "./rubric";
import { exerciseCheckNames } from "../worker/run-check";

/** "grade": every test; "check": the students' self-check, public tests only. */
export type Mode = "grade" | "check";
export type Suite = ExerciseId | "likelihood";

export interface TestSpec {
  name: string;
  suite: Suite;
  cases: CaseSet;
  check: string;
  maxScore: number;
  visibility: Visibility;
}

export interface GroupSpec {
  /** "additive-coupling/public", …, "likelihood". */
  id: string;
  kind: "exercise" | "likelihood";
  exercise?: ExerciseId;
  cases: CaseSet;
  tests: TestSpec[];
  timeoutMs: number;
}

export function testName(suite: Suite, cases: CaseSet, check: string): string {
  return suite === "likelihood" ? `likelihood/${check}` : `${suite}/${cases}/${check}`;
}

/**
 * The groups to run, the longest first (the likelihood trains a flow), so that the short
 * exercise groups fill the other worker slot meanwhile.
 */
export function planGroups(rubric: Rubric, mode: Mode, limits: Limits = rubric.limits): GroupSpec[] {
  const caseSets: CaseSet[] = mode === "check" ? ["public"] : ["public", "hidden"];
  const groups: GroupSpec[] = [];
  const lik = rubric.likelihood;
  if (mode === "grade" || lik.public) {
    const cases: CaseSet = lik.public ? "public" : "hidden";
    groups.push({
      id: "likelihood",
      kind: "likelihood",
      cases,
      timeoutMs: limits.likelihoodTimeoutMs,
      tests: [{ name: testName("likelihood", cases, LIKELIHOOD_CHECK), suite: "likelihood", cases, check: LIKELIHOOD_CHECK, maxScore: lik.points, visibility: lik.visibility }],
    });
  }
  for (const cases of caseSets) {
    for (const exercise of EXERCISE_IDS) {
      const { visibility, points } = rubric.exercises[exercise][cases];
      groups.push({
        id: `${exercise}/${cases}`,
        kind: "exercise",
        exercise,
        cases,
        timeoutMs: limits.exerciseTimeoutMs,
        tests: exerciseCheckNames(exercise).map((check) => ({ name: testName(exercise, cases, check), suite: exercise, cases, check, maxScore: points[check], visibility })),
      });
    }
  }
  return groups;
}

/** The tests in report order: exercise by exercise (public, then hidden), the likelihood last. */
export function reportOrder(groups: readonly GroupSpec[]): TestSpec[] {
  const suites: Suite[] = [...EXERCISE_IDS, "likelihood"];
  const all = groups.flatMap((g) => g.tests);
  return suites.flatMap((s) => all.filter((t) => t.suite === s).sort((a, b) => (a.cases === b.cases ? 0 : a.cases === "public" ? -1 : 1)));
}
