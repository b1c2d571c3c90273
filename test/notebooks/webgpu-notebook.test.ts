/**
 * notebooks/00-setup.ipynb on the real tslab kernel with FLOWLAB_BACKEND=webgpu: Dawn's native
 * addon loads inside tslab (cells compiled to CommonJS, run in a vm context), tfjs-backend-webgpu
 * registers, the first cell names the backend and the adapter, and every cell computes on webgpu.
 * Skipped, with one line, where Dawn finds no adapter (test/support/webgpu-available.ts).
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { assertNotebookOk, cellStream, codeCellIndices, readOutputs, ROOT, runNotebook } from "../../scripts/notebooks/run-notebook";
import { WEBGPU } from "../support/webgpu-available";

describe("notebooks/00-setup.ipynb on webgpu", () => {
  it.skipIf(!WEBGPU.available)("runs top to bottom on the kernel, and its first cell reports webgpu and the adapter", async () => {
    const run = await runNotebook(join(ROOT, "notebooks", "00-setup.ipynb"), {
      env: { FLOWLAB_BACKEND: "webgpu" },
      outputPath: join(ROOT, "build", "notebooks", "webgpu", "00-setup.ipynb"),
    });
    console.log(`00-setup.ipynb on webgpu: ${run.seconds.toFixed(1)} s`);
    assertNotebookOk(run);
    const nb = readOutputs(run.outputPath);
    const code = codeCellIndices(nb);
    const first = cellStream(nb, code[0]);
    expect(first).toMatch(/^FlowLab backend: webgpu \(forced, (no )?GPU; WebGPU on a (software|hardware) adapter/);
    expect(first).toMatch(/\nGPU adapter: vendor \S+, architecture \S*, "[^"]+" \((software|hardware)/);
    const all = code.map((i) => cellStream(nb, i)).join("\n");
    expect(all).toContain("Backend:  webgpu");
    expect(all).toContain("a × b = [[17],[39]] (expected [[17],[39]])");
    for (const i of code) expect(cellStream(nb, i, "stderr"), `stderr of cell ${i}`).toBe("");
  }, 300_000);
});
