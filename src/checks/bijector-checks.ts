/**
 * The checks every bijector must pass, one function each. They are shared by the library tests
 * (`expectValidBijector`), the notebooks' "check your work" cells and the grader, so the three
 * can never disagree. Each returns a {@link CheckResult}; none throws for a failing bijector.
 *
 *   shapes                 output [B, D], log-det [B], all finite, in both directions
 *   round-trip-forward     max |f⁻¹(f(x)) − x|                       ≤ TOLERANCES.roundTrip
 *   round-trip-inverse     max |f(f⁻¹(z)) − z|                       ≤ TOLERANCES.roundTrip
 *   log-det-forward        max |logdet_f(x) − log|det ∂f/∂x|_autodiff|   ≤ TOLERANCES.logDet
 *   log-det-inverse        the same for f⁻¹ at z                     ≤ TOLERANCES.logDet
 *   inverse-log-det        max |logdet_f(x) + logdet_f⁻¹(f(x))|      ≤ TOLERANCES.inverseLogDet
 *   deterministic          max |f(x) − f(x)| over two calls          ≤ TOLERANCES.determinism
 *   gradients              every trainable variable gets a finite, non-null gradient
 *   no-leak                tf.memory().numTensors is the same before and after repeated calls
 */
import { message, text } from "../i18n/catalogue";
import * as tf from "@tensorflow/tfjs";
import type { Bijector, BijectorResult } from "../bijectors/bijector";
import { TOLERANCES } from "../tolerances";
import { guarded, measuredResult, type CheckResult } from "./check-result";
import { checkInputs, toTensor, type NamedInput } from "./inputs";
import { gradientProblems } from "./gradients";
import { autodiffLogAbsDet } from "./jacobian";
import { allFinite, maxAbsDiff } from "./max-abs-diff";

type Direction = "forward" | "inverse";
const other = (d: Direction): Direction => (d === "forward" ? "inverse" : "forward");
const call = (b: Bijector, d: Direction, v: tf.Tensor2D): BijectorResult => (d === "forward" ? b.forward(v) : b.inverse(v));

/** Runs `measure` on each named input and keeps the worst value, with its input's label. */
async function worstOver(inputs: NamedInput[], measure: (x: tf.Tensor2D) => Promise<number>): Promise<{ value: number; label: string }> {
  let worst = { value: 0, label: inputs[0].label as string };
  for (const input of inputs) {
    const x = toTensor(input.rows);
    try {
      const value = await measure(x);
      if (Number.isNaN(value) || value > worst.value) worst = { value, label: input.label };
      if (Number.isNaN(value)) break;
    } finally {
      x.dispose();
    }
  }
  return worst;
}

function disposeResult(r: BijectorResult): void {
  r.output.dispose();
  r.logDet.dispose();
}

export async function checkShapes(b: Bijector, inputs: NamedInput[]): Promise<CheckResult> {
  return guarded("shapes", b.name, async () => {
    for (const input of inputs) {
      for (const d of ["forward", "inverse"] as const) {
        const x = toTensor(input.rows);
        const [n, dim] = x.shape;
        let r: BijectorResult;
        try {
          r = call(b, d, x);
        } finally {
          x.dispose();
        }
        try {
          const problem =
            !(r?.output instanceof tf.Tensor) || !(r?.logDet instanceof tf.Tensor)
              ? text("problem.return")
              : r.output.shape.join() !== `${n},${dim}`
                ? message("problem.output-shape", { shape: String(r.output.shape), rows: String(n), dim: String(dim) })
                : r.logDet.shape.join() !== `${n}`
                  ? message("problem.log-det-shape", { shape: String(r.logDet.shape), rows: String(n) })
                  : !(await allFinite(r.output, r.logDet))
                    ? text("problem.not-finite")
                    : null;
          if (problem) {
            const where = message("where.inputs", { direction: `${b.name}.${d}`, label: input.label });
            return { check: "shapes", subject: b.name, passed: false, message: message("fail.shapes", { where, problem }), hint: text("hint.common.shapes") };
          }
        } finally {
          if (r?.output instanceof tf.Tensor) r.output.dispose();
          if (r?.logDet instanceof tf.Tensor) r.logDet.dispose();
        }
      }
    }
    return { check: "shapes", subject: b.name, passed: true, message: message("pass.shapes", { subject: b.name }) };
  });
}

/** max |g⁻¹(g(v)) − v| with g = the `first` direction. */
export async function checkRoundTrip(b: Bijector, inputs: NamedInput[], first: Direction): Promise<CheckResult> {
  const check = `round-trip-${first}`;
  return guarded(check, b.name, async () => {
    const worst = await worstOver(inputs, async (v) => {
      const there = call(b, first, v);
      const back = call(b, other(first), there.output);
      try {
        return await maxAbsDiff(back.output, v);
      } finally {
        disposeResult(there);
        disposeResult(back);
      }
    });
    const what = message(first === "forward" ? "what.lib.round-trip-forward" : "what.lib.round-trip-inverse", { label: worst.label });
    return measuredResult(check, b.name, what, worst.value, TOLERANCES.roundTrip, text("hint.bijector.round-trip"));
  });
}

/** The returned log-det against log|det J| of the autodiff Jacobian. */
export async function checkLogDet(b: Bijector, inputs: NamedInput[], direction: Direction): Promise<CheckResult> {
  const check = `log-det-${direction}`;
  return guarded(check, b.name, async () => {
    const worst = await worstOver(inputs, async (v) => {
      const r = call(b, direction, v);
      try {
        const reference = await autodiffLogAbsDet((u) => call(b, direction, u).output, v);
        return await maxAbsDiff(r.logDet, reference);
      } finally {
        disposeResult(r);
      }
    });
    return measuredResult(check, b.name, message("what.lib.log-det", { direction, label: worst.label }), worst.value, TOLERANCES.logDet,
      text(direction === "forward" ? "hint.bijector.log-det-forward" : "hint.bijector.log-det-inverse"));
  });
}

/** logdet_f(x) + logdet_{f⁻¹}(f(x)) = 0: the inverse's log-det is the negative of the forward's. */
export async function checkInverseLogDet(b: Bijector, inputs: NamedInput[]): Promise<CheckResult> {
  return guarded("inverse-log-det", b.name, async () => {
    const worst = await worstOver(inputs, async (x) => {
      const f = b.forward(x);
      const g = b.inverse(f.output);
      try {
        // |fwd + inv| = |fwd − (−inv)|, compared in JavaScript: no tensor to free.
        return await maxAbsDiff(f.logDet, Array.from(await g.logDet.data(), (v) => -v));
      } finally {
        disposeResult(f);
        disposeResult(g);
      }
    });
    return measuredResult("inverse-log-det", b.name, message("what.inverse-log-det", { label: worst.label }), worst.value, TOLERANCES.inverseLogDet, text("hint.bijector.inverse-log-det"));
  });
}

export async function checkDeterministic(b: Bijector, inputs: NamedInput[]): Promise<CheckResult> {
  return guarded("deterministic", b.name, async () => {
    const x = toTensor(inputs[0].rows);
    let r1, r2;
    try {
      [r1, r2] = [b.forward(x), b.forward(x)];
    } finally {
      x.dispose();
    }
    try {
      const value = Math.max(await maxAbsDiff(r1.output, r2.output), await maxAbsDiff(r1.logDet, r2.logDet));
      return measuredResult("deterministic", b.name, text("what.lib.deterministic"), value, TOLERANCES.determinism, text("hint.bijector.deterministic"));
    } finally {
      disposeResult(r1);
      disposeResult(r2);
    }
  });
}

/** Every trainable variable gets a finite, non-null gradient of an NLL-like loss. */
export async function checkGradients(b: Bijector, inputs: NamedInput[]): Promise<CheckResult> {
  return guarded("gradients", b.name, async () => {
    const variables = b.trainableVariables();
    if (variables.length === 0) return { check: "gradients", subject: b.name, passed: true, message: message("pass.lib.no-variables", { subject: b.name }) };
    const x = toTensor(inputs[0].rows);
    let found;
    try {
      found = await gradientProblems(() => {
        const r = b.forward(x);
        return tf.sub(tf.mul(tf.mean(tf.sum(tf.square(r.output), 1)), 0.5), tf.mean(r.logDet)) as tf.Scalar;
      }, variables);
    } finally {
      x.dispose();
    }
    const problems = found.map((p) => message(p.problem === "no gradient" ? "problem.gradient.none" : "problem.gradient.not-finite", { name: p.variable }));
    return problems.length === 0
      ? { check: "gradients", subject: b.name, passed: true, message: message("pass.lib.gradients", { subject: b.name, count: String(variables.length) }) }
      : { check: "gradients", subject: b.name, passed: false, message: `${b.name}: ${problems.join("; ")}`, hint: text("hint.common.layer-gradients") };
  });
}

/** Repeated forward and inverse calls, with their outputs disposed, must leave no tensor behind. */
export async function checkNoLeak(b: Bijector, inputs: NamedInput[], repeats = 3): Promise<CheckResult> {
  return guarded("no-leak", b.name, async () => {
    const x = toTensor(inputs[0].rows);
    const once = () => {
      const f = b.forward(x);
      const g = b.inverse(f.output);
      disposeResult(f);
      disposeResult(g);
    };
    try {
      once(); // warm-up: lazily created constants are not leaks
      const before = tf.memory().numTensors;
      for (let i = 0; i < repeats; i++) once();
      const leaked = (tf.memory().numTensors - before) / repeats;
      return measuredResult("no-leak", b.name, text("what.leak.tensors"), leaked, TOLERANCES.leakedTensors, text("hint.bijector.leak"));
    } finally {
      x.dispose();
    }
  });
}

export const BIJECTOR_CHECKS = {
  shapes: checkShapes,
  "round-trip-forward": (b: Bijector, i: NamedInput[]) => checkRoundTrip(b, i, "forward"),
  "round-trip-inverse": (b: Bijector, i: NamedInput[]) => checkRoundTrip(b, i, "inverse"),
  "log-det-forward": (b: Bijector, i: NamedInput[]) => checkLogDet(b, i, "forward"),
  "log-det-inverse": (b: Bijector, i: NamedInput[]) => checkLogDet(b, i, "inverse"),
  "inverse-log-det": checkInverseLogDet,
  deterministic: checkDeterministic,
  gradients: checkGradients,
  "no-leak": checkNoLeak,
} as const;

export type BijectorCheckName = keyof typeof BIJECTOR_CHECKS;
export const BIJECTOR_CHECK_NAMES = Object.keys(BIJECTOR_CHECKS) as BijectorCheckName[];

export { checkInputs };
