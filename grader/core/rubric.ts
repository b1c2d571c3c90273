/**
 * The rubric (grader/rubric.json): points and visibility per check and case set, the tolerances,
 * the time and memory limits, and the likelihood configuration with its seed and threshold.
 *
 * `loadRubric` validates it against grader/schemas/rubric.schema.json with ajv, then checks what a
 * schema cannot: every exercise lists exactly the checks that src/checks defines (so a check
 * added to the library cannot go ungraded, and a typo cannot award points for nothing), and the
 * dataset exists.
 */
import { readFileSync } from "node:fs";
import type { LikelihoodConfig } from "../../src/checks";
import { EXERCISE_IDS, type ExerciseCases, type ExerciseId } from "../../src/checks/exercises";
import { DATASET_NAMES } from "../../src/datasets/dataset";
import type { ImageLikelihoodConfig } from "../blackbox/image-likelihood";
import type { ToleranceName } from "../../src/tolerances";
import { exerciseCheckNames, type CaseSet } from "./plan";
import { schemaProblems } from "./json-schema";
import { DEFAULT_RUBRIC } from "./paths";

export type Visibility = "hidden" | "after_due_date" | "after_published" | "visible";

export interface CaseSetRubric {
  visibility: Visibility;
  points: Record<string, number>;
}

/** The tolerances a rubric may set (the grader's defaults are src/tolerances.ts). */
export type ToleranceOverrides = Partial<Record<ToleranceName, number>>;

export interface Limits {
  /** Subject processes at a time. */
  concurrency: number;
  /** CPU-time limit of each exercise subject, ms. */
  exerciseTimeoutMs: number;
  /** CPU-time limit of the likelihood's subjects (training included), ms. */
  likelihoodTimeoutMs: number;
  memoryMb: number;
  memoryPollMs?: number;
}

export interface Rubric {
  title?: string;
  /** The language of messages and hints in the outputs (default en); `--lang` overrides it. */
  language?: "en" | "fr" | "es";
  limits: Limits;
  tolerances: ToleranceOverrides;
  exercises: Record<ExerciseId, Record<CaseSet, CaseSetRubric>>;
  /** Points of each file's type check with tslab's options (default 0: reported, not scored). */
  typeCheck?: { points: number };
  /** The hidden cases: in the rubric, not the library, so an instructor's private rubric keeps them secret. */
  hiddenCases: Required<ExerciseCases>;
  /** The grader's secret (blackbox/secret.ts): only the autograder's rubric holds the real one. */
  secret: string;
  likelihood: {
    points: number;
    visibility: Visibility;
    public: boolean;
    config: LikelihoodConfig;
    calibration: { seeds: number[]; backends: string[]; margin: number; worstCorrectNll?: number; measuredOn?: string };
  };
  /** The image likelihood of exercises (d), (e): held-out bits/dim of a small Glow-style flow built from them. */
  imageLikelihood?: {
    points: number;
    visibility: Visibility;
    public: boolean;
    config: ImageLikelihoodConfig;
    calibration: { seeds: number[]; backends: string[]; margin: number; worstCorrectBitsPerDim?: number; measuredOn?: string };
  };
}

/** The rubric is malformed; `problems` lists every reason, one per line. */
export class RubricError extends Error {
  override name = "RubricError";
  constructor(readonly source: string, readonly problems: string[]) {
    super(`rubric ${source} is invalid:\n  ${problems.join("\n  ")}`);
  }
}

/** Validates a parsed rubric; throws RubricError listing every problem. */
export function validateRubric(value: unknown, source = "(object)"): Rubric {
  const problems = schemaProblems("rubric.schema.json", value);
  if (problems.length) throw new RubricError(source, problems);
  const rubric = value as Rubric;
  for (const id of EXERCISE_IDS) {
    const expected = exerciseCheckNames(id);
    for (const cases of ["public", "hidden"] as const) {
      const listed = Object.keys(rubric.exercises[id][cases].points);
      const missing = expected.filter((c) => !listed.includes(c));
      const unknown = listed.filter((c) => !expected.includes(c));
      if (missing.length) problems.push(`/exercises/${id}/${cases}/points is missing check(s) ${missing.join(", ")} (src/checks defines: ${expected.join(", ")})`);
      if (unknown.length) problems.push(`/exercises/${id}/${cases}/points has unknown check(s) ${unknown.join(", ")} (src/checks defines: ${expected.join(", ")})`);
    }
  }
  if (!(DATASET_NAMES as readonly string[]).includes(rubric.likelihood.config.dataset)) {
    problems.push(`/likelihood/config/dataset must be one of ${DATASET_NAMES.join(", ")}; got "${rubric.likelihood.config.dataset}"`);
  }
  if (problems.length) throw new RubricError(source, problems);
  return rubric;
}

/** Reads and validates a rubric file (default grader/rubric.json). */
export function loadRubric(path = DEFAULT_RUBRIC): Rubric {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new RubricError(path, [`cannot be read as JSON: ${(err as Error).message}`]);
  }
  return validateRubric(parsed, path);
}
