/**
 * flowgrade: the FlowLab autograder's command line. One verb per stage, each a thin wrapper over
 * its module in commands/:
 *
 *   flowgrade grade <submission-dir> [--results results.json] [--junit junit.xml] [--fail-under N]
 *   flowgrade check [dir=exercises]
 *   flowgrade grade-class <class-dir> --out <dir>
 *
 * Shared options: --rubric <file>, --timeout-ms <ms> (each exercise worker), --likelihood-timeout-ms
 * <ms>, --memory-mb <MB>, --concurrency <n>, --keep-staging, --quiet. FLOWLAB_BACKEND picks the
 * workers' backend. Exit codes: see core/exit-codes.ts and grader/README.md.
 */
import { pathToFileURL } from "node:url";
import { parseArgs, UsageError } from "./cli-args";
import { checkCommand } from "./commands/check";
import { GRADING_BOOLEAN_OPTIONS, GRADING_VALUE_OPTIONS, type CommandIO } from "./commands/common";
import { GRADE_VALUE_OPTIONS, gradeCommand } from "./commands/grade";
import { GRADE_CLASS_VALUE_OPTIONS, gradeClassCommand } from "./commands/grade-class";
import { EXIT } from "./core/exit-codes";
import { fallbackResults, writeGradescopeResults } from "./outputs/gradescope";

export const USAGE = `flowgrade: the FlowLab autograder

  flowgrade grade <submission-dir> [--results results.json] [--junit junit.xml] [--fail-under N]
      Grade a submission (a folder shaped like exercises/): public and hidden tests.
      results.json (Gradescope format) is always written; default ./results.json.
  flowgrade check [dir=exercises]
      Students' self-check: public tests only, with hints.
  flowgrade grade-class <class-dir> --out <dir>
      Grade every subfolder of <class-dir>; writes <dir>/<student>/results.json, junit.xml
      and <dir>/summary.csv.

Options: --rubric <file>  --timeout-ms <ms>  --likelihood-timeout-ms <ms>  --memory-mb <MB>
         --concurrency <n>  --keep-staging  --quiet
Environment: FLOWLAB_BACKEND=auto|wasm|cpu|tensorflow (the workers' backend), NO_COLOR.
Exit codes: 0 success (grade: score ≥ --fail-under, default full marks), 1 below / some checks
failed / some students not graded, 2 usage error or could not grade (results.json still written).
`;

const VALUE_OPTIONS = [...GRADING_VALUE_OPTIONS, ...GRADE_VALUE_OPTIONS, ...GRADE_CLASS_VALUE_OPTIONS];

/** `--results <path>` from raw arguments, leniently, for the results file of a usage error. */
function rawResultsPath(argv: readonly string[]): string {
  const i = argv.findIndex((a) => a === "--results" || a.startsWith("--results="));
  if (i < 0) return "results.json";
  return argv[i].includes("=") ? argv[i].slice("--results=".length) : (argv[i + 1] ?? "results.json");
}

export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  let command: string | undefined = argv.find((a) => !a.startsWith("-"));
  try {
    const args = parseArgs(argv, VALUE_OPTIONS, GRADING_BOOLEAN_OPTIONS);
    command = args.command;
    if (args.options.help || command === "help" || command === undefined) {
      (command === undefined && !args.options.help ? io.stderr : io.stdout).write(USAGE);
      return command === undefined && !args.options.help ? EXIT.USAGE : EXIT.OK;
    }
    switch (command) {
      case "grade":
        return await gradeCommand(args, io);
      case "check":
        return await checkCommand(args, io);
      case "grade-class":
        return await gradeClassCommand(args, io);
      default:
        throw new UsageError(`unknown command "${command}" (expected grade, check or grade-class)`);
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`flowgrade: ${err.message}\n(run flowgrade --help for usage)\n`);
    if (command === "grade") writeGradescopeResults(rawResultsPath(argv), fallbackResults(`usage error: ${err.message}`));
    return EXIT.USAGE;
  }
}

/** Runs the CLI in this process: Ctrl-C / SIGTERM abort grading (workers are killed, results still written); a second one exits at once. */
async function run(): Promise<void> {
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    // Ctrl-C reaches this process twice (from the terminal and forwarded by bin/flowgrade.cjs): only a later one forces the exit.
    if (controller.signal.aborted) {
      if (Date.now() - firstAt > 1000) process.exit(EXIT.COULD_NOT_GRADE);
      return;
    }
    firstAt = Date.now();
    process.stderr.write(`flowgrade: ${sig} received, stopping the workers…\n`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal });
  } catch (err) {
    process.stderr.write(`flowgrade: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = EXIT.COULD_NOT_GRADE;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
