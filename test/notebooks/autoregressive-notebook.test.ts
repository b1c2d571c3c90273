/**
 * Notebook 06 (autoregressive flows, splines, the results table) on the real tslab kernel, as
 * course-notebooks.test.ts runs 01–04:
 *
 * 1. With the reference solutions in place of the exercises, it runs top to bottom without an
 *    error or anything on stderr, every show() cell leaves a vega-lite + SVG bundle, exercise (g)'s
 *    check passes, and the results table is produced by the executed code: six datasets × four
 *    flows, every held-out NLL a number, the gap NLL − H(p) non-negative up to test-set noise where
 *    the entropy is known.
 * 2. With the untouched exercises, it stops exactly at the check cell of exercise (g).
 *
 * Budget: the solutions run takes about 75 s of CPU time (the results table: 24 trainings of 150
 * steps at batch 128, most of it in the spline flows); the untouched run stops before any training.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stageSolutionNotebooks } from "../../scripts/render";
import { assertNotebookOk, cellStream, codeCellIndices, joinText, readOutputs, ROOT, runNotebook, type ExecutedNotebook } from "../../scripts/notebooks/run-notebook";

const NAME = "06-autoregressive-flows";
const STAGE = join(ROOT, "build", "nb-solutions-06");
const LIMITS = { cellTimeoutSeconds: 600, timeoutSeconds: 900 };
const TIMEOUT_MS = 960_000;
const VEGA_LITE = "application/vnd.vegalite.v5+json";
const SVG = "image/svg+xml";

const sourceOf = (nb: ExecutedNotebook, i: number) => joinText(nb.cells[i].source);
const firstCodeCell = (nb: ExecutedNotebook, needle: string) => {
  const i = codeCellIndices(nb).find((k) => sourceOf(nb, k).includes(needle));
  if (i === undefined) throw new Error(`no code cell contains ${JSON.stringify(needle)}`);
  return i;
};
const markdownOutputs = (nb: ExecutedNotebook, i: number) =>
  (nb.cells[i].outputs ?? []).filter((o) => o.output_type === "display_data" && o.data?.["text/markdown"]).map((o) => joinText(o.data!["text/markdown"] as string | string[]));

describe(`${NAME} with the reference solutions`, () => {
  it(
    "runs top to bottom: plots, exercise (g) passes, and the results table comes from the executed code",
    async () => {
      const [staged] = stageSolutionNotebooks(STAGE, [join(ROOT, "notebooks", `${NAME}.ipynb`)]);
      const run = await runNotebook(staged, { ...LIMITS, cwd: STAGE, outputPath: join(ROOT, "build", "notebooks", "solutions", `${NAME}.ipynb`) });
      console.log(`${NAME} (solutions): ${run.seconds.toFixed(1)} s; cells ${run.cells.map((c) => `${c.index}: ${c.seconds.toFixed(1)} s`).join(", ")}`);
      assertNotebookOk(run);
      const nb = readOutputs(run.outputPath);
      const code = codeCellIndices(nb);
      expect(cellStream(nb, code[0])).toMatch(/^FlowLab backend: /);
      for (const i of code) expect(cellStream(nb, i, "stderr"), `stderr of cell ${i}`).toBe("");

      const plotCells = code.filter((i) => /\bshow\(/.test(sourceOf(nb, i)));
      expect(plotCells.length).toBeGreaterThanOrEqual(6);
      for (const i of plotCells) {
        const complete = (nb.cells[i].outputs ?? []).filter((o) => o.output_type === "display_data" && o.data && VEGA_LITE in o.data && SVG in o.data);
        expect(complete.length, `cell ${i} calls show( but has no vega-lite + SVG bundle`).toBeGreaterThan(0);
        for (const o of complete) expect(joinText(o.data![SVG] as string | string[]).startsWith("<svg")).toBe(true);
      }

      // The MAF's Jacobian printed in section 1: zeros above the diagonal, the log-det equal to Σ log|J_ii|.
      const jac = cellStream(nb, firstCodeCell(nb, "autodiffJacobians((v) => maf4"));
      const [, sumDiag, returned] = jac.match(/Σ log\|J_ii\| = (-?[\d.]+);\s+logDet returned by forward = (-?[\d.]+)/)!;
      expect(Math.abs(Number(sumDiag) - Number(returned))).toBeLessThan(1e-3);

      // The measured cost table: MAF sampling (D passes) slower than its density (1 pass) at D = 32.
      const costs = markdownOutputs(nb, firstCodeCell(nb, "measureAutoregressiveCosts("))[0];
      const d32 = costs.split("\n").find((l) => l.startsWith("| 32 |"))!.split("|").map((s) => s.trim());
      expect(Number(d32[3])).toBeGreaterThan(3 * Number(d32[2]));

      expect(cellStream(nb, firstCodeCell(nb, 'expectExercise("made-maf"'))).toMatch(/All \d+ checks passed/);

      // The results table: six datasets × four flows, all numbers; gaps ≥ −0.05 (test-set noise) where H(p) is known.
      const table = markdownOutputs(nb, firstCodeCell(nb, "compareFlows("))[0];
      const lines = table.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| dataset"));
      expect(lines.map((l) => l.split("|")[1].trim())).toEqual(["moons", "circles", "eight-gaussians", "pinwheel", "spirals", "checkerboard"]);
      for (const l of lines) {
        const cells = l.split("|").slice(2, -1).map((s) => s.trim());
        expect(cells.slice(0, 4).every((c) => Number.isFinite(Number(c))), l).toBe(true);
        const gaps = cells.slice(5).filter((c) => c !== "–").map(Number);
        for (const g of gaps) expect(g, l).toBeGreaterThan(-0.05);
      }
      expect(lines.filter((l) => !l.includes("| – |")).length, "entropy known for eight-gaussians and checkerboard").toBe(2);
    },
    TIMEOUT_MS,
  );
});

describe(`${NAME} with the untouched exercises`, () => {
  it(
    "stops at the check cell of exercise (g), naming it",
    async () => {
      const run = await runNotebook(join(ROOT, "notebooks", `${NAME}.ipynb`), LIMITS);
      console.log(`${NAME} (untouched exercises): ${run.seconds.toFixed(1)} s`);
      const nb = readOutputs(run.outputPath);
      const checkCell = firstCodeCell(nb, 'expectExercise("made-maf"');
      expect(run.ok).toBe(false);
      expect(run.error?.cellIndex).toBe(checkCell);
      // one message, wrapped to fit the page: read it as one line
      const flat = run.error?.text.replace(/\s+/g, " ");
      expect(flat).toContain("Exercise (g)");
      expect(flat).toContain("is not implemented yet");
      const before = run.cells.filter((c) => c.index < checkCell);
      expect(before.map((c) => c.index)).toEqual(codeCellIndices(nb).filter((i) => i < checkCell));
      expect(before.every((c) => c.status === "ok")).toBe(true);
      // The cells that show a MAF layer run the student's code: before exercise (g), one line each, no stack trace.
      for (const i of codeCellIndices(nb).filter((k) => k < checkCell && /whenDone\("made-maf"/.test(sourceOf(nb, k)))) {
        expect(cellStream(nb, i), `cell ${i}`).toMatch(/^Finish exercise \(g\) first: this cell runs your code from exercises\/made-maf\.ts/);
        expect(cellStream(nb, i, "stderr"), `cell ${i}`).toBe("");
      }
    },
    TIMEOUT_MS,
  );
});
