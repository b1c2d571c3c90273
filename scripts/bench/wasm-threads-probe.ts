/**
 * Can the multi-threaded wasm build run under Node? Prints one line saying yes (and how many
 * threads) or why not. Run in a child process by `bench:backend`, because a failed start leaves
 * the wasm backend unusable in the process that tried.
 *
 * What it does: tfjs-backend-wasm 4.22 answers WASM_HAS_MULTITHREAD_SUPPORT = false whenever
 * IS_NODE (flags_wasm.ts, tensorflow/tfjs#3830), so the probe forces the flag to true, asks for
 * 2 threads and starts the backend. Under Node 20 the threaded build's Emscripten glue starts its
 * pthread workers from a `blob:` URL, which `worker_threads` refuses (ERR_WORKER_PATH), so the
 * start fails; the line then quotes the error. If a later tfjs or Node makes it work, the line
 * says so and times a 512×512 matMul against the single-threaded figure printed beside it.
 */
import * as tf from "@tensorflow/tfjs";
import { getThreadsCount, setThreadsCount } from "@tensorflow/tfjs-backend-wasm";

const THREADS = 2;

async function main(): Promise<string> {
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  setThreadsCount(THREADS);
  const errors: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void errors.push(args.map(String).join(" "));
  let started: boolean;
  try {
    started = await tf.setBackend("wasm");
  } finally {
    console.warn = original;
  }
  if (!started) {
    const reason = errors.map((e) => e.split("\n")[0]).find((e) => /Error|ERR_/.test(e)) ?? errors[0] ?? "setBackend('wasm') returned false";
    return `wasm threads: unavailable under Node ${process.version} (tfjs disables them in Node, tensorflow/tfjs#3830; forcing the flag fails: ${reason.slice(0, 200)})`;
  }
  const a = tf.randomNormal([512, 512]);
  await tf.matMul(a, a).data();
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) await tf.matMul(a, a).data();
  return `wasm threads: started with ${getThreadsCount()} threads under Node ${process.version}; 512×512 matMul ${((performance.now() - t0) / 20).toFixed(2)} ms`;
}

console.log(await main().catch((e: Error) => `wasm threads: unavailable (${e.message.split("\n")[0].slice(0, 200)})`));
process.exit(0);
