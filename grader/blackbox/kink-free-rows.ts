/**
 * The rows on which the gradient check's loss is smooth along every weight perturbation.
 *
 * The coupling and MAF conditioners are ReLU networks (src/nn/mlp.ts, src/nn/made.ts):
 *
 *   h_0 = v,   h_ℓ = relu(h_{ℓ−1} (W_ℓ ⊙ M_ℓ) + b_ℓ),   out = h_{L−1} (W_L ⊙ M_L) + b_L
 *
 * with v = b ⊙ x for a coupling layer's forward (mask b) and v = x for a MAF layer's (masks M_ℓ;
 * all ones for a plain MLP). A coupling layer that forgets the mask feeds x instead: the grader
 * checks both inputs, so that such a layer, wrong elsewhere, still has its gradients measured
 * fairly. The loss L(θ + t·d) the gradient check differentiates is smooth in t
 * except where a hidden pre-activation crosses 0: there its slope jumps. The central difference
 * (L(θ + h d) − L(θ − h d)) / 2h then averages the slopes on both sides of every kink in [−h, h],
 * while autodiff reports the slope at θ itself. With 128 rows and tens of hidden units, several
 * kinks can fall inside one step on both sides (FLOWLAB_RUBRIC_SEED=954509: a correct layer's
 * autodiff 0.0222 against a central difference of 0.0201), and a correct student would lose the
 * check.
 *
 * The grader loads the weights itself and knows the conditioner's input, so it needs no trust in
 * the subject to find the kinks: it computes every hidden pre-activation in float64 at θ and at
 * θ ± h·d_k for every variable k, and keeps the rows where none of them changes sign or comes
 * closer to 0 than float32 rounding could move it (`KINK_MARGIN` of the terms' magnitude). Layer
 * by layer: when no pre-activation of layers < ℓ changes sign, layer ℓ's pre-activations are
 * linear in t, so equal signs at t = −h, 0, +h mean no crossing in between. On the kept rows the
 * loss is smooth along every perturbation, and the central difference is within h²·|L'''|/6 of
 * the derivative (far inside the check's 5%).
 */

/** A pre-activation must stay this far from 0, relative to 1 + Σ|terms|: float32 rounding (ε ≈ 1.2e-7) cannot flip its sign. */
export const KINK_MARGIN = 1e-5;

export interface ReluNet {
  /** The variables' shapes in the Mlp / Made order: weight matrices [fanIn, fanOut], then biases [fanOut]. */
  shapes: number[][];
  /** Masks M_ℓ ([fanIn][fanOut] 0/1), one per weight matrix; absent for a plain MLP. */
  masks?: number[][][];
}

/** Whether every hidden pre-activation of `v` keeps its sign, with the margin, under weights `w` (flat, per variable). */
function signsOf(v: readonly number[], net: ReluNet, w: readonly number[][]): number[] | null {
  const layers = net.shapes.length / 2;
  const signs: number[] = [];
  let h = v;
  for (let l = 0; l + 1 < layers; l++) {
    const [fanIn, fanOut] = net.shapes[l];
    const weights = w[l];
    const bias = w[layers + l];
    const next = new Array<number>(fanOut);
    for (let j = 0; j < fanOut; j++) {
      let pre = bias[j];
      let size = Math.abs(bias[j]);
      for (let i = 0; i < fanIn; i++) {
        const term = h[i] * weights[i * fanOut + j] * (net.masks ? net.masks[l][i][j] : 1);
        pre += term;
        size += Math.abs(term);
      }
      if (Math.abs(pre) <= KINK_MARGIN * (1 + size)) return null;
      signs.push(pre > 0 ? 1 : -1);
      next[j] = Math.max(pre, 0);
    }
    h = next;
  }
  return signs;
}

/**
 * Fewer kink-free rows than this, and all rows are used (the check may then be unfair, never
 * lenient). Not seen: 300 random coupling cases (D 2–8, one or two hidden layers of 8–64, the
 * grader's weights and directions, both inputs) kept at least 120 of the 128 seeded rows.
 */
export const MIN_KINK_FREE_ROWS = 16;

/**
 * Indices of the rows whose hidden pre-activations, for each of the conditioner inputs the row may
 * give (`inputs[variant][row]`), keep their signs at every θ + t·d_k, t ∈ {−step, +step}, and stay
 * clear of 0 at θ and there; all rows when fewer than MIN_KINK_FREE_ROWS do.
 */
export function kinkFreeRows(inputs: readonly (readonly (readonly number[])[])[], net: ReluNet, weights: readonly number[][], directions: readonly (readonly number[])[], step: number): number[] {
  const moved = directions.flatMap((d, k) => [-step, step].map((t) => weights.map((w, i) => (i === k ? w.map((x, j) => x + t * d[j]) : w))));
  const smooth = (v: readonly number[]) => {
    const at = signsOf(v, net, weights);
    return at !== null && moved.every((w) => signsOf(v, net, w)?.every((s, j) => s === at[j]));
  };
  const rows = inputs[0].map((_, r) => r);
  const kept = rows.filter((r) => inputs.every((variant) => smooth(variant[r])));
  return kept.length >= MIN_KINK_FREE_ROWS ? kept : rows;
}
