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
import { BackendUnavailableError, backendChoiceFromEnv, selectBackend } from "./select-backend";

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
    await expect(selectBackend()).rejects.toThrow(/FLOWLAB_BACKEND must be one of auto, tensorflow, wasm, cpu; got "gpu-please"/);
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
