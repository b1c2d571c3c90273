/**
 * Grades one student of a class and writes `<out>/<student>/`: results.json, junit.xml,
 * feedback.md, feedback.html, and last grading.json (the record; see record.ts). The status says
 * what happened: "graded", "no submission" (an empty folder), or "not gradable" with the reason
 * (no exercise file in it, or the grader could not grade it).
 *
 * Whatever goes wrong while grading one student (a grader error, an output that cannot be written)
 * becomes THAT student's "not gradable: why" record; it never escapes to stop the class or to touch
 * the next student, whose submission is compiled and graded by fresh processes of its own.
 */
import { join } from "node:path";
import { gradeSubmission, type GradeOptions } from "../core/grade-submission";
import { atomicWriteFile } from "../outputs/atomic-write";
import { toFeedbackHtml, toFeedbackMarkdown } from "../outputs/feedback";
import { noSubmissionResults, writeGradescopeResults } from "../outputs/gradescope";
import { message } from "../../src/i18n/catalogue";
import { notGradedReport, writeReportFiles } from "../commands/report-files";
import { describeNoExerciseFiles, locateSubmission } from "../commands/submission-layout";
import { folderHash, writeRecord, type StudentRecord } from "./record";

export interface StudentJob {
  classDir: string;
  student: string;
  outDir: string;
  rubricHash: string;
  /** The rest of the record's ReuseKey (see record.ts). */
  selection: string;
  graderVersion: string;
  language: string;
  options: GradeOptions;
}

export async function gradeStudent(job: StudentJob): Promise<StudentRecord> {
  const started = performance.now();
  try {
    return await gradeStudentOrThrow(job, started);
  } catch (err) {
    const reason = message("grader.internal-error", { error: (err as Error)?.message ?? String(err) }).split("\n")[0].slice(0, 600);
    const record: StudentRecord = { student: job.student, status: "not gradable", reason, submissionHash: "", rubricHash: job.rubricHash, selection: job.selection, graderVersion: job.graderVersion, language: job.language, gradedAt: new Date().toISOString(), seconds: 0 };
    try {
      record.submissionHash = folderHash(join(job.classDir, job.student));
      writeReportFiles(notGradedReport(job.student, "grade", reason), join(job.outDir, job.student, "results.json"), join(job.outDir, job.student, "junit.xml"));
      if (!job.options.signal?.aborted) writeRecord(join(job.outDir, job.student), record);
    } catch {
      // the record in the gradebook still says why
    }
    record.seconds = Math.round((performance.now() - started) / 100) / 10;
    return record;
  }
}

async function gradeStudentOrThrow(job: StudentJob, started: number): Promise<StudentRecord> {
  const dir = join(job.classDir, job.student);
  const out = join(job.outDir, job.student);
  const base = { student: job.student, submissionHash: folderHash(dir), rubricHash: job.rubricHash, selection: job.selection, graderVersion: job.graderVersion, language: job.language, gradedAt: new Date().toISOString() };
  const layout = locateSubmission(dir);
  let record: StudentRecord;
  if (layout.kind === "empty") {
    record = { ...base, status: "no submission", seconds: 0 };
    writeGradescopeResults(join(out, "results.json"), noSubmissionResults());
  } else if (layout.kind === "no-exercise-files") {
    const reason = describeNoExerciseFiles(layout.found);
    record = { ...base, status: "not gradable", reason, seconds: 0 };
    writeReportFiles(notGradedReport(job.student, "grade", reason), join(out, "results.json"), join(out, "junit.xml"));
  } else {
    let report;
    try {
      report = await gradeSubmission(layout.dir, { ...job.options, mode: "grade" });
    } catch (err) {
      report = notGradedReport(dir, "grade", message("grader.internal-error", { error: (err as Error)?.message ?? String(err) }));
    }
    report.submission = job.student;
    const problems = writeReportFiles(report, join(out, "results.json"), join(out, "junit.xml"));
    const error = report.error ?? (problems.length ? problems.join("; ") : undefined);
    record = error ? { ...base, status: "not gradable", reason: error, report, seconds: 0 } : { ...base, status: "graded", report, seconds: 0 };
  }
  record.seconds = Math.round((performance.now() - started) / 100) / 10;
  atomicWriteFile(join(out, "feedback.md"), toFeedbackMarkdown(record));
  atomicWriteFile(join(out, "feedback.html"), toFeedbackHtml(record));
  if (!job.options.signal?.aborted) writeRecord(out, record);
  return record;
}
