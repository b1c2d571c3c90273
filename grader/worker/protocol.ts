/**
 * What the grader and its worker processes say to each other, and nothing else.
 *
 * The parent writes a {@link WorkerJob} as JSON to a file and starts
 * `node --import tsx grader/worker/worker.ts <job.json>`. The worker appends one JSON object per
 * line ({@link WorkerLine}) to `job.resultsFile`, synchronously, as it goes:
 *
 *   {"type":"backend","line":"FlowLab backend: wasm (...)"}     first, before any student code runs
 *   {"type":"start","check":"round-trip-forward"}                 before each check
 *   {"type":"result","check":"round-trip-forward","result":{...},"ms":12}
 *   {"type":"done"}                                               last
 *
 * The parent trusts only these lines, never the exit code alone: a worker that is killed, or whose
 * student code calls `process.exit(0)`, leaves the lines it wrote so far, and every check without a
 * "result" line fails with the reason it was cut short. A {"type":"fatal"} line means the worker's
 * own setup failed (bad job, no backend): the grader, not the student, is at fault.
 */
import type { CheckResult, LikelihoodConfig } from "../../src/checks";
import type { ExerciseCases, ExerciseId } from "../../src/checks/exercises";

export type CaseSet = "public" | "hidden";

/** The tolerance names of src/tolerances.ts that a rubric may set for grading. */
export type ToleranceOverrides = Partial<Record<"roundTrip" | "logDet" | "inverseLogDet" | "trainedFlowRoundTrip" | "nllValue" | "determinism" | "leakedTensors", number>>;

interface JobBase {
  /** The group id, e.g. "affine-coupling/hidden" or "likelihood": for messages. */
  group: string;
  /** The staged folder holding the student's files (exercises-shaped). */
  exercisesDir: string;
  /** Where the worker appends its JSON lines. */
  resultsFile: string;
  tolerances: ToleranceOverrides;
  /** The worker kills itself this long after it starts, even if the parent is gone (ms). */
  hardDeadlineMs: number;
}

/** Run the named checks of one exercise on one case set, one at a time. */
export interface ExerciseJob extends JobBase {
  kind: "exercise";
  exercise: ExerciseId;
  /** The case set's name, for messages. */
  cases: CaseSet;
  /** The cases themselves: empty for "public" (the library's public cases), the rubric's hiddenCases for "hidden". */
  caseList: ExerciseCases;
  checks: string[];
}

/** Train a flow from the student's layers and loss and measure its held-out NLL. */
export interface LikelihoodJob extends JobBase {
  kind: "likelihood";
  config: LikelihoodConfig;
}

export type WorkerJob = ExerciseJob | LikelihoodJob;

/** A CheckResult as it travels through JSON (NaN becomes null), plus the likelihood's extras. */
export type WireResult = Omit<CheckResult, "measured" | "tolerance"> & {
  measured?: number | null;
  tolerance?: number | null;
  heldOutNll?: number | null;
  trainedSteps?: number;
  trainingMs?: number;
};

export type WorkerLine =
  | { type: "backend"; line: string }
  | { type: "start"; check: string }
  | { type: "result"; check: string; result: WireResult; ms: number }
  | { type: "fatal"; message: string }
  | { type: "done" };

/** The check name the likelihood job reports its one result under. */
export const LIKELIHOOD_CHECK = "held-out-nll";

/** Parses the worker's JSON-lines file; a torn last line (the worker was killed mid-write) is dropped. */
export function parseWorkerLines(text: string): WorkerLine[] {
  const lines: WorkerLine[] = [];
  for (const raw of text.split("\n")) {
    if (!raw.trim()) continue;
    try {
      const value = JSON.parse(raw) as WorkerLine;
      if (value && typeof value === "object" && typeof value.type === "string") lines.push(value);
    } catch {
      // an incomplete line written when the process was killed: ignore it
    }
  }
  return lines;
}
