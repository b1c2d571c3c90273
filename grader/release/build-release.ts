/**
 * `flowgrade release --out DIR`: writes DIR/student/ (student.ts), DIR/autograder/ (autograder.ts)
 * and DIR/gradescope/autograder.zip, from the course repository. DIR's three parts are replaced
 * whole; anything else in DIR is left alone. Returns what was written, for the command to report.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeAutograderRelease } from "./autograder";
import { writeStudentRelease } from "./student";
import { zipFolder } from "./zip";

export interface ReleaseSummary {
  student: string;
  autograder: string;
  zip: string;
  studentFiles: number;
  autograderFiles: number;
}

export function buildRelease(repo: string, outDir: string, options: { rubricPath?: string; lang?: string } = {}): ReleaseSummary {
  if (!existsSync(join(repo, "solutions"))) throw new Error(`release: ${repo} has no solutions/ folder; a release is built from the instructor's repository`);
  const student = join(outDir, "student");
  const autograder = join(outDir, "autograder");
  const zip = join(outDir, "gradescope", "autograder.zip");
  for (const d of [student, autograder, join(outDir, "gradescope")]) rmSync(d, { recursive: true, force: true });
  const studentFiles = writeStudentRelease(repo, student, options.lang).length;
  const autograderFiles = writeAutograderRelease(repo, autograder, options.rubricPath).length;
  mkdirSync(join(outDir, "gradescope"), { recursive: true });
  zipFolder(autograder, zip);
  return { student, autograder, zip, studentFiles, autograderFiles };
}
