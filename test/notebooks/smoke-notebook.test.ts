/**
 * Smoke test: notebooks/00-setup.ipynb runs top to bottom on the real tslab kernel (through
 * Debian's Jupyter), prints the backend line first, and its plot is saved as one display bundle
 * with vega-lite JSON, an SVG fallback and plain text.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  assertNotebookOk,
  cellStream,
  codeCellIndices,
  displayData,
  readOutputs,
  ROOT,
  runNotebook,
  type ExecutedNotebook,
  type NotebookRun,
} from "../../scripts/notebooks/run-notebook";

const NOTEBOOK = join(ROOT, "notebooks", "00-setup.ipynb");

describe("notebooks/00-setup.ipynb on the tslab kernel", () => {
  let run: NotebookRun;
  let nb: ExecutedNotebook;

  beforeAll(async () => {
    // Forced, so the test means the same on a machine where `auto` would find a GPU, and so it
    // also shows that env overrides reach the kernel.
    run = await runNotebook(NOTEBOOK, { env: { FLOWLAB_BACKEND: "wasm" } });
    console.log(
      `00-setup.ipynb executed in ${run.seconds.toFixed(2)} s ` +
        `(kernel start ${run.kernelStartSeconds?.toFixed(2)} s; cells: ` +
        run.cells.map((c) => `${c.index}=${c.seconds.toFixed(2)}s`).join(", ") +
        ")",
    );
    nb = readOutputs(run.outputPath);
  });

  it("runs every code cell without error", () => {
    assertNotebookOk(run);
    expect(run.ok).toBe(true);
    expect(run.cells.map((c) => c.index)).toEqual(codeCellIndices(nb));
    expect(run.cells.every((c) => c.status === "ok")).toBe(true);
    expect(run.outputPath).toBe(join(ROOT, "build", "notebooks", "00-setup.ipynb"));
  });

  it("prints the backend line in the first code cell", () => {
    const first = codeCellIndices(nb)[0];
    const stdout = cellStream(nb, first);
    expect(stdout).toContain("FlowLab backend: wasm");
    expect(stdout).toContain("FlowLab backend: wasm (forced"); // FLOWLAB_BACKEND reached the kernel
    expect(cellStream(nb, first, "stderr")).toBe("");
  });

  it("saves the plot as one bundle: vega-lite v5 JSON + SVG + text", () => {
    const bundles = displayData(nb, "application/vnd.vegalite.v5+json");
    expect(bundles).toHaveLength(1);
    const { data } = bundles[0];
    const spec = data["application/vnd.vegalite.v5+json"] as { $schema?: string };
    expect(typeof spec).toBe("object");
    expect(spec.$schema).toContain("vega-lite/v5");
    const svg = data["image/svg+xml"];
    expect(typeof svg).toBe("string");
    expect((svg as string).startsWith("<svg")).toBe(true);
    expect(typeof data["text/plain"]).toBe("string");
    expect(data["text/plain"]).toMatch(/vega-lite plot/);
  });
});
