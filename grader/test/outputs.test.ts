/**
 * The output formats on a synthetic report: Gradescope results (schema-valid, fallback when not),
 * JUnit (escaped and well-formed), the CSV quoting, and colours only on a TTY without NO_COLOR.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GradeReport, TestOutcome } from "../core/report";
import { schemaProblems } from "../core/json-schema";
import { paint, useColor } from "../outputs/color";
import { classSummaryCsv, csvField } from "../outputs/csv";
import { fallbackResults, toGradescope, writeGradescopeResults } from "../outputs/gradescope";
import { toJUnitXml } from "../outputs/junit";
import { formatSummary } from "../outputs/terminal";
import { builtinXmlProblems, tempDir, xmlProblems } from "./helpers";

const HOSTILE = `threw Error: <script>alert("x")</script> & 'quotes' \u0000\u0007 control, tab\tand\nnewline ]]> 💥 \uD800`;

function t(name: string, passed: boolean, extra: Partial<TestOutcome> = {}): TestOutcome {
  const [suite, cases, check] = name.split("/") as ["affine-coupling", "public", string];
  return { name, suite, cases, check, maxScore: 2, score: passed ? 2 : 0, visibility: cases === "public" ? "visible" : "after_published", passed, message: `${check}: ok`, ...extra };
}

const report: GradeReport = {
  submission: "some/dir",
  mode: "grade",
  backendLine: "FlowLab backend: wasm (test)",
  durationMs: 1234,
  tests: [
    t("affine-coupling/public/round-trip-forward", true, { measured: 2e-6, tolerance: 1e-4 }),
    t("affine-coupling/public/log-det-forward", false, { message: HOSTILE, measured: null, tolerance: 1e-3, hint: "sum over axis 1" }),
    t("affine-coupling/hidden/shapes", false, { interrupted: "timeout", message: "shapes: stopped by the time limit" }),
  ],
};

describe("Gradescope results.json", () => {
  it("is valid against grader/schemas/results.schema.json, with the score derived from the tests", () => {
    const r = toGradescope(report);
    expect(schemaProblems("results.schema.json", r)).toEqual([]);
    expect([r.score, r.max_score, r.execution_time]).toEqual([2, 6, 1.234]);
    expect(r.tests.map((x) => x.status)).toEqual(["passed", "failed", "failed"]);
    expect(r.tests[1].output).toContain("measured: NaN   tolerance: 0.001");
    expect(r.tests[1].output).toContain("hint: sum over axis 1");
    expect(r.tests[2].visibility).toBe("after_published");
  });

  it("does not reveal hidden tests in the student-visible output", () => {
    expect(toGradescope(report).output).not.toContain("shapes");
  });

  it("scores 0 with the reason when the submission could not be graded (the reason once, framed by the catalogue)", () => {
    const r = toGradescope({ ...report, error: "the submission folder \"x\" does not exist" });
    expect(r.score).toBe(0);
    expect(r.output).toMatch(/^The grader could not grade this submission \(the submission folder "x" does not exist\)\. Score 0 for now\./);
    expect(r.extra_data.error).toBe('the submission folder "x" does not exist');
    expect(schemaProblems("results.schema.json", r)).toEqual([]);
  });

  it("rejects what Gradescope would not accept", () => {
    const bad = toGradescope(report) as unknown as { tests: { status: string }[] };
    bad.tests[0].status = "ok";
    expect(schemaProblems("results.schema.json", bad).join()).toMatch(/\/tests\/0\/status must be equal to one of the allowed values \(passed, failed\)/);
  });

  it("writes a valid fallback instead of an invalid file", () => {
    const path = join(tempDir(), "nested", "results.json");
    const invalid = { ...toGradescope(report), score: -1 };
    expect(writeGradescopeResults(path, invalid).join()).toMatch(/\/score must be >= 0/);
    const written = JSON.parse(readFileSync(path, "utf8"));
    expect(schemaProblems("results.schema.json", written)).toEqual([]);
    expect(written.score).toBe(0);
    expect(written.output).toContain("internal grader error: results failed validation");
    expect(schemaProblems("results.schema.json", fallbackResults("x"))).toEqual([]);
  });
});

describe("JUnit XML", () => {
  const xml = toJUnitXml(report);

  it("is well-formed even with hostile messages (checked by an independent parser)", () => {
    expect(xmlProblems(xml)).toEqual([]);
    expect(builtinXmlProblems(xml)).toEqual([]);
  });

  it("has one testsuite per exercise and a failure carrying the escaped message", () => {
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml).toContain('<failure message="threw Error: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos; \uFFFD\uFFFD control, tab&#9;and&#10;newline ]]&gt; 💥 \uFFFD"');
    expect(xml).toContain('type="timeout"');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
  });

  it("adds a grader error when the submission could not be graded", () => {
    const x = toJUnitXml({ ...report, tests: [], error: "boom & <bang>" });
    expect(xmlProblems(x)).toEqual([]);
    expect(x).toContain('<error message="could not grade: boom &amp; &lt;bang&gt;" type="could-not-grade">');
  });

  it("the independent checks do reject broken XML", () => {
    for (const broken of ['<testsuites><testsuite name="a & b"></testsuite></testsuites>', "<testsuites><testcase></testsuites>", "<testsuites>1 < 2</testsuites>"]) {
      expect(xmlProblems(broken)).not.toEqual([]);
      expect(builtinXmlProblems(broken)).not.toEqual([]);
    }
  });
});

describe("summary.csv", () => {
  it("quotes fields with commas, quotes and newlines", () => {
    expect([csvField("plain"), csvField("a,b"), csvField('say "hi"'), csvField("two\nlines"), csvField(1.5)]).toEqual(["plain", '"a,b"', '"say ""hi"""', '"two\nlines"', "1.5"]);
  });

  it("has one row per student: status, a subtotal per part, one column per test", () => {
    const base = { submissionHash: "h", rubricHash: "r", selection: "all", graderVersion: "v", gradedAt: "t", seconds: 1 };
    const csv = classSummaryCsv([
      { ...base, student: "ada, lovelace", status: "graded", report },
      { ...base, student: "bob", status: "not gradable", reason: "x", report: { ...report, error: "x" } },
      { ...base, student: "cy", status: "no submission" },
    ]).split("\r\n");
    expect(csv[0]).toBe("student,score,max_score,status,affine-coupling/total,affine-coupling/public/round-trip-forward,affine-coupling/public/log-det-forward,affine-coupling/hidden/shapes");
    expect(csv[1]).toBe('"ada, lovelace",2,6,graded,2,2,0,0');
    expect(csv[2]).toBe("bob,0,6,not gradable: x,0,0,0,0");
    expect(csv[3]).toBe("cy,0,6,no submission,0,,,");
  });
});

describe("terminal colours", () => {
  it("are on only for a TTY without NO_COLOR", () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });

  it("leave no escape codes when off, and colour the summary when on", () => {
    expect(paint(false).red("x")).toBe("x");
    expect(formatSummary(report, { color: false })).not.toContain("\u001b[");
    expect(formatSummary(report, { color: true })).toContain("\u001b[31m✘\u001b[39m");
  });

  it("the summary names the failed check with its message and the total", () => {
    const s = formatSummary(report, { color: false });
    expect(s).toContain("✘ log-det-forward");
    expect(s).toMatch(/Score: 2 \/ 6 \(33%\)/);
  });
});
