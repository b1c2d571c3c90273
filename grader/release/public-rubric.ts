/**
 * The rubric students get: the grading rubric with nothing secret in it. The hidden tests' cases
 * (masks, widths, dimensions, seeds) are replaced by the public cases, and the likelihood's
 * calibration record by the public seed alone, the grader's secret by a public stand-in, so `flowgrade check` runs as before and the
 * student release holds no hidden case, seed or calibration figure. Points, visibility,
 * tolerances and limits are kept: students may know how they are graded.
 */
import { PUBLIC_COUPLING_CASES } from "../../src/checks/coupling-exercise";
import { PUBLIC_NLL_CASES } from "../../src/checks/nll-exercise";
import { PUBLIC_IMAGE_CASES } from "../../src/checks/image-bijector-exercise";
import { PUBLIC_DEQUANTIZATION_CASES } from "../../src/checks/dequantization-exercise";
import { PUBLIC_MAF_CASES } from "../../src/checks/made-maf-exercise";
import { validateRubric, type Rubric } from "../core/rubric";
import { PUBLIC_STAND_IN } from "../blackbox/secret";

export function publicRubric(rubric: Rubric): Rubric {
  const copy = JSON.parse(JSON.stringify(rubric)) as Rubric & { hiddenCases: { $comment?: string } };
  copy.title = `${rubric.title ?? "FlowLab autograder"} (student copy: public cases only)`;
  copy.hiddenCases = {
    $comment: "The student copy: the hidden tests' real cases are not here; these are the public cases. The grader uses other inputs.",
    coupling: PUBLIC_COUPLING_CASES.map((c) => ({ ...c })),
    nll: PUBLIC_NLL_CASES.map((c) => ({ ...c })),
    image: PUBLIC_IMAGE_CASES.map((c) => ({ shape: { ...c.shape }, seed: c.seed })),
    dequantization: PUBLIC_DEQUANTIZATION_CASES.map((c) => ({ ...c })),
    maf: PUBLIC_MAF_CASES.map((c) => ({ ...c, hidden: [...c.hidden] })),
  } as Rubric["hiddenCases"];
  copy.secret = PUBLIC_STAND_IN; // the held-out data, log-det points and row order stay the autograder's
  copy.likelihood.calibration = { seeds: [rubric.likelihood.config.seed], backends: ["wasm"], margin: 0 };
  if (copy.imageLikelihood) copy.imageLikelihood.calibration = { seeds: [copy.imageLikelihood.config.seed], backends: ["wasm"], margin: 0 };
  return validateRubric(copy, "public rubric");
}
