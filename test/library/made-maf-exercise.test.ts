/**
 * Exercise (g)'s self-check (src/checks/made-maf-exercise.ts) and the masks' property checks it
 * shares with the grader (src/checks/made-masks-property.ts): MADE's masks pass, another valid
 * degree assignment passes too (the property is checked, not one answer), and each typical bug
 * fails the check that names it.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import type { BijectorResult } from "../../src/bijectors/bijector";
import { checkMadeMafExercise, type MafCheckName } from "../../src/checks/made-maf-exercise";
import { autoregressiveViolations, judgeMasks, maskProblem, missingConnections } from "../../src/checks/made-masks-property";
import { madeMasks } from "../support/made-masks-with-order";
import * as solution from "../../solutions/made-maf";

beforeAll(async () => {
  await selectBackend("wasm");
});

/** Masks from degrees, with MADE's rules (≥ between hidden layers, > into the outputs, or ≥ with `geq`). */
function masksFromDegrees(degrees: number[][], dim: number, p: number, geq = false): number[][][] {
  const masks: number[][][] = [];
  for (let l = 1; l < degrees.length; l++) masks.push(degrees[l - 1].map((a) => degrees[l].map((b) => (b >= a ? 1 : 0))));
  masks.push(degrees.at(-1)!.map((a) => Array.from({ length: p * dim }, (_, c) => (geq ? degrees[0][c % dim] >= a : degrees[0][c % dim] > a) ? 1 : 0)));
  return masks;
}

describe("MADE's masks, judged by the autoregressive property", () => {
  it("the library's masks are autoregressive and connected, for several sizes", () => {
    for (const [dim, hidden] of [[2, [3]], [3, [4]], [5, [8, 8]], [6, [5, 7, 5]]] as const) {
      for (const p of [1, 2]) {
        const masks = madeMasks(dim, [...hidden], p);
        expect(maskProblem(masks, dim, hidden, p)).toBeNull();
        expect(autoregressiveViolations(masks, dim)).toEqual([]);
        expect(missingConnections(masks, dim)).toEqual([]);
      }
    }
  });

  it("another valid degree assignment passes too (hidden degrees in reverse cyclic order)", () => {
    const dim = 4;
    const degrees = [[1, 2, 3, 4], [3, 2, 1, 3, 2, 1], [1, 1, 2, 3, 3, 2]];
    const judged = judgeMasks(dim, [6, 6], [1, 2].map((p) => ({ outputsPerDim: p, masks: masksFromDegrees(degrees, dim, p) })));
    expect(Object.values(judged).map((j) => j.passed)).toEqual([true, true, true]);
  });

  it("≥ into the outputs lets output d see input d: masks-autoregressive fails and names a path", () => {
    const dim = 3;
    const degrees = [[1, 2, 3], [1, 2, 1, 2]];
    const judged = judgeMasks(dim, [4], [{ outputsPerDim: 2, masks: masksFromDegrees(degrees, dim, 2, true) }]);
    expect(judged["masks-autoregressive"].passed).toBe(false);
    expect(judged["masks-autoregressive"].message).toMatch(/paths from an input to an output it may not see = \d+ > 0; e\.g\. a path joins column \d+ \(coordinate \d, parameter \d\) and input \d/);
    expect(judged["masks-connected"].passed).toBe(true);
  });

  it("all-zero masks are autoregressive but cut every allowed path: masks-connected fails", () => {
    const zeros = madeMasks(3, [4], 1).map((m) => m.map((row) => row.map(() => 0)));
    const judged = judgeMasks(3, [4], [{ outputsPerDim: 1, masks: zeros }]);
    expect(judged["masks-autoregressive"].passed).toBe(true);
    expect(judged["masks-connected"].passed).toBe(false);
    expect(judged["masks-connected"].measured).toBe(3); // 0→1, 0→2, 1→2
  });

  it("a wrong shape or a non-0/1 entry fails masks-shape and leaves the other two unchecked", () => {
    const transposed = madeMasks(3, [4], 1).map((m) => m[0].map((_, j) => m.map((row) => row[j])));
    expect(judgeMasks(3, [4], [{ outputsPerDim: 1, masks: transposed }])["masks-shape"].message).toMatch(/masks\[0\] must be a \[3\]\[4\] matrix/);
    const halves = madeMasks(3, [4], 1).map((m) => m.map((row) => row.map((v) => v / 2)));
    const judged = judgeMasks(3, [4], [{ outputsPerDim: 1, masks: halves }]);
    expect(judged["masks-shape"].message).toMatch(/only 0 and 1/);
    expect(judged["masks-autoregressive"].message).toMatch(/not checked/);
  });
});

/** The solution's module with one method replaced. */
function mutant(overrides: { forward?: (this: solution.AffineMAF, x: tf.Tensor2D) => BijectorResult; inverse?: (this: solution.AffineMAF, z: tf.Tensor2D) => BijectorResult }): Record<string, unknown> {
  class Mutant extends solution.AffineMAF {}
  if (overrides.forward) Mutant.prototype.forward = overrides.forward;
  if (overrides.inverse) Mutant.prototype.inverse = overrides.inverse;
  return { ...solution, AffineMAF: Mutant };
}
const failing = async (module: Record<string, unknown>) => (await checkMadeMafExercise(module)).filter((r) => !r.passed).map((r) => r.check as MafCheckName);

describe("the self-check of exercise (g)", () => {
  it("passes the solution", async () => {
    expect(await failing(solution)).toEqual([]);
  });

  it("an inverse in one pass (as for a coupling) fails the round trips", async () => {
    const onePass = mutant({
      inverse(z) {
        return tf.tidy(() => {
          const { s, t } = this.scaleAndShift(tf.zerosLike(z) as tf.Tensor2D);
          return { output: tf.mul(tf.sub(z, t), tf.exp(tf.neg(s))) as tf.Tensor2D, logDet: tf.neg(tf.sum(s, 1)) as tf.Tensor1D };
        });
      },
    });
    expect(await failing(onePass)).toEqual(expect.arrayContaining(["round-trip-forward", "round-trip-inverse", "inverse-log-det"]));
  });

  it("a forward that lets output i see a later input fails triangular-jacobian", async () => {
    const leaky = mutant({
      forward(x) {
        return tf.tidy(() => {
          const { s, t } = this.scaleAndShift(x);
          const later = tf.concat([tf.slice(x, [0, 1], [-1, this.dim - 1]), tf.zeros([x.shape[0], 1])], 1); // x_{i+1} in column i
          return { output: tf.add(tf.add(tf.mul(x, tf.exp(s)), t), tf.mul(0.1, later)) as tf.Tensor2D, logDet: tf.sum(s, 1) as tf.Tensor1D };
        });
      },
    });
    expect(await failing(leaky)).toContain("triangular-jacobian");
  });

  it("a forward log-det with the wrong sign fails log-det-forward, and nothing about the masks", async () => {
    const sign = mutant({
      forward(x) {
        return tf.tidy(() => {
          const { s, t } = this.scaleAndShift(x);
          return { output: tf.add(tf.mul(x, tf.exp(s)), t) as tf.Tensor2D, logDet: tf.neg(tf.sum(s, 1)) as tf.Tensor1D };
        });
      },
    });
    const failed = await failing(sign);
    expect(failed).toContain("log-det-forward");
    expect(failed.filter((c) => c.startsWith("masks-"))).toEqual([]);
  });
});
