/**
 * Bundled by the grader into `<runtime>/webgpu.cjs` (sandbox/webgpu-runtime.ts); required by the
 * runner only when a job asks for the webgpu backend. It loads Dawn's native addon from
 * `<runtime>/dawn.node` (a copy: the subject may read nothing else), defines `navigator.gpu`, and
 * then loads tfjs-backend-webgpu (bundled here, its "@tensorflow/tfjs-core" mapped to the
 * runtime's ./tfjs.cjs), which registers the "webgpu" backend. Order matters: the backend registers
 * only if `navigator.gpu` exists when it is loaded.
 */
import { installNavigatorGpu } from "../../src/backend/webgpu-adapter";

declare const __dirname: string;

export async function installWebgpu(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dawn = require(`${__dirname}/dawn.node`) as Parameters<typeof installNavigatorGpu>[0];
  await installNavigatorGpu(dawn);
  require("@tensorflow/tfjs-backend-webgpu");
}
