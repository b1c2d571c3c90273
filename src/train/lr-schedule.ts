/**
 * A learning-rate schedule with one warm restart (SGDR, Loshchilov & Hutter 2017), as
 * `npm run train:digits` uses it. Step t is 1-based.
 *
 *   first cycle, t ≤ S:       η(t) = η₀                                  for t ≤ ⌊S(1 − d)⌋,
 *                             η(t) = c(η₀, (t − ⌊S(1 − d)⌋) / (S − ⌊S(1 − d)⌋))  after;
 *   the restart, t > S:       η(t) = c(η₁, (t − S) / R);
 *   c(η, f) = η · (0.02 + 0.98 · ½(1 + cos πf)),   a half cosine from η (f = 0) to 2% of η (f = 1),
 *
 * with S = `steps`, d = `decay`, η₀ = `lr`, R = `restartSteps`, η₁ = `restartLr`.
 */
export interface LrSchedule {
  steps: number;
  lr: number;
  decay: number;
  restartSteps: number;
  restartLr: number;
}

/** The floor of a half-cosine decay, as a share of where it starts. */
const FLOOR = 0.02;

/** A half cosine from η to 2% of η as f goes from 0 to 1. */
const halfCosine = (lr: number, f: number) => lr * (FLOOR + (1 - FLOOR) * 0.5 * (1 + Math.cos(Math.PI * f)));

/** η at step t (1-based) under schedule `o`. */
export function learningRate(t: number, o: LrSchedule): number {
  if (t > o.steps) return halfCosine(o.restartLr, (t - o.steps) / Math.max(1, o.restartSteps));
  const start = Math.floor(o.steps * (1 - o.decay));
  if (t <= start) return o.lr;
  return halfCosine(o.lr, (t - start) / Math.max(1, o.steps - start));
}

/** The schedule in words, as a manifest records it. */
export function describeSchedule(o: LrSchedule): string {
  const floor = `${FLOOR * 100}%`;
  const first = `${o.steps} steps: constant, then half-cosine to ${floor} over the last ${o.decay * 100}%`;
  return o.restartSteps > 0 ? `${first}; then a warm restart of ${o.restartSteps} steps: half-cosine from ${o.restartLr} to ${floor} of it` : first;
}

/**
 * The first step in 1 … `upTo` where schedules `a` and `b` give different learning rates, or
 * null where none does: a run saved at step `upTo` under `a` may resume under `b` only if null.
 */
export function firstDifferentStep(a: LrSchedule, b: LrSchedule, upTo: number): number | null {
  for (let t = 1; t <= upTo; t++) if (learningRate(t, a) !== learningRate(t, b)) return t;
  return null;
}
