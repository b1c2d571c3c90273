/**
 * The rubric: the shipped one is valid and agrees with the library; malformed ones are refused
 * with a message naming the problem; the plan derived from it has the expected tests.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ACTNORM_CHECK_NAMES, COUPLING_CHECK_NAMES, DEQUANTIZATION_CHECK_NAMES, EXERCISE_IDS, INVERTIBLE_CONV_CHECK_NAMES, MAF_CHECK_NAMES, NLL_CHECK_NAMES } from "../../src/checks";
import { TOLERANCES } from "../../src/tolerances";
import { DEFAULT_RUBRIC } from "../core/paths";
import { planGroups, reportOrder } from "../core/plan";
import { loadRubric, RubricError, validateRubric, type Rubric } from "../core/rubric";

/** The checks of one case set of every exercise: (a), (b), (c), (d), (e), (f), (g). */
const CHECKS_PER_CASE_SET =
  2 * COUPLING_CHECK_NAMES.length + NLL_CHECK_NAMES.length + ACTNORM_CHECK_NAMES.length + INVERTIBLE_CONV_CHECK_NAMES.length + DEQUANTIZATION_CHECK_NAMES.length + MAF_CHECK_NAMES.length;

const raw = () => JSON.parse(readFileSync(DEFAULT_RUBRIC, "utf8")) as Rubric;

function problemsOf(mutate: (r: Rubric) => void): string[] {
  const r = raw();
  mutate(r);
  try {
    validateRubric(r, "test");
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(RubricError);
    return (err as RubricError).problems;
  }
}

describe("the shipped rubric", () => {
  const rubric = loadRubric();

  it("validates against grader/schemas/rubric.schema.json", () => {
    expect(rubric.limits.concurrency).toBe(2);
  });

  it("grades with the tolerances of src/tolerances.ts, so the notebooks and the grader agree", () => {
    expect(rubric.tolerances).toEqual({ ...TOLERANCES });
  });

  it("sets a likelihood threshold at or above the calibrated worst correct NLL plus the margin", () => {
    const { config, calibration } = rubric.likelihood;
    expect(calibration.worstCorrectNll).toBeTypeOf("number");
    expect(config.threshold).toBeGreaterThanOrEqual(calibration.worstCorrectNll! + calibration.margin - 1e-9);
  });

  it("sets the image likelihood threshold at least the calibrated worst correct bits/dim plus the margin", () => {
    const image = rubric.imageLikelihood!;
    expect(image.calibration.seeds.length).toBeGreaterThanOrEqual(4);
    expect(image.config.threshold).toBeGreaterThanOrEqual(image.calibration.worstCorrectBitsPerDim! + image.calibration.margin - 1e-9);
  });

  it("gives an untouched exercise nothing: the api checks are worth 0 points", () => {
    for (const id of EXERCISE_IDS) {
      expect(rubric.exercises[id].public.points.api).toBe(0);
      expect(rubric.exercises[id].hidden.points.api).toBe(0);
    }
  });

  it("plans one test per exercise × case set × check, one type check per file, plus the likelihood", () => {
    const tests = reportOrder(planGroups(rubric, "grade"));
    expect(tests).toHaveLength(2 * CHECKS_PER_CASE_SET + 7 + 2); // + the moons and the image likelihood
    expect(tests.filter((t) => t.check === "type-check").map((t) => t.name)).toEqual(
      ["additive-coupling", "affine-coupling", "nll", "actnorm", "invertible-conv", "dequantization", "made-maf"].map((id) => `${id}/public/type-check`),
    );
    expect(tests[0].name).toBe("additive-coupling/public/api");
    expect(tests.slice(-2).map((t) => t.name).sort()).toEqual(["likelihood/held-out-nll", "likelihood/image-bits-per-dim"]);
    expect(new Set(tests.map((t) => t.name)).size).toBe(tests.length);
    expect(tests.filter((t) => t.cases === "hidden").every((t) => t.visibility !== "visible")).toBe(true);
  });

  it("plans only public tests for the self-check", () => {
    const tests = reportOrder(planGroups(rubric, "check"));
    expect(tests.every((t) => t.cases === "public")).toBe(true);
    expect(tests).toHaveLength(CHECKS_PER_CASE_SET + 7 + (rubric.likelihood.public ? 1 : 0));
  });
});

describe("a malformed rubric is refused", () => {
  it("negative points", () => {
    expect(problemsOf((r) => (r.exercises.nll.public.points["nll-loss"] = -1)).join()).toMatch(/\/exercises\/nll\/public\/points\/nll-loss must be >= 0/);
  });
  it("an unknown visibility", () => {
    expect(problemsOf((r) => ((r.likelihood as { visibility: string }).visibility = "sometimes")).join()).toMatch(/\/likelihood\/visibility must be equal to one of the allowed values/);
  });
  it("a missing threshold", () => {
    expect(problemsOf((r) => delete (r.likelihood.config as Partial<typeof r.likelihood.config>).threshold).join()).toMatch(/must have required property 'threshold'/);
  });
  it("an unknown tolerance name", () => {
    expect(problemsOf((r) => ((r.tolerances as Record<string, number>).roundtrip = 1)).join()).toMatch(/must NOT have additional properties \("roundtrip"\)/);
  });
  it("a check that src/checks does not define, or one it defines left out", () => {
    const problems = problemsOf((r) => {
      r.exercises["affine-coupling"].hidden.points["round-trip"] = 1;
      delete r.exercises["affine-coupling"].hidden.points["no-leak"];
    });
    expect(problems.join("\n")).toContain("/exercises/affine-coupling/hidden/points is missing check(s) no-leak");
    expect(problems.join("\n")).toContain("/exercises/affine-coupling/hidden/points has unknown check(s) round-trip");
  });
  it("an unknown dataset", () => {
    expect(problemsOf((r) => (r.likelihood.config.dataset = "mnist" as never)).join()).toMatch(/dataset must be one of moons/);
  });
  it("a file that is not JSON", () => {
    expect(() => loadRubric(new URL(import.meta.url).pathname)).toThrow(/cannot be read as JSON/);
  });
});
