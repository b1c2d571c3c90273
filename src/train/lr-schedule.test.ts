/** The warm-restart schedule train:digits uses, and the resume rule built on it. */
import { describe, expect, it } from "vitest";
import { describeSchedule, firstDifferentStep, learningRate, type LrSchedule } from "./lr-schedule";

const shipped: LrSchedule = { steps: 5000, lr: 1e-3, decay: 0.3, restartSteps: 3000, restartLr: 3e-4 };

describe("learningRate", () => {
  it("is constant for the first 70%, then falls along a half cosine to 2% at the end of the cycle", () => {
    expect(learningRate(1, shipped)).toBe(1e-3);
    expect(learningRate(3500, shipped)).toBe(1e-3);
    // halfway through the decay (step 3500 + 750) the cosine is at cos(π/2) = 0: 0.02 + 0.98/2 = 0.51
    expect(learningRate(4250, shipped)).toBeCloseTo(0.51e-3, 12);
    expect(learningRate(5000, shipped)).toBeCloseTo(0.02e-3, 12);
  });

  it("restarts at the restart's rate after the first cycle and falls to 2% of it", () => {
    expect(learningRate(5001, shipped)).toBeCloseTo(3e-4, 9);
    expect(learningRate(6500, shipped)).toBeCloseTo(0.51 * 3e-4, 12);
    expect(learningRate(8000, shipped)).toBeCloseTo(0.02 * 3e-4, 12);
  });
});

describe("firstDifferentStep", () => {
  it("lets a run saved at the end of its first cycle resume with a restart added", () => {
    expect(firstDifferentStep({ ...shipped, restartSteps: 0, restartLr: 0 }, shipped, 5000)).toBeNull();
  });

  it("names the first step a shorter first cycle changes: where its decay starts", () => {
    // a 4 000-step cycle starts decaying after step ⌊4000 · 0.7⌋ = 2800
    expect(firstDifferentStep(shipped, { ...shipped, steps: 4000 }, 5000)).toBe(2801);
    expect(firstDifferentStep(shipped, { ...shipped, steps: 4000 }, 2800)).toBeNull();
  });

  it("names the first restart step when the restart's rate changes", () => {
    expect(firstDifferentStep(shipped, { ...shipped, restartLr: 6e-4 }, 6000)).toBe(5001);
  });
});

describe("describeSchedule", () => {
  it("words the shipped schedule as its manifest records it", () => {
    expect(describeSchedule(shipped)).toBe("5000 steps: constant, then half-cosine to 2% over the last 30%; then a warm restart of 3000 steps: half-cosine from 0.0003 to 2% of it");
    expect(describeSchedule({ ...shipped, restartSteps: 0 })).toBe("5000 steps: constant, then half-cosine to 2% over the last 30%");
  });
});
