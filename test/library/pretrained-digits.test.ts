/**
 * Issue 18's library pieces: the Logit layer through the shared checks, the shipped pretrained
 * digits flow (loads through the reference ActNorm and 1×1 conv of solutions/ and reproduces its
 * manifest's held-out bits/dim), and the shipped digit classifier's test accuracy.
 */
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { ActNorm } from "../../solutions/actnorm";
import { AffineCoupling } from "../../solutions/affine-coupling";
import { Invertible1x1Conv } from "../../solutions/invertible-conv";
import { selectBackend } from "../../src/backend";
import { Logit } from "../../src/bijectors/image/logit";
import { imageShape } from "../../src/bijectors/image/image-shape";
import { loadFlowWeights, readFlowWeights } from "../../src/bijectors/image/checkpoint";
import { buildPretrainedArchitecture, loadPretrainedFlow } from "../../src/bijectors/image/pretrained";
import { BIJECTOR_CHECKS, BIJECTOR_CHECK_NAMES } from "../../src/checks/bijector-checks";
import type { NamedInput } from "../../src/checks/inputs";
import { digitsTensor, loadDigits } from "../../src/datasets/digits";
import { dequantizedBitsPerDim } from "../../src/eval/dequantization";
import * as deq from "../../solutions/dequantization";
import { digitClassifierFromFile, type DigitClassifierFile } from "../../src/eval/digit-classifier";
import { independentPixelBitsPerDim } from "../../src/eval/pixel-baseline";
import { Rng } from "../../src/random/prng";

const MANIFEST = "notebooks/pretrained/digits-glow.json";
const CLASSIFIER = "notebooks/pretrained/digit-classifier.json";

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("Logit", () => {
  /** Inputs in the layer's domain (0, 1): uniform rows, the edges (0 and just below 1), one row. */
  const unitInputs = (dim: number): NamedInput[] => {
    const rng = new Rng(5);
    return [
      { label: "seeded", rows: Array.from({ length: 64 }, () => Array.from({ length: dim }, () => rng.uniform())) },
      { label: "stress", rows: [new Array(dim).fill(0), new Array(dim).fill(0.999), Array.from({ length: dim }, (_, j) => (j % 2 ? 1e-6 : 0.99))] },
      { label: "single", rows: [Array.from({ length: dim }, () => rng.uniform())] },
    ];
  };

  it("passes every shared bijector check on (0, 1)^D", async () => {
    const layer = new Logit(12);
    for (const name of BIJECTOR_CHECK_NAMES) {
      const result = await BIJECTOR_CHECKS[name](layer, unitInputs(12));
      expect(result.passed, `${name}: ${result.message}`).toBe(true);
    }
  });

  it("maps [0, 1] onto logit(α) … logit(1 − α) and rejects a bad α", async () => {
    const z = new Logit(2, { alpha: 0.05 }).forward(tf.tensor2d([[0, 1]]));
    expect(Array.from(await z.output.data())).toEqual([expect.closeTo(Math.log(0.05 / 0.95), 5), expect.closeTo(Math.log(0.95 / 0.05), 5)]);
    tf.dispose([z.output, z.logDet]);
    expect(() => new Logit(2, { alpha: 0.5 })).toThrow(/alpha/);
  });
});

describe("checkpoint", () => {
  it("moves every weight of a flow into another flow of the same architecture", async () => {
    const arch = { shape: imageShape(4, 4, 1), levels: 1, steps: 1, hidden: 4, conditioner: "conv" as const, seed: 0, logitAlpha: 1e-5 };
    const classes = { actNorm: ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling };
    const a = buildPretrainedArchitecture(arch, classes);
    tf.tidy(() => a.trainableVariables().forEach((v, i) => v.assign(tf.randomNormal(v.shape, 0, 0.1, "float32", i))));
    const b = buildPretrainedArchitecture(arch, classes);
    const saved = await readFlowWeights(a);
    await loadFlowWeights(b, saved.values, saved.layers);
    expect(Array.from((await readFlowWeights(b)).values)).toEqual(Array.from(saved.values));
    const other = buildPretrainedArchitecture({ ...arch, seed: 1 }, classes);
    await expect(loadFlowWeights(other, saved.values, saved.layers)).rejects.toThrow(/permutation P and signs differ/);
    [a, b, other].forEach((f) => f.dispose());
  });
});

describe("the shipped pretrained digits flow", () => {
  it("loads into the reference classes and reproduces its manifest's held-out bits/dim", async () => {
    const { flow, manifest } = await loadPretrainedFlow(MANIFEST, { actNorm: ActNorm, invertibleConv: Invertible1x1Conv, affineCoupling: AffineCoupling });
    const digits = await loadDigits({ size: 14, nTrain: manifest.data.nTrain, nTest: manifest.data.nTest, seed: manifest.data.seed });
    const xTest = digitsTensor(digits.test);
    const bpd = await dequantizedBitsPerDim(flow, xTest, deq, { levels: manifest.data.levels, seed: manifest.evaluation.seed, samples: manifest.evaluation.samples });
    xTest.dispose();
    flow.dispose();
    expect(Math.abs(bpd - manifest.evaluation.heldOutBitsPerDim)).toBeLessThan(1e-3);
    expect(manifest.evaluation.independentPixelBitsPerDim).toBeCloseTo(independentPixelBitsPerDim(digits.train, digits.test, digits.levels), 6);
    expect(bpd).toBeLessThan(manifest.evaluation.independentPixelBitsPerDim);
  });
});

describe("digit classifier", () => {
  it("the shipped classifier reaches 95% on the held-out 14×14 digits, as its file records", async () => {
    const file = JSON.parse(readFileSync(CLASSIFIER, "utf8")) as DigitClassifierFile;
    const digits = await loadDigits(file.data);
    const classifier = digitClassifierFromFile(file);
    const accuracy = await classifier.accuracy(digits.test, digits.levels);
    classifier.dispose();
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(accuracy).toBeCloseTo(file.testAccuracy, 6);
  });
});

describe("log-det-gradient (self-check)", () => {
  /** The reference ActNorm with issue 18's bug: the log-det's value read back and re-wrapped with tf.fill. */
  class DetachedActNorm extends ActNorm {
    override forward(x: tf.Tensor2D) {
      const r = super.forward(x);
      const value = r.logDet.arraySync() as number[]; // the bug under test: the value leaves the graph
      r.logDet.dispose();
      return { output: r.output, logDet: tf.fill([x.shape[0]], value[0]) as tf.Tensor1D };
    }
  }

  it("passes the reference ActNorm and 1×1 conv and fails a detached log-det, with the hint that says why", async () => {
    const { checkImageBijectorExercise } = await import("../../src/checks/image-bijector-exercise");
    const verdict = async (mod: Record<string, unknown>, cls: "ActNorm" | "Invertible1x1Conv") => (await checkImageBijectorExercise(mod, cls)).filter((r) => !r.passed).map((r) => r.check);
    expect(await verdict({ ActNorm }, "ActNorm")).toEqual([]);
    expect(await verdict({ Invertible1x1Conv }, "Invertible1x1Conv")).toEqual([]);
    const results = await checkImageBijectorExercise({ ActNorm: DetachedActNorm }, "ActNorm");
    const failed = results.filter((r) => !r.passed);
    expect(failed.map((r) => r.check)).toEqual(["log-det-gradient"]);
    expect(failed[0].hint).toMatch(/no gradient.*training stalls/);
  });
});
