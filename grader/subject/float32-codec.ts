/**
 * Batches of rows (grader → subject) and tensor values (subject → grader) travel as float32 bytes
 * in base64 (`{ "f32": "…" }`), not as JSON numbers: about 5.3 characters per number instead of
 * about 19, and no number printing or parsing on either side (the jobs of one grading of the
 * solutions held about 115 MB of JSON number arrays). Measured side by side, the CPU time saved is
 * within the machine's noise (grader/README.md, "Speed").
 *
 * Nothing is lost. A batch's rows become float32 tensors in the subject anyway (`Float32Array.from`
 * rounds to nearest, like `tf.tensor2d`), and what a subject answers was read from float32 tensors,
 * so the float32 bytes hold exactly the value that JSON printed before. Non-finite values keep their
 * value in the bytes; the grader reads them as null, as it read JSON's null before (and −0 as 0).
 * Numbers that are not float32 (a student's JS `discreteBitsPerDim` results, weights, masks) stay
 * JSON numbers.
 *
 * This file is bundled into the subject's runner too: codecs only, no grader secret.
 */

/** The packed form of a float32 array. */
export interface PackedFloat32 {
  f32: string;
}

export function packFloat32(values: ArrayLike<number>): PackedFloat32 {
  const f = values instanceof Float32Array ? values : Float32Array.from(values);
  return { f32: Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString("base64") };
}

/** The float32 values of a packed array, or undefined when it is not one (wrong type, length not a multiple of 4 bytes). */
export function unpackFloat32(v: unknown): Float32Array | undefined {
  if (!v || typeof v !== "object" || Array.isArray(v) || Object.keys(v).length !== 1 || typeof (v as PackedFloat32).f32 !== "string") return undefined;
  const bytes = Buffer.from((v as PackedFloat32).f32, "base64");
  if (bytes.length % 4 !== 0) return undefined;
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Grader → subject, JSON.stringify replacer: the `values` of every batch of rows (`{ rows, dim, values }`) packed. */
export function packRowsReplacer(this: unknown, key: string, value: unknown): unknown {
  const holder = this as { rows?: unknown; dim?: unknown };
  return key === "values" && Array.isArray(value) && typeof holder.rows === "number" && typeof holder.dim === "number" ? packFloat32(value as number[]) : value;
}

/** Subject side, JSON.parse reviver of the job: packed arrays become Float32Arrays. */
export function unpackReviver(_key: string, value: unknown): unknown {
  return unpackFloat32(value) ?? value;
}

/** Subject → grader, JSON.stringify replacer of an answer: every Float32Array packed; other non-finite numbers as null. */
export function packAnswerReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Float32Array) return packFloat32(value);
  return typeof value === "number" && !Number.isFinite(value) ? null : value;
}

/**
 * Grader side, JSON.parse reviver of an answer line: a packed array becomes plain numbers with
 * non-finite values as null (what the strict readers in blackbox/read-answers.ts expect); a
 * malformed one becomes the string "malformed float32 array", which no reader takes for numbers.
 */
export function unpackAnswerReviver(_key: string, value: unknown): unknown {
  if (!value || typeof value !== "object" || !("f32" in value)) return value;
  const f = unpackFloat32(value);
  if (!f) return "malformed float32 array";
  const out: (number | null)[] = new Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = Number.isFinite(f[i]) ? f[i] + 0 : null; // + 0: −0 reads as 0, as JSON printed it
  return out;
}
