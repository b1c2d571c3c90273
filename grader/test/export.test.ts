/**
 * `flowgrade export --format canvas|moodle`: a summary.csv written by the real gradebook writer
 * (outputs/csv.ts) from three students (graded, no submission, not gradable) becomes each LMS's
 * import file, checked against a sample of the format's documented header:
 *   - Canvas's gradebook CSV (its own export, and what Grades → Import reads): "Student", "ID",
 *     "SIS User ID", "SIS Login ID", "Section", then one column per assignment, and a second row
 *     "Points Possible" with each assignment's maximum;
 *   - Moodle's CSV grade import: a header row, one student per row, users identified by one of
 *     the fields Moodle maps from (gradeimport_csv: userid, useridnumber, useremail, username,
 *     labelled "ID number", "Email address", "Username" in its own export).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StudentRecord } from "../class/record";
import type { GradeReport, TestOutcome } from "../core/report";
import { classSummaryCsv } from "../outputs/csv";
import { parseCsv } from "../outputs/csv-parse";
import { readSummaryCsv, toLmsCsv } from "../outputs/lms-export";
import { runCli, tempDir } from "./helpers";

/** Canvas's documented gradebook header and points row, for an assignment "Assignment 1" worth 10 points. */
const CANVAS_SAMPLE = "Student,ID,SIS User ID,SIS Login ID,Section,Assignment 1\r\nPoints Possible,,,,,10\r\n";
/** The user fields Moodle's CSV grade import maps from, with the labels of Moodle's own export. */
const MOODLE_USER_COLUMNS = ["ID number", "Email address", "Username"];

const test = (name: string, score: number, maxScore: number): TestOutcome => ({ name, suite: "nll", cases: "public", check: name.split("/")[2], maxScore, score, visibility: "visible", passed: score === maxScore, message: "" });
const report = (tests: TestOutcome[]): GradeReport => ({ submission: "x", mode: "grade", durationMs: 1, tests });
const base = { submissionHash: "h", rubricHash: "r", selection: "all", graderVersion: "v", gradedAt: "t", seconds: 1 };
const records: StudentRecord[] = [
  { ...base, student: "ada@uni.example", status: "graded", report: report([test("nll/public/a", 3, 3), test("nll/public/b", 0, 2.5)]) },
  { ...base, student: "ben@uni.example", status: "no submission" },
  { ...base, student: "cleo, jr@uni.example", status: "not gradable", reason: "x", report: { ...report([test("nll/public/a", 0, 3), test("nll/public/b", 0, 2.5)]), error: "x" } },
];
const summary = classSummaryCsv(records);

describe("flowgrade export --format canvas", () => {
  it("writes Canvas's documented header and Points Possible row, then one student per row keyed by SIS Login ID", () => {
    const { csv, blank } = toLmsCsv(readSummaryCsv(summary), "canvas", { assignment: "Assignment 1" });
    const sample = parseCsv(CANVAS_SAMPLE);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(sample[0]);
    expect(rows[1].slice(0, 5)).toEqual(sample[1].slice(0, 5));
    expect(rows[1][5]).toBe("5.5");
    expect(rows.slice(2)).toEqual([
      ["", "", "", "ada@uni.example", "", "3"],
      ["", "", "", "ben@uni.example", "", "0"],
      ["", "", "", "cleo, jr@uni.example", "", ""],
    ]);
    expect(blank).toEqual(["cleo, jr@uni.example"]);
    expect(parseCsv(toLmsCsv(readSummaryCsv(summary), "canvas", { assignment: "FlowLab (42)", key: "SIS User ID" }).csv)[2]).toEqual(["", "", "ada@uni.example", "", "", "3"]);
  });
});

describe("flowgrade export --format moodle", () => {
  it("writes a header Moodle's CSV import maps (a user field, the grade item), one student per row", () => {
    for (const key of MOODLE_USER_COLUMNS) {
      const rows = parseCsv(toLmsCsv(readSummaryCsv(summary), "moodle", { assignment: "FlowLab", key }).csv);
      expect(rows[0]).toEqual([key, "FlowLab (Real)"]);
      expect(rows.slice(1)).toEqual([
        ["ada@uni.example", "3"],
        ["ben@uni.example", "0"],
        ["cleo, jr@uni.example", ""],
      ]);
    }
    expect(() => toLmsCsv(readSummaryCsv(summary), "moodle", { assignment: "FlowLab", key: "Student" })).toThrow(/--key for moodle must be one of Email address, Username, ID number/);
  });
});

describe("the export command", () => {
  it("reads summary.csv, writes the file, names the blank students (exit 1), and refuses a file that is not a summary.csv (exit 2)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "summary.csv"), summary);
    const r = await runCli(["export", "--format", "moodle", join(dir, "summary.csv"), "--out", join(dir, "moodle.csv")]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("1 not gradable, left blank (the gradebook keeps its grade): cleo, jr@uni.example");
    expect(parseCsv(readFileSync(join(dir, "moodle.csv"), "utf8"))[0]).toEqual(["Email address", "FlowLab (Real)"]);
    writeFileSync(join(dir, "other.csv"), "name,grade\r\nada,3\r\n");
    const bad = await runCli(["export", "--format", "canvas", join(dir, "other.csv"), "--out", join(dir, "canvas.csv")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a flowgrade summary\.csv/);
  }, 60_000);
});
