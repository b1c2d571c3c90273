/**
 * From the rubric to the work: the tests (one per exercise × case set × check, one type check per
 * exercise file, plus the likelihood test), their points and visibility, and the groups of tests
 * that are decided together (one per exercise × case set, the type check, and the likelihood).
 *
 * Test names are stable ids, used in results.json, JUnit, summary.csv and the fixtures'
 * expected.json: "affine-coupling/hidden/log-det-forward", "nll/public/type-check",
 * "likelihood/held-out-nll".
 */
import { COUPLING_CHECK_NAMES, MAF_CHECK_NAMES, NLL_CHECK_NAMES } from "../../src/checks";
import { EXERCISE_IDS, type ExerciseId } from "../../src/checks/exercises";
import { DEQUANTIZATION_CHECK_NAMES } from "../../src/checks/dequantization-exercise";
import { ACTNORM_CHECK_NAMES, INVERTIBLE_CONV_CHECK_NAMES } from "../../src/checks/image-bijector-exercise";
import type { Limits, Rubric, Visibility } from "./rubric";

/** "grade": every test; "check": the students' self-check, public tests only. */
export type Mode = "grade" | "check";
export type CaseSet = "public" | "hidden";
export type Suite = ExerciseId | "likelihood";

/** The exercises whose code the likelihood test trains: grading any of them (`--only`) grades it too. */
export const LIKELIHOOD_EXERCISES: readonly ExerciseId[] = ["affine-coupling", "nll"];

/** The exercises the image likelihood trains (their ActNorm and 1×1 convolution). */
export const IMAGE_LIKELIHOOD_EXERCISES: readonly ExerciseId[] = ["actnorm", "invertible-conv"];
/** The check name of the image likelihood test, in the likelihood suite: "likelihood/image-bits-per-dim". */
export const IMAGE_LIKELIHOOD_CHECK = "image-bits-per-dim";

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
  kind: "exercise" | "likelihood" | "image-likelihood" | "type-check";
  exercise?: ExerciseId;
  cases: CaseSet;
  tests: TestSpec[];
}

/** The check names the grader decides for an exercise, in report order (the same as src/checks). */
export function exerciseCheckNames(id: ExerciseId): readonly string[] {
  if (id === "actnorm") return ACTNORM_CHECK_NAMES;
  if (id === "invertible-conv") return INVERTIBLE_CONV_CHECK_NAMES;
  if (id === "dequantization") return DEQUANTIZATION_CHECK_NAMES;
  return id === "nll" ? NLL_CHECK_NAMES : id === "made-maf" ? MAF_CHECK_NAMES : COUPLING_CHECK_NAMES;
}

export function testName(suite: Suite, cases: CaseSet, check: string): string {
  return suite === "likelihood" ? `likelihood/${check}` : `${suite}/${cases}/${check}`;
}

/**
 * The exercises to grade: all of them, or the subset `only` (validated, in registry order).
 * @throws RangeError naming an unknown id.
 */
export function selectExercises(only?: readonly string[]): ExerciseId[] {
  if (only === undefined) return [...EXERCISE_IDS];
  const unknown = only.filter((id) => !(EXERCISE_IDS as readonly string[]).includes(id));
  if (unknown.length) throw new RangeError(`unknown exercise(s) ${unknown.join(", ")}; the exercises are ${EXERCISE_IDS.join(", ")}`);
  if (only.length === 0) throw new RangeError(`no exercise selected; the exercises are ${EXERCISE_IDS.join(", ")}`);
  return EXERCISE_IDS.filter((id) => only.includes(id));
}

/**
 * The groups to run, the longest first (the likelihood trains a flow), so that the short groups
 * fill the other subject slots meanwhile. `limits` is accepted for the callers' convenience.
 * `only` restricts grading to some exercises (their case sets and type checks), plus the
 * likelihood test when it trains one of them (LIKELIHOOD_EXERCISES).
 */
export function planGroups(rubric: Rubric, mode: Mode, _limits: Limits = rubric.limits, only?: readonly string[]): GroupSpec[] {
  const caseSets: CaseSet[] = mode === "check" ? ["public"] : ["public", "hidden"];
  const groups: GroupSpec[] = [];
  const selected = selectExercises(only);
  const lik = rubric.likelihood;
  if ((mode === "grade" || lik.public) && LIKELIHOOD_EXERCISES.some((id) => selected.includes(id))) {
    const cases: CaseSet = lik.public ? "public" : "hidden";
    groups.push({
      id: "likelihood",
      kind: "likelihood",
      cases,
      tests: [{ name: testName("likelihood", cases, LIKELIHOOD_CHECK), suite: "likelihood", cases, check: LIKELIHOOD_CHECK, maxScore: lik.points, visibility: lik.visibility }],
    });
  }
  const image = rubric.imageLikelihood;
  if (image && (mode === "grade" || image.public) && IMAGE_LIKELIHOOD_EXERCISES.some((id) => selected.includes(id))) {
    // `public` decides whether the self-check trains it too (students wait for it); its cases are the rubric's own, shown when visible
    const cases: CaseSet = image.public || image.visibility === "visible" ? "public" : "hidden";
    groups.push({
      id: "image-likelihood",
      kind: "image-likelihood",
      cases,
      tests: [{ name: testName("likelihood", cases, IMAGE_LIKELIHOOD_CHECK), suite: "likelihood", cases, check: IMAGE_LIKELIHOOD_CHECK, maxScore: image.points, visibility: image.visibility }],
    });
  }
  for (const cases of caseSets) {
    for (const exercise of selected) {
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
    tests: selected.map((exercise) => ({ name: testName(exercise, "public", TYPE_CHECK), suite: exercise, cases: "public", check: TYPE_CHECK, maxScore: rubric.typeCheck?.points ?? 0, visibility: "visible" })),
  });
  return groups;
}

/** The tests in report order: exercise by exercise (public, then hidden), the likelihood last. */
export function reportOrder(groups: readonly GroupSpec[]): TestSpec[] {
  const suites: Suite[] = [...EXERCISE_IDS, "likelihood"];
  const all = groups.flatMap((g) => g.tests);
  return suites.flatMap((s) => all.filter((t) => t.suite === s).sort((a, b) => (a.cases === b.cases ? 0 : a.cases === "public" ? -1 : 1)));
}
