/**
 * `tf.variable(t)` copies `t` and leaves `t` alive (and counted in tf.memory()). This helper
 * builds the initial value, wraps it, and frees the temporary, so that constructing a layer
 * leaves exactly its variables behind.
 */
import * as tf from "@tensorflow/tfjs";

export function trainableVariable<R extends tf.Rank>(init: () => tf.Tensor<R>, name?: string): tf.Variable<R> {
  const value = init();
  try {
    return tf.variable(value, true, name ? `${name}_${nextSuffix()}` : undefined, "float32");
  } finally {
    value.dispose();
  }
}

let counter = 0;
/** tfjs variable names must be unique per process; notebooks re-run cells, so suffix them. */
function nextSuffix(): number {
  counter += 1;
  return counter;
}
