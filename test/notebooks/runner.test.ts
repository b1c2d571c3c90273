/**
 * The notebook runner on a fixture that fails on purpose: cells 0 and 1 run, cell 2 throws,
 * cell 3 must never run.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  assertNotebookOk,
  cellStream,
  defaultOutputPath,
  readOutputs,
  ROOT,
  runNotebook,
  type ExecutedNotebook,
  type NotebookRun,
} from "../../scripts/notebooks/run-notebook";

const FIXTURE = join(ROOT, "test", "fixtures", "failing.ipynb");

describe("runNotebook on a failing notebook", () => {
  let run: NotebookRun;
  let nb: ExecutedNotebook;

  beforeAll(async () => {
    run = await runNotebook(FIXTURE);
    nb = readOutputs(run.outputPath);
  });

  it("reports the failure in cell 2 with the error text", () => {
    expect(run.ok).toBe(false);
    expect(run.error?.cellIndex).toBe(2);
    expect(run.error?.text).toContain("deliberate failure");
    expect(run.cells.map((c) => [c.index, c.status])).toEqual([
      [0, "ok"],
      [1, "ok"],
      [2, "error"],
    ]);
  });

  it("assertNotebookOk names the notebook, the cell and the error", () => {
    expect(() => assertNotebookOk(run)).toThrow(Error);
    let message = "";
    try {
      assertNotebookOk(run);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("failing.ipynb");
    expect(message).toContain("cell 2");
    expect(message).toContain("deliberate failure");
  });

  it("ran cells 0 and 1, and never cell 3", () => {
    expect(cellStream(nb, 0)).toContain("cell 0 ran");
    expect(cellStream(nb, 1)).toContain("cell 1 ran: 42");
    expect(run.cells.some((c) => c.index === 3)).toBe(false);
    expect(nb.cells[3].outputs ?? []).toEqual([]);
  });

  it("writes the executed copy under build/notebooks/", () => {
    expect(run.outputPath).toBe(join(ROOT, "build", "notebooks", "test", "fixtures", "failing.ipynb"));
    expect(defaultOutputPath(join(ROOT, "notebooks", "01-x.ipynb"))).toBe(join(ROOT, "build", "notebooks", "01-x.ipynb"));
  });
});
