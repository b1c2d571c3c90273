/**
 * `flowgrade check [dir=exercises]`: the students' self-check. Public tests only (the likelihood
 * too when the rubric marks it public), friendly output with the measured value against the
 * tolerance and a hint for each failure. Exit 0 when every public check passes, 1 otherwise,
 * 2 when the folder cannot be checked (or the rubric is broken: an instructor error).
 */
import { relative } from "node:path";
import type { CommandSpec, ParsedArgs } from "../cli-args";
import { EXIT } from "../core/exit-codes";
import { gradeSubmission } from "../core/grade-submission";
import { useColor } from "../outputs/color";
import { formatSelfCheck } from "../outputs/self-check";
import { chooseGradingLanguage, GRADING_OPTIONS, InstructorError, LANG_OPTION, preflightRubric, reportInstructorError, gradingOptions, type CommandIO } from "./common";
import { locateSubmission } from "./submission-layout";

export const CHECK_COMMAND: CommandSpec = {
  name: "check",
  summary: "Students' self-check: the public tests only, with the measured value, the tolerance and a hint for each failure.",
  positionals: [{ name: "dir", kind: "dir", optional: true, default: "exercises" }],
  options: [...GRADING_OPTIONS, LANG_OPTION],
  details: "Exit: 0 every public check passed; 1 some failed; 2 the folder cannot be checked.",
  run: checkCommand,
};

export async function checkCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  const dir = relative(process.cwd(), args.positionals[0]) || ".";
  try {
    chooseGradingLanguage(args, preflightRubric(args), io, "check");
  } catch (err) {
    if (!(err instanceof InstructorError)) throw err;
    reportInstructorError(err, io);
    return EXIT.USAGE;
  }
  const layout = locateSubmission(dir);
  const report = await gradeSubmission(layout.kind === "found" ? layout.dir : dir, { ...gradingOptions(args, io), mode: "check" });
  io.stdout.write(`${formatSelfCheck(report, { color: useColor(io.stdout, io.env), dir })}\n`);
  if (report.error) return EXIT.COULD_NOT_GRADE;
  return report.tests.every((t) => t.passed) ? EXIT.OK : EXIT.BELOW;
}
