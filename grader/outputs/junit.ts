/**
 * JUnit XML for CI: one <testsuite> per exercise (and one for the likelihood), one <testcase> per
 * check and case set (name "public/round-trip-forward", classname "flowgrade.affine-coupling"),
 * and a <failure message="..."> with the check's message for each failed one. When the submission
 * could not be graded, a "flowgrade.grader" suite holds one <error> with the reason, so CI fails
 * loudly rather than silently passing nothing.
 */
import { message } from "../../src/i18n/catalogue";
import type { GradeReport, TestOutcome } from "../core/report";
import { testOutputText } from "./test-output";
import { xmlAttr, xmlEscape } from "./xml";

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

function testcase(t: TestOutcome): string {
  const open = `    <testcase classname="${xmlAttr(`flowgrade.${t.suite}`)}" name="${xmlAttr(`${t.cases}/${t.check}`)}" time="${seconds(t.durationMs)}"`;
  if (t.passed) return `${open}/>`;
  return `${open}>\n      <failure message="${xmlAttr(t.message)}" type="${xmlAttr(t.interrupted ?? "check-failed")}">${xmlEscape(testOutputText(t))}</failure>\n    </testcase>`;
}

export function toJUnitXml(report: GradeReport): string {
  const suites = [...new Set(report.tests.map((t) => t.suite))];
  const failures = report.tests.filter((t) => !t.passed).length;
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>`];
  const errors = report.error ? 1 : 0;
  parts.push(`<testsuites name="flowgrade" tests="${report.tests.length + errors}" failures="${failures}" errors="${errors}" time="${seconds(report.durationMs)}">`);
  for (const suite of suites) {
    const tests = report.tests.filter((t) => t.suite === suite);
    const time = tests.reduce((s, t) => s + (t.durationMs ?? 0), 0);
    parts.push(`  <testsuite name="${xmlAttr(`flowgrade.${suite}`)}" tests="${tests.length}" failures="${tests.filter((t) => !t.passed).length}" errors="0" skipped="0" time="${seconds(time)}">`);
    if (report.backendLine) parts.push(`    <properties>\n      <property name="backend" value="${xmlAttr(report.backendLine)}"/>\n    </properties>`);
    parts.push(...tests.map(testcase));
    parts.push(`  </testsuite>`);
  }
  if (report.error) {
    const why = message("summary.could-not-grade", { error: report.error });
    parts.push(`  <testsuite name="flowgrade.grader" tests="1" failures="0" errors="1" skipped="0" time="0.000">`);
    parts.push(`    <testcase classname="flowgrade.grader" name="grading" time="0.000">\n      <error message="${xmlAttr(why)}" type="could-not-grade">${xmlEscape(why)}</error>\n    </testcase>`);
    parts.push(`  </testsuite>`);
  }
  parts.push(`</testsuites>`, "");
  return parts.join("\n");
}
