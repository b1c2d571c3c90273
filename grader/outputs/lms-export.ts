/**
 * summary.csv (grade-class / merge) in the grade import formats of two LMS gradebooks. The
 * student column of summary.csv is the student's folder name; it goes in the LMS column chosen
 * with `key` (a folder named by the students' login or e-mail address, as GitHub Classroom or a
 * Gradescope export names them), the other identity columns stay empty (the LMS matches on one).
 *
 * Canvas (Grades → Import, "Gradebook CSV"): the columns of Canvas's own gradebook export,
 *   Student, ID, SIS User ID, SIS Login ID, Section, <assignment>
 * then a second row "Points Possible" with the assignment's maximum; a student per row after it.
 * Canvas matches students by ID, SIS User ID or SIS Login ID, and creates the assignment when
 * no assignment of that name exists (an existing one is named "<name> (<id>)" in its export).
 *
 * Moodle (Grades → Import → CSV file): one row of headers, a student per row; on import the
 * teacher maps the identity column ("Identify user by": email address, username or ID number,
 * Moodle's `useremail`, `username`, `useridnumber`) and the grade column to a grade item. The
 * headers follow Moodle's own export: "Email address", "Username", "ID number", and
 * "<assignment> (Real)" for the grade.
 *
 * A student "not gradable" gets an empty cell (an LMS leaves the grade as it is) and is reported,
 * so that no grading failure becomes a 0 silently; "no submission" is 0.
 */
import { csvField } from "./csv";
import { parseCsv } from "./csv-parse";

export type LmsFormat = "canvas" | "moodle";

export const CANVAS_KEYS = ["SIS Login ID", "SIS User ID", "ID"] as const;
export const MOODLE_KEYS = ["Email address", "Username", "ID number"] as const;
export const CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] as const;

export interface SummaryRow {
  student: string;
  score: string;
  maxScore: string;
  status: string;
}

export interface LmsExport {
  csv: string;
  /** Students left blank (not gradable), to report. */
  blank: string[];
  rows: number;
}

/** The rows of a summary.csv; throws when its header is not summary.csv's. */
export function readSummaryCsv(text: string): SummaryRow[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, "")).filter((r) => r.some((f) => f !== ""));
  const want = ["student", "score", "max_score", "status"];
  if (!header || want.some((w, i) => header[i] !== w)) throw new Error(`not a flowgrade summary.csv: its header must start with ${want.join(",")}; got ${header?.slice(0, 4).join(",") ?? "nothing"}`);
  return rows.map((r) => ({ student: r[0], score: r[1], maxScore: r[2], status: r[3] }));
}

/** The grade cell: the score when graded, 0 without a submission, empty when not gradable. */
function gradeCell(r: SummaryRow): string {
  if (r.status === "graded") return r.score;
  return r.status === "no submission" ? "0" : "";
}

const line = (fields: readonly string[]) => fields.map(csvField).join(",");

export function toLmsCsv(rows: readonly SummaryRow[], format: LmsFormat, options: { assignment: string; key?: string }): LmsExport {
  const blank = rows.filter((r) => gradeCell(r) === "").map((r) => r.student);
  const max = rows.map((r) => Number(r.maxScore)).find((m) => Number.isFinite(m) && m > 0);
  const lines: string[] = [];
  if (format === "canvas") {
    const key = options.key ?? CANVAS_KEYS[0];
    if (!(CANVAS_KEYS as readonly string[]).includes(key)) throw new RangeError(`--key for canvas must be one of ${CANVAS_KEYS.join(", ")}; got "${key}"`);
    const at = CANVAS_IDENTITY.indexOf(key as (typeof CANVAS_IDENTITY)[number]);
    lines.push(line([...CANVAS_IDENTITY, options.assignment]));
    lines.push(line(["Points Possible", "", "", "", "", max === undefined ? "" : String(max)]));
    for (const r of rows) {
      const identity = CANVAS_IDENTITY.map((_, i) => (i === at ? r.student : ""));
      lines.push(line([...identity, gradeCell(r)]));
    }
  } else {
    const key = options.key ?? MOODLE_KEYS[0];
    if (!(MOODLE_KEYS as readonly string[]).includes(key)) throw new RangeError(`--key for moodle must be one of ${MOODLE_KEYS.join(", ")}; got "${key}"`);
    lines.push(line([key, `${options.assignment} (Real)`]));
    for (const r of rows) lines.push(line([r.student, gradeCell(r)]));
  }
  return { csv: `${lines.join("\r\n")}\r\n`, blank, rows: rows.length };
}
