/**
 * The feedback a student reads: exercise-specific hints (the additive coupling's never mention a
 * scale s), the "kept-unchanged" check that names a forgotten (1 − b), a failure line whose
 * printed value is the value recorded, errors that print as their message only in a notebook (no
 * brackets, no stack trace), and a type check that names the file tslab's own message leaves out.
 */
import * as tf from "@tensorflow/tfjs";
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend";
import { checkExercise, combineResults, COUPLING_CHECK_NAMES, COUPLING_HINTS, EXERCISE_IDS, EXERCISES, ExerciseCheckError, expectExercise, fmt, type CheckResult } from "../../src/checks";
import { LINE_WIDTH } from "../../src/checks/wrap-text";
import { typeCheckFiles } from "../../src/checks/type-check";
import * as exercises from "../../exercises";
import * as solutions from "../../solutions";
import { REPO_ROOT } from "../../grader/core/paths";

beforeAll(async () => {
  await selectBackend("wasm");
});

/** An additive coupling whose shift is not masked by (1 − b): the kept coordinates move too. */
class UnmaskedShift extends solutions.AdditiveCoupling {
  override forward(x: tf.Tensor2D) {
    return tf.tidy(() => ({ output: tf.add(x, this.shift(tf.mul(x, this.mask))) as tf.Tensor2D, logDet: tf.zeros([x.shape[0]]) as tf.Tensor1D }));
  }
  override inverse(z: tf.Tensor2D) {
    return tf.tidy(() => ({ output: tf.sub(z, this.shift(tf.mul(z, this.mask))) as tf.Tensor2D, logDet: tf.zeros([z.shape[0]]) as tf.Tensor1D }));
  }
}

/** An additive coupling that returns the summed shift as its log-det (it has no scale: the log-det is 0). */
class ShiftAsLogDet extends solutions.AdditiveCoupling {
  override forward(x: tf.Tensor2D) {
    return tf.tidy(() => {
      const r = super.forward(x);
      return { output: r.output, logDet: tf.sum(tf.mul(this.shift(tf.mul(x, this.mask)), this.inverseMask), 1) as tf.Tensor1D };
    });
  }
}

describe("coupling feedback", () => {
  it("the couplings are checked for kept coordinates that move, right after shapes", () => {
    expect(COUPLING_CHECK_NAMES.slice(0, 3)).toEqual(["api", "shapes", "kept-unchanged"]);
  });

  it("a shift without (1 − b) fails kept-unchanged, with the value measured and the additive layer's hint", async () => {
    const results = await checkExercise("additive-coupling", { AdditiveCoupling: UnmaskedShift });
    const kept = results.find((r) => r.check === "kept-unchanged")!;
    expect(kept.passed).toBe(false);
    expect(kept.measured).toBeGreaterThan(1e-2);
    expect(kept.message).toContain(`= ${fmt(kept.measured!)} >`);
    expect(kept.hint).toBe(COUPLING_HINTS["additive-coupling"]["kept-unchanged"]);
    expect(kept.hint).toContain("inverseMask");
  });

  it("the solutions pass kept-unchanged in both exercises", async () => {
    for (const id of ["additive-coupling", "affine-coupling"] as const) {
      const kept = (await checkExercise(id, solutions)).find((r) => r.check === "kept-unchanged")!;
      expect(kept.passed, kept.message).toBe(true);
      expect(kept.measured).toBe(0);
    }
  });

  it("a wrong additive log-det gets the additive hint, which never mentions a scale s", async () => {
    const failed = (await checkExercise("additive-coupling", { AdditiveCoupling: ShiftAsLogDet })).filter((r) => !r.passed);
    expect(failed.map((r) => r.check)).toContain("log-det-forward");
    for (const r of failed) if (r.hint) expect(r.hint, r.check).not.toMatch(/exp\(s\)|\bs_j\b|log-scale|\bs\(/);
    expect(failed.find((r) => r.check === "log-det-forward")!.hint).toBe(COUPLING_HINTS["additive-coupling"]["log-det-forward"]);
    for (const hint of Object.values(COUPLING_HINTS["additive-coupling"])) expect(hint).not.toMatch(/exp\(s\)|\bs_j\b|log-scale|\bs\(/);
  });
});

describe("a check folded over several cases", () => {
  const failing = (subject: string, measured: number): CheckResult => ({ check: "c", subject, passed: false, measured, tolerance: 1e-4, message: `${subject}: max error = ${fmt(measured)} > 1.0e-4`, hint: "h" });

  it("reports the worst failing case whole: the value printed is the value recorded", () => {
    const r = combineResults("c", "Layer", [failing("Layer(mask=[1,0])", 44.2), failing("Layer(mask=[0,1])", 70.1)]);
    expect(r.measured).toBe(70.1);
    expect(r.message).toBe("Layer(mask=[0,1]): max error = 70.1 > 1.0e-4");
  });

  it("prefers a NaN failure, and a failure with a value over one without", () => {
    expect(combineResults("c", "L", [failing("A", 3), failing("B", NaN)]).message).toContain("B:");
    const thrown: CheckResult = { check: "c", subject: "T", passed: false, message: "T: threw Error: boom" };
    expect(combineResults("c", "L", [thrown, failing("A", 3)]).message).toContain("A:");
  });
});

describe("errors in a notebook print as their message only, wrapped to fit", () => {
  /** How tslab shows a thrown error (console.error, i.e. util.inspect), with the wrapping undone. */
  const shownFlat = (err: unknown) => inspect(err).replace(/\n {4}/g, " ");
  const rowsFit = (err: unknown) => inspect(err).split("\n").every((row) => [...row].length <= LINE_WIDTH);

  it("ExerciseCheckError: no stack trace, no result objects, no brackets", () => {
    const results: CheckResult[] = [{ check: "shapes", subject: "S", passed: false, message: "S: bad" }];
    const err = new ExerciseCheckError("nll", results);
    expect(shownFlat(err)).toBe(`ExerciseCheckError: ${err.message}`);
    expect(err.message).toContain("Exercise (c)");
    expect(rowsFit(err)).toBe(true);
    expect(err.results).toBe(results);
  });

  it("NotImplementedError from an untouched exercise names the exercise's file", async () => {
    const err = await expectExercise("nll", exercises).catch((e: Error) => e);
    expect(err?.name).toBe("NotImplementedError");
    expect(shownFlat(err)).toBe(`NotImplementedError: ${(err as Error).message}`);
    expect((err as Error).message).toMatch(/^Exercise \(c\) \S+ is not implemented yet: write your code between the TODO markers in exercises\/nll\.ts and run the cell again\.$/);
    expect(rowsFit(err)).toBe(true);
  });
});

describe("the type check of the notebooks' type-check cells", () => {
  const dir = mkdtempSync(join(tmpdir(), "flowlab-tc-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names the file and the line of a missing cast (fixture needs-casts), and passes the solutions", async () => {
    mkdirSync(join(dir, "exercises"));
    symlinkSync(join(REPO_ROOT, "src"), join(dir, "src"));
    symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"));
    copyFileSync(join(REPO_ROOT, "grader", "fixtures", "needs-casts", "affine-coupling.ts"), join(dir, "exercises", "affine-coupling.ts"));
    copyFileSync(join(REPO_ROOT, "solutions", "nll.ts"), join(dir, "exercises", "nll.ts"));
    const result = await typeCheckFiles(REPO_ROOT, dir, ["exercises/affine-coupling.ts", "exercises/nll.ts"]);
    if (!(result instanceof Map)) throw new Error(result.failed);
    const errors = result.get("exercises/affine-coupling.ts")!;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^exercises\/affine-coupling\.ts:\d+:\d+: error TS2322: .*BijectorResult/);
    expect(errors[0]).toContain("Tensor2D");
    expect(result.get("exercises/nll.ts")).toEqual([]);
  }, 60_000);
});

describe("the exercise registry (notebook 04 lists it)", () => {
  it.each(EXERCISE_IDS)("%s names its file and the notebook whose check cell runs it", (id) => {
    const { file, notebook } = EXERCISES[id];
    expect(existsSync(join(REPO_ROOT, "solutions", file))).toBe(true);
    const path = join(REPO_ROOT, "notebooks", `${notebook}.ipynb`);
    expect(existsSync(path), path).toBe(true);
    expect(readFileSync(path, "utf8")).toContain(`expectExercise(\\"${id}\\"`);
  });
});
