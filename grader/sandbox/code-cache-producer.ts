/**
 * Writes the subjects' V8 code cache of tfjs (subject/tfjs-code-cache.ts). Bundled into the
 * runtime folder as `code-cache-producer.cjs` and run by the grader (sandbox/code-cache.ts), never
 * by a subject, with exactly the subjects' V8 flags: it loads tfjs.cjs the way subjects do, runs
 * the operations a grading uses most (so that their functions are compiled and land in the cache
 * too), and writes `tfjs.<flags>.v8cache` beside tfjs.cjs, atomically, readable by all.
 */
import type * as TF from "@tensorflow/tfjs";
import { chmodSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { codeCacheFile, loadTfjsCached } from "../subject/tfjs-code-cache";

const loaded = loadTfjsCached(__dirname);
const tf = loaded.exports as typeof TF;

/** A small dense network, a convolution and an Adam step: forward, gradients and reads, as subjects do. */
async function warmUp(): Promise<void> {
  await tf.setBackend("wasm");
  await tf.ready();
  const x = tf.randomNormal([16, 4]);
  const w = tf.variable(tf.randomNormal([4, 8]));
  const optimizer = tf.train.adam(1e-3);
  const target = tf.randomUniform([16, 8]);
  for (let step = 0; step < 2; step++) {
    optimizer.minimize(() => {
      const hidden = tf.relu(tf.matMul(x, w));
      const squashed = tf.concat([tf.tanh(hidden), tf.sigmoid(hidden)], 1).slice([0, 0], [16, 8]);
      const error = tf.sub(squashed, target);
      return tf.mean(tf.add(tf.square(error), tf.log1p(tf.exp(tf.neg(tf.abs(error)))))) as TF.Scalar;
    });
  }
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.matMul(x, w)) as TF.Scalar, [w]);
  await value.data();
  await grads[w.name].data();
  const image = tf.randomNormal([2, 4, 4, 3]) as TF.Tensor4D;
  const conv = tf.conv2d(image, tf.eye(3).reshape([1, 1, 3, 3]) as TF.Tensor4D, 1, "same");
  await tf.transpose(tf.reshape(conv, [2, 48])).data();
  tf.disposeVariables();
  tf.dispose([x, target, value, image, conv, ...Object.values(grads)]);
}

warmUp()
  .then(() => {
    const target = join(__dirname, codeCacheFile(process.execArgv));
    const partial = `${target}.${process.pid}.partial`;
    writeFileSync(partial, loaded.script.createCachedData());
    chmodSync(partial, 0o644);
    renameSync(partial, target);
  })
  .catch((err) => {
    process.stderr.write(`code cache not written: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
