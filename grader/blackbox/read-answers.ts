/**
 * The grader's strict reading of a subject's answers. Every field is checked for its type and
 * size before use; anything malformed reads as "no answer", never as a number. Why a subject
 * gave no answer is a problem code with its values, worded here in the reader's language
 * (subject-problem.ts); text that came from a subject is cut to one line, at most 600 characters.
 */
import type { AnswerLine, SubjectProblem } from "../subject/protocol";
import type { SubjectRun } from "../sandbox/run-subject";
import { cleanText, problemText } from "./subject-problem";

export { cleanText } from "./subject-problem";

const isShape = (s: unknown): s is number[] => Array.isArray(s) && s.length <= 4 && s.every((d) => Number.isInteger(d) && d >= 0);
const isValues = (v: unknown, n: number): v is (number | null)[] => Array.isArray(v) && v.length === n && v.every((x) => x === null || typeof x === "number");
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** The runner answers each section exactly once; a second answer can only come from student code. */
const DUPLICATE: SubjectProblem = { code: "duplicate" };

function section(run: SubjectRun, name: AnswerLine["section"], id?: string): AnswerLine | undefined {
  const found = run.answers.filter((a) => a.section === name && (id === undefined || a.id === id));
  return found.length > 1 ? { section: name, ok: false, error: DUPLICATE, problem: DUPLICATE } : found[0];
}

export interface ApiAnswer {
  ok: boolean;
  problem: string;
  notImplemented?: string;
  dim?: number;
  variableShapes?: number[][];
}

export function readApi(run: SubjectRun): ApiAnswer | undefined {
  const a = section(run, "api");
  if (!a || typeof a.ok !== "boolean") return undefined;
  return {
    ok: a.ok,
    problem: a.ok ? "" : problemText(a.problem),
    notImplemented: typeof a.notImplemented === "string" ? cleanText(a.notImplemented, 200) : undefined,
    dim: Number.isInteger(a.dim) ? (a.dim as number) : undefined,
    variableShapes: Array.isArray(a.variableShapes) && a.variableShapes.every(isShape) ? (a.variableShapes as number[][]) : undefined,
  };
}

export type CallAnswer =
  | { ok: true; outputShape: number[]; output: (number | null)[]; logDetShape?: number[]; logDet?: (number | null)[] }
  | { ok: false; problem: string; notImplemented?: string };

/** The answer to call `id`, or undefined when the subject never gave a well-formed one. */
export function readCall(run: SubjectRun, id: string): CallAnswer | undefined {
  const a = section(run, "call", id);
  if (!a) return undefined;
  if (a.ok === false) return { ok: false, problem: problemText(a.error), notImplemented: typeof a.notImplemented === "string" ? cleanText(a.notImplemented, 200) : undefined };
  if (a.ok !== true || !isShape(a.outputShape) || !isValues(a.output, size(a.outputShape))) return undefined;
  if (a.logDetShape === undefined) return { ok: true, outputShape: a.outputShape, output: a.output };
  if (!isShape(a.logDetShape) || !isValues(a.logDet, size(a.logDetShape))) return undefined;
  return { ok: true, outputShape: a.outputShape, output: a.output, logDetShape: a.logDetShape, logDet: a.logDet };
}

export type GradientAnswer = { ok: true; grads: ((number | null)[] | null)[] } | { ok: false; problem: string; notImplemented?: string };

const notImplementedOf = (a: AnswerLine) => (typeof a.notImplemented === "string" ? cleanText(a.notImplemented, 200) : undefined);

export function readGradient(run: SubjectRun, id: string, shapes: readonly number[][]): GradientAnswer | undefined {
  const a = section(run, "gradient", id);
  if (!a) return undefined;
  if (a.ok === false) return { ok: false, problem: problemText(a.error), notImplemented: notImplementedOf(a) };
  const grads = a.grads;
  if (a.ok !== true || !Array.isArray(grads) || grads.length !== shapes.length) return undefined;
  if (!grads.every((g, i) => g === null || isValues(g, size(shapes[i])))) return undefined;
  return { ok: true, grads: grads as ((number | null)[] | null)[] };
}

export type LeakAnswer = { ok: true; tensorsPerCall: number } | { ok: false; problem: string; notImplemented?: string };

export function readLeak(run: SubjectRun): LeakAnswer | undefined {
  const a = section(run, "leak");
  if (!a) return undefined;
  if (a.ok === false) return { ok: false, problem: problemText(a.error), notImplemented: notImplementedOf(a) };
  return a.ok === true && typeof a.tensorsPerCall === "number" ? { ok: true, tensorsPerCall: a.tensorsPerCall } : undefined;
}

export type TrainedAnswer = { ok: true; steps: number; weights: number[][]; losses: (number | null)[] } | { ok: false; problem: string; notImplemented?: string };

export function readTrained(run: SubjectRun, shapes: readonly number[][]): TrainedAnswer | undefined {
  const a = section(run, "trained");
  if (!a) return undefined;
  if (a.ok === false) return { ok: false, problem: problemText(a.error), notImplemented: typeof a.notImplemented === "string" ? cleanText(a.notImplemented, 200) : undefined };
  const w = a.weights;
  if (a.ok !== true || !Number.isInteger(a.steps) || !Array.isArray(w) || w.length !== shapes.length) return undefined;
  if (!w.every((v, i) => isValues(v, size(shapes[i])))) return undefined;
  const losses = Array.isArray(a.losses) && a.losses.length <= 1000 && a.losses.every((x) => x === null || typeof x === "number") ? (a.losses as (number | null)[]) : [];
  return { ok: true, steps: a.steps as number, weights: (w as (number | null)[][]).map((v) => v.map((x) => x ?? NaN)), losses };
}

export type MasksAnswer = { ok: true; masks: unknown } | { ok: false; problem: string; notImplemented?: string };

/**
 * The matrices madeMasks returned for request `id` (exercise (g)), unjudged: the caller checks their
 * shape and entries with maskProblem before any use. Answers above 200,000 entries read as no answer.
 */
export function readMasks(run: SubjectRun, id: string): MasksAnswer | undefined {
  const a = section(run, "masks", id);
  if (!a) return undefined;
  if (a.ok === false) return { ok: false, problem: problemText(a.error), notImplemented: notImplementedOf(a) };
  if (a.ok !== true) return undefined;
  const entries = Array.isArray(a.masks) ? (a.masks as unknown[]).flat(2).length : 0;
  return entries <= 200_000 ? { ok: true, masks: a.masks } : undefined;
}
