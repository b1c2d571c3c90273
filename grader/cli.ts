/**
 * flowgrade: the FlowLab autograder's command line. One verb per stage, each a table of its
 * arguments (commands/*.ts, parsed and validated by cli-args.ts) and a thin wrapper over its module:
 *
 *   flowgrade grade <submission-dir> [--results results.json] [--junit junit.xml] [--fail-under N]
 *   flowgrade check [dir=exercises]
 *   flowgrade grade-class <class-dir> --out <dir> [--jobs n] [--shard i/n] [--regrade]
 *   flowgrade merge <shard-out>... --out <dir>
 *   flowgrade --version | --help | <command> --help | help <command>
 *
 * A usage error (unknown command or option, a bad number, a missing or unwritable path) is one
 * line on stderr before any work, exit 2; `grade` still writes the results.json named by --results, saying why.
 * FLOWLAB_BACKEND picks the workers' backend. Exit codes: core/exit-codes.ts, grader/README.md.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { commandHelp, parseCommand, UsageError, usageLine } from "./cli-args";
import type { CommandIO } from "./commands/common";
import { COMMANDS } from "./commands/index";
import { EXIT } from "./core/exit-codes";
import { REPO_ROOT } from "./core/paths";
import { fallbackResults, writeGradescopeResults } from "./outputs/gradescope";
import { isolationLine } from "./sandbox/isolation";
import { message } from "../src/i18n/catalogue";

/** "flowgrade 0.1.0 (FlowLab)", from package.json. */
export function versionLine(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version?: string; name?: string };
  return `flowgrade ${pkg.version ?? "unknown"} (${pkg.name ?? "flowlab"}, Node ${process.versions.node})`;
}

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => usageLine(c).length));
  return [
    "flowgrade: the FlowLab autograder",
    "",
    ...COMMANDS.map((c) => `  flowgrade ${usageLine(c).padEnd(width)}  ${c.summary.split(": ")[0].split(". ")[0]}`),
    "",
    "  flowgrade <command> --help     options of one command",
    "  flowgrade --version",
    "",
    "Environment: FLOWLAB_BACKEND=auto|wasm|webgpu|cpu (the workers' backend; --version shows it), NO_COLOR.",
    "Exit codes: 0 success; 1 below the pass mark / some checks failed / some students not gradable;",
    "2 usage or instructor error, or the submission could not be graded (results.json still written).",
    "",
  ].join("\n");
}

/**
 * `--results <path>` from raw arguments, leniently, for the results file of a usage error; undefined
 * when not given (a usage error never leaves a ./results.json behind in whatever folder it ran in).
 */
function rawResultsPath(argv: readonly string[]): string | undefined {
  const i = argv.findIndex((a) => a === "--results" || a.startsWith("--results="));
  if (i < 0) return undefined;
  return argv[i].includes("=") ? argv[i].slice("--results=".length) : argv[i + 1];
}

export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "--version" || first === "-V" || first === "version") {
    io.stdout.write(`${versionLine()}\nisolation: ${isolationLine()}\n`);
    // the backend, its GPU adapter and why (loads TensorFlow.js, so only here)
    const { backendLines } = await import("./core/backend-lines");
    io.stdout.write(`${(await backendLines()).join("\n")}\n`);
    return EXIT.OK;
  }
  if (first === undefined || first === "--help" || first === "-h" || (first === "help" && !rest.length)) {
    (first === undefined ? io.stderr : io.stdout).write(usage());
    return first === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const name = first === "help" ? rest[0] : first;
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) {
    io.stderr.write(`flowgrade: unknown command "${name}" (expected ${COMMANDS.map((c) => c.name).join(", ")}; flowgrade --help)\n`);
    return EXIT.USAGE;
  }
  if (first === "help") {
    io.stdout.write(commandHelp(spec));
    return EXIT.OK;
  }
  try {
    const args = parseCommand(spec, rest);
    if (args.options.help) {
      io.stdout.write(commandHelp(spec));
      return EXIT.OK;
    }
    return await spec.run(args, io);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`flowgrade ${spec.name}: ${err.message} (flowgrade ${spec.name} --help)\n`);
    const resultsPath = spec.name === "grade" ? rawResultsPath(rest) : undefined;
    if (resultsPath) {
      try {
        writeGradescopeResults(resultsPath, fallbackResults(message("grader.usage-error", { error: err.message })));
      } catch {
        // the results path itself is the problem; the line above says so
      }
    }
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
