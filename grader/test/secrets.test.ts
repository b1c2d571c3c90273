/**
 * A private rubric's secrets stay private: its hidden cases (masks, dimensions, seeds) and the
 * likelihood's seed appear in nothing a student sees (the top-level output and every visible
 * test of results.json), and the subjects only ever receive numbers, never a seed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gradeSubmission } from "../core/grade-submission";
import { DEFAULT_RUBRIC, REPO_ROOT } from "../core/paths";
import type { Rubric } from "../core/rubric";
import { toGradescope } from "../outputs/gradescope";
import { planCouplingCase, stageOneJob, stageTwoJob, stencilJob } from "../blackbox/coupling-plan";
import { nllJob, planNllCase } from "../blackbox/nll-verdicts";

const SECRET_SEEDS = [987_651, 876_541, 7_654_321];
const SECRET_MASK = [0, 1, 1, 0, 1, 1, 0];

function privateRubric(): Rubric {
  const r = JSON.parse(readFileSync(DEFAULT_RUBRIC, "utf8")) as Rubric;
  r.hiddenCases = { coupling: [{ mask: SECRET_MASK, hidden: [8], seed: SECRET_SEEDS[0] }], image: [{ shape: { height: 2, width: 2, channels: 3 }, seed: SECRET_SEEDS[0] }], dequantization: [{ dim: 5, levels: 7, seed: SECRET_SEEDS[1] }], nll: [{ dim: 4, seed: SECRET_SEEDS[1] }], maf: [{ dim: 3, hidden: [4], seed: SECRET_SEEDS[1] }] };
  r.likelihood.config.seed = SECRET_SEEDS[2];
  return r;
}

describe("a private rubric", () => {
  it("reveals no hidden case or seed in anything a student sees", async () => {
    const report = await gradeSubmission(join(REPO_ROOT, "exercises"), { rubric: privateRubric() });
    const results = toGradescope(report);
    const visible = [results.output, ...results.tests.filter((t) => t.visibility === "visible").map((t) => `${t.name} ${t.output} ${JSON.stringify(t.extra_data)}`)].join("\n");
    for (const secret of [...SECRET_SEEDS.map(String), SECRET_MASK.join(","), SECRET_MASK.join(", ")]) expect(visible).not.toContain(secret);
    expect(results.tests.filter((t) => t.name.includes("/hidden/")).every((t) => t.visibility !== "visible")).toBe(true);
  }, 300_000);

  it("sends subjects numbers only: no job names a seed", () => {
    const [c] = privateRubric().hiddenCases.coupling;
    const plan = planCouplingCase("affine-coupling", c, privateRubric().secret);
    const jobs = [stageOneJob(plan, "/m.cjs", "wasm"), stencilJob(plan, "/m.cjs", "wasm"), stageTwoJob(plan, "/m.cjs", "wasm", () => undefined), nllJob(planNllCase({ dim: 4, seed: SECRET_SEEDS[1] }), "/m.cjs", "wasm")];
    for (const job of jobs) {
      const text = JSON.stringify(job);
      expect(text).not.toMatch(/"seed"/);
      for (const s of SECRET_SEEDS) expect(text).not.toMatch(new RegExp(`[^\\d.]${s}[^\\d]`));
    }
  });
});
