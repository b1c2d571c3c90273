/**
 * What a student should look at when a check fails. The per-exercise coupling hints live in the
 * library (src/checks/coupling-hints.ts), so the notebooks' self-check and the grader print the
 * same sentences; the hints below are the grader's own (its checks measure more than the library's).
 */
export { COUPLING_HINTS } from "../../src/checks/coupling-hints";

export const COMMON_HINTS = {
  deterministic: "A bijector must be a fixed function of its input and weights: no random numbers, no state kept between calls, the same answer in a fresh process.",
  gradients: "Compute the whole forward pass with tf operations on tensors (no data(), dataSync() or arraySync() in the middle), and use the conditioner's output, so that every weight gets its gradient.",
  leak: "Wrap the bodies of your functions in tf.tidy(() => ...), which frees every intermediate tensor, and return the tensors you keep.",
  rowIndependent: "A bijector acts on each row alone: the output for a row may not depend on which other rows share its batch, or on how many there are.",
  trivial: "With random weights a coupling layer must move its transformed coordinates: use the conditioner's output (shift, and log-scale for the affine layer).",
} as const;
