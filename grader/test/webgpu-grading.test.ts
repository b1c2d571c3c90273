/**
 * One graded likelihood test with its subjects on webgpu (FLOWLAB_BACKEND=webgpu): the subjects
 * load Dawn from the runtime folder under Node's permission model (--allow-addons, reads limited to
 * the runtime and the compiled submission) and train the solutions' RealNVP with the solutions'
 * nllLoss. Skipped, with one line, where Dawn finds no adapter.
 *
 * Kept small: the self-check mode with exercise (c) only, and the likelihood config shortened to
 * 100 steps. Its threshold for this test, 1.7 nats, is the solutions' held-out NLL after those 100
 * steps (1.6 on wasm and on lavapipe, measured 2026-12-04) plus 0.1. The rubric's own threshold
 * (1.5 after 800 steps) is calibrated on wasm and cpu only.
 *
 * Known and left to the grader's calibration: on lavapipe the subject's resident memory grows by
 * about 24-26 MB over the no-leak check's 60 calls (5 MB on wasm), at the limit leakMemoryMb = 24,
 * so that memory check is not asserted here.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../core/paths";
import { gradeSubmission } from "../core/grade-submission";
import { loadRubric } from "../core/rubric";
import { WEBGPU } from "../../test/support/webgpu-available";

describe("grading with the subjects on webgpu", () => {
  it.skipIf(!WEBGPU.available)("the likelihood test trains the solutions on webgpu and passes (100 steps, threshold 1.7 nats)", async () => {
    const rubric = loadRubric();
    rubric.likelihood.config = { ...rubric.likelihood.config, steps: 100, threshold: 1.7 };
    const report = await gradeSubmission(join(REPO_ROOT, "solutions"), { mode: "check", rubric, exercises: ["nll"], env: { FLOWLAB_BACKEND: "webgpu" } });
    expect(report.error).toBeUndefined();
    expect(report.backendLine).toMatch(/on the webgpu backend/);
    const lik = report.tests.find((t) => t.name === "likelihood/held-out-nll");
    console.log(`webgpu grading: ${report.durationMs.toFixed(0)} ms; ${lik?.message}`);
    expect(lik, "the likelihood test was graded").toBeDefined();
    expect(lik!.message).toMatch(/held-out NLL on moons after 100 steps( \([^)]*\))? = [\d.]+ nats ≤ threshold 1\.7/);
    expect(lik!.score).toBe(lik!.maxScore);
    const values = report.tests.find((t) => t.name === "nll/public/nll-loss");
    expect(values?.score, "the nll values were computed on webgpu and agree").toBe(values?.maxScore);
  }, 300_000);
});
