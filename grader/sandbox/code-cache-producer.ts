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
  for (let step = 0; step < 2; step++) {
    optimizer.minimize(() => {
      const h = tf.relu(tf.add(tf.matMul(x, w), 0.1));
      const s = tf.tanh(tf.slice(h, [0, 0], [16, 4]));
      const y = tf.add(tf.mul(x, tf.exp(s)), tf.sigmoid(tf.slice(h, [0, 4], [16, 4])));
      return tf.sub(tf.mean(tf.sum(tf.square(tf.concat([y, tf.log(tf.abs(y).add(1))], 1)), 1)), tf.sum(s));
    });
  }
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.matMul(x, w)) as TF.Scalar, [w]);
  await value.data();
  await grads[w.name].data();
  const image = tf.randomNormal([2, 4, 4, 3]) as TF.Tensor4D;
  const conv = tf.conv2d(image, tf.eye(3).reshape([1, 1, 3, 3]) as TF.Tensor4D, 1, "same");
  await tf.transpose(tf.reshape(conv, [2, 48])).data();
  tf.disposeVariables();
  tf.dispose([x, value, image, conv, ...Object.values(grads)]);
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
