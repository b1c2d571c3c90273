/**
 * The fixtures prove the grader: each is the solutions with ONE planted bug, and must fail
 * exactly the tests listed in its expected.json while keeping full credit for all the others.
 * Each fixture is graded once (beforeAll); the assertions read the stored reports.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { gradeSubmission } from "../core/grade-submission";
import { REPO_ROOT } from "../core/paths";
import type { GradeReport } from "../core/report";
import { writeReportFiles } from "../commands/grade";
import { fixtureFiles, fixtureNames, fixtureSubmission, FIXTURES_DIR } from "../fixture-submission";
import { readResults, tempDir, xmlProblems } from "./helpers";

interface Expected {
  description: string;
  failing: string[];
}

const NAMES = fixtureNames();
const expected = (name: string) => JSON.parse(readFileSync(join(FIXTURES_DIR, name, "expected.json"), "utf8")) as Expected;
/** The hang fixture gets a short per-group time limit (the rubric's default is 30 s). */
const LIMITS: Record<string, { exerciseTimeoutMs: number }> = { "infinite-loop": { exerciseTimeoutMs: 10_000 } };

const reports = new Map<string, GradeReport>();
const out = tempDir("flowgrade-fixtures-");

beforeAll(async () => {
  for (const name of NAMES) {
    const report = await gradeSubmission(fixtureSubmission(name), { limits: LIMITS[name] });
    reports.set(name, report);
    writeReportFiles(report, join(out, name, "results.json"), join(out, name, "junit.xml"));
  }
}, 20 * 60_000);

const failedOf = (name: string) => reports.get(name)!.tests.filter((t) => !t.passed);
const testOf = (fixture: string, test: string) => reports.get(fixture)!.tests.find((t) => t.name === test)!;

describe("the fixtures", () => {
  it("cover every bug the issue lists (and a few more)", () => {
    for (const required of ["logdet-wrong-sign", "logdet-not-summed", "mask-not-applied", "inverse-conditions-on-transformed", "exp-log-confused", "nll-drops-logdet", "wrong-gaussian-constant", "nondeterministic", "nans", "throws-on-import", "infinite-loop", "huge-allocation"]) {
      expect(NAMES).toContain(required);
    }
  });

  it.each(NAMES)("%s is the solutions with one planted bug, in one file", (name) => {
    const files = fixtureFiles(name);
    expect(files).toHaveLength(1);
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
    expect(others.length).toBeGreaterThan(0);
    for (const t of others) expect({ name: t.name, passed: t.passed, score: t.score }).toEqual({ name: t.name, passed: true, score: t.maxScore });
  });

  it("is graded (a broken submission is never a grader error)", () => {
    expect(reports.get(name)!.error).toBeUndefined();
  });

  it("writes a valid results.json and a well-formed junit.xml", () => {
    const { results, problems } = readResults(join(out, name, "results.json"));
    expect(problems).toEqual([]);
    expect(results.score).toBeLessThan(results.max_score);
    expect(xmlProblems(readFileSync(join(out, name, "junit.xml"), "utf8"))).toEqual([]);
  });
});

describe("failure messages name the check, the measured value and the tolerance", () => {
  it("a wrong log-det sign: measured vs tolerance", () => {
    const t = testOf("logdet-wrong-sign", "affine-coupling/public/log-det-forward");
    expect(t.message).toMatch(/max \|forward logDet − log\|det J\|\(autodiff\)\| on the \w+ inputs = [\d.e+-]+ > 0\.001$/);
    expect(t.measured).toBeGreaterThan(0.1);
    expect(t.tolerance).toBe(1e-3);
    expect(t.hint).toBeTruthy();
  });

  it("the likelihood: the held-out NLL against the threshold", () => {
    const t = testOf("logdet-wrong-sign", "likelihood/held-out-nll");
    expect(t.message).toMatch(/held-out NLL on moons after \d+ steps = [\d.]+ nats > threshold [\d.]+/);
    expect(t.heldOutNll).toBeGreaterThan(t.tolerance as number);
  });

  it("a missing export names it", () => {
    expect(testOf("missing-export", "nll/public/api").message).toContain("missing exported function(s): nllLoss");
  });

  it("an import failure names the file and the error", () => {
    for (const t of failedOf("throws-on-import")) expect(t.message).toMatch(/nll\.ts failed to import \(Error: leftover debugging code: this module throws on import\)/);
  });
});

describe("crashes, hangs and runaway allocations are contained", () => {
  it("an infinite loop is stopped by the time limit, naming the check it was in", () => {
    const failed = failedOf("infinite-loop");
    expect(failed.every((t) => t.interrupted === "timeout" && t.message.includes("stopped by the time limit"))).toBe(true);
    expect(testOf("infinite-loop", "additive-coupling/public/shapes").message).toBe(
      'shapes: stopped by the time limit: the additive-coupling/public worker was killed after 10 s while running "shapes" (an infinite loop, or code far too slow?)',
    );
    expect(testOf("infinite-loop", "additive-coupling/public/api").passed).toBe(true);
    expect(testOf("infinite-loop", "likelihood/held-out-nll").passed).toBe(true);
  });

  it("a runaway allocation is stopped by the memory cap", () => {
    const failed = failedOf("huge-allocation");
    expect(failed.every((t) => t.interrupted === "memory")).toBe(true);
    expect(testOf("huge-allocation", "affine-coupling/public/shapes").message).toMatch(/^shapes: stopped by the memory cap: the affine-coupling\/public worker used more than 1024 MB \(peak RSS \d+ MB\) while running "shapes"/);
    expect(testOf("huge-allocation", "likelihood/held-out-nll").message).toContain("stopped by the memory cap");
  });

  it("process.exit(0) in student code is a crash, not a pass", () => {
    const t = testOf("exits-early", "additive-coupling/public/shapes");
    expect(t.interrupted).toBe("crash");
    expect(t.message).toContain("exited with code 0");
  });
});
