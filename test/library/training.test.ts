/**
 * Training acceptance: the solutions' RealNVP learns two moons and 8 gaussians.
 *
 * Reference (shared/FACTS.md, measured independently in PyTorch and tfjs): 8 affine couplings
 * with 64-unit MLPs reach a held-out NLL of about 1.18 nats on two moons after 2000 steps at
 * batch 512 with Adam 1e-3. The margin: the run must reach 1.18 + 0.05 nats or better. Our data
 * generator and masked conditioner differ in detail from the reference, so we do not pin our
 * own number; we pin the independent one, with a margin.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { makeDataset } from "../../src/datasets";
import { meanNll } from "../../src/eval";
import { couplingFlow } from "../../src/flows";
import { train } from "../../src/train";
import { AffineCoupling, flowLogProb, nllLoss } from "../../solutions";

const REFERENCE_MOONS_NLL = 1.18;
const MARGIN = 0.05;

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("training RealNVP with maximum likelihood", () => {
  it(`reaches a held-out NLL ≤ ${REFERENCE_MOONS_NLL} + ${MARGIN} nats on two moons (2000 steps, batch 512, seed 0)`, async () => {
    const data = makeDataset("moons", { seed: 0 });
    const flow = couplingFlow(AffineCoupling, { dim: 2, layers: 8, hidden: [64, 64], seed: 0 });
    const before = await meanNll(flow, data.test, flowLogProb);
    const tensorsBefore = tf.memory().numTensors;
    const result = await train(flow, data.train, { lossFn: nllLoss, steps: 2000, batchSize: 512, learningRate: 1e-3, seed: 0 });
    expect(tf.memory().numTensors, "the training loop must not leak tensors").toBe(tensorsBefore);
    const after = await meanNll(flow, data.test, flowLogProb);
    console.log(`two moons: held-out NLL ${before.toFixed(3)} → ${after.toFixed(4)} nats, ${result.msPerStep.toFixed(1)} ms/step`);
    expect(result.lossHistory).toHaveLength(2000);
    expect(after).toBeLessThanOrEqual(REFERENCE_MOONS_NLL + MARGIN);
    expect(before - after).toBeGreaterThan(1);
    flow.dispose();
  }, 600_000);

  it("on 8 gaussians, reports test NLL minus the true entropy, which no model can beat", async () => {
    const data = makeDataset("eight-gaussians", { seed: 0 });
    const flow = couplingFlow(AffineCoupling, { dim: 2, layers: 8, seed: 0 });
    await train(flow, data.train, { lossFn: nllLoss, steps: 1500, batchSize: 512, learningRate: 1e-3, seed: 0 });
    const nll = await meanNll(flow, data.test, flowLogProb);
    const entropy = data.entropy!;
    console.log(`8 gaussians: held-out NLL ${nll.toFixed(4)} nats, true entropy ${entropy.toFixed(4)} (${data.entropyNote}), gap ${(nll - entropy).toFixed(4)} nats`);
    // Gibbs' inequality: E[−log q] ≥ H(p). A 2000-point test set has a standard error of about
    // 0.02 nats here, so allow 0.1 below before calling it a bug.
    expect(nll - entropy).toBeGreaterThan(-0.1);
    expect(nll - entropy).toBeLessThan(1.0);
    flow.dispose();
  }, 600_000);
});
