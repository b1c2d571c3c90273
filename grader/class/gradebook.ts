/**
 * The gradebook of a class (or of a merged set of shards): `<out>/summary.csv` from the students'
 * records, and the one-line summary printed at the end.
 */
import { join } from "node:path";
import { atomicWriteFile } from "../outputs/atomic-write";
import { classSummaryCsv } from "../outputs/csv";
import type { StudentRecord } from "./record";

export interface GradebookSummary {
  graded: number;
  noSubmission: number;
  notGradable: number;
  line: string;
}

export function writeGradebook(outDir: string, records: readonly StudentRecord[]): GradebookSummary {
  const sorted = [...records].sort((a, b) => a.student.localeCompare(b.student));
  const csv = join(outDir, "summary.csv");
  atomicWriteFile(csv, classSummaryCsv(sorted));
  const count = (s: StudentRecord["status"]) => sorted.filter((r) => r.status === s).length;
  const graded = count("graded");
  const noSubmission = count("no submission");
  const notGradable = count("not gradable");
  const names = sorted.filter((r) => r.status === "not gradable").map((r) => r.student);
  const line = `${sorted.length} students: ${graded} graded, ${noSubmission} no submission, ${notGradable} not gradable${names.length ? ` (${names.join(", ")})` : ""}; per-student files in ${outDir}/<student>/, gradebook ${csv}`;
  return { graded, noSubmission, notGradable, line };
}
