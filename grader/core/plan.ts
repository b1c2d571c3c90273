/**
 * From the rubric to the work: the tests (one per exercise × case set × check, one type check per
 * exercise file, plus the likelihood test), their points and visibility, and the groups of tests
 * that are decided together (one per exercise × case set, the type check, and the likelihood).
 *
 * Test names are stable ids, used in results.json, JUnit, summary.csv and the fixtures'
 * expected.json: "affine-coupling/hidden/log-det-forward", "nll/public/type-check",
 * "likelihood/held-out-nll".
 */
import { COUPLING_CHECK_NAMES, NLL_CHECK_NAMES } from "../../src/checks";
import { EXERCISE_IDS, type ExerciseId } from "../../src/checks/exercises";
import type { Limits, Rubric, Visibility } from "./rubric";

/** "grade": every test; "check": the students' self-check, public tests only. */
export type Mode = "grade" | "check";
export type CaseSet = "public" | "hidden";
export type Suite = ExerciseId | "likelihood";

/** The check name the likelihood test reports under. */
export const LIKELIHOOD_CHECK = "held-out-nll";
/** The check name of the per-file type check. */
export const TYPE_CHECK = "type-check";

export interface TestSpec {
  name: string;
  suite: Suite;
  cases: CaseSet;
  check: string;
  maxScore: number;
  visibility: Visibility;
}

export interface GroupSpec {
  /** "additive-coupling/public", …, "type-check", "likelihood". */
  id: string;
  kind: "exercise" | "likelihood" | "type-check";
  exercise?: ExerciseId;
  cases: CaseSet;
  tests: TestSpec[];
}

/** The check names the grader decides for an exercise, in report order (the same as src/checks). */
export function exerciseCheckNames(id: ExerciseId): readonly string[] {
  return id === "nll" ? NLL_CHECK_NAMES : COUPLING_CHECK_NAMES;
}

export function testName(suite: Suite, cases: CaseSet, check: string): string {
  return suite === "likelihood" ? `likelihood/${check}` : `${suite}/${cases}/${check}`;
}

/**
 * The groups to run, the longest first (the likelihood trains a flow), so that the short groups
 * fill the other subject slots meanwhile. `limits` is accepted for the callers' convenience.
 */
export function planGroups(rubric: Rubric, mode: Mode, _limits: Limits = rubric.limits): GroupSpec[] {
  const caseSets: CaseSet[] = mode === "check" ? ["public"] : ["public", "hidden"];
  const groups: GroupSpec[] = [];
  const lik = rubric.likelihood;
  if (mode === "grade" || lik.public) {
    const cases: CaseSet = lik.public ? "public" : "hidden";
    groups.push({
      id: "likelihood",
      kind: "likelihood",
      cases,
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
        tests: exerciseCheckNames(exercise).map((check) => ({ name: testName(exercise, cases, check), suite: exercise, cases, check, maxScore: points[check], visibility })),
      });
    }
  }
  groups.push({
    id: TYPE_CHECK,
    kind: "type-check",
    cases: "public",
    tests: EXERCISE_IDS.map((exercise) => ({ name: testName(exercise, "public", TYPE_CHECK), suite: exercise, cases: "public", check: TYPE_CHECK, maxScore: rubric.typeCheck?.points ?? 0, visibility: "visible" })),
  });
  return groups;
}

/** The tests in report order: exercise by exercise (public, then hidden), the likelihood last. */
export function reportOrder(groups: readonly GroupSpec[]): TestSpec[] {
  const suites: Suite[] = [...EXERCISE_IDS, "likelihood"];
  const all = groups.flatMap((g) => g.tests);
  return suites.flatMap((s) => all.filter((t) => t.suite === s).sort((a, b) => (a.cases === b.cases ? 0 : a.cases === "public" ? -1 : 1)));
}
