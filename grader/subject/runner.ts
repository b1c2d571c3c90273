/**
 * The subject's entry point: bundled by the grader into `<runtime>/runner.cjs` and run, sandboxed,
 * in a fresh process per job (see grader/sandbox/run-subject.ts). It reads one job from stdin,
 * loads the student's compiled module, runs what the job asks, and prints each answer section as
 * soon as it exists (protocol.ts).
 *
 * This code runs in the same process and realm as the student's code, so the grader trusts none
 * of it: it only evaluates and reports numbers, which the grader checks itself. It holds no seed,
 * tolerance, reference formula or path of the grader.
 */
import { tfjsCodeCache } from "./preload-tfjs"; // first: loads tfjs with its code cache
import * as tf from "@tensorflow/tfjs";
import { runBijectorJob } from "./bijector-job";
import { runNllJob } from "./nll-job";
import { runInitJob } from "./init-job";
import { runDequantizationJob } from "./dequantization-job";
import { runImageTrainJob } from "./image-train-job";
import { answer, describeError, problem } from "./answer";
import { unpackReviver } from "./float32-codec";
import { sealProcess } from "./seal";
import type { SubjectJob } from "./protocol";
import { runTrainJob } from "./train-job";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<void> {
  const job = JSON.parse(await readStdin(), unpackReviver) as SubjectJob;
  // webgpu: Dawn and tfjs-backend-webgpu load from the runtime folder first (sandbox/webgpu-runtime.ts)
  if (job.backend === "webgpu") await (require(`${__dirname}/webgpu.cjs`) as { installWebgpu(): Promise<void> }).installWebgpu();
  await tf.setBackend(job.backend);
  await tf.ready();
  if (!(job.kind === "bijector" && job.unsealed)) sealProcess(); // before any student code loads (seal.ts)
  answer({ section: "ready", backend: tf.getBackend(), codeCache: tfjsCodeCache });
  if (job.kind === "bijector") await runBijectorJob(job);
  else if (job.kind === "nll") await runNllJob(job);
  else if (job.kind === "init") await runInitJob(job);
  else if (job.kind === "dequantization") await runDequantizationJob(job);
  else if (job.kind === "image-train") await runImageTrainJob(job);
  else await runTrainJob(job);
  answer({ section: "done" });
}

/** Resolves once everything written to stdout has reached the pipe (a large answer may be queued). */
const flushed = () => new Promise<void>((resolve) => process.stdout.write("", () => resolve()));

main()
  .catch((err) => answer({ section: "api", ok: false, problem: problem("subject-failed", { error: describeError(err) }) }))
  // Student code may leave timers or handles open; the job is finished, so end once the answers are out.
  .finally(() => flushed().then(() => process.exit(0)));
