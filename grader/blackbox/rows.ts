/**
 * Batches of rows as the grader builds and reads them: number[][] on the grader's side, a flat
 * row-major {@link Rows} on the wire. Values read back from a subject are float32 numbers in
 * float64 JavaScript, with null where the subject sent a non-finite value.
 */
import type { Rows } from "../subject/protocol";

export function toRows(rows: readonly (readonly number[])[]): Rows {
  const dim = rows[0]?.length ?? 0;
  return { rows: rows.length, dim, values: rows.flat() };
}

/** Splits flat values into rows of width `dim`. */
export function fromFlat(values: readonly (number | null)[], dim: number): (number | null)[][] {
  return Array.from({ length: values.length / dim }, (_, i) => values.slice(i * dim, (i + 1) * dim));
}

/** max |a − b| over matching entries; NaN when the lengths differ or any entry is missing or non-finite. */
export function maxAbsDiff(a: readonly (number | null)[], b: readonly (number | null)[]): number {
  if (a.length !== b.length) return NaN;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) return NaN;
    worst = Math.max(worst, Math.abs(x - y));
  }
  return worst;
}

export function allFinite(values: readonly (number | null)[]): values is number[] {
  return values.every((v) => typeof v === "number" && Number.isFinite(v));
}

/** `rows` repeated until there are `n` of them (a bigger batch for the memory measurement). */
export function tile(rows: readonly number[][], n: number): number[][] {
  return Array.from({ length: n }, (_, i) => rows[i % rows.length]);
}
