/**
 * A flow's weights as one float32 vector, layer by layer: what a checkpoint stores.
 *
 * The layers are the flow's leaves in forward order (a `Chain`'s parts in turn, a `Split`'s
 * `inner`), and each contributes one segment:
 *   - a layer with a **weight layout** (`weightCount`, `readWeights`, `loadWeights`: the course's
 *     ActNorm [s, b] and invertible 1×1 convolution [P, sign, lower, upper, logAbsDiag], documented
 *     in their files) contributes that layout, so a checkpoint loads into a student's class too;
 *   - any other layer contributes its `trainableVariables()`, each flattened, in order (a coupling's
 *     a, then its conditioner's kernels and biases); a fixed layer (Logit, Squeeze) contributes none.
 * Every segment is named by the layer's `name`, so loading into a flow of another architecture
 * fails with the first layer that differs.
 *
 * @example
 *   const { values, layers } = await readFlowWeights(flow);       // save values as float32 bytes
 *   await loadFlowWeights(otherFlow, values, layers);              // same architecture, any classes
 */
import * as tf from "@tensorflow/tfjs";
import type { Bijector } from "../bijector";
import { Chain } from "../chain";
import { Split } from "./split";

/** The methods a layer offers to move its parameters in and out of a checkpoint. */
export interface WeightLayout {
  weightCount(): number;
  readWeights(): Promise<Float32Array>;
  loadWeights(values: Float32Array): void | Promise<void>;
}

/** One layer's segment of a checkpoint. */
export interface CheckpointLayer {
  name: string;
  count: number;
}

function hasLayout(b: Bijector): b is Bijector & WeightLayout {
  const l = b as Partial<WeightLayout>;
  return typeof l.weightCount === "function" && typeof l.readWeights === "function" && typeof l.loadWeights === "function";
}

/** The leaves of `flow` in forward order (through Chains and Splits). */
export function flowLayers(flow: Bijector): Bijector[] {
  if (flow instanceof Chain) return flow.bijectors.flatMap(flowLayers);
  if (flow instanceof Split) return flowLayers(flow.inner);
  return [flow];
}

function variablesCount(b: Bijector): number {
  return b.trainableVariables().reduce((n, v) => n + v.size, 0);
}

/** All of `flow`'s weights as one vector, and the segment of each layer. */
export async function readFlowWeights(flow: Bijector): Promise<{ values: Float32Array; layers: CheckpointLayer[] }> {
  const parts: Float32Array[] = [];
  const layers: CheckpointLayer[] = [];
  for (const b of flowLayers(flow)) {
    let values: Float32Array;
    if (hasLayout(b)) {
      values = await b.readWeights();
    } else {
      const vars = b.trainableVariables();
      if (vars.length === 0) continue;
      const flat = tf.tidy(() => tf.concat(vars.map((v) => tf.reshape(v, [-1]))));
      values = Float32Array.from(await flat.data());
      flat.dispose();
    }
    parts.push(values);
    layers.push({ name: b.name, count: values.length });
  }
  const values = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    values.set(p, offset);
    offset += p.length;
  }
  return { values, layers };
}

/** A checkpoint does not fit the flow it is loaded into. */
export class CheckpointError extends Error {
  override name = "CheckpointError";
}

/**
 * Loads `values` (laid out as `layers` says) into `flow`, layer by layer. Throws CheckpointError
 * naming the first layer whose name or size differs, and when a layer of the course's classes
 * lacks the weight-layout methods.
 */
export async function loadFlowWeights(flow: Bijector, values: Float32Array, layers: readonly CheckpointLayer[]): Promise<void> {
  const total = layers.reduce((n, l) => n + l.count, 0);
  if (!(values instanceof Float32Array) || values.length !== total) {
    throw new CheckpointError(`loadFlowWeights: the checkpoint's layers hold ${total} numbers but its weights have ${values?.length}.`);
  }
  const targets = flowLayers(flow).filter((b) => hasLayout(b) || variablesCount(b) > 0 || /ActNorm|1x1Conv/.test(b.name));
  if (targets.length !== layers.length) {
    throw new CheckpointError(`loadFlowWeights: the checkpoint has ${layers.length} layers with weights, the flow ${targets.length}; build the flow with the checkpoint's architecture.`);
  }
  let offset = 0;
  for (let i = 0; i < layers.length; i++) {
    const b = targets[i];
    const { name, count } = layers[i];
    if (b.name !== name) throw new CheckpointError(`loadFlowWeights: layer ${i} is ${b.name} in the flow but ${name} in the checkpoint.`);
    const segment = values.subarray(offset, offset + count);
    offset += count;
    if (hasLayout(b)) {
      if (b.weightCount() !== count) throw new CheckpointError(`loadFlowWeights: ${name} (layer ${i}) takes ${b.weightCount()} numbers; the checkpoint has ${count}.`);
      await b.loadWeights(segment);
      continue;
    }
    if (/ActNorm|1x1Conv/.test(b.name)) {
      throw new CheckpointError(`loadFlowWeights: ${b.name} has no weightCount/readWeights/loadWeights methods (the given part of exercises d and e): copy them from the exercise's current template.`);
    }
    if (variablesCount(b) !== count) throw new CheckpointError(`loadFlowWeights: ${name} (layer ${i}) has ${variablesCount(b)} weights; the checkpoint has ${count}.`);
    let at = 0;
    tf.tidy(() => {
      for (const v of b.trainableVariables()) {
        v.assign(tf.tensor(segment.subarray(at, at + v.size), v.shape, "float32"));
        at += v.size;
      }
    });
  }
}
