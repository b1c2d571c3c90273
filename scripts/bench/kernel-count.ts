/**
 * Kernels (backend operations) per training step of the library's own loop, counted with
 * `tf.profile`: K(n) = kernels run by `train(…, { steps: n })` on a fresh reference flow, and
 *
 *   kernels per step = K(3) − K(2)
 *
 * which cancels the one-off work (copying the data, creating the optimizer's state) and leaves
 * one steady-state step: batch gather, forward, backward, optimizer update, loss read-back.
 */
import * as tf from "@tensorflow/tfjs";
import { train } from "../../src/train/index";
import { nllLoss } from "../../solutions/nll";
import { REFERENCE, referenceData, referenceFlow } from "./reference-config";

export interface KernelCount {
  perStep: number;
  /** Kernel name → count in one step, most frequent first. */
  byName: [string, number][];
}

async function kernelsOf(steps: number): Promise<Map<string, number>> {
  const flow = referenceFlow();
  const data = referenceData().train;
  try {
    const info = await tf.profile(async () => {
      await train(flow, data, { lossFn: nllLoss, steps, batchSize: REFERENCE.batchSize, learningRate: REFERENCE.learningRate, seed: REFERENCE.seed });
    });
    const counts = new Map<string, number>();
    for (const k of info.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
    return counts;
  } finally {
    flow.dispose();
  }
}

export async function kernelsPerStep(): Promise<KernelCount> {
  const [two, three] = [await kernelsOf(2), await kernelsOf(3)];
  const byName: [string, number][] = [...three].map(([name, n]) => [name, n - (two.get(name) ?? 0)] as [string, number]).filter(([, n]) => n !== 0);
  byName.sort((a, b) => b[1] - a[1]);
  return { perStep: byName.reduce((s, [, n]) => s + n, 0), byName };
}

/** "1551 (Multiply 389, Identity 289, …)": the total and the `top` most frequent kernels. */
export function formatKernelCount(k: KernelCount, top = 8): string {
  const rest = k.byName.length > top ? ", …" : "";
  return `${k.perStep} (${k.byName.slice(0, top).map(([n, c]) => `${n} ${c}`).join(", ")}${rest})`;
}
