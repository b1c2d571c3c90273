/**
 * `flowgrade export --format canvas|moodle <summary.csv> --out <file> [--assignment NAME] [--key COLUMN]`:
 * turns the gradebook of grade-class / merge into the grade import file of a Canvas or Moodle
 * gradebook (the formats: outputs/lms-export.ts). Exit 0 written; 1 written, but some students
 * were not gradable and were left blank (listed on stderr); 2 usage error (a file that is not a
 * summary.csv, an unknown format or key).
 */
import { readFileSync } from "node:fs";
import { checkReadableFile, UsageError, type CommandSpec, type ParsedArgs } from "../cli-args";
import { EXIT } from "../core/exit-codes";
import { atomicWriteFile } from "../outputs/atomic-write";
import { CANVAS_KEYS, MOODLE_KEYS, readSummaryCsv, toLmsCsv, type LmsFormat } from "../outputs/lms-export";
import type { CommandIO } from "./common";

export const EXPORT_COMMAND: CommandSpec = {
  name: "export",
  summary: "Turn summary.csv (grade-class, merge) into a Canvas or Moodle gradebook import file.",
  positionals: [{ name: "summary.csv", kind: "string" }],
  options: [
    { name: "format", kind: "string", placeholder: "<canvas|moodle>", help: "the gradebook: canvas (Grades → Import) or moodle (Grades → Import → CSV file) (required)" },
    { name: "out", kind: "out-file", help: "the import file to write (required)" },
    { name: "assignment", kind: "string", placeholder: "<name>", help: 'the assignment (grade item) column, default "FlowLab"; for Canvas, "Name (id)" updates an existing assignment' },
    { name: "key", kind: "string", placeholder: "<column>", help: `which LMS column holds the student folder names: canvas ${CANVAS_KEYS.map((k) => `"${k}"`).join(", ")} (default the first); moodle ${MOODLE_KEYS.map((k) => `"${k}"`).join(", ")} (default the first)` },
  ],
  details: "Exit: 0 written; 1 written, some students not gradable left blank (named on stderr); 2 usage error.",
  run: exportCommand,
};

export async function exportCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  const format = args.options.format;
  if (format !== "canvas" && format !== "moodle") throw new UsageError(`option --format must be canvas or moodle; got ${format === undefined ? "none" : `"${String(format)}"`}`);
  const out = args.options.out;
  if (typeof out !== "string") throw new UsageError("export needs --out <file>: flowgrade export --format canvas|moodle <summary.csv> --out <file>");
  const summary = checkReadableFile(args.positionals[0], "<summary.csv>");
  let result;
  try {
    const rows = readSummaryCsv(readFileSync(summary, "utf8"));
    result = toLmsCsv(rows, format as LmsFormat, { assignment: typeof args.options.assignment === "string" ? args.options.assignment : "FlowLab", key: typeof args.options.key === "string" ? args.options.key : undefined });
  } catch (err) {
    throw new UsageError(`${args.positionals[0]}: ${(err as Error).message}`);
  }
  atomicWriteFile(out, result.csv);
  io.stdout.write(`${format} gradebook import: ${result.rows} student${result.rows === 1 ? "" : "s"} → ${out}\n`);
  if (result.blank.length) io.stderr.write(`flowgrade export: ${result.blank.length} not gradable, left blank (the gradebook keeps its grade): ${result.blank.join(", ")}\n`);
  return result.blank.length ? EXIT.BELOW : EXIT.OK;
}
