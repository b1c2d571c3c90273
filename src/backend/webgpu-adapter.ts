/**
 * WebGPU in Node through Dawn (the npm package `webgpu`), and what adapter it finds.
 *
 * Node has no `navigator.gpu`; `installNavigatorGpu` creates one from Dawn's `create([])` and its
 * WebGPU globals (GPUBufferUsage, …). `@tensorflow/tfjs-backend-webgpu` registers its backend only
 * if `navigator.gpu` exists **when it is imported**, so the order is: install, then import the
 * backend (see {@link loadWebgpuBackend}).
 *
 * An adapter is *software* when Dawn says it is a fallback adapter, when its architecture is
 * "software", or when its description names a CPU rasterizer (llvmpipe/lavapipe, SwiftShader,
 * Microsoft's WARP / Basic Render Driver). A software adapter runs WebGPU on the CPU, slower than
 * wasm: it is a test vehicle, never picked by `auto`.
 *
 * @example
 *   const probe = await probeWebgpuAdapter();
 *   if (probe.status === "found") console.log(describeAdapter(probe.adapter));
 *   // vendor mesa, architecture software, "llvmpipe: Mesa 25.0.7 ..." (software)
 */

/** What FlowLab reports about a WebGPU adapter (from `GPUAdapter.info`). */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** Dawn's device string, e.g. "llvmpipe-llvm-15-0-6-256-bits-". */
  device: string;
  /** True for a CPU rasterizer (see the module comment). */
  software: boolean;
}

/** `found`: Dawn returned an adapter; `none`: why not (package missing, no driver, refused). */
export type AdapterProbe = { status: "found"; adapter: AdapterInfo } | { status: "none"; why: string };

/** The subset of the WebGPU API this module touches (the `webgpu` package's types are not needed). */
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}
interface AdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

const SOFTWARE_NAMES = /llvmpipe|lavapipe|swiftshader|software|microsoft basic render|\bwarp\b/i;

/** Decides whether an adapter's info describes a CPU rasterizer. */
export function isSoftwareAdapter(info: { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean }): boolean {
  if (info.isFallbackAdapter) return true;
  return [info.architecture, info.description, info.device, info.vendor].some((s) => typeof s === "string" && SOFTWARE_NAMES.test(s));
}

/** "vendor mesa, architecture software, \"llvmpipe: …\" (software)". */
export function describeAdapter(a: AdapterInfo): string {
  return `vendor ${a.vendor || "?"}, architecture ${a.architecture || "?"}, "${a.description || a.device || "?"}"${a.software ? " (software: runs on the CPU)" : " (hardware)"}`;
}

/** tfjs-backend-webgpu asks for this adapter; probing with the same options sees the same one. */
export const ADAPTER_OPTIONS = { powerPreference: "high-performance" } as const;

let installing: Promise<GpuLike> | undefined;

/**
 * Defines `navigator.gpu` (and the WebGPU globals) from Dawn, once per process.
 * @param dawn the loaded Dawn module; default: `import("webgpu")` (tslab turns it into `require`,
 *   which loads that ES module on Node ≥ 20.19).
 */
export function installNavigatorGpu(dawn?: DawnModule): Promise<GpuLike> {
  const g = globalThis as unknown as { navigator?: { gpu?: GpuLike } };
  if (g.navigator?.gpu) return Promise.resolve(g.navigator.gpu);
  installing ??= (async () => {
    const mod: DawnModule = dawn ?? ((await import("webgpu")) as unknown as DawnModule);
    for (const [k, v] of Object.entries(mod.globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
    const gpu = mod.create([]);
    if (g.navigator) Object.defineProperty(g.navigator, "gpu", { value: gpu, configurable: true });
    else Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
    return gpu;
  })().catch((err) => {
    installing = undefined;
    throw err;
  });
  return installing;
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split("\n")[0];
}

/** Asks Dawn for an adapter and reads its info; never throws. */
export async function probeWebgpuAdapter(): Promise<AdapterProbe> {
  let gpu: GpuLike;
  try {
    gpu = await installNavigatorGpu();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const missing = (e?.code === "ERR_MODULE_NOT_FOUND" || e?.code === "MODULE_NOT_FOUND") && firstLine(e).includes("webgpu");
    return { status: "none", why: missing ? "the webgpu package (Dawn) is not installed" : `Dawn failed to load (${firstLine(err)})` };
  }
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter(ADAPTER_OPTIONS);
  } catch (err) {
    return { status: "none", why: `Dawn's requestAdapter failed (${firstLine(err)})` };
  }
  if (!adapter) return { status: "none", why: "Dawn found no WebGPU adapter (no GPU driver with Vulkan, Metal or D3D12 that Dawn accepts)" };
  const info = adapter.info ?? {};
  return {
    status: "found",
    adapter: {
      vendor: info.vendor ?? "",
      architecture: info.architecture ?? "",
      description: info.description ?? "",
      device: info.device ?? "",
      software: isSoftwareAdapter({ ...info, isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter }),
    },
  };
}

/**
 * Installs `navigator.gpu`, then imports `@tensorflow/tfjs-backend-webgpu` so that it registers
 * the "webgpu" backend. Call before `tf.setBackend("webgpu")`.
 */
export async function loadWebgpuBackend(): Promise<void> {
  await installNavigatorGpu();
  await import("@tensorflow/tfjs-backend-webgpu");
}
