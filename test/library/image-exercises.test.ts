/**
 * The self-checks of exercises (d) ActNorm, (e) Invertible1x1Conv and (f) dequantization
 * (src/checks/image-bijector-exercise.ts, actnorm-init.ts, dequantization-exercise.ts): the
 * solutions pass every check, the untouched exercises fail every check but "api" as not
 * implemented, and each typical bug fails the check that names it (and only the checks it should).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import type { BijectorResult } from "../../src/bijectors/bijector";
import { checkExercise } from "../../src/checks/exercises";
import { channelMoments, normalizationError } from "../../src/checks/actnorm-init";
import * as exercises from "../../exercises/index";
import * as solutions from "../../solutions/index";

beforeAll(async () => {
  await selectBackend("wasm");
});

const failing = async (id: Parameters<typeof checkExercise>[0], module: Record<string, unknown>) =>
  (await checkExercise(id, module)).filter((r) => !r.passed).map((r) => r.check);

describe("the solutions", () => {
  it.each(["actnorm", "invertible-conv", "dequantization"] as const)("%s passes every check and leaks nothing", async (id) => {
    const before = tf.memory().numTensors;
    expect(await failing(id, solutions)).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("the untouched exercises", () => {
  it.each(["actnorm", "invertible-conv", "dequantization"] as const)("%s fails every check but api, as not implemented", async (id) => {
    const results = await checkExercise(id, exercises);
    expect(results.find((r) => r.check === "api")!.passed).toBe(true);
    for (const r of results.filter((r) => r.check !== "api")) expect({ check: r.check, todo: Boolean(r.notImplemented) }).toEqual({ check: r.check, todo: true });
  });
});

describe("typical bugs fail the check that names them", () => {
  it("ActNorm without H·W in the forward log-det: log-det-forward and inverse-log-det", async () => {
    class MissingHW extends solutions.ActNorm {
      override forward(x: tf.Tensor2D): BijectorResult {
        const r = super.forward(x);
        const logDet = tf.tidy(() => tf.div(r.logDet, this.shape.height * this.shape.width) as tf.Tensor1D);
        r.logDet.dispose();
        return { output: r.output, logDet };
      }
    }
    expect(await failing("actnorm", { ActNorm: MissingHW })).toEqual(["log-det-forward", "inverse-log-det"]);
  });

  it("ActNorm that re-initialises on every call: init-once only", async () => {
    class EveryCall extends solutions.ActNorm {
      override initialize(x: tf.Tensor2D): void {
        this.initialized = false;
        super.initialize(x);
      }
    }
    expect(await failing("actnorm", { ActNorm: EveryCall })).toEqual(["init-once"]);
  });

  it("ActNorm whose initialisation forgets the square root (s = −log σ²): init-normalizes only", async () => {
    class NoSqrt extends solutions.ActNorm {
      override initialize(x: tf.Tensor2D): void {
        const first = !this.initialized;
        super.initialize(x);
        if (first) tf.tidy(() => this.logScale.assign(tf.mul(this.logScale, 2) as tf.Tensor1D));
      }
    }
    expect(await failing("actnorm", { ActNorm: NoSqrt })).toEqual(["init-normalizes"]);
  });

  it("a 1×1 convolution whose inverse forgets the permutation: the round trips", async () => {
    class NoPermutation extends solutions.Invertible1x1Conv {
      override inverseWeight(): tf.Tensor2D {
        return tf.matMul(super.inverseWeight(), this.permutation);
      }
    }
    expect(await failing("invertible-conv", { Invertible1x1Conv: NoPermutation })).toEqual(["round-trip-forward", "round-trip-inverse"]);
  });

  it("bits/dim without the D·ln K term: bits-per-dim only", async () => {
    const buggy = { ...solutions, discreteBitsPerDim: (nll: number, dim: number) => nll / (dim * Math.LN2) };
    expect(await failing("dequantization", buggy)).toEqual(["bits-per-dim"]);
  });
});

describe("the init statistics", () => {
  it("channelMoments computes per-channel mean and population variance of NHWC rows", () => {
    const { mean, variance } = channelMoments([1, 10, 3, 30], 2);
    expect(mean).toEqual([2, 20]);
    expect(variance).toEqual([1, 100]);
    expect(normalizationError([-1, -1, 1, 1], 2)).toBe(0);
  });
});
