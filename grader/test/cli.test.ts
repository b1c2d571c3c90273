/**
 * flowgrade as users run it (node grader/bin/flowgrade.cjs): exit codes, results.json in every
 * case (full marks, untouched exercises, missing files, an empty folder, a folder that does not
 * exist, a usage error, Ctrl-C), JUnit and the self-check. Grading a class: class.test.ts; the
 * argument layer, --version and help: cli-args.test.ts.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXERCISE_IDS } from "../../src/checks/exercises";
import { DEFAULT_RUBRIC, REPO_ROOT } from "../core/paths";
import { fixtureSubmission } from "../fixture-submission";
import { readResults, runCli, tempDir, xmlProblems } from "./helpers";

const SOLUTIONS = join(REPO_ROOT, "solutions");
/** A safety net for a grading of every exercise (seven, two of them training a flow); grades never depend on it. */
const FULL_GRADING_MS = 300_000;
const EXERCISES = join(REPO_ROOT, "exercises");

describe("flowgrade grade", () => {
  it("gives the solutions full marks: exit 0, valid results.json, well-formed junit.xml", async () => {
    const dir = tempDir();
    const r = await runCli(["grade", SOLUTIONS, "--results", join(dir, "results.json"), "--junit", join(dir, "junit.xml")]);
    expect(r.code, r.stderr).toBe(0);
    const { results, problems } = readResults(join(dir, "results.json"));
    expect(problems).toEqual([]);
    expect(results.score).toBe(results.max_score);
    expect(results.max_score).toBeGreaterThan(0);
    expect(results.tests.every((t) => t.status === "passed")).toBe(true);
    expect(results.tests.some((t) => t.visibility === "after_published")).toBe(true);
    const xml = readFileSync(join(dir, "junit.xml"), "utf8");
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml.match(/<testsuite /g)).toHaveLength(EXERCISE_IDS.length + 1); // one per exercise, and the likelihood
    expect(xml).not.toContain("<failure");
    expect(r.stdout).toMatch(/Score: (\d+) \/ \1 \(100%\)/);
    expect(r.stdout).not.toContain("\u001b["); // stdout is a pipe: no colours
  }, FULL_GRADING_MS);

  it("gives the untouched exercises 0 with 'not implemented' messages: exit 1", async () => {
    const dir = tempDir();
    const r = await runCli(["grade", EXERCISES, "--results", join(dir, "results.json")]);
    expect(r.code).toBe(1);
    const { results, problems } = readResults(join(dir, "results.json"));
    expect(problems).toEqual([]);
    expect(results.score).toBe(0);
    const failed = results.tests.filter((t) => t.status === "failed");
    expect(failed.length).toBeGreaterThan(0);
    expect(results.tests.every((t) => t.score === 0)).toBe(true);
    for (const t of failed) expect(t.output).toMatch(/not implemented yet/);
    expect(r.stdout).toContain("not implemented yet");
  }, FULL_GRADING_MS);

  it("grades what is there when files are missing, and names the missing ones", async () => {
    const sub = tempDir();
    cpSync(join(SOLUTIONS, "additive-coupling.ts"), join(sub, "additive-coupling.ts"));
    const dir = tempDir();
    const r = await runCli(["grade", sub, "--results", join(dir, "results.json")]);
    expect(r.code).toBe(1);
    const { results, problems } = readResults(join(dir, "results.json"));
    expect(problems).toEqual([]);
    for (const t of results.tests) {
      if (t.name.startsWith("additive-coupling/")) expect(t.status).toBe("passed");
      else expect(t.output).toMatch(/[\w-]+\.ts is missing from the submission/);
    }
  }, FULL_GRADING_MS);

  it("scores an empty folder 0 (exit 1), or exit 0 with --fail-under 0", async () => {
    const dir = tempDir();
    const r = await runCli(["grade", tempDir("flowgrade-empty-"), "--results", join(dir, "results.json"), "--fail-under", "0"]);
    expect(r.code).toBe(0);
    const { results, problems } = readResults(join(dir, "results.json"));
    expect(problems).toEqual([]);
    expect(results.score).toBe(0);
    expect(results.tests.filter((t) => t.status === "failed").every((t) => /is missing from the submission/.test(t.output))).toBe(true);
  });

  it("cannot grade a folder that does not exist: exit 2, results.json with score 0 and the reason", async () => {
    const dir = tempDir();
    const r = await runCli(["grade", join(dir, "no-such-folder"), "--results", join(dir, "results.json"), "--junit", join(dir, "junit.xml")]);
    expect(r.code).toBe(2);
    const { results, problems } = readResults(join(dir, "results.json"));
    expect(problems).toEqual([]);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/^The grader could not grade this submission \(the submission folder ".*no-such-folder" does not exist\)/);
    expect(r.stderr).toMatch(/^flowgrade grade: could not grade: the submission folder ".*no-such-folder" does not exist$/m);
    expect(readFileSync(join(dir, "junit.xml"), "utf8")).toMatch(/<error message="could not grade: the submission folder &quot;.*no-such-folder&quot; does not exist"/);
    expect(xmlProblems(readFileSync(join(dir, "junit.xml"), "utf8"))).toEqual([]);
  });

  it("reports usage errors with exit 2 and still writes results.json", async () => {
    const dir = tempDir();
    const missing = await runCli(["grade", "--results", join(dir, "a.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('"grade" needs <submission-dir>');
    expect(readResults(join(dir, "a.json")).problems).toEqual([]);
    const unknown = await runCli(["grade", SOLUTIONS, "--results", join(dir, "b.json"), "--frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option --frobnicate");
    expect(readResults(join(dir, "b.json")).results.output).toContain("usage error: unknown option --frobnicate");
    const badNumber = await runCli(["grade", SOLUTIONS, "--results", join(dir, "c.json"), "--fail-under", "lots"]);
    expect(badNumber.code).toBe(2);
    expect(readResults(join(dir, "c.json")).problems).toEqual([]);
    expect((await runCli(["frobnicate"])).code).toBe(2);
    expect((await runCli(["--help"])).code).toBe(0);
  });

  it("grades with the rubric's tolerances and config (--rubric)", async () => {
    const dir = tempDir();
    const rubric = JSON.parse(readFileSync(DEFAULT_RUBRIC, "utf8"));
    rubric.tolerances.roundTrip = 1e-12;
    Object.assign(rubric.likelihood.config, { steps: 20, threshold: 100 });
    Object.assign(rubric.imageLikelihood.config, { trainSteps: 20, threshold: 100 });
    writeFileSync(join(dir, "rubric.json"), JSON.stringify(rubric));
    // one exercise per likelihood test is enough to see both configs used (and is half a full grading)
    const r = await runCli(["grade", SOLUTIONS, "--only", "affine-coupling,actnorm", "--rubric", join(dir, "rubric.json"), "--results", join(dir, "results.json")]);
    expect(r.code).toBe(1);
    const { results } = readResults(join(dir, "results.json"));
    const failed = results.tests.filter((t) => t.status === "failed").map((t) => t.name);
    expect(failed.length).toBeGreaterThan(0);
    // only the round trips fail: the likelihood check has its own tolerance (trainedFlowRoundTrip)
    expect(failed.filter((n) => !/\/round-trip-(forward|inverse)$/.test(n))).toEqual([]);
    expect(results.tests.find((t) => t.name === "affine-coupling/public/round-trip-forward")!.output).toMatch(/ > 1\.0e-12/);
    expect(results.tests.find((t) => t.name === "likelihood/held-out-nll")!.extra_data.trainedSteps).toBe(20);
    expect(results.tests.find((t) => t.name === "likelihood/image-bits-per-dim")!.extra_data.trainedSteps).toBe(20);
  }, FULL_GRADING_MS);

  it("an invalid rubric is an instructor error: exit 2, the reason on stderr, no path or detail for students", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "rubric.json"), JSON.stringify({ limits: {} }));
    const r = await runCli(["grade", SOLUTIONS, "--rubric", join(dir, "rubric.json"), "--results", join(dir, "results.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flowgrade: instructor error: the rubric .*rubric\.json is invalid, so nothing was graded\n {2}\//);
    const { results, problems } = readResults(join(dir, "results.json"));
    expect(problems).toEqual([]);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/misconfigured .*not in your submission/);
    expect(results.output).not.toContain(dir);
    expect(results.output).not.toMatch(/rubric|Please resubmit/i);
  });

  it("cannot grade when the workers cannot start (a bad FLOWLAB_BACKEND): exit 2, a grader error, not the student's", async () => {
    const dir = tempDir();
    const r = await runCli(["grade", SOLUTIONS, "--results", join(dir, "results.json")], { env: { FLOWLAB_BACKEND: "abacus" } });
    expect(r.code).toBe(2);
    const { results, problems } = readResults(join(dir, "results.json"));
    expect(problems).toEqual([]);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/FLOWLAB_BACKEND must be one of auto, [a-z, ]+; got "abacus"/);
  });

  it("on Ctrl-C stops the workers, writes results.json and exits 2", async () => {
    const dir = tempDir();
    let pid = 0;
    const run = runCli(["grade", fixtureSubmission("infinite-loop"), "--results", join(dir, "results.json")], { onStart: (p) => (pid = p) });
    await new Promise((res) => setTimeout(res, 4_000));
    process.kill(pid, "SIGINT");
    const r = await run;
    expect(r.code).toBe(2);
    const { results, problems } = readResults(join(dir, "results.json"));
    expect(problems).toEqual([]);
    expect(results.output).toContain("grading was interrupted");
  });
});

describe("flowgrade grade --only", () => {
  it("grades only the named exercises, with the likelihood tests that train them", async () => {
    const dir = tempDir();
    const r = await runCli(["grade", SOLUTIONS, "--only", "dequantization", "--results", join(dir, "results.json")]);
    expect(r.code, r.stderr).toBe(0);
    const { results } = readResults(join(dir, "results.json"));
    expect(new Set(results.tests.map((t) => t.name.split("/")[0]))).toEqual(new Set(["dequantization"]));
    expect(results.score).toBe(results.max_score);
  });

  it("grades (f) apart from (c): dequantization.ts imports flowLogProb from ./nll, and the grader bundles its own (a Laplace base), so a wrong nll.ts costs (f) nothing", async () => {
    const dir = tempDir();
    const r = await runCli(["grade", fixtureSubmission("wrong-gaussian-constant"), "--only", "dequantization", "--results", join(dir, "results.json")]);
    expect(r.code, r.stderr).toBe(0);
    const { results } = readResults(join(dir, "results.json"));
    expect(results.score).toBe(results.max_score);
  });

  it("refuses an unknown exercise id, listing the known ones: exit 2", async () => {
    const dir = tempDir();
    const r = await runCli(["grade", SOLUTIONS, "--only", "actnorm,nope", "--results", join(dir, "results.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/option --only must be a comma-separated list of exercises: a–g or additive-coupling, .*actnorm.*; got "actnorm,nope"/);
  });
});

describe("flowgrade check", () => {
  it("tells a student with untouched exercises what to do: exit 1", async () => {
    const r = await runCli(["check", EXERCISES]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Exercise \(a\): AdditiveCoupling \(NICE\): not implemented yet\.\n {2}Write your code between the TODO markers in\s+\S*exercises\/additive-coupling\.ts/);
    expect(r.stdout).not.toMatch(/hidden\//);
  });

  it("shows the measured value against the tolerance and a hint for each failed public check", async () => {
    const r = await runCli(["check", fixtureSubmission("wrong-gaussian-constant"), "--only", "nll"]);
    expect(r.code).toBe(1);
    // A message continues under its own column (28 here): join those rows to read it whole.
    const unwrapped = r.stdout.replace(/\n {28}(?=\S)/g, " ");
    expect(unwrapped).toMatch(/✘ standard-normal-log-prob +standardNormalLogProb: max \|yours − \(−½\|z\|² − \(D\/2\) log 2π\)\| \/ max\(1, \|reference\|\) for D = 2 .*= 0\.\d+ > 1\.0e-4\n {4}hint: /);
    expect(r.stdout).toContain("D = 2");
    expect(r.stdout).not.toContain("D = 5"); // the hidden cases are not run
  });

  it("passes the solutions: exit 0", async () => {
    const r = await runCli(["check", SOLUTIONS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/All \d+ public checks passed/);
  });
});
