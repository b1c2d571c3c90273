/**
 * The language switch works end to end on the real tslab kernel: one French notebook (00, the
 * set-up) and one Spanish exercise notebook (02, with the reference solutions in place of the
 * exercises) run top to bottom from their language folders, and print the translated lines.
 * The other translated notebooks share their code with the English ones, which
 * course-notebooks.test.ts runs; course-languages.test.ts proves the code is the same.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertNotebookOk, cellStream, codeCellIndices, joinText, readOutputs, ROOT, runNotebook } from "../../scripts/notebooks/run-notebook";
import { stageSolutionNotebooks } from "../../scripts/render";

const LIMITS = { cellTimeoutSeconds: 300, timeoutSeconds: 900, env: { FLOWLAB_BACKEND: "wasm" } };

describe("translated notebooks on the tslab kernel", () => {
  it("fr/00-setup runs from notebooks/fr and prints in French", async () => {
    const run = await runNotebook(join(ROOT, "notebooks", "fr", "00-setup.ipynb"), { ...LIMITS, cwd: join(ROOT, "notebooks", "fr"), outputPath: join(ROOT, "build", "notebooks", "fr", "00-setup.ipynb") });
    assertNotebookOk(run);
    const nb = readOutputs(run.outputPath);
    const printed = codeCellIndices(nb).map((i) => cellStream(nb, i)).join("\n");
    expect(printed).toContain("FlowLab backend: wasm");
    expect(joinText(nb.cells.find((c) => c.cell_type === "markdown")!.source)).not.toMatch(/Environment check/);
  }, 600_000);

  it("es/02-coupling-layers runs with the solutions and prints in Spanish", async () => {
    const [staged] = stageSolutionNotebooks(join(ROOT, "build", "stage-es"), [join(ROOT, "notebooks", "es", "02-coupling-layers.ipynb")]);
    const run = await runNotebook(staged, { ...LIMITS, cwd: join(ROOT, "build", "stage-es"), outputPath: join(ROOT, "build", "notebooks", "es", "02-coupling-layers.ipynb") });
    assertNotebookOk(run);
    const nb = readOutputs(run.outputPath);
    const printed = codeCellIndices(nb).map((i) => cellStream(nb, i)).join("\n");
    expect(printed).toContain("✔");
    expect(printed).not.toContain("✘");
  }, 900_000);
});
