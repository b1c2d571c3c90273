/**
 * The exercise checks (shared by the notebooks, `flowgrade check` and the grader) accept the
 * solutions, name the exercise when it is still a TODO, and catch planted bugs in the loss.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import type { Bijector } from "../../src/bijectors";
import { checkExercise, checkLikelihood, EXERCISE_IDS, expectExercise, NLL_CHECK_NAMES, type LikelihoodConfig } from "../../src/checks";
import * as exercises from "../../exercises";
import * as solutions from "../../solutions";

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("the reference solutions", () => {
  for (const id of EXERCISE_IDS) {
    for (const cases of ["public", "hidden"] as const) {
      it(`pass every ${cases} check of ${id}`, async () => {
        const failed = (await checkExercise(id, solutions, cases)).filter((r) => !r.passed);
        expect(failed, JSON.stringify(failed, null, 1)).toEqual([]);
      });
    }
  }
});

describe("the untouched exercises", () => {
  it.each([
    ["additive-coupling", /Exercise \(a\) AdditiveCoupling\.forward is not implemented/],
    ["affine-coupling", /Exercise \(b\) AffineCoupling\.forward is not implemented/],
    ["nll", /Exercise \(c\) standardNormalLogProb is not implemented/],
  ] as const)("%s: expectExercise throws NotImplementedError naming the exercise", async (id, pattern) => {
    const err = await expectExercise(id, exercises).catch((e) => e);
    expect(err?.name).toBe("NotImplementedError");
    expect(err.message).toMatch(pattern);
  });
});

type NllModule = typeof solutions;
const logDetOf = (flow: Bijector, x: tf.Tensor2D) => flow.forward(x);
const plantedLosses: Record<string, [Partial<NllModule>, string[]]> = {
  "drops the log-det": [
    {
      flowLogProb: (flow, x) => tf.tidy(() => solutions.standardNormalLogProb(logDetOf(flow, x).output)),
    },
    ["flow-log-prob", "nll-loss"],
  ],
  "uses the wrong Gaussian constant (log π instead of log 2π)": [
    {
      standardNormalLogProb: (z) => tf.tidy(() => tf.sub(tf.mul(tf.sum(tf.square(z), 1), -0.5), 0.5 * z.shape[1] * Math.log(Math.PI)) as tf.Tensor1D),
    },
    ["standard-normal-log-prob", "flow-log-prob", "nll-loss"],
  ],
  "sums instead of averaging over the batch": [
    { nllLoss: (flow, x) => tf.tidy(() => tf.neg(tf.sum(solutions.flowLogProb(flow, x))) as tf.Scalar) },
    ["nll-loss"],
  ],
  "reads the loss back to JavaScript (no gradient)": [
    { nllLoss: (flow, x) => tf.tidy(() => tf.scalar(-(solutions.flowLogProb(flow, x).arraySync() as number[])[0])) },
    ["nll-loss", "nll-gradients"],
  ],
};

describe("the NLL checks catch planted bugs", () => {
  for (const [bug, [override, failing]] of Object.entries(plantedLosses)) {
    it(`a loss that ${bug} fails exactly ${failing.join(", ")}`, async () => {
      // Rebind so that the planted function is also used by the solution's other functions.
      const m = { ...solutions, ...override } as NllModule;
      const module = {
        standardNormalLogProb: m.standardNormalLogProb,
        flowLogProb: override.flowLogProb ?? ((f: Bijector, x: tf.Tensor2D) => tf.tidy(() => tf.add(m.standardNormalLogProb(f.forward(x).output), f.forward(x).logDet) as tf.Tensor1D)),
        nllLoss: override.nllLoss ?? ((f: Bijector, x: tf.Tensor2D) => tf.tidy(() => tf.neg(tf.mean(module.flowLogProb(f, x))) as tf.Scalar)),
      };
      const results = await checkExercise("nll", module);
      expect(results.map((r) => r.check)).toEqual([...NLL_CHECK_NAMES]);
      expect(results.filter((r) => !r.passed).map((r) => r.check)).toEqual(failing);
    });
  }

  it("a module without nllLoss fails the api check, which names it", async () => {
    const results = await checkExercise("nll", { standardNormalLogProb: solutions.standardNormalLogProb, flowLogProb: solutions.flowLogProb });
    expect(results[0].message).toMatch(/missing exported function\(s\): nllLoss/);
    expect(results.every((r) => !r.passed)).toBe(true);
  });
});

describe("the likelihood check cannot be bought with a wrong loss", () => {
  const config: LikelihoodConfig = {
    dataset: "moons", nTrain: 2000, nTest: 500, layers: 4, hidden: [32, 32], steps: 300, batchSize: 256, learningRate: 3e-3, seed: 0, threshold: 1.6, timeBudgetMs: 60_000,
  };
  it("the solutions pass; a loss that drops the log-det trains a flow whose independent NLL is far worse", async () => {
    const good = await checkLikelihood(solutions, solutions, config);
    expect(good.passed, good.message).toBe(true);
    const noLogDet = {
      nllLoss: (flow: Bijector, x: tf.Tensor2D) => tf.tidy(() => tf.neg(tf.mean(solutions.standardNormalLogProb(flow.forward(x).output))) as tf.Scalar),
    };
    const bad = await checkLikelihood(solutions, noLogDet, config);
    console.log(`likelihood: solutions ${good.heldOutNll?.toFixed(3)} nats; loss without log-det ${bad.heldOutNll?.toFixed(3)} nats`);
    expect(bad.passed, bad.message).toBe(false);
    expect(bad.heldOutNll! - good.heldOutNll!).toBeGreaterThan(0.3);
  }, 120_000);
});
