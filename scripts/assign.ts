/**
 * `npm run assign`: regenerates exercises/*.ts from solutions/*.ts (Otter's `assign` stage).
 *
 *   npm run assign              write exercises/, print what changed
 *   npm run assign -- --check   write nothing; exit 1 and list the out-of-date files
 *
 * Generated files are the top-level `solutions/*.ts` except `*.test.ts` and `*.d.ts`, each run
 * through `renderExercise` (scripts/assign/markers.ts): solution blocks become TODO + throw, and a
 * header line is prepended. A generated-kind file in exercises/ whose solution is gone is deleted;
 * anything else there (README.md, other files, *.test.ts) is never touched.
 *
 * Exit codes: 0 in sync / written; 1 out of date (--check) or a malformed marker; 2 bad usage.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MarkerError, renderExercise } from "./assign/markers";

export const SOLUTIONS_DIR = "solutions";
export const EXERCISES_DIR = "exercises";

/** The repository root, one level above scripts/. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Whether a file name in solutions/ or exercises/ is one that assign generates. */
export function isGeneratedName(name: string): boolean {
  return name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".d.ts");
}

/**
 * What exercises/ should hold: "exercises/<name>.ts" (relative to `root`, `/`-separated) →
 * contents, one entry per generated-kind file in `root`/solutions/, sorted by name.
 * @throws MarkerError for a malformed marker, naming "solutions/<name>.ts:<line>".
 */
export function plannedExercises(root: string): Map<string, string> {
  const planned = new Map<string, string>();
  for (const name of listGenerated(join(root, SOLUTIONS_DIR))) {
    const solution = `${SOLUTIONS_DIR}/${name}`;
    const source = readFileSync(join(root, solution), "utf8");
    planned.set(`${EXERCISES_DIR}/${name}`, renderExercise(source, solution));
  }
  return planned;
}

/** The difference between exercises/ on disk and the plan, as relative paths. */
export interface SyncStatus {
  /** Missing or different on disk. */
  write: string[];
  /** Generated-kind files in exercises/ with no solution any more. */
  remove: string[];
  unchanged: string[];
}

/** Compares the plan with exercises/ under `root`. Reads only. */
export function syncStatus(root: string, planned: Map<string, string>): SyncStatus {
  const status: SyncStatus = { write: [], remove: [], unchanged: [] };
  for (const [path, contents] of planned) {
    const onDisk = readIfExists(join(root, path));
    (onDisk === contents ? status.unchanged : status.write).push(path);
  }
  for (const name of listGenerated(join(root, EXERCISES_DIR))) {
    const path = `${EXERCISES_DIR}/${name}`;
    if (!planned.has(path)) status.remove.push(path);
  }
  return status;
}

/** Options for `runAssign`; `log` defaults to console.log, `error` to console.error. */
export interface AssignOptions {
  check?: boolean;
  log?: (line: string) => void;
  error?: (line: string) => void;
}

/**
 * Both modes of the CLI, as a function: returns the exit code instead of exiting.
 * Write mode writes only files whose contents change, and deletes stale generated files.
 */
export function runAssign(root: string, options: AssignOptions = {}): number {
  const log = options.log ?? console.log;
  const error = options.error ?? console.error;
  let planned: Map<string, string>;
  try {
    planned = plannedExercises(root);
  } catch (err) {
    if (!(err instanceof MarkerError)) throw err;
    error(`assign: ${err.message}`);
    return 1;
  }
  const status = syncStatus(root, planned);
  return options.check ? reportCheck(status, log, error) : applySync(root, planned, status, log);
}

/** --check: lists what is out of date; 1 if anything is. */
function reportCheck(status: SyncStatus, log: (line: string) => void, error: (line: string) => void): number {
  if (status.write.length === 0 && status.remove.length === 0) {
    log(`assign --check: ${EXERCISES_DIR}/ is in sync with ${SOLUTIONS_DIR}/ (${status.unchanged.length} files).`);
    return 0;
  }
  error(`assign --check: ${EXERCISES_DIR}/ is out of date with ${SOLUTIONS_DIR}/:`);
  for (const path of status.write) error(`  ${path}  (missing or differs from its solution)`);
  for (const path of status.remove) error(`  ${path}  (no solution any more; would be deleted)`);
  error("Run `npm run assign` to regenerate, and commit exercises/ with the solution.");
  return 1;
}

/** Write mode: writes changed files, deletes stale ones, prints one line per action and a total. */
function applySync(root: string, planned: Map<string, string>, status: SyncStatus, log: (line: string) => void): number {
  mkdirSync(join(root, EXERCISES_DIR), { recursive: true });
  for (const path of status.write) {
    writeFileSync(join(root, path), planned.get(path) ?? "");
    log(`wrote    ${path}`);
  }
  for (const path of status.remove) {
    rmSync(join(root, path));
    log(`deleted  ${path}  (no solution any more)`);
  }
  log(`assign: ${planned.size} exercises from ${SOLUTIONS_DIR}/: ${status.write.length} written, ${status.remove.length} deleted, ${status.unchanged.length} unchanged.`);
  return 0;
}

/** Generated-kind file names directly in `dir`, sorted; none if `dir` does not exist. */
function listGenerated(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isGeneratedName(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** Parses argv (after the script path) and runs. */
function main(args: string[]): number {
  const unknown = args.filter((arg) => arg !== "--check");
  if (unknown.length > 0) {
    console.error(`assign: unknown argument ${JSON.stringify(unknown[0])}. Usage: npm run assign [-- --check]`);
    return 2;
  }
  return runAssign(REPO_ROOT, { check: args.includes("--check") });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
