/**
 * What the grader and a subject process say to each other: numbers in, numbers out.
 *
 * The grader writes ONE {@link SubjectJob} as JSON on the subject's stdin: which compiled module,
 * how to build the object under test, its weights as arrays, input batches as flat row-major
 * arrays. The subject prints its answers as lines `@@answer {json}` on stdout, one section at a
 * time, as soon as each exists (a later crash or hang then loses nothing finished), and marks
 * phases for the memory measurement with `@@mark <name>` lines.
 *
 * Nothing here is trusted by the grader: it reads each section with a strict parser
 * (grader/blackbox/read-answers.ts), re-derives every verdict from the numbers, and treats a
 * missing or malformed section as that check failing. This file is bundled into the subject's
 * runner, so it holds types and constants only: no seeds, no tolerances, no paths.
 */

export const ANSWER_PREFIX = "@@answer ";
export const MARK_PREFIX = "@@mark ";

/**
 * A batch of `rows` rows of width `dim`, flattened row by row. The grader writes number[]; the
 * values travel packed as float32 (float32-codec.ts), so a subject reads a Float32Array.
 */
export interface Rows {
  rows: number;
  dim: number;
  values: number[] | Float32Array;
}

/** How the subject builds the bijector under test from the student's compiled module. */
export type BuildSpec =
  | { kind: "coupling"; module: string; className: string; mask: number[]; hidden: number[] }
  /** An image bijector (exercises (d), (e)): `new C({ height, width, channels }, { seed })`, on rows [batch, H·W·C]. */
  | { kind: "image"; module: string; className: string; shape: { height: number; width: number; channels: number }; seed: number }
  /**
   * The image likelihood's flow: the library's multiscaleFlow with no coupling (a linear flow) built
   * from the student's ActNorm (`module`) and Invertible1x1Conv (`convModule`); with `logitAlpha`,
   * a Logit layer first (training), without it the same flow on logit-space rows (evaluation).
   */
  | { kind: "image-flow"; module: string; className: string; convModule: string; shape: { height: number; width: number; channels: number }; levels: number; steps: number; seed: number; logitAlpha?: number }
  | { kind: "coupling-flow"; module: string; className: string; dim: number; layers: number; hidden: number[] }
  /** An autoregressive layer (exercise (g)): `new C(dim, { hidden, seed: 0, masks })`, with the grader's masks. */
  | { kind: "autoregressive"; module: string; className: string; dim: number; hidden: number[]; masks: number[][][] };

export type Direction = "forward" | "inverse";

export interface BijectorCall {
  id: string;
  direction: Direction;
  input: Rows;
  /** Weights for this call only (a perturbation); the base weights are restored afterwards. */
  weights?: number[][];
}

/**
 * A scalar of the forward pass whose gradient the subject reports: L = Σ_bi a_bi z_bi + c · Σ logDet
 * (the log-det summed whatever its shape, so a wrongly shaped log-det still has a gradient).
 */
export interface GradientRequest {
  id: string;
  input: Rows;
  outputWeights: number[];
  logDetWeight: number;
}

/** Repeated forward + inverse (or loss) calls whose memory the supervisor measures after a "warm" mark. */
export interface LeakRequest {
  input: Rows;
  warmup: number;
  iterations: number;
}

export type Backend = "wasm" | "cpu" | "webgpu";

export interface BijectorJob {
  kind: "bijector";
  backend: Backend;
  build: BuildSpec;
  /** The values of trainableVariables(), in order, each flattened. */
  weights: number[][];
  /** The shapes the grader expects trainableVariables() to have. */
  weightShapes: number[][];
  calls: BijectorCall[];
  gradient?: GradientRequest;
  leak?: LeakRequest;
  /** Calls of the module's madeMasks(dim, hidden, outputsPerDim), answered before the layer is built (exercise (g)). */
  masks?: MasksRequest[];
  /** Tests only: leave the process unsealed (seal.ts), to probe the operating system's and Node's layers beneath it. The grader never sets it. */
  unsealed?: true;
}

/** One call of madeMasks: the subject answers the 0/1 matrices as returned, and the grader judges them. */
export interface MasksRequest {
  id: string;
  dim: number;
  hidden: number[];
  outputsPerDim: number;
}

export type NllFunction = "standardNormalLogProb" | "flowLogProb" | "nllLoss";

export interface NllJob {
  kind: "nll";
  backend: Backend;
  module: string;
  dim: number;
  /** The log-scales of the trusted flow DiagonalScale(D) → reverse → DiagonalScale(D). */
  flowWeights: [number[], number[]];
  /** Each call may use other log-scales (a perturbation for the gradient check). */
  calls: { id: string; fn: NllFunction; input: Rows; flowWeights?: [number[], number[]] }[];
  /** Autodiff gradient of the student's nllLoss on this batch w.r.t. the two log-scale vectors. */
  gradient?: { id: string; input: Rows };
  leak?: LeakRequest;
}

export interface TrainJob {
  kind: "train";
  backend: Backend;
  build: Extract<BuildSpec, { kind: "coupling-flow" }>;
  /** The compiled module exporting nllLoss. */
  lossModule: string;
  data: Rows;
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

/**
 * ActNorm's data-dependent initialisation (exercise (d)) on a FRESH layer (no weights set):
 * answers `initialized` before, then calls "init:a" = forward(first) after initialize(first), and
 * "init:again" = forward(first) after a second initialize(second), with `initialized` after each.
 */
export interface InitJob {
  kind: "init";
  backend: Backend;
  build: BuildSpec;
  first: Rows;
  second: Rows;
}

/**
 * Exercise (f): uniformDequantize(pixels, noise, levels) ("y"), discreteBitsPerDim on each triple
 * ("bpd", numbers), and dequantizedNllLoss on the trusted flow DiagonalScale → reverse →
 * DiagonalScale with the grader's log-scales ("loss").
 */
export interface DequantizationJob {
  kind: "dequantization";
  backend: Backend;
  module: string;
  pixels: Rows;
  noise: Rows;
  levels: number;
  triples: [number, number, number][];
  flowWeights: [number[], number[]];
}

/**
 * The image likelihood's training (exercises (d), (e)): the flow of `build`, its ActNorms initialised
 * on the first batch, trained for a FIXED number of Adam steps with the library's dequantized NLL
 * (K = `levels`) on integer pixel rows. Answers "api" with the variables' shapes, then "trained".
 */
export interface ImageTrainJob {
  kind: "image-train";
  backend: Backend;
  build: Extract<BuildSpec, { kind: "image-flow" }>;
  data: Rows;
  levels: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export type SubjectJob = BijectorJob | NllJob | TrainJob | InitJob | DequantizationJob | ImageTrainJob;

/** One answer line; each section's fields are read by the grader's strict parser. */
export interface AnswerLine {
  section: "ready" | "api" | "call" | "gradient" | "leak" | "trained" | "masks" | "done";
  [field: string]: unknown;
}

/**
 * Why a subject has no answer for a section, as a code and the values it names (a call, a file,
 * what the student's code threw, quoted as it was): the grader words it in the reader's language
 * (blackbox/subject-problem.ts, catalogue keys "subject.<code>"). A value may itself be a problem
 * (what a call returned instead of a tensor). The last two codes are the grader's own.
 */
export interface ProblemValues {
  "load-failed": { error: string };
  "file-load-failed": { file: string; error: string };
  "no-class": { name: string; exports: string | SubjectProblem };
  "file-no-class": { file: string; name: string };
  "no-function": { file: string; name: string };
  "missing-functions": { names: string };
  "no-method": { method: string };
  "no-initialize": Record<never, never>;
  "constructor-threw": { name: string; error: string };
  "flow-threw": { error: string };
  "variables-not-array": Record<never, never>;
  "variables-count": { count: string; expected: string };
  "variable-shape": { index: string; shape: string; expected: string };
  threw: { call: string; error: string };
  "init-threw": { error: string };
  "functions-threw": { error: string };
  "training-threw": { error: string };
  "forward-gradient-failed": { error: string };
  "gradient-failed": { call: string; error: string };
  returned: { call: string; value: SubjectProblem };
  "returned-output": { call: string; value: SubjectProblem };
  "returned-log-det": { call: string; value: SubjectProblem };
  "not-number": { call: string; type: string };
  "not-tensor": { type: string };
  disposed: Record<never, never>;
  "no-exports": Record<never, never>;
  "require-refused": { file: string; module: string };
  "subject-failed": { error: string };
  duplicate: Record<never, never>;
  "no-message": Record<never, never>;
}

export type ProblemCode = keyof ProblemValues;
export type SubjectProblem = { [C in ProblemCode]: { code: C } & ProblemValues[C] }[ProblemCode];
