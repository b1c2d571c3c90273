/**
 * The fixtures prove the grader: each is the solutions with ONE planted bug or hostile trick, and
 * must fail exactly the tests listed in its expected.json while keeping full credit for all the
 * others. Each fixture is graded once (beforeAll); the assertions read the stored reports.
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXERCISES, EXERCISE_IDS, type ExerciseId } from "../../src/checks/exercises";
import { gradeSubmission } from "../core/grade-submission";
import { REPO_ROOT } from "../core/paths";
import type { GradeReport } from "../core/report";
import { writeReportFiles } from "../commands/grade";
import { fixtureFiles, fixtureNames, fixtureSubmission, FIXTURES_DIR } from "../fixture-submission";
import { liveCommandLines, readResults, tempDir, xmlProblems } from "./helpers";

interface Expected {
  description: string;
  failing: string[];
  /** Graded only when the grader runs as root (subjects then run as other users). */
  requiresRoot?: boolean;
}

const isRoot = process.getuid?.() === 0;
const expected = (name: string) => JSON.parse(readFileSync(join(FIXTURES_DIR, name, "expected.json"), "utf8")) as Expected;
const NAMES = fixtureNames().filter((n) => isRoot || !expected(n).requiresRoot);
/** The hang fixture gets a short CPU-time limit (the rubric's default is 30 s), run twice. */
const LIMITS: Record<string, { exerciseTimeoutMs: number }> = { "infinite-loop": { exerciseTimeoutMs: 2_000 } };
const resultsHash = new Map<string, string>();
const hashOf = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/**
 * A fixture changes one file, so only that file's exercise is graded (with the likelihood test
 * when it trains that exercise): the other exercises are the solutions' and would only pass
 * again. load.test.ts grades all of the solutions.
 */
const exercisesOf = (name: string): ExerciseId[] => EXERCISE_IDS.filter((id) => fixtureFiles(name).includes(EXERCISES[id].file));

const reports = new Map<string, GradeReport>();
const out = tempDir("flowgrade-fixtures-");

beforeAll(async () => {
  for (const name of NAMES) {
    const report = await gradeSubmission(fixtureSubmission(name), { limits: LIMITS[name], exercises: exercisesOf(name) });
    reports.set(name, report);
    writeReportFiles(report, join(out, name, "results.json"), join(out, name, "junit.xml"));
    resultsHash.set(name, hashOf(join(out, name, "results.json")));
  }
}, 30 * 60_000);

const failedOf = (name: string) => reports.get(name)!.tests.filter((t) => !t.passed);
const testOf = (fixture: string, test: string) => reports.get(fixture)!.tests.find((t) => t.name === test)!;

describe("the fixtures", () => {
  it("cover every bug the issue lists (and a few more)", () => {
    const bugs = ["logdet-wrong-sign", "logdet-not-summed", "mask-not-applied", "inverse-conditions-on-transformed", "exp-log-confused", "nll-drops-logdet", "wrong-gaussian-constant", "nondeterministic", "nans", "throws-on-import", "infinite-loop", "huge-allocation",
      // issue 10: the image exercises (d)-(f)
      "actnorm-logdet-missing-hw", "actnorm-init-every-call", "conv-logdet-wrong-diag", "dequantization-forgets-logk", "dequantization-no-noise",
      // issue 18: a log-det with the right value and no gradient
      "actnorm-logdet-detached"];
    // issue 8's hostile families: reaching the solutions, forging results, patching the checker,
    // answers from the library, sabotage and leaks, memoising, and maps that ignore the exercise
    const hostile = ["imports-solutions", "symlink-to-solutions", "computed-import", "library-answers", "forges-results", "patches-checker", "kills-grader", "spawns-processes", "giant-error", "leaks-and-hides", "nondeterministic-inverse", "memoises", "identity-layer", "constant-shift", "needs-casts",
      // issue 17: channels between subjects, litter, compiler bombs, sleeping subjects
      "loopback-memo", "socket-litter", "nested-arrow-bomb", "sleeps-in-data",
      // issue 17: library code through the runner
      "reaches-runtime"];
    // issue 17: answers that recognise the finite-difference stencils, a stub loss, spikes at the
    // student release's held-out points
    const earned = ["recognises-stencils", "stub-loss", "spikes-at-public-points",
      // a gradient wrong everywhere (the check's rows avoid ReLU kinks, and nothing else is lenient)
      "stop-gradient-scale"];
    for (const required of [...bugs, ...hostile, ...earned]) expect(fixtureNames()).toContain(required);
  });

  it.each(fixtureNames())("%s is the solutions with one planted bug, in one file (or a link)", (name) => {
    const files = fixtureFiles(name);
    expect(files).toHaveLength(1);
    expect(exercisesOf(name)).toHaveLength(1);
    if (lstatSync(join(FIXTURES_DIR, name, files[0])).isSymbolicLink()) return;
    const text = readFileSync(join(FIXTURES_DIR, name, files[0]), "utf8");
    expect(text).not.toBe(readFileSync(join(REPO_ROOT, "solutions", files[0]), "utf8"));
    expect(text.match(/BUG \(fixture ([\w-]+)\)/g)).toEqual([`BUG (fixture ${name})`]);
  });
});

describe.each(NAMES)("grading fixture %s", (name) => {
  it("fails exactly the tests in its expected.json", () => {
    expect(failedOf(name).map((t) => t.name).sort()).toEqual([...expected(name).failing].sort());
  });

  it("keeps full credit for every other test", () => {
    const others = reports.get(name)!.tests.filter((t) => !expected(name).failing.includes(t.name));
    // Only the changed file's exercise is graded, so a fixture that breaks that whole file (a refused
    // import, a link) may fail every graded test; otherwise the rest must keep full credit.
    if (others.length === 0) expect(reports.get(name)!.tests.length).toBe(expected(name).failing.length);
    for (const t of others) expect({ name: t.name, passed: t.passed, score: t.score }).toEqual({ name: t.name, passed: true, score: t.maxScore });
  });

  it("is graded (a broken submission is never a grader error)", () => {
    expect(reports.get(name)!.error).toBeUndefined();
  });

  it("writes a valid results.json and a well-formed junit.xml", () => {
    const { results, problems } = readResults(join(out, name, "results.json"));
    expect(problems).toEqual([]);
    // a fixture whose only failures are worth 0 points (or none: sabotage that harms nothing) keeps full marks
    const losesPoints = reports.get(name)!.tests.some((t) => !t.passed && t.maxScore > 0);
    if (losesPoints) expect(results.score).toBeLessThan(results.max_score);
    else expect(results.score).toBe(results.max_score);
    expect(xmlProblems(readFileSync(join(out, name, "junit.xml"), "utf8"))).toEqual([]);
  });
});

describe("failure messages name the check, the measured value and the tolerance", () => {
  it("a wrong log-det sign: measured vs tolerance", () => {
    const t = testOf("logdet-wrong-sign", "affine-coupling/public/log-det-forward");
    expect(t.message).toMatch(/max \|forward logDet − log\|det J\|\(finite differences\)\| near the \w+ inputs = [\d.e+-]+ > 0\.01/);
    expect(t.measured).toBeGreaterThan(0.1);
    expect(t.tolerance).toBe(1e-2);
    expect(t.hint).toBeTruthy();
  });

  it("the likelihood: the held-out NLL against the threshold", () => {
    const t = testOf("logdet-wrong-sign", "likelihood/held-out-nll");
    expect(t.message).toMatch(/held-out NLL on moons after \d+ steps \([\d.]+% of the points rough\) = [\d.]+ nats > threshold [\d.]+/);
    expect(t.heldOutNll).toBeGreaterThan(t.tolerance as number);
  });

  it("answers that recognise the stencils: the rechecked rows give them away", () => {
    for (const test of ["affine-coupling/public/log-det-forward", "affine-coupling/hidden/log-det-inverse", "likelihood/held-out-nll"]) {
      expect(testOf("recognises-stencils", test).message).toContain("outputs depend on the other rows of the batch");
    }
  });

  it("a stub loss: its gradient is not the correct loss's, and its memory proves nothing", () => {
    expect(testOf("stub-loss", "nll/public/nll-gradients").message).toContain("the correct NLL's gradient is");
    expect(testOf("stub-loss", "nll/hidden/no-leak").message).toContain("nllLoss does not change when the flow's weights do");
  });

  it("spikes at the release's held-out points: no better than the untrained flow on the grader's", () => {
    const spikes = testOf("spikes-at-public-points", "likelihood/held-out-nll");
    expect(spikes.message).toContain("(0.0% of the points rough)");
    expect(spikes.heldOutNll).toBeGreaterThanOrEqual(testOf("stub-loss", "likelihood/held-out-nll").heldOutNll as number);
  });

  it("reaching the runtime's modules finds nothing: the functions throw NotImplementedError, as untouched", () => {
    for (const t of failedOf("reaches-runtime").filter((t) => t.suite === "nll")) expect(t.message).toContain("nothing within reach");
    expect(reports.get("reaches-runtime")!.tests.filter((t) => t.suite === "nll").reduce((s, t) => s + t.score, 0)).toBe(0);
  });

  it("a stop-gradient on the scale: right values, autodiff against finite differences fails", () => {
    for (const set of ["public", "hidden"]) expect(testOf("stop-gradient-scale", `affine-coupling/${set}/gradients`).message).toMatch(/autodiff gives [\d.e+-]+ along a random direction, finite differences give/);
  });

  it("a missing export names it", () => {
    expect(testOf("missing-export", "nll/public/api").message).toContain("missing exported function(s): nllLoss");
  });

  it("an import failure names the file and the error", () => {
    for (const t of failedOf("throws-on-import").filter((t) => t.suite === "nll")) expect(t.message).toMatch(/the module failed to load: Error: leftover debugging code: this module throws on import/);
  });
});

describe("crashes, hangs and runaway allocations are contained", () => {
  it("an infinite loop is stopped by the time limit, naming the check it was in", () => {
    const failed = failedOf("infinite-loop");
    expect(failed.every((t) => t.interrupted === "timeout" && t.message.includes("stopped by the time limit"))).toBe(true);
    expect(testOf("infinite-loop", "additive-coupling/public/shapes").message).toBe(
      "AdditiveCoupling(mask=[1,0]): stopped by the time limit: the code used more than 2 s of CPU time (also when run a second time) (an infinite loop, or code far too slow?)",
    );
    expect(testOf("infinite-loop", "additive-coupling/public/api").passed).toBe(true);
    // only the changed file's exercise is graded (the likelihood trains the affine coupling)
    expect(new Set(reports.get("infinite-loop")!.tests.map((t) => t.suite))).toEqual(new Set(["additive-coupling"]));
  });

  it("a runaway allocation is stopped by the memory cap", () => {
    const failed = failedOf("huge-allocation");
    expect(failed.every((t) => t.interrupted === "memory")).toBe(true);
    expect(testOf("huge-allocation", "affine-coupling/public/shapes").message).toMatch(/^AffineCoupling\(mask=\[1,0\]\): stopped by the memory cap: the code used more than 1024 MB \(peak \d+ MB; a runaway allocation\?\)$/);
    expect(testOf("huge-allocation", "likelihood/held-out-nll").message).toContain("stopped by the memory cap");
  });

  it("process.exit(0) in student code is a crash, not a pass", () => {
    const t = testOf("exits-early", "additive-coupling/public/shapes");
    expect(t.interrupted).toBe("crash");
    expect(t.message).toContain("exited with code 0");
  });
});

describe("hostile submissions change no verdict and no file", () => {
  it("an import outside the scaffold is refused, naming the file, the import and what is allowed", () => {
    expect(testOf("imports-solutions", "affine-coupling/public/api").message).toMatch(/affine-coupling\.ts cannot be run: affine-coupling\.ts:\d+:\d+: affine-coupling\.ts imports \.\.\/solutions\/affine-coupling: only @tensorflow\/tfjs, \.\.\/src\/bijectors\/masked-coupling, \.\.\/src\/bijectors\/bijector, \.\.\/src\/bijectors\/errors may be imported/);
    expect(testOf("library-answers", "nll/public/api").message).toMatch(/nll\.ts imports \.\.\/src\/flows\/density: only @tensorflow\/tfjs, \.\.\/src\/bijectors\/bijector, \.\.\/src\/bijectors\/errors may be imported/);
    expect(testOf("computed-import", "nll/public/api").message).toMatch(/nll\.ts may not require \.\.\/solutions\/nll: only @tensorflow\/tfjs/);
  });

  it("a symbolic link is not graded, and the message says so", () => {
    expect(testOf("symlink-to-solutions", "affine-coupling/public/api").message).toBe("affine-coupling.ts was not graded: it is a symbolic link (submit regular files only)");
  });

  it("forged lines and files reach no results file, even seconds after grading", async () => {
    await new Promise((r) => setTimeout(r, 4000)); // the forger's detached shell would write after 3 s
    for (const name of NAMES) expect(hashOf(join(out, name, "results.json"))).toBe(resultsHash.get(name));
    expect(readResults(join(out, "forges-results", "results.json")).problems).toEqual([]);
    expect(testOf("forges-results", "additive-coupling/public/api").message).toContain("answered more than once");
  });

  it("a sabotaging submission is graded like any other: no grader error, full marks where its code is right", () => {
    for (const name of ["kills-grader", "spawns-processes", "socket-litter"].filter((n) => NAMES.includes(n))) {
      expect(reports.get(name)!.error).toBeUndefined();
      expect(failedOf(name)).toEqual([]);
    }
  });

  it("a giant error message is cut: every message at most 2000 characters, no control characters, results.json under 1 MB", () => {
    for (const t of reports.get("giant-error")!.tests) {
      expect(t.message.length).toBeLessThanOrEqual(2000);
      expect(t.message).not.toMatch(/[\u0000-\u001f]/);
    }
    expect(statSync(join(out, "giant-error", "results.json")).size).toBeLessThan(1 << 20);
    expect(statSync(join(out, "giant-error", "junit.xml")).size).toBeLessThan(1 << 20);
  });

  it("no file a subject made is left anywhere (socket-litter binds 160 unix sockets)", () => {
    const litter = ["/tmp", "/dev/shm", "/var/tmp", "/run/lock"].flatMap((d) => {
      try {
        return readdirSync(d).filter((n) => n.startsWith("flowgrade-litter-"));
      } catch {
        return [];
      }
    });
    expect(litter).toEqual([]);
  });

  it("a sleeping subject is stopped for idling, and a compiler bomb is refused before any compiler sees it", () => {
    expect(testOf("sleeps-in-data", "additive-coupling/public/shapes").message).toMatch(/stopped: the code sat idle \(less than 50 ms of CPU time in 10 s/);
    expect(testOf("nested-arrow-bomb", "additive-coupling/public/api").message).toContain("additive-coupling.ts nests brackets or arrow functions 50000 levels deep: at most 200 are compiled");
  });

  it("no process started for any submission is left alive", () => {
    const leftovers = liveCommandLines().filter((cmd) => /runner\.cjs|sleep 120|Buffer\.alloc\(1\.5e9/.test(cmd));
    expect(leftovers).toEqual([]);
  });
});
