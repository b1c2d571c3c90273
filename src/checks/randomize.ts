/**
 * Fresh coupling layers are the identity (their conditioner's last layer is zero), and the
 * identity passes every invertibility and log-det check, even when the code is wrong. Checks
 * therefore first overwrite every trainable variable with seeded noise N(0, σ²), so that the
 * shift and log-scale are far from zero and a missing mask or a wrong sign shows.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/prng";

export function randomizeVariables(variables: readonly tf.Variable[], seed: number, std = 0.5): void {
  const rng = new Rng(seed);
  for (const v of variables) {
    const values = Float32Array.from({ length: v.size }, () => std * rng.normal());
    tf.tidy(() => v.assign(tf.tensor(values, v.shape, "float32")));
  }
}
