/**
 * `flowgrade grade-class <class-dir> --out <dir> [--jobs n] [--shard i/n] [--regrade]`: grades every
 * subfolder of <class-dir> as one student's submission, several at a time, and writes per student
 * `<out>/<student>/` (results.json, junit.xml, feedback.md, feedback.html, grading.json) and
 * `<out>/summary.csv` (status and per-part subtotals; see outputs/csv.ts).
 *
 * - Before any work: the class folder must exist, `--out` must not lie inside it (it would be
 *   graded as a student next time), the rubric must be valid, and stray files are listed.
 * - Parallel: `--jobs` gradings at once. Each grading runs its own worker processes (the rubric's
 *   concurrency, or `--concurrency`), so the default is cores ÷ that, at least 1.
 * - Resumable: a student whose grading.json is final and was graded from the same submission,
 *   rubric, selection (`--only`) and grader version is kept, unless `--regrade`.
 * - Sharding for a CI matrix: `--shard i/n` grades every n-th student; `flowgrade merge` joins
 *   the shards' folders into one gradebook. Each shard writes `<out>/shard.json`.
 *
 * Exit 0 when every student was graded or had no submission, 1 when some student was not
 * gradable (the row says why), 2 for usage and instructor errors.
 */
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { checkWritableDir, UsageError, type CommandSpec, type ParsedArgs, type Shard } from "../cli-args";
import { EXIT } from "../core/exit-codes";
import { DEFAULT_RUBRIC } from "../core/paths";
import { gradeStudent } from "../class/grade-student";
import { graderVersion } from "../class/grader-version";
import { selectExercises } from "../core/plan";
import { Progress } from "../class/progress";
import { fileHash, folderHash, isReusable, readRecord, type StudentRecord } from "../class/record";
import { isInside, readRoster, shardOf } from "../class/roster";
import { runLimited } from "../class/run-limited";
import { writeGradebook } from "../class/gradebook";
import { atomicWriteFile } from "../outputs/atomic-write";
import { chooseGradingLanguage, GRADING_OPTIONS, InstructorError, LANG_OPTION, preflightRubric, QUIET_OPTION, reportInstructorError, gradingOptions, type CommandIO } from "./common";

export const GRADE_CLASS_COMMAND: CommandSpec = {
  name: "grade-class",
  summary: "Grade every student folder of a class folder, in parallel; write per-student results and feedback, and summary.csv.",
  positionals: [{ name: "class-dir", kind: "dir" }],
  options: [
    { name: "out", kind: "string", placeholder: "<dir>", help: "output folder (required; must not be inside the class folder)" },
    { name: "jobs", kind: "int", min: 1, short: "j", help: "students graded at once (default: cores ÷ workers per grading)" },
    { name: "shard", kind: "shard", help: "grade only shard i of n (a CI matrix); join the shards with flowgrade merge" },
    { name: "regrade", kind: "flag", help: "grade again students already graded in <out>" },
    ...GRADING_OPTIONS,
    LANG_OPTION,
    QUIET_OPTION,
  ],
  details: "Exit: 0 every student graded (or no submission); 1 some student not gradable; 2 usage or instructor error.",
  run: gradeClassCommand,
};

/** Where the output goes: required, outside the class folder, writable. */
function outFolder(args: ParsedArgs, classDir: string): string {
  const out = args.options.out;
  if (typeof out !== "string") throw new UsageError("grade-class needs --out <dir>: flowgrade grade-class <class-dir> --out <dir>");
  if (isInside(resolve(out), classDir)) throw new UsageError(`option --out: "${out}" is inside the class folder "${classDir}"; it would be graded as a student. Choose a folder outside it`);
  return checkWritableDir(out, "option --out");
}

/** The default --jobs: cores ÷ worker processes per grading, at least 1. */
export function defaultJobs(workersPerGrading: number, cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, workersPerGrading)));
}

export async function gradeClassCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  const classDir = args.positionals[0];
  const outDir = outFolder(args, classDir);
  let rubricConcurrency: number;
  let language: string;
  try {
    const rubric = preflightRubric(args);
    rubricConcurrency = rubric.limits.concurrency;
    language = chooseGradingLanguage(args, rubric, io, "grade");
  } catch (err) {
    if (!(err instanceof InstructorError)) throw err;
    reportInstructorError(err, io);
    return EXIT.USAGE;
  }
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const roster = readRoster(classDir);
  if (roster.stray.length) io.stderr.write(`flowgrade grade-class: ${roster.stray.length} stray entr${roster.stray.length === 1 ? "y" : "ies"} in the class folder, not graded (only folders are students): ${roster.stray.join(", ")}\n`);
  const shard = args.options.shard as Shard | undefined;
  const students = shardOf(roster.students, shard);
  const options = gradingOptions(args, io);
  const jobs = typeof args.options.jobs === "number" ? args.options.jobs : defaultJobs((options.limits?.concurrency as number | undefined) ?? rubricConcurrency);
  const rubricHash = fileHash(typeof args.options.rubric === "string" ? args.options.rubric : DEFAULT_RUBRIC);
  const selection = options.exercises ? selectExercises(options.exercises).join(",") : "all";
  const version = graderVersion();
  if (shard) atomicWriteFile(join(outDir, "shard.json"), `${JSON.stringify({ shard: `${shard.index}/${shard.count}`, ...shard, students, classSize: roster.students.length }, null, 2)}\n`);
  say(`grading ${students.length} student${students.length === 1 ? "" : "s"}${shard ? ` (shard ${shard.index}/${shard.count} of ${roster.students.length})` : ""}, ${jobs} at a time, into ${outDir}`);

  const progress = new Progress(students.length, jobs);
  const records = await runLimited(
    students.map((student) => async (): Promise<StudentRecord | undefined> => {
      if (options.signal?.aborted) return undefined;
      const earlier = readRecord(join(outDir, student));
      if (args.options.regrade !== true && isReusable(earlier, { submissionHash: folderHash(join(classDir, student)), rubricHash, selection, graderVersion: version, language })) {
        if (args.options.quiet !== true) say(progress.line(earlier, true));
        return earlier;
      }
      const record = await gradeStudent({ classDir, student, outDir, rubricHash, selection, graderVersion: version, language, options });
      if (args.options.quiet !== true) say(progress.line(record));
      return record;
    }),
    jobs,
  );
  const done = records.filter((r): r is StudentRecord => r !== undefined);
  const summary = writeGradebook(outDir, done);
  say(summary.line);
  if (options.signal?.aborted) {
    io.stderr.write(`flowgrade grade-class: interrupted; ${students.length - done.length} student(s) not graded. Run the same command again to resume.\n`);
    return EXIT.COULD_NOT_GRADE;
  }
  return summary.notGradable ? EXIT.BELOW : EXIT.OK;
}
