/**
 * How a subject reports: one `@@answer {json}` line per section, written synchronously (stdout is
 * a pipe, which Node writes synchronously on Linux), and the helpers that turn tensors and errors
 * into plain numbers and short strings. Tensor values travel as packed float32 (float32-codec.ts);
 * other non-finite numbers as null.
 */
import * as tf from "@tensorflow/tfjs";
import { packAnswerReplacer } from "./float32-codec";
import { ANSWER_PREFIX, MARK_PREFIX, type AnswerLine, type ProblemCode, type ProblemValues, type Rows, type SubjectProblem } from "./protocol";

const write = process.stdout.write.bind(process.stdout);

export function answer(line: AnswerLine): void {
  write(`${ANSWER_PREFIX}${JSON.stringify(line, packAnswerReplacer)}\n`);
}

export function mark(name: string): void {
  write(`${MARK_PREFIX}${name}\n`);
}

/** "Name: message", one line, at most 600 characters. */
export function describeError(err: unknown): string {
  const e = err as Error;
  const text = e instanceof Error || (e && typeof e === "object" && "message" in e) ? `${e.name ?? "Error"}: ${e.message}` : String(err);
  return text.replace(/\s+/g, " ").slice(0, 600);
}

/** A problem to answer, by code and values (the grader words it: protocol.ts ProblemValues). */
export function problem<C extends ProblemCode>(code: C, values: ProblemValues[C]): SubjectProblem {
  return { code, ...values } as SubjectProblem;
}

/** Thrown by the subject's own checks (variables not as the grader expects): answered as its problem, not as an error of the student's code. */
export class Refusal extends Error {
  constructor(readonly problem: SubjectProblem) {
    super(problem.code);
  }
}

/** `err` as a problem: a Refusal's own, else `frame` around what was thrown (quoted as it was). */
export function problemOf(err: unknown, frame: (error: string) => SubjectProblem): SubjectProblem {
  return err instanceof Refusal ? err.problem : frame(describeError(err));
}

/** The exercise a NotImplementedError names, if `err` is one. */
export function notImplemented(err: unknown): string | undefined {
  const e = err as { name?: unknown; exercise?: unknown };
  return e?.name === "NotImplementedError" ? String(e.exercise ?? "this exercise") : undefined;
}

export function toTensor(rows: Rows): tf.Tensor2D {
  return tf.tensor2d(rows.values, [rows.rows, rows.dim], "float32");
}

/** The shape and values of what student code returned, or why it is not a tensor. */
export async function readTensor(t: unknown): Promise<{ shape: number[]; values: Float32Array } | { problem: SubjectProblem }> {
  if (!(t instanceof tf.Tensor)) return { problem: problem("not-tensor", { type: t === null ? "null" : typeof t }) };
  if (t.isDisposed) return { problem: problem("disposed", {}) };
  return { shape: [...t.shape], values: await float32Values(t) };
}

/** The gradient of each variable as float32 values, in the variables' order; null where no gradient reaches it. */
export async function gradientValues(grads: tf.NamedTensorMap, variables: readonly tf.Variable[]): Promise<(Float32Array | null)[]> {
  const out: (Float32Array | null)[] = [];
  for (const v of variables) out.push(grads[v.name] ? await float32Values(grads[v.name]) : null);
  return out;
}

/** A tensor's values as float32 (an int or bool tensor's values converted). */
export async function float32Values(t: tf.Tensor): Promise<Float32Array> {
  const data = await t.data();
  return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
}

/**
 * Runs `f`, then a full garbage collection (the subject runs with --expose-gc), so that the
 * supervisor's memory reading sees what is still alive, not garbage waiting to be collected.
 */
export function collected(f: () => void): void {
  f();
  (globalThis as { gc?: () => void }).gc?.();
}
