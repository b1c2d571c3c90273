/**
 * Which variables a loss fails to train: for each variable v, ∂loss/∂v must exist (v influences
 * the loss) and be finite. Shared by the bijector "gradients" check and the NLL "nll-gradients"
 * check. The loss value and the gradients are always freed, also when the loss throws.
 */
import * as tf from "@tensorflow/tfjs";
import { allFinite } from "./max-abs-diff";

export interface GradientProblem {
  variable: string;
  problem: "no gradient" | "not finite";
}

export async function gradientProblems(loss: () => tf.Scalar, variables: tf.Variable[]): Promise<GradientProblem[]> {
  const { value, grads } = tf.variableGrads(loss, variables);
  try {
    const problems: GradientProblem[] = [];
    for (const v of variables) {
      const g = grads[v.name];
      if (!g) problems.push({ variable: v.name, problem: "no gradient" });
      else if (!(await allFinite(g))) problems.push({ variable: v.name, problem: "not finite" });
    }
    return problems;
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
  }
}
