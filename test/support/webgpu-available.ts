/**
 * Whether this machine can run the WebGPU tests, asked once per test file.
 *
 * The GPU-path tests run on any WebGPU adapter Dawn finds, a software one (Mesa's lavapipe, which
 * `npm run setup -- --webgpu-ci` installs and CI always has) included. Where Dawn finds none, each
 * such test is skipped with `it.skipIf(!WEBGPU.available)`, and this module prints one line
 * saying why, so a skipped GPU path is never mistaken for a passed one.
 */
import { probeWebgpuAdapter, describeAdapter } from "../../src/backend/webgpu-adapter";

const probe = await probeWebgpuAdapter();

export const WEBGPU = {
  available: probe.status === "found",
  /** One line for the test log: the adapter, or why the WebGPU tests are skipped. */
  line: probe.status === "found" ? `WebGPU tests run on: ${describeAdapter(probe.adapter)}` : `WebGPU tests SKIPPED: ${probe.why} (install Mesa's lavapipe: npm run setup -- --webgpu-ci)`,
};

console.log(WEBGPU.line);
