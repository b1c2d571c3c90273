/**
 * Backend selection: one function, one line of report.
 *
 * `FLOWLAB_BACKEND=auto|tensorflow|wasm|cpu` (default `auto`) picks the TensorFlow.js backend.
 * `auto` tries, in order:
 *   1. `@tensorflow/tfjs-node-gpu`: libtensorflow with CUDA, when its native binding loads;
 *   2. `@tensorflow/tfjs-node`: libtensorflow on the CPU, when it is installed;
 *   3. `@tensorflow/tfjs-backend-wasm`: XNNPACK with SIMD, one thread under Node;
 *   4. `cpu`: pure JavaScript, always there.
 * A missing or broken native package is never fatal under `auto`: its reason is kept for the
 * report. Forcing a backend that cannot start throws {@link BackendUnavailableError}.
 *
 * @example
 *   const backend = await selectBackend();   // reads FLOWLAB_BACKEND
 *   console.log(backend.line);               // "FlowLab backend: wasm (auto; ...)"
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export const BACKEND_CHOICES = ["auto", "tensorflow", "wasm", "cpu"] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** What was chosen and why. `line` is the one-line summary every notebook prints first. */
export interface BackendReport {
  /** The tfjs backend name now active: "tensorflow", "wasm" or "cpu". */
  backend: string;
  choice: BackendChoice;
  /** True only when libtensorflow reports that it runs on a CUDA device. */
  gpu: boolean;
  /** The npm package that provides the backend. */
  provider: string;
  /** Why this backend, including why the ones before it in the `auto` order were skipped. */
  reason: string;
  line: string;
}

/** A forced backend could not start. The message names the package and the README section. */
export class BackendUnavailableError extends Error {
  override name = "BackendUnavailableError";
}

const NATIVE_PACKAGES = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"] as const;
const GPU_HELP = 'See README.md, section "GPU", for the requirements and for supplying libtensorflow offline.';

/** Reads and validates `FLOWLAB_BACKEND`. */
export function backendChoiceFromEnv(value: string | undefined = process.env.FLOWLAB_BACKEND): BackendChoice {
  const v = (value ?? "auto").trim().toLowerCase() || "auto";
  if (!(BACKEND_CHOICES as readonly string[]).includes(v)) {
    throw new BackendUnavailableError(
      `selectBackend: FLOWLAB_BACKEND must be one of ${BACKEND_CHOICES.join(", ")}; got "${value}".`,
    );
  }
  return v as BackendChoice;
}

/**
 * One backend's try. The discriminant is a string, not a boolean: tslab compiles without
 * strictNullChecks, and there only literal-string discriminants narrow a union.
 */
type Started = { status: "started"; provider: string; gpu: boolean; note: string };
type Attempt = Started | { status: "unavailable"; why: string };

/** Loads a native tfjs-node package; returns why not instead of throwing. */
async function tryNative(pkg: string): Promise<Attempt> {
  try {
    await import(/* @vite-ignore */ pkg);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const msg = String(e?.message ?? err).split("\n")[0];
    const missing = (e?.code === "MODULE_NOT_FOUND" || e?.code === "ERR_MODULE_NOT_FOUND") && msg.includes(pkg);
    return { status: "unavailable", why: missing ? `${pkg} is not installed` : `${pkg} failed to load (${msg})` };
  }
  if (!(await tf.setBackend("tensorflow"))) return { status: "unavailable", why: `${pkg} loaded but its backend did not initialise` };
  await tf.ready();
  const gpu = Boolean((tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice);
  return { status: "started", provider: pkg, gpu, note: gpu ? "libtensorflow on a CUDA GPU" : "libtensorflow on the CPU" };
}

async function tryTensorflow(): Promise<Attempt> {
  const reasons: string[] = [];
  for (const pkg of NATIVE_PACKAGES) {
    const attempt = await tryNative(pkg);
    if (attempt.status === "started") return attempt;
    reasons.push(attempt.why);
  }
  return { status: "unavailable", why: reasons.join("; ") };
}

async function tryWasm(): Promise<Attempt> {
  try {
    if (!(await tf.setBackend("wasm"))) return { status: "unavailable", why: "the wasm backend did not initialise" };
    await tf.ready();
  } catch (err) {
    return { status: "unavailable", why: `the wasm backend failed (${String((err as Error)?.message ?? err)})` };
  }
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
  return {
    status: "started",
    provider: "@tensorflow/tfjs-backend-wasm",
    gpu: false,
    note: `SIMD ${simd ? "on" : "off"}, ${threads ? "multi-threaded" : "1 thread"}`,
  };
}

async function tryCpu(): Promise<Attempt> {
  if (!(await tf.setBackend("cpu"))) return { status: "unavailable", why: "the cpu backend did not initialise" };
  await tf.ready();
  return { status: "started", provider: "@tensorflow/tfjs (cpu)", gpu: false, note: "pure JavaScript, slowest" };
}

const ATTEMPTS: Record<Exclude<BackendChoice, "auto">, () => Promise<Attempt>> = {
  tensorflow: tryTensorflow,
  wasm: tryWasm,
  cpu: tryCpu,
};

function report(choice: BackendChoice, attempt: Started, skipped: string[]): BackendReport {
  const backend = tf.getBackend();
  const reason = [...skipped, attempt.note].join("; ");
  const gpuWord = attempt.gpu ? "GPU" : "no GPU";
  return {
    backend,
    choice,
    gpu: attempt.gpu,
    provider: attempt.provider,
    reason,
    line: `FlowLab backend: ${backend} (${choice === "auto" ? "auto" : "forced"}, ${gpuWord}; ${reason})`,
  };
}

/**
 * Activates a backend and reports it. Safe to call again (notebook cells are re-run).
 * @param choice defaults to `FLOWLAB_BACKEND`, then `auto`.
 * @throws BackendUnavailableError when a forced backend cannot start, or the choice is unknown.
 */
export async function selectBackend(choice: BackendChoice | string = backendChoiceFromEnv()): Promise<BackendReport> {
  const c = backendChoiceFromEnv(choice);
  if (c !== "auto") {
    const attempt = await ATTEMPTS[c]();
    if (attempt.status === "unavailable") {
      const help = c === "tensorflow" ? ` ${GPU_HELP}` : "";
      throw new BackendUnavailableError(`selectBackend: FLOWLAB_BACKEND=${c} is unavailable: ${attempt.why}.${help}`);
    }
    return report(c, attempt, []);
  }
  const skipped: string[] = [];
  for (const name of ["tensorflow", "wasm", "cpu"] as const) {
    const attempt = await ATTEMPTS[name]();
    if (attempt.status === "started") return report(c, attempt, skipped);
    skipped.push(attempt.why);
  }
  throw new BackendUnavailableError("selectBackend: no TensorFlow.js backend could start, not even cpu.");
}
