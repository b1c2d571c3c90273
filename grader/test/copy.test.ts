/**
 * Nothing to copy (issue 16, items 3 and 4), on a student release built here (files only, no
 * install):
 *   - the copy scan: no released .ts/.js file or notebook code cell shares a 20-token run
 *     (identifiers and literals as placeholders, types and comments erased) with a solution block,
 *     and renaming every identifier of a copy does not hide it;
 *   - the copy test: a submission assembled from whatever the release exports under an exercise's
 *     names (same kind and arity), bundled into the exercise files, scores 0.
 */
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXERCISES, EXERCISE_IDS, type ExerciseId } from "../../src/checks/exercises";
import { REPO_ROOT } from "../core/paths";
import { pieceTokens, releasedCode, scanForCopies, solutionBlocks, WINDOW } from "../release/copy-scan";
import { matchingExports, releasedModules, writeCopySubmission, type Match } from "../release/copy-submission";
import { writeStudentRelease } from "../release/student";
import { readResults, runCli, tempDir } from "./helpers";

const release = join(tempDir("flowgrade-copy-"), "student");

/**
 * Runs that a released file may share with a solution block, each for a reason. No file is
 * exempt: only these token runs, which are JavaScript idioms and carry no answer.
 */
export const ALLOWED_RUNS: Record<string, string> = {
  "$ . from ( { $ : $ } , ( $ , $ ) => $ + # )": "an idiom, not an answer: the array 1 … n (Array.from({ length: n }, (_, i) => i + 1))",
  "$ ) ; const $ = [ ] ; for ( let $ = # ; $ < $ .": "an idiom, not an answer: an empty array filled by a counting loop",
};

beforeAll(() => {
  writeStudentRelease(REPO_ROOT, release);
}, 120_000);

describe("the copy scan", () => {
  it("finds no solution block, even renamed, in any released file or notebook cell", () => {
    const hits = scanForCopies(solutionBlocks(REPO_ROOT), releasedCode(release), new Set(Object.keys(ALLOWED_RUNS)));
    expect(hits.map((h) => `${h.file} shares ${h.runs} runs with ${h.block}, e.g. "${h.example}"`)).toEqual([]);
  });

  it("sees through renaming, other literals, casts and comments: a renamed copy of a solution block is found", () => {
    const blocks = solutionBlocks(REPO_ROOT);
    const actnorm = blocks.find((b) => b.where.startsWith("solutions/actnorm.ts"))!;
    const renamed = actnorm.code
      .replace(/\bperChannel\b/g, "rows")
      .replace(/\bmean\b(?!\s*[:(])/g, "mu")
      .replace(/\bvariance\b(?!\s*:)/g, "sigma2")
      .replace(/\bs\b/g, "logS")
      .replace(/ACTNORM_EPSILON/g, "1e-5 /* eps */")
      .replace(/ as tf\.Tensor1D/g, "");
    expect(renamed).not.toBe(actnorm.code);
    const hits = scanForCopies(blocks, [{ where: "src/renamed.ts", code: `// a library layer\nexport function init(x) {\n${renamed}\n}` }]);
    expect(hits.map((h) => h.block)).toContain(actnorm.where);
    expect(pieceTokens(renamed).length).toBeGreaterThanOrEqual(WINDOW);
  });

  it("each allowed run is an idiom that no solution block consists of (every block is longer than it)", () => {
    for (const b of solutionBlocks(REPO_ROOT)) expect(Object.keys(ALLOWED_RUNS)).not.toContain(pieceTokens(b.code).join(" "));
  });
});

describe("the copy test", () => {
  let matches: Map<ExerciseId, Match[]>;
  beforeAll(async () => {
    // Entry points run when imported (the CLI, the subject's runner), so they are read but not loaded.
    const modules = releasedModules(release).filter((m) => !["grader/cli.ts", "grader/subject/runner.ts"].includes(m));
    const fromRepo = (rel: string) => (readFileSync(join(release, rel), "utf8") === readFileSync(join(REPO_ROOT, rel), "utf8") ? import(join(REPO_ROOT, rel)) : import(join(release, rel)));
    matches = await matchingExports(modules, fromRepo, (id) => import(join(REPO_ROOT, "solutions", EXERCISES[id].file)));
  }, 300_000);

  it("a submission of whatever the release exports under the exercises' names and arities scores 0 for every exercise", async () => {
    const submission = tempDir("flowgrade-copy-submission-");
    mkdirSync(join(submission, "exercises"), { recursive: true });
    cpSync(join(release, "exercises"), join(submission, "exercises"), { recursive: true });
    const written = await writeCopySubmission(submission, REPO_ROOT, matches);
    console.log(`copy test: ${EXERCISE_IDS.map((id) => `${id}: ${matches.get(id)!.map((m) => `${m.name} (${m.module})`).join(", ") || "nothing"}`).join("; ")}`);
    if (written.length === 0) return; // nothing under the exercises' names: nothing to grade, 0 by construction
    const out = join(submission, "results.json");
    const r = await runCli(["grade", submission, "--only", written.join(","), "--results", out]);
    const { results, problems } = readResults(out);
    expect(problems).toEqual([]);
    expect(results.tests.filter((t) => (t.score ?? 0) > 0).map((t) => `${t.name}: ${t.score}`), r.stdout).toEqual([]);
    expect(results.score).toBe(0);
  }, 600_000);
});
