/**
 * The course notebooks 01–04 on the real tslab kernel.
 *
 * 1. With the reference solutions in place of the exercises (a staged copy of notebooks/ whose
 *    `exercises` link points to solutions/), every notebook runs top to bottom without an error
 *    or a warning on stderr, prints the backend line first, and every cell that calls `show(`
 *    leaves a display bundle with the vega-lite spec and its SVG.
 * 2. With the untouched exercises (in notebooks/ itself), each exercise notebook stops exactly
 *    at the "check your work" cell of its first exercise, with the not-implemented message that
 *    names that exercise. Notebook 05 with its own exercises (d)–(f) solved but exercise (b) (its
 *    couplings) untouched stops where its flows begin, with one line naming (b).
 * 3. The execution time of each notebook and of the whole suite is printed.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stageSolutionNotebooks } from "../../scripts/render";
import {
  assertNotebookOk,
  cellStream,
  codeCellIndices,
  joinText,
  readOutputs,
  ROOT,
  runNotebook,
  type ExecutedNotebook,
  type NotebookRun,
} from "../../scripts/notebooks/run-notebook";

const COURSE = [
  "01-why-normalizing-flows",
  "02-coupling-layers",
  "03-training-with-maximum-likelihood",
  "04-check-and-submit",
  "05-flows-on-images",
] as const;

const STAGE = join(ROOT, "build", "nb-solutions");
const VEGA_LITE = "application/vnd.vegalite.v5+json";
const SVG = "image/svg+xml";
/**
 * Limits. 03 trains two flows: about 2.5 minutes on wasm, about 4 on a loaded 2-core machine,
 * and its longest cell about 6 minutes on the pure-JavaScript cpu backend (245 ms a step).
 */
const CELL_TIMEOUT_S = 900;
const RUN_TIMEOUT_S = 1800;
const NOTEBOOK_TIMEOUT_MS = (RUN_TIMEOUT_S + 60) * 1000;
const LIMITS = { cellTimeoutSeconds: CELL_TIMEOUT_S, timeoutSeconds: RUN_TIMEOUT_S };

const timings: { label: string; seconds: number }[] = [];

function record(label: string, run: NotebookRun): void {
  timings.push({ label, seconds: run.seconds });
  const slowest = [...run.cells].sort((a, b) => b.seconds - a.seconds)[0];
  console.log(
    `${label}: ${run.seconds.toFixed(1)} s (kernel start ${run.kernelStartSeconds?.toFixed(1) ?? "?"} s` +
      (slowest ? `, slowest cell ${slowest.index}: ${slowest.seconds.toFixed(1)} s` : "") +
      `)${run.ok ? "" : " [stopped with an error]"}`,
  );
}

afterAll(() => {
  if (timings.length === 0) return;
  const total = timings.reduce((s, t) => s + t.seconds, 0);
  console.log(
    `Notebook suite execution times:\n` +
      timings.map((t) => `  ${t.label.padEnd(56)} ${t.seconds.toFixed(1).padStart(6)} s`).join("\n") +
      `\n  ${"total".padEnd(56)} ${total.toFixed(1).padStart(6)} s`,
  );
});

const sourceOf = (nb: ExecutedNotebook, i: number) => joinText(nb.cells[i].source);

/** The index of the first code cell whose source contains `needle`. */
function firstCodeCell(nb: ExecutedNotebook, needle: string): number {
  const i = codeCellIndices(nb).find((k) => sourceOf(nb, k).includes(needle));
  if (i === undefined) throw new Error(`no code cell contains ${JSON.stringify(needle)}`);
  return i;
}

describe("course notebooks with the reference solutions", () => {
  let staged: string[] = [];

  beforeAll(() => {
    staged = stageSolutionNotebooks(STAGE, COURSE.map((name) => join(ROOT, "notebooks", `${name}.ipynb`)));
  });

  for (const [k, name] of COURSE.entries()) {
    it(
      `${name} runs top to bottom, and each show() cell displays vega-lite with its SVG`,
      async () => {
        const run = await runNotebook(staged[k], { ...LIMITS, cwd: STAGE, outputPath: join(ROOT, "build", "notebooks", "solutions", `${name}.ipynb`) });
        record(`${name} (solutions)`, run);
        assertNotebookOk(run);
        const nb = readOutputs(run.outputPath);
        const code = codeCellIndices(nb);
        expect(run.cells.map((c) => c.index)).toEqual(code);

        // The first code cell prints the backend line.
        expect(sourceOf(nb, code[0])).toContain("selectBackend()");
        expect(cellStream(nb, code[0])).toMatch(/^FlowLab backend: /);

        // No cell writes to stderr (vega-lite warnings and stray errors would land there).
        for (const i of code) expect(cellStream(nb, i, "stderr"), `stderr of cell ${i} of ${name}`).toBe("");

        // A check cell shows the readable report only (no result objects dumped after it); a
        // type-check cell names each file it checked.
        for (const i of code.filter((k) => /expectExercise\(/.test(sourceOf(nb, k)))) expect(cellStream(nb, i), `cell ${i} of ${name}`).not.toMatch(/passed: (true|false)|check: '/);
        for (const i of code.filter((k) => /expectTypeChecks\(/.test(sourceOf(nb, k)))) expect(cellStream(nb, i), `cell ${i} of ${name}`).toMatch(/^✔ exercises\/[\w-]+\.ts type-checks/m);

        // Every cell that calls show( leaves at least one bundle with the spec and its SVG.
        const plotCells = code.filter((i) => /\bshow\(/.test(sourceOf(nb, i)));
        if (!name.startsWith("04")) expect(plotCells.length, `${name} has plots`).toBeGreaterThan(0);
        for (const i of plotCells) {
          const bundles = (nb.cells[i].outputs ?? []).filter((o) => o.output_type === "display_data" && o.data);
          const complete = bundles.filter((o) => VEGA_LITE in o.data! && SVG in o.data!);
          expect(complete.length, `cell ${i} of ${name} calls show( but has no vega-lite + SVG bundle`).toBeGreaterThan(0);
          for (const o of complete) {
            const svg = joinText(o.data![SVG] as string | string[]);
            expect(svg.startsWith("<svg")).toBe(true);
            expect((o.data![VEGA_LITE] as { $schema?: string }).$schema).toContain("vega-lite/v5");
          }
        }
      },
      NOTEBOOK_TIMEOUT_MS,
    );
  }
});

describe("exercise notebooks with the untouched exercises stop at their first exercise", () => {
  const cases = [
    { name: "02-coupling-layers", checkCall: 'expectExercise("additive-coupling"', message: "Exercise (a) AdditiveCoupling" },
    { name: "03-training-with-maximum-likelihood", checkCall: 'expectExercise("nll"', message: "Exercise (c)" },
    { name: "05-flows-on-images", checkCall: 'expectExercise("actnorm"', message: "Exercise (d)" },
  ] as const;

  for (const { name, checkCall, message } of cases) {
    it(
      `${name} stops at the check cell of its first exercise, naming it`,
      async () => {
        const run = await runNotebook(join(ROOT, "notebooks", `${name}.ipynb`), LIMITS);
        record(`${name} (untouched exercises)`, run);
        const nb = readOutputs(run.outputPath);
        const checkCell = firstCodeCell(nb, checkCall);

        expect(run.ok).toBe(false);
        expect(run.error?.cellIndex, `${name} must fail at its first check cell (${checkCell})`).toBe(checkCell);
        // The error shows as one message, wrapped to fit the page (src/checks/wrap-text.ts): read it
        // as one line; no stack trace, no dumped properties.
        const text = run.error?.text ?? "";
        const flat = text.replace(/\s+/g, " ");
        expect(flat).toContain(message);
        expect(flat).toContain("is not implemented yet");
        expect(text.trim().split("\n")[0], text).toMatch(/^NotImplementedError: /);
        expect(text, text).not.toMatch(/^\s+at |\{\s*\w+:/m);
        // Every cell before the check ran, and ran cleanly: no unrelated crash came first.
        const before = run.cells.filter((c) => c.index < checkCell);
        expect(before.map((c) => c.index)).toEqual(codeCellIndices(nb).filter((i) => i < checkCell));
        expect(before.every((c) => c.status === "ok")).toBe(true);
      },
      NOTEBOOK_TIMEOUT_MS,
    );
  }
});

describe("notebook 05 with exercises (d) to (f) solved but (b) untouched", () => {
  it(
    "stops at the first cell of its flows (requireDone) with the one line naming exercise (b), no stack trace",
    async () => {
      // A stage like stageSolutionNotebooks's, with exercises/ the solutions but affine-coupling.ts the template.
      const stage = join(ROOT, "build", "nb-b-unwritten");
      rmSync(stage, { recursive: true, force: true });
      mkdirSync(join(stage, "exercises"), { recursive: true });
      symlinkSync(join(ROOT, "src"), join(stage, "src"));
      symlinkSync(join(ROOT, "notebooks", "pretrained"), join(stage, "pretrained"));
      for (const f of readdirSync(join(ROOT, "solutions"))) symlinkSync(join(ROOT, f === "affine-coupling.ts" ? "exercises" : "solutions", f), join(stage, "exercises", f));
      const name = "05-flows-on-images";
      copyFileSync(join(ROOT, "notebooks", `${name}.ipynb`), join(stage, `${name}.ipynb`));
      const run = await runNotebook(join(stage, `${name}.ipynb`), { ...LIMITS, cwd: stage, outputPath: join(ROOT, "build", "notebooks", "b-unwritten", `${name}.ipynb`) });
      record(`${name} ((b) untouched)`, run);
      const nb = readOutputs(run.outputPath);
      const stopCell = firstCodeCell(nb, 'requireDone("affine-coupling"');
      expect(run.ok).toBe(false);
      expect(run.error?.cellIndex).toBe(stopCell);
      expect((run.error?.text ?? "").replace(/\s+/g, " ").trim()).toBe(
        "NotImplementedError: Finish exercise (b) first: this cell runs your code from exercises/affine-coupling.ts (Exercise (b) AffineCoupling.forward is not implemented yet). Run it again when the exercise is done.",
      );
      const before = run.cells.filter((c) => c.index < stopCell);
      expect(before.map((c) => c.index)).toEqual(codeCellIndices(nb).filter((i) => i < stopCell));
      expect(before.every((c) => c.status === "ok")).toBe(true);
    },
    NOTEBOOK_TIMEOUT_MS,
  );
});
