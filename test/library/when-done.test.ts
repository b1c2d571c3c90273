/**
 * requireDone (src/checks/when-done.ts): the first cell of a notebook section built on an exercise
 * stops the run with whenDone's one line, no stack trace, while that exercise is unwritten.
 */
import { inspect } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { requireDone } from "../../src/checks/when-done";
import * as unwritten from "../../exercises/affine-coupling";
import { AffineCoupling } from "../../solutions/affine-coupling";

beforeAll(async () => {
  await selectBackend("wasm");
});

/** notebook 05's probe of exercise (b). */
const probe = (cls: typeof AffineCoupling) => () => {
  const layer = new cls([1, 0]);
  try {
    tf.tidy(() => {
      layer.inverse(layer.forward(tf.zeros([1, 2]) as tf.Tensor2D).output);
    });
  } finally {
    layer.dispose();
  }
};

describe("requireDone", () => {
  it("stops with finishFirstLine as the only text (no stack frame) while the exercise is the template, and leaks nothing", async () => {
    const before = tf.memory().numTensors;
    const err = await requireDone("affine-coupling", probe(unwritten.AffineCoupling as typeof AffineCoupling)).then(() => null, (e: Error) => e);
    expect(err?.name).toBe("NotImplementedError");
    expect(err?.message).toMatch(/^Finish exercise \(b\) first: this cell runs your code from exercises\/affine-coupling\.ts \(Exercise \(b\) AffineCoupling\.forward is not implemented yet\)\. Run it again when the exercise is done\.$/);
    expect(err?.stack).not.toMatch(/\n\s+at /);
    expect(inspect(err).replace(/\s+/g, " ")).toBe(`NotImplementedError: ${err?.message}`);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("resolves when the exercise is written, and throws any other error as it is", async () => {
    await expect(requireDone("affine-coupling", probe(AffineCoupling))).resolves.toBeUndefined();
    await expect(requireDone("affine-coupling", () => { throw new RangeError("a bug"); })).rejects.toThrow(RangeError);
  });
});
