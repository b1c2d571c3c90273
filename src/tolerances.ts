/**
 * Every numerical tolerance FlowLab uses, in one place, with the reason for each.
 * Everything runs in float32 (the cpu and wasm backends cannot do float64), so
 * machine epsilon is 2^-23 ≈ 1.19e-7 and errors grow with depth and magnitude.
 *
 * Measured on the reference RealNVP (8 affine couplings, 64-unit MLPs, trained on two moons):
 *   - max |f⁻¹(f(x)) − x| was 2e-6 on data and 2e-5 on N(0, I) samples;
 *   - the analytic log-det differed from log|det J| of the autodiff Jacobian by at most 8.5e-5.
 * The tolerances below leave a margin of 5× and more over those measurements, and stay far
 * below the errors that real bugs produce (a missing mask or a sign error is O(0.1) or worse).
 */
export const TOLERANCES = {
  /** max |inverse(forward(x)) − x| and max |forward(inverse(z)) − z|, absolute. */
  roundTrip: 1e-4,
  /** max |analytic log|det J| − log|det J| of the autodiff Jacobian|, per sample, nats. */
  logDet: 1e-3,
  /** max |forward log-det + inverse log-det at the matching point|, nats. */
  inverseLogDet: 1e-3,
  /**
   * |student value − reference| / max(1, |reference|) for log N(z), log p(x) and the NLL on fixed
   * inputs (float32 sums over a batch of 256): relative, because the values grow with |x| and D
   * (log-probs reach −445 at D = 3, where float32 itself is off by ~1e-4), absolute below 1 nat.
   */
  nllValue: 1e-4,
  /**
   * max |f⁻¹(f(x)) − x| of a whole trained flow on held-out data, for the likelihood check: the
   * change of variables needs a bijection. 8 trained couplings measured 2e-6 on data; a flow whose
   * inverse conditions on the wrong half is off by O(0.1) and more.
   */
  trainedFlowRoundTrip: 1e-3,
  /** max |f(x) − f(x)| over two calls with the same input and weights: code must be deterministic. */
  determinism: 1e-6,
  /**
   * ActNorm's data-dependent initialisation (exercise (d)): after initialize(x), forward(x) must have
   * per-channel |mean| and |variance − 1| at most this. Float32 moments of a few thousand values are
   * off by about 1e-6, and ε = 1e-6 in s = −log(σ + ε) moves the variance by 2ε/σ; an unbiased
   * (N − 1) variance over the ≥ 1024 values per channel of the checks moves it by ≤ 1e-3 and still
   * passes. Wrong statistics (no square root, per-pixel instead of per-channel, no init) miss by O(0.1).
   */
  actNormInit: 1e-3,
  /**
   * Dequantization (exercise (f)): max |student's (x + u)/K − the grader's float64 value|. Float32
   * rounds values in [0, 1) to about 6e-8 per operation; forgetting /K or the noise misses by ≥ 1/K.
   */
  dequantized: 1e-6,
  /**
   * bits/dim from an NLL (exercise (f)), a plain float64 formula: relative error
   * |student − (NLL + D ln K)/(D ln 2)| / max(1, |expected|). Rearranging the formula (log2, separate
   * terms) changes it by about 1e-15; dropping the D ln K term is off by log₂ K.
   */
  bitsPerDim: 1e-9,
  /**
   * Autoregressive layers (exercise (g)): max |∂z_i/∂x_j| for j after i (autodiff), and the grader's
   * max |change of z_i| when it moves an input x_j after i. Exactly 0 in float32 too: every path from
   * x_j to z_i goes through a weight multiplied by a 0 mask entry, and adding exact zeros changes no
   * sum. The 1e-6 only allows a backend to reorder a sum; a dependence a bug creates is O(0.01) and more.
   */
  autoregressive: 1e-6,
  /** A tensor-count difference above this between repeated calls is a leak. */
  leakedTensors: 0,
  /**
   * The grader's black-box log-det check: max |returned log-det − log|det J| estimated by central
   * finite differences of the outputs (two step sizes, Richardson, float64)|, nats. Float32 outputs
   * limit the estimate to about ε·|f|/h per Jacobian entry; `npm run calibrate:grader` measures the
   * solutions' worst error across seeds and backends, and this leaves a documented margin over it
   * (grader/README.md) while staying far below what log-det bugs produce (0.1 and more).
   */
  finiteDifferenceLogDet: 1e-2,
  /**
   * The grader's gradient checks: |autodiff directional derivative − finite-difference one| must be
   * at most this fraction of the larger of the two, plus GRADIENT_ABSOLUTE_FLOOR, per variable
   * (`gradientsAgree`, src/checks/log-det-gradient.ts). The coupling check's central difference
   * (grader/blackbox/coupling-verdicts.ts) runs on rows where no ReLU kink of the conditioner lies
   * within the step (grader/blackbox/kink-free-rows.ts), so L is smooth there and the difference is
   * off by h²·|L'''|/6, relative ~1e-6 at h = 1e-3 (WEIGHT_STEP): 5% is margin for float32
   * rounding only, far below what a wrong gradient misses by (fixture `stop-gradient-scale`:
   * autodiff 0.00159 against 0.00208).
   */
  finiteDifferenceGradient: 0.05,
  /**
   * The grader's memory reading of the leak check: resident memory may grow by at most this many MB
   * over 60 forward + inverse calls on 2048 rows after a warm-up. A layer that forgets tf.tidy
   * leaks about a megabyte per call; the subject collects garbage after every call, so a correct one
   * grows by a few MB only (allocator noise; `npm run calibrate:grader` prints the worst).
   */
  leakMemoryMb: 24,
  /**
   * A row evaluated twice by the grader, in two processes and among different other rows:
   * max |a − b| / max(1, |a|, |b|) over its outputs and log-det. A row-wise map gives the same
   * float32 numbers whatever the batch (measured: 0 on wasm and cpu for the solutions, see
   * grader/README.md); a few ulps (1.2e-7 each) allow a backend to block a sum differently. A
   * subject that answers recognised finite-difference rows with a made-up Jacobian moves them by
   * about step × |error of J|, 1e-4 and more for any error the log-det checks would notice.
   */
  rowIndependence: 1e-6,
} as const;

/**
 * The absolute part of the gradient rule (see TOLERANCES.finiteDifferenceGradient), for directional
 * derivatives near 0, where 5% of the larger is no margin at all. The losses are float32 outputs
 * (each off by a few ulps, ~ε·|z|, ε = 1.2e-7) summed in float64 with weights a_i ~ N(0, 1)/B, so
 * rounding moves L by about ε·|z|/√B ≲ 1e-8 and a central difference by ≲ 1e-5 at h = 1e-3
 * (estimate, not a measurement): 1e-4 leaves about 10×. A wrong gradient misses by more
 * (stop-gradient-scale: 0.00159 against 0.00208, 4.9e-4 apart, over the 2.0e-4 allowed). Also the grader's "the output changes with it" in the message of a variable that
 * autodiff does not reach. A fixed rule of the checks, not a rubric tolerance.
 */
export const GRADIENT_ABSOLUTE_FLOOR = 1e-4;

/**
 * Directional derivatives, autodiff and finite difference, both below this mean the variable does
 * not influence the output (every term is then float32 rounding, ≲ GRADIENT_ABSOLUTE_FLOOR / 10):
 * the gradient check fails with "the variable does not influence the output".
 */
export const ZERO_GRADIENT = 1e-6;

/**
 * The same training on two backends (webgpu vs wasm: same initial weights, same batches, same
 * noise): max over steps of |loss_webgpu − loss_wasm| / max(1, |loss_wasm|). Both are float32, but
 * kernels sum in different orders, so losses drift apart by rounding as Adam steps compound it.
 * Measured 2026-12-04, webgpu on Mesa's lavapipe against wasm: 5.9e-7 over 10-15 steps of the
 * reference RealNVP; 5.0e-6 (3 steps, batch 8) to 5.4e-5 (6 steps, batch 16) on small multiscale
 * image flows, whose convolutions sum longer. The tolerance leaves a margin of about 20× over
 * the worst; a wrong kernel or a skipped step moves the loss by 1e-2 and more. Not a grading
 * tolerance (the grader's subjects run on one backend), so not in TOLERANCES, which the rubric mirrors.
 */
export const BACKEND_LOSS_AGREEMENT = 1e-3;

export type ToleranceName = keyof typeof TOLERANCES;
