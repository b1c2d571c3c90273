/**
 * One student's grading record, `<out>/<student>/grading.json`: the status, the reason when not
 * graded, the full GradeReport, and what decided the grades (the ReuseKey: hashes of the
 * submission and the rubric, the exercises selected with --only, and the grader's version). It is
 * written last (atomically), so its presence means the student's files are complete: a resumed
 * run skips the student when the record is final and its whole key still matches; `flowgrade
 * merge` joins shards from these records alone.
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { GradeReport } from "../core/report";
import { atomicWriteFile } from "../outputs/atomic-write";

export type StudentStatus = "graded" | "no submission" | "not gradable";

/** What decides a student's grades besides the grader's inputs' contents: an earlier record is reused only when all of it matches. */
export interface ReuseKey {
  submissionHash: string;
  rubricHash: string;
  /** The exercises graded: "all", or the --only ids in registry order ("additive-coupling,nll"). */
  selection: string;
  /** The grader that graded: package version and a hash of its code (see graderVersion.ts). */
  graderVersion: string;
  /** The language of the messages (--lang or the rubric); absent in records written before languages: English. */
  language?: string;
}

export interface StudentRecord extends ReuseKey {
  student: string;
  status: StudentStatus;
  /** Why a student is "not gradable". */
  reason?: string;
  report?: GradeReport;
  gradedAt: string;
  /** Seconds this student took (0 when kept from an earlier run). */
  seconds: number;
}

export const RECORD_FILE = "grading.json";

/** "graded", "no submission", or "not gradable: <why>": the status column of summary.csv. */
export function statusText(r: Pick<StudentRecord, "status" | "reason">): string {
  return r.status === "not gradable" ? `not gradable: ${r.reason ?? "unknown reason"}` : r.status;
}

export function readRecord(studentOutDir: string): StudentRecord | undefined {
  const file = join(studentOutDir, RECORD_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const r = JSON.parse(readFileSync(file, "utf8")) as StudentRecord;
    return typeof r.student === "string" && typeof r.status === "string" ? r : undefined;
  } catch {
    return undefined;
  }
}

export function writeRecord(studentOutDir: string, record: StudentRecord): void {
  atomicWriteFile(join(studentOutDir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** SHA-256 over a folder's regular files (relative path and contents; dot-files and node_modules skipped), 4 levels deep. */
export function folderHash(dir: string): string {
  const hash = createHash("sha256");
  const walk = (d: string, rel: string, depth: number) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isFile()) hash.update(`${rel}${name}\0`).update(readFileSync(p)).update("\0");
      else if (st.isDirectory() && depth > 0) walk(p, `${rel}${name}/`, depth - 1);
    }
  };
  walk(dir, "", 4);
  return `sha256-${hash.digest("hex")}`;
}

/** SHA-256 of a file's bytes. */
export function fileHash(path: string): string {
  return `sha256-${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
}

/** Whether a resumed run may keep `record` instead of grading again: it is final and graded from the same submission, rubric, selection and grader. */
export function isReusable(record: StudentRecord | undefined, key: ReuseKey): record is StudentRecord {
  return (
    !!record &&
    record.status !== "not gradable" &&
    record.submissionHash === key.submissionHash &&
    record.rubricHash === key.rubricHash &&
    record.selection === key.selection &&
    record.graderVersion === key.graderVersion &&
    (record.language ?? "en") === (key.language ?? "en")
  );
}
