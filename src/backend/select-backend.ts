/**
 * Backend selection: one function, one report (backend, GPU adapter, why).
 *
 * `FLOWLAB_BACKEND=auto|tensorflow|webgpu|wasm|cpu` (default `auto`) picks the TensorFlow.js
 * backend; a notebook's first cell may also pass the choice: `selectBackend("webgpu")`.
 * `auto` takes the first of (see {@link planAuto}):
 *   1. `tensorflow` from `@tensorflow/tfjs-node-gpu`, when libtensorflow loads **and** runs on a
 *      CUDA GPU;
 *   2. `webgpu` (`@tensorflow/tfjs-backend-webgpu` on Dawn, the `webgpu` package), when Dawn finds
 *      a **hardware** adapter. A software adapter (llvmpipe, SwiftShader: WebGPU on the CPU, slower
 *      than wasm) is reported and skipped; only `FLOWLAB_BACKEND=webgpu` uses it;
 *   3. `tensorflow` on the CPU, when `@tensorflow/tfjs-node(-gpu)` loads without a GPU;
 *   4. `wasm` (XNNPACK with SIMD, one thread under Node);
 *   5. `cpu`: pure JavaScript, always there.
 * A missing or broken package is never fatal under `auto`: its reason goes into the report.
 * Forcing a backend that cannot start throws {@link BackendUnavailableError}.
 *
 * The probes are injectable (`options.probes`), so the order is tested without a GPU.
 *
 * @example
 *   const backend = await selectBackend();   // reads FLOWLAB_BACKEND
 *   console.log(backend.line);
 *   // FlowLab backend: wasm (auto, no GPU; ...; SIMD on, 1 thread)
 *   // GPU adapter: vendor mesa, architecture software, "llvmpipe: ..." (software: runs on the CPU)
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describeAdapter, loadWebgpuBackend, probeWebgpuAdapter, type AdapterInfo, type AdapterProbe } from "./webgpu-adapter";

export const BACKEND_CHOICES = ["auto", "tensorflow", "webgpu", "wasm", "cpu"] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** What was chosen and why. `line` is what every notebook's first cell prints. */
export interface BackendReport {
  /** The tfjs backend name now active: "tensorflow", "webgpu", "wasm" or "cpu". */
  backend: string;
  choice: BackendChoice;
  /** True when the backend computes on a GPU: libtensorflow on CUDA, or webgpu on a hardware adapter. */
  gpu: boolean;
  /** The npm package that provides the backend. */
  provider: string;
  /** The WebGPU adapter Dawn found, when it was asked (auto, webgpu). */
  adapter?: AdapterInfo;
  /** One line on the WebGPU adapter: what it is, or why there is none, or that it was not probed. */
  adapterLine: string;
  /** Why this backend, including why the ones before it in the `auto` order were skipped. */
  reason: string;
  /** "FlowLab backend: …" and, on a second line, "GPU adapter: …". */
  line: string;
}

/** A forced backend could not start. The message names the package and the README section. */
export class BackendUnavailableError extends Error {
  override name = "BackendUnavailableError";
}

const NATIVE_PACKAGES = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"] as const;
const GPU_HELP = 'See README.md, section "GPU".';

/** Reads and validates `FLOWLAB_BACKEND`. */
export function backendChoiceFromEnv(value: string | undefined = process.env.FLOWLAB_BACKEND): BackendChoice {
  const v = (value ?? "auto").trim().toLowerCase() || "auto";
  if (!(BACKEND_CHOICES as readonly string[]).includes(v)) {
    throw new BackendUnavailableError(`selectBackend: FLOWLAB_BACKEND must be one of ${BACKEND_CHOICES.join(", ")}; got "${value}".`);
  }
  return v as BackendChoice;
}

/**
 * What loading libtensorflow found. The discriminant is a string, not a boolean: tslab compiles
 * without strictNullChecks, and there only literal-string discriminants narrow a union.
 */
export type NativeProbe = { status: "gpu" | "cpu"; provider: string } | { status: "unavailable"; why: string };

/** The two probes `auto` needs before deciding; each is called at most once. */
export interface BackendProbes {
  native(): Promise<NativeProbe>;
  webgpu(): Promise<AdapterProbe>;
}

/** One backend `auto` may activate, with why it got there. */
export interface Candidate {
  backend: "tensorflow" | "webgpu" | "wasm" | "cpu";
  /** Why this candidate (appended to the skipped reasons when it starts). */
  why: string;
}

/** The `auto` order, decided from the probes: candidates to try in order, and what was skipped. */
export interface AutoPlan {
  candidates: Candidate[];
  skipped: string[];
  adapter?: AdapterInfo;
  adapterLine: string;
}

/** "GPU adapter: …" for a probe result. */
export function adapterLineOf(probe: AdapterProbe | undefined): string {
  if (!probe) return "GPU adapter: not probed (a backend was forced)";
  return probe.status === "found" ? `GPU adapter: ${describeAdapter(probe.adapter)}` : `GPU adapter: none (${probe.why})`;
}

/** Decides the `auto` order from the probes (tfjs is not touched here, except by the probes). */
export async function planAuto(probes: BackendProbes): Promise<AutoPlan> {
  const skipped: string[] = [];
  const candidates: Candidate[] = [];
  const native = await probes.native();
  if (native.status === "gpu") candidates.push({ backend: "tensorflow", why: `${native.provider}: libtensorflow on a CUDA GPU` });
  else if (native.status === "unavailable") skipped.push(native.why);
  else skipped.push(`${native.provider} loaded but found no CUDA GPU`);
  const webgpu = await probes.webgpu();
  if (webgpu.status === "none") skipped.push(`no WebGPU: ${webgpu.why}`);
  else if (webgpu.adapter.software) skipped.push(`the WebGPU adapter is software (${webgpu.adapter.description || webgpu.adapter.device}), slower than wasm: not chosen automatically (FLOWLAB_BACKEND=webgpu uses it)`);
  else candidates.push({ backend: "webgpu", why: `WebGPU on a hardware adapter (${webgpu.adapter.description || webgpu.adapter.vendor})` });
  if (native.status === "cpu") candidates.push({ backend: "tensorflow", why: `${native.provider}: libtensorflow on the CPU` });
  candidates.push({ backend: "wasm", why: "" }, { backend: "cpu", why: "" });
  return { candidates, skipped, adapter: webgpu.status === "found" ? webgpu.adapter : undefined, adapterLine: adapterLineOf(webgpu) };
}

/** Loads a native tfjs-node package; returns why not instead of throwing. */
async function tryNative(pkg: string): Promise<NativeProbe> {
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
  return { status: gpu ? "gpu" : "cpu", provider: pkg };
}

/** The real libtensorflow probe: tfjs-node-gpu, then tfjs-node. */
export async function probeNative(): Promise<NativeProbe> {
  const reasons: string[] = [];
  for (const pkg of NATIVE_PACKAGES) {
    const probe = await tryNative(pkg);
    if (probe.status !== "unavailable") return probe;
    reasons.push(probe.why);
  }
  return { status: "unavailable", why: reasons.join("; ") };
}

export const REAL_PROBES: BackendProbes = { native: probeNative, webgpu: probeWebgpuAdapter };

/** One activation: the backend started (with a note for the report) or why not. */
type Started = { status: "started"; provider: string; note: string };
type Attempt = Started | { status: "unavailable"; why: string };

async function activate(name: string, provider: string): Promise<Attempt> {
  try {
    if (!(await tf.setBackend(name))) return { status: "unavailable", why: `the ${name} backend did not initialise` };
    await tf.ready();
  } catch (err) {
    return { status: "unavailable", why: `the ${name} backend failed (${String((err as Error)?.message ?? err).split("\n")[0]})` };
  }
  return { status: "started", provider, note: "" };
}

async function startTensorflow(native: NativeProbe): Promise<Attempt> {
  if (native.status === "unavailable") return native;
  const a = await activate("tensorflow", native.provider);
  return a.status === "started" ? { ...a, note: native.status === "gpu" ? "libtensorflow on a CUDA GPU" : "libtensorflow on the CPU" } : a;
}

async function startWebgpu(probe: AdapterProbe): Promise<Attempt> {
  if (probe.status === "none") return { status: "unavailable", why: `no WebGPU adapter: ${probe.why}` };
  try {
    await loadWebgpuBackend();
  } catch (err) {
    return { status: "unavailable", why: `@tensorflow/tfjs-backend-webgpu failed to load (${String((err as Error)?.message ?? err).split("\n")[0]})` };
  }
  const a = await activate("webgpu", "@tensorflow/tfjs-backend-webgpu on Dawn (webgpu)");
  return a.status === "started" ? { ...a, note: probe.adapter.software ? "WebGPU on a software adapter (CPU rasterizer: for tests, slower than wasm)" : "WebGPU on a hardware adapter" } : a;
}

async function startWasm(): Promise<Attempt> {
  const a = await activate("wasm", "@tensorflow/tfjs-backend-wasm");
  if (a.status !== "started") return a;
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
  return { ...a, note: `SIMD ${simd ? "on" : "off"}, ${threads ? "multi-threaded" : "1 thread"}` };
}

async function startCpu(): Promise<Attempt> {
  const a = await activate("cpu", "@tensorflow/tfjs (cpu)");
  return a.status === "started" ? { ...a, note: "pure JavaScript, slowest" } : a;
}

function report(choice: BackendChoice, attempt: Started, reasons: string[], gpu: boolean, adapterLine: string, adapter?: AdapterInfo): BackendReport {
  const backend = tf.getBackend();
  const reason = [...reasons, attempt.note].filter(Boolean).join("; ");
  const first = `FlowLab backend: ${backend} (${choice === "auto" ? "auto" : "forced"}, ${gpu ? "GPU" : "no GPU"}; ${reason})`;
  return { backend, choice, gpu, provider: attempt.provider, adapter, adapterLine, reason, line: `${first}\n${adapterLine}` };
}

export interface SelectOptions {
  /** Replace the real probes (tests). */
  probes?: BackendProbes;
}

/**
 * Activates a backend and reports it. Safe to call again (notebook cells are re-run).
 * @param choice defaults to `FLOWLAB_BACKEND`, then `auto`.
 * @throws BackendUnavailableError when a forced backend cannot start, or the choice is unknown.
 */
export async function selectBackend(choice: BackendChoice | string = backendChoiceFromEnv(), options: SelectOptions = {}): Promise<BackendReport> {
  const c = backendChoiceFromEnv(choice);
  const probes = options.probes ?? REAL_PROBES;
  if (c !== "auto") {
    let attempt: Attempt;
    let adapterProbe: AdapterProbe | undefined;
    let gpu = false;
    if (c === "tensorflow") {
      const native = await probes.native();
      gpu = native.status === "gpu";
      attempt = await startTensorflow(native);
    } else if (c === "webgpu") {
      adapterProbe = await probes.webgpu();
      gpu = adapterProbe.status === "found" && !adapterProbe.adapter.software;
      attempt = await startWebgpu(adapterProbe);
    } else attempt = c === "wasm" ? await startWasm() : await startCpu();
    if (attempt.status === "unavailable") {
      const help = c === "tensorflow" || c === "webgpu" ? ` ${GPU_HELP}` : "";
      throw new BackendUnavailableError(`selectBackend: FLOWLAB_BACKEND=${c} is unavailable: ${attempt.why}.${help}`);
    }
    return report(c, attempt, [], gpu, adapterLineOf(adapterProbe), adapterProbe?.status === "found" ? adapterProbe.adapter : undefined);
  }
  let nativeProbe: NativeProbe | undefined;
  let adapterProbe: AdapterProbe | undefined;
  const once: BackendProbes = {
    native: async () => (nativeProbe ??= await probes.native()),
    webgpu: async () => (adapterProbe ??= await probes.webgpu()),
  };
  const plan = await planAuto(once);
  const skipped = [...plan.skipped];
  for (const cand of plan.candidates) {
    const attempt =
      cand.backend === "tensorflow" ? await startTensorflow(nativeProbe!) : cand.backend === "webgpu" ? await startWebgpu(adapterProbe!) : cand.backend === "wasm" ? await startWasm() : await startCpu();
    if (attempt.status === "started") {
      const gpu = (cand.backend === "tensorflow" && nativeProbe?.status === "gpu") || cand.backend === "webgpu";
      return report(c, attempt, skipped, gpu, plan.adapterLine, plan.adapter);
    }
    skipped.push(attempt.why);
  }
  throw new BackendUnavailableError("selectBackend: no TensorFlow.js backend could start, not even cpu.");
}
