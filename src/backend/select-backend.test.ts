/**
 * selectBackend: forced backends, `auto`, and FLOWLAB_BACKEND handling.
 *
 * The native packages (@tensorflow/tfjs-node-gpu, @tensorflow/tfjs-node) cannot install on the
 * course machines (their libtensorflow download fails), so `auto` lands on wasm there. On a
 * machine where one of them does load, `auto` rightly picks "tensorflow": the assertions that
 * depend on their absence are skipped there (see `nativeAbsent`).
 */
import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackendUnavailableError, backendChoiceFromEnv, planAuto, selectBackend, type BackendProbes, type NativeProbe } from "./select-backend";
import { isSoftwareAdapter, type AdapterInfo, type AdapterProbe } from "./webgpu-adapter";
import { WEBGPU } from "../../test/support/webgpu-available";

const NATIVE = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"];
/** True when neither native package can be imported (the normal case on course machines). */
const nativeAbsent = (
  await Promise.all(NATIVE.map((pkg) => import(/* @vite-ignore */ pkg).then(() => false, () => true)))
).every(Boolean);

/** [[1, 2], [3, 4]] × [[5], [6]] on the active backend. */
async function matMulExample(): Promise<number[][]> {
  const a = tf.tensor2d([[1, 2], [3, 4]]);
  const b = tf.tensor2d([[5], [6]]);
  const c = tf.matMul(a, b);
  try {
    return (await c.array()) as number[][];
  } finally {
    tf.dispose([a, b, c]);
  }
}

describe("selectBackend", () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.FLOWLAB_BACKEND;
    delete process.env.FLOWLAB_BACKEND;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.FLOWLAB_BACKEND;
    else process.env.FLOWLAB_BACKEND = saved;
  });

  it('forced "wasm" activates wasm and computes correctly', async () => {
    const r = await selectBackend("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(r).toMatchObject({ backend: "wasm", choice: "wasm", gpu: false, provider: "@tensorflow/tfjs-backend-wasm" });
    expect(r.line.startsWith("FlowLab backend: wasm (forced")).toBe(true);
    expect(await matMulExample()).toEqual([[17], [39]]);
    const e = tf.exp(tf.tensor1d([0, 1]));
    const values = await e.data();
    e.dispose();
    expect(values[0]).toBeCloseTo(1, 6);
    expect(values[1]).toBeCloseTo(Math.E, 5);
  });

  it('forced "cpu" activates cpu and computes correctly', async () => {
    const r = await selectBackend("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(r).toMatchObject({ backend: "cpu", choice: "cpu", gpu: false });
    expect(await matMulExample()).toEqual([[17], [39]]);
  });

  it.skipIf(!nativeAbsent)('"auto" picks wasm when the native packages are absent, and says why', async () => {
    const r = await selectBackend("auto");
    expect(tf.getBackend()).toBe("wasm");
    expect(r.backend).toBe("wasm");
    expect(r.choice).toBe("auto");
    expect(r.reason).toContain("@tensorflow/tfjs-node-gpu");
    expect(r.line).toMatch(/^FlowLab backend: wasm \(auto, no GPU; /);
  });

  it.skipIf(!nativeAbsent)('forced "tensorflow" rejects with BackendUnavailableError when the native packages are absent', async () => {
    const err = await selectBackend("tensorflow").then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BackendUnavailableError);
    const message = (err as Error).message;
    expect(message).toContain("@tensorflow/tfjs-node-gpu");
    expect(message).toContain('README.md, section "GPU"');
  });

  it("rejects an unknown FLOWLAB_BACKEND with a clear message", async () => {
    process.env.FLOWLAB_BACKEND = "gpu-please";
    await expect(selectBackend()).rejects.toThrow(BackendUnavailableError);
    await expect(selectBackend()).rejects.toThrow(/FLOWLAB_BACKEND must be one of auto, tensorflow, webgpu, wasm, cpu; got "gpu-please"/);
    expect(() => backendChoiceFromEnv("webgl")).toThrow(/must be one of/);
  });

  it("honours the FLOWLAB_BACKEND environment variable", async () => {
    process.env.FLOWLAB_BACKEND = "cpu";
    const cpu = await selectBackend();
    expect(cpu.choice).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");

    process.env.FLOWLAB_BACKEND = " WASM "; // trimmed, case-insensitive
    const wasm = await selectBackend();
    expect(wasm.choice).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
  });

  it("defaults to auto when FLOWLAB_BACKEND is unset or empty", () => {
    expect(backendChoiceFromEnv(undefined)).toBe("auto");
    expect(backendChoiceFromEnv("")).toBe("auto");
  });
});

/** Adapters as Dawn reports them (GPUAdapter.info), measured or from Dawn's own names. */
const LAVAPIPE: AdapterInfo = { vendor: "mesa", architecture: "software", description: "llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1", device: "llvmpipe-llvm-15-0-6-256-bits-", software: true };
const NVIDIA: AdapterInfo = { vendor: "nvidia", architecture: "hopper", description: "NVIDIA H100 80GB HBM3", device: "", software: false };

/** Probes that answer as told and count their calls. */
function fakeProbes(native: NativeProbe, webgpu: AdapterProbe): BackendProbes & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    native: async () => (calls.push("native"), native),
    webgpu: async () => (calls.push("webgpu"), webgpu),
  };
}
const NO_NATIVE: NativeProbe = { status: "unavailable", why: "@tensorflow/tfjs-node-gpu is not installed" };
const NO_ADAPTER: AdapterProbe = { status: "none", why: "Dawn found no WebGPU adapter" };

describe("the auto order, from injected probe results", () => {
  const order = async (native: NativeProbe, webgpu: AdapterProbe) => (await planAuto(fakeProbes(native, webgpu))).candidates.map((c) => c.backend);

  it("tfjs-node-gpu on a CUDA GPU comes first, before a hardware WebGPU adapter", async () => {
    expect(await order({ status: "gpu", provider: "@tensorflow/tfjs-node-gpu" }, { status: "found", adapter: NVIDIA })).toEqual(["tensorflow", "webgpu", "wasm", "cpu"]);
  });

  it("a hardware WebGPU adapter comes before libtensorflow on the CPU and before wasm", async () => {
    expect(await order({ status: "cpu", provider: "@tensorflow/tfjs-node" }, { status: "found", adapter: NVIDIA })).toEqual(["webgpu", "tensorflow", "wasm", "cpu"]);
    expect(await order(NO_NATIVE, { status: "found", adapter: NVIDIA })).toEqual(["webgpu", "wasm", "cpu"]);
  });

  it("a software adapter is found but not chosen: wasm, and the reason says so", async () => {
    const plan = await planAuto(fakeProbes(NO_NATIVE, { status: "found", adapter: LAVAPIPE }));
    expect(plan.candidates.map((c) => c.backend)).toEqual(["wasm", "cpu"]);
    expect(plan.skipped.join("; ")).toMatch(/WebGPU adapter is software \(llvmpipe[^)]*\).*not chosen automatically \(FLOWLAB_BACKEND=webgpu uses it\)/);
    expect(plan.adapterLine).toMatch(/^GPU adapter: vendor mesa, architecture software, "llvmpipe: Mesa 25/);
  });

  it("no adapter and no native package: wasm then cpu, with both reasons", async () => {
    const plan = await planAuto(fakeProbes(NO_NATIVE, NO_ADAPTER));
    expect(plan.candidates.map((c) => c.backend)).toEqual(["wasm", "cpu"]);
    expect(plan.skipped).toEqual(["@tensorflow/tfjs-node-gpu is not installed", "no WebGPU: Dawn found no WebGPU adapter"]);
    expect(plan.adapterLine).toBe("GPU adapter: none (Dawn found no WebGPU adapter)");
  });

  it('selectBackend("auto") with a software adapter activates wasm and prints adapter and reason', async () => {
    const probes = fakeProbes(NO_NATIVE, { status: "found", adapter: LAVAPIPE });
    const r = await selectBackend("auto", { probes });
    expect(tf.getBackend()).toBe("wasm");
    expect(r).toMatchObject({ backend: "wasm", gpu: false, adapter: LAVAPIPE });
    const [first, second] = r.line.split("\n");
    expect(first).toMatch(/^FlowLab backend: wasm \(auto, no GPU; .*software.*not chosen automatically.*SIMD on/);
    expect(second).toBe(`GPU adapter: vendor mesa, architecture software, "${LAVAPIPE.description}" (software: runs on the CPU)`);
    expect(probes.calls).toEqual(["native", "webgpu"]);
    expect(await matMulExample()).toEqual([[17], [39]]);
  });

  it("a forced wasm or cpu backend probes nothing", async () => {
    const probes = fakeProbes(NO_NATIVE, NO_ADAPTER);
    const r = await selectBackend("wasm", { probes });
    expect(probes.calls).toEqual([]);
    expect(r.line.split("\n")[1]).toBe("GPU adapter: not probed (a backend was forced)");
  });

  it("forcing webgpu without an adapter is a BackendUnavailableError naming the reason", async () => {
    await expect(selectBackend("webgpu", { probes: fakeProbes(NO_NATIVE, NO_ADAPTER) })).rejects.toThrow(/FLOWLAB_BACKEND=webgpu is unavailable: no WebGPU adapter: Dawn found no WebGPU adapter\. See README\.md, section "GPU"/);
  });
});

describe("isSoftwareAdapter", () => {
  it("names CPU rasterizers software and real GPUs hardware", () => {
    expect(isSoftwareAdapter(LAVAPIPE)).toBe(true);
    expect(isSoftwareAdapter({ vendor: "google", architecture: "", description: "SwiftShader Device (Subzero)" })).toBe(true);
    expect(isSoftwareAdapter({ vendor: "microsoft", description: "Microsoft Basic Render Driver" })).toBe(true);
    expect(isSoftwareAdapter({ vendor: "", description: "", isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter(NVIDIA)).toBe(false);
    expect(isSoftwareAdapter({ vendor: "apple", architecture: "common-3", description: "Apple M2" })).toBe(false);
    expect(isSoftwareAdapter({ vendor: "amd", architecture: "rdna-3", description: "AMD Radeon RX 7900 XTX (RADV NAVI31)" })).toBe(false);
  });
});

describe("the real WebGPU backend (any adapter Dawn finds, software included)", () => {
  it.skipIf(!WEBGPU.available)('forced "webgpu" activates webgpu, reports the adapter, and computes correctly', async () => {
    const r = await selectBackend("webgpu");
    expect(tf.getBackend()).toBe("webgpu");
    expect(r).toMatchObject({ backend: "webgpu", choice: "webgpu", provider: "@tensorflow/tfjs-backend-webgpu on Dawn (webgpu)" });
    expect(r.adapter).toBeDefined();
    expect(r.gpu).toBe(!r.adapter!.software);
    expect(r.line).toMatch(/^FlowLab backend: webgpu \(forced, (no )?GPU; WebGPU on a (software|hardware) adapter/);
    expect(r.line).toMatch(/\nGPU adapter: vendor \S+, architecture \S*, "/);
    expect(await matMulExample()).toEqual([[17], [39]]);
    await selectBackend("wasm");
  });

  it.skipIf(!WEBGPU.available)('"auto" on this machine picks webgpu only when its adapter is hardware', async () => {
    const r = await selectBackend("auto");
    if (r.adapter?.software) expect(r.backend).not.toBe("webgpu");
    else if (nativeAbsent) expect(r.backend).toBe("webgpu");
    await selectBackend("wasm");
  });
});
