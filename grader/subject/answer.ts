/**
 * How a subject reports: one `@@answer {json}` line per section, written synchronously (stdout is
 * a pipe, which Node writes synchronously on Linux), and the helpers that turn tensors and errors
 * into plain numbers and short strings. Non-finite numbers travel as null.
 */
import * as tf from "@tensorflow/tfjs";
import { ANSWER_PREFIX, MARK_PREFIX, type AnswerLine, type Rows } from "./protocol";

const write = process.stdout.write.bind(process.stdout);

export function answer(line: AnswerLine): void {
  write(`${ANSWER_PREFIX}${JSON.stringify(line, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v))}\n`);
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

/** The exercise a NotImplementedError names, if `err` is one. */
export function notImplemented(err: unknown): string | undefined {
  const e = err as { name?: unknown; exercise?: unknown };
  return e?.name === "NotImplementedError" ? String(e.exercise ?? "this exercise") : undefined;
}

export function toTensor(rows: Rows): tf.Tensor2D {
  return tf.tensor2d(rows.values, [rows.rows, rows.dim], "float32");
}

/** The shape and values of what student code returned, or a description of why it is not a tensor. */
export async function readTensor(t: unknown): Promise<{ shape: number[]; values: number[] } | { problem: string }> {
  if (!(t instanceof tf.Tensor)) return { problem: `not a tf.Tensor (got ${t === null ? "null" : typeof t})` };
  if (t.isDisposed) return { problem: "a tensor that was already disposed" };
  return { shape: [...t.shape], values: Array.from(await t.data()) };
}

/**
 * Runs `f`, then a full garbage collection (the subject runs with --expose-gc), so that the
 * supervisor's memory reading sees what is still alive, not garbage waiting to be collected.
 */
export function collected(f: () => void): void {
  f();
  (globalThis as { gc?: () => void }).gc?.();
}
