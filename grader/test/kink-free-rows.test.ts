/**
 * The gradient check's rows (grader/blackbox/kink-free-rows.ts): a row is dropped exactly when a
 * hidden ReLU pre-activation changes sign, or comes within float32 rounding of 0, along a weight
 * perturbation; and on the kept rows a correct layer's central difference matches its autodiff in
 * the case that failed correct code before (FLOWLAB_RUBRIC_SEED=954509, rubric 0).
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { AffineCoupling } from "../../solutions/affine-coupling";
import { gradientRequest, planCouplingCase, WEIGHT_STEP, type CouplingCasePlan } from "../blackbox/coupling-plan";
import { kinkFreeRows, MIN_KINK_FREE_ROWS } from "../blackbox/kink-free-rows";
import { perturb } from "../blackbox/weights";

describe("kinkFreeRows", () => {
  // one input, one hidden unit, one output: pre-activation = v·w + b, moved by ±h along d
  const net = { shapes: [[1, 1], [1, 1], [1], [1]] };
  const weights = [[1], [1], [0], [0]];
  const biasOnly = [[0], [0], [1], [0]];
  const many = (v: number) => Array.from({ length: MIN_KINK_FREE_ROWS }, () => [v]);

  it("drops a row whose pre-activation crosses 0 within the step, or sits within rounding of it, and keeps the others", () => {
    const h = 1e-3;
    const rows = [[0.5 * h], [-0.5 * h], [2 * h], [-2 * h], [1e-7], ...many(1)];
    const kept = kinkFreeRows([rows], net, weights, biasOnly, h);
    expect(kept).toEqual([2, 3, ...many(1).map((_, i) => 5 + i)]);
  });

  it("ignores a weight that a MADE mask removes", () => {
    const h = 1e-3;
    // v = 1: pre-activation (1 + t) − 1 + h/2 crosses 0 at t = −h/2 when the weight moves; v = 3 stays near 2
    const w = [[1], [1], [-1 + h / 2], [0]];
    const alongWeight = [[1], [0], [0], [0]];
    const rows = [[1], ...many(3)];
    expect(kinkFreeRows([rows], net, w, alongWeight, h)).not.toContain(0);
    // masked out, the weight moves nothing: the pre-activation is the bias, −1 + h/2, for every row
    expect(kinkFreeRows([rows], { ...net, masks: [[[0]], [[1]]] }, w, alongWeight, h)).toContain(0);
  });

  it("keeps a row only when it is kink-free for every conditioner input it may give (b ⊙ x, and x for a layer that forgets the mask)", () => {
    const h = 1e-3;
    // variant 1: v = 2h, clear of 0; variant 2: v = h/2, crosses 0 when the bias moves by ±h
    const clear = [[2 * h], ...many(1)];
    const crossing = [[h / 2], ...many(1)];
    expect(kinkFreeRows([clear], net, weights, biasOnly, h)).toContain(0);
    expect(kinkFreeRows([clear, crossing], net, weights, biasOnly, h)).not.toContain(0);
    expect(kinkFreeRows([clear, crossing], net, weights, biasOnly, h)).toHaveLength(MIN_KINK_FREE_ROWS);
  });

  it("follows a second hidden layer", () => {
    // layer 1 stays positive (pre = v + 1); layer 2's pre-activation = relu(v + 1) − 1.0002 crosses 0 when the bias of layer 1 moves by ±1e-3
    const deep = { shapes: [[1, 1], [1, 1], [1, 1], [1], [1], [1]] };
    const w = [[1], [1], [1], [1], [-1.0002], [0]];
    const d = [[0], [0], [0], [1], [0], [0]];
    expect(kinkFreeRows([[[0], ...many(5)]], deep, w, d, 1e-3)).not.toContain(0);
    expect(kinkFreeRows([[[0], ...many(5)]], deep, [[1], [1], [1], [1], [-1.1], [0]], d, 1e-3)).toContain(0);
  });

  it("keeps every row when fewer than MIN_KINK_FREE_ROWS are kink-free", () => {
    // row 0's pre-activation 1e-4 ± 1e-3 crosses 0; the others stay near 1
    const w = [[1], [1], [1e-4], [0]];
    const rows = (others: number) => [[0], ...Array.from({ length: others }, () => [1])];
    expect(kinkFreeRows([rows(MIN_KINK_FREE_ROWS)], net, w, biasOnly, 1e-3)).not.toContain(0);
    expect(kinkFreeRows([rows(MIN_KINK_FREE_ROWS - 1)], net, w, biasOnly, 1e-3)).toHaveLength(MIN_KINK_FREE_ROWS);
  });
});

/** L(θ + t·d_k) = Σ a⊙z + c·Σ logDet of the reference layer over `rows`, in float64 from float32 outputs; and autodiff's ∇L·d_k. */
async function lossAlong(plan: CouplingCasePlan, rows: number[][], a: number[], k: number) {
  const layer = new AffineCoupling(plan.case.mask, { hidden: plan.case.hidden, seed: 1 });
  const variables = layer.trainableVariables();
  const load = (w: number[][]) => variables.forEach((v, i) => v.assign(tf.tensor(w[i], plan.shapes[i], "float32")));
  const x = tf.tensor2d(rows);
  const loss = async (t: number) => {
    load(perturb(plan.weights, k, plan.directions[k], t));
    const r = layer.forward(x);
    const [z, logDet] = [await r.output.data(), await r.logDet.data()];
    tf.dispose([r.output, r.logDet]);
    let total = 0;
    z.forEach((v, i) => (total += a[i] * v));
    logDet.forEach((v) => (total += plan.c * v));
    return total;
  };
  const central = ((await loss(WEIGHT_STEP)) - (await loss(-WEIGHT_STEP))) / (2 * WEIGHT_STEP);
  load(plan.weights);
  const weightsOfA = tf.tensor2d(a, [rows.length, plan.dim]);
  const { value, grads } = tf.variableGrads(() => {
    const r = layer.forward(x);
    return tf.add(tf.sum(tf.mul(r.output, weightsOfA)), tf.mul(tf.sum(r.logDet), plan.c)) as tf.Scalar;
  });
  const g = await grads[variables[k].name].data();
  const autodiff = Array.from(g).reduce((s, v, j) => s + v * plan.directions[k][j], 0);
  tf.dispose([x, weightsOfA, value, ...Object.values(grads), ...variables]);
  return { central, autodiff };
}

describe("the gradient check's rows, in the case that failed correct code", () => {
  const plan = planCouplingCase("affine-coupling", { mask: [1, 0, 0, 1, 0, 1], hidden: [24], seed: 691309596 }, "any secret");
  const biasOfLayer1 = 2;
  const relative = ({ central, autodiff }: { central: number; autodiff: number }) => Math.abs(central - autodiff) / Math.abs(autodiff);

  it("on all 128 seeded rows, kinks inside the step move the central difference by more than the check's 5%", async () => {
    const all = gradientRequest({ ...plan, gradientRows: plan.inputs[0].rows.map((_, r) => r) });
    expect(relative(await lossAlong(plan, all.rows, all.a, biasOfLayer1))).toBeGreaterThan(0.05);
  });

  it("on the kink-free rows the central difference matches autodiff to float32 rounding", async () => {
    expect(plan.gradientRows.length).toBeGreaterThanOrEqual(120);
    const { rows, a } = gradientRequest(plan);
    for (let k = 0; k < plan.shapes.length; k++) expect(relative(await lossAlong(plan, rows, a, k))).toBeLessThan(5e-3);
  });
});
