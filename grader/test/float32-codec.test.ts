/**
 * The float32 packing of large arrays between grader and subject (grader/subject/float32-codec.ts):
 * what arrives is exactly what JSON numbers carried before, for rows (grader → subject) and for
 * tensor values (subject → grader), and a malformed packed array is never read as numbers.
 */
import { describe, expect, it } from "vitest";
import { packAnswerReplacer, packFloat32, packRowsReplacer, unpackAnswerReviver, unpackReviver } from "../subject/float32-codec";

/** Values a subject can meet: ordinary, tiny, huge, subnormal, signed zero, non-finite. */
const awkward = [0.1, -0.4131588779069028, 1e-30, 3.4e38, 1.4e-45, -0, 0, 123456789, NaN, Infinity, -Infinity];

describe("float32 packing of subject traffic", () => {
  it("a job's rows arrive as the float32 values tf.tensor2d would have made of the JSON numbers; other arrays stay JSON", () => {
    const job = { input: { rows: 1, dim: awkward.length, values: awkward.filter(Number.isFinite).concat([0, 0, 0]) }, triples: [[0.1, 2, 256]], weights: [[0.1, 0.2]] };
    const text = JSON.stringify(job, packRowsReplacer);
    const back = JSON.parse(text, unpackReviver);
    expect(back.input.values).toBeInstanceOf(Float32Array);
    expect(Array.from(back.input.values)).toEqual(Array.from(Float32Array.from(job.input.values)));
    expect(back.triples).toEqual([[0.1, 2, 256]]); // discreteBitsPerDim gets float64 numbers
    expect(back.weights).toEqual([[0.1, 0.2]]);
  });

  it("a tensor's values reach the grader as the same numbers the JSON path gave (non-finite as null), other fields untouched", () => {
    const tensorValues = Float32Array.from(awkward);
    const line = { section: "call", output: tensorValues, bpd: [0.1, NaN], grads: [tensorValues, null] };
    const viaJson = JSON.parse(JSON.stringify({ ...line, output: Array.from(tensorValues), grads: [Array.from(tensorValues), null] }, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)));
    const packed = JSON.parse(JSON.stringify(line, packAnswerReplacer), unpackAnswerReviver);
    expect(packed).toEqual(viaJson);
    expect(packed.output.slice(-3)).toEqual([null, null, null]);
  });

  it("a malformed packed array reads as a string, never as numbers", () => {
    for (const bad of ['{"f32":"AAA"}', '{"f32":12}', '{"f32":"AAAA","x":1}']) {
      const v = JSON.parse(bad, unpackAnswerReviver);
      expect(Array.isArray(v), bad).toBe(false);
    }
    expect(JSON.parse(JSON.stringify({ v: packFloat32([1, 2]) }), unpackAnswerReviver).v).toEqual([1, 2]);
  });
});
