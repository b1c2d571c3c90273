/**
 * What a release has instead of grader/reference/ (which imports the solutions): a stand-in with
 * the same exports that serves values recorded from the solutions, and the recorded values
 * themselves (src/checks/recorded-expected.ts) for that release's cases: the public cases in the
 * student release, the public and the rubric's hidden cases in the autograder (written here, at
 * release time, by running the solutions). No release holds code that computes an answer.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PUBLIC_MAF_CASES, type MafCase } from "../../src/checks/made-maf-exercise";
import { recordedExpectedSource } from "./record-expected";

const STAND_IN = `/**
 * The reference values the grader's checks need where a check needs the answer itself, in this
 * release: recorded from the reference solutions when the release was built
 * (src/checks/recorded-expected.ts), for this release's cases only. Written by \`flowgrade release\`.
 */
import { recordedMadeMasks } from "../../src/checks/recorded";

/** MADE's masks for (dim, hidden), 2 outputs per dimension: the masks the layer checks build AffineMAF with. */
export function referenceMadeMasks(dim: number, hidden: readonly number[]): number[][][] {
  return recordedMadeMasks(dim, hidden);
}
`;

/** Writes grader/reference/index.ts and src/checks/recorded-expected.ts into the release at `to`; returns their paths. */
export function writeReferenceStandIn(to: string, hiddenMafCases: readonly Pick<MafCase, "dim" | "hidden">[] = []): string[] {
  mkdirSync(join(to, "grader", "reference"), { recursive: true });
  writeFileSync(join(to, "grader", "reference", "index.ts"), STAND_IN);
  writeFileSync(join(to, "src", "checks", "recorded-expected.ts"), recordedExpectedSource([...PUBLIC_MAF_CASES, ...hiddenMafCases]));
  return ["grader/reference/index.ts", "src/checks/recorded-expected.ts"];
}
