/**
 * `flowgrade check [dir=exercises]`: the students' self-check. Public tests only (the likelihood
 * too when the rubric marks it public), friendly output with the measured value against the
 * tolerance and a hint for each failure. Exit 0 when every public check passes, 1 otherwise,
 * 2 when the folder cannot be checked.
 */
import { UsageError, type ParsedArgs } from "../cli-args";
import { EXIT } from "../core/exit-codes";
import { gradeSubmission } from "../core/grade-submission";
import { useColor } from "../outputs/color";
import { formatSelfCheck } from "../outputs/self-check";
import { gradingOptions, type CommandIO } from "./common";

export async function checkCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  if (args.positionals.length > 1) throw new UsageError(`check takes at most one folder; got ${args.positionals.join(" ")}`);
  const dir = args.positionals[0] ?? "exercises";
  const report = await gradeSubmission(dir, { ...gradingOptions(args, io), mode: "check" });
  io.stdout.write(`${formatSelfCheck(report, { color: useColor(io.stdout, io.env), dir })}\n`);
  if (report.error) return EXIT.COULD_NOT_GRADE;
  return report.tests.every((t) => t.passed) ? EXIT.OK : EXIT.BELOW;
}
