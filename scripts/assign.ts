/**
 * `npm run assign`: regenerates exercises/*.ts from solutions/*.ts (Otter's `assign` stage).
 *
 *   npm run assign              write exercises/, print what changed
 *   npm run assign -- --check   write nothing; exit 1 and list the out-of-date files
 *   npm run assign -- --force   also overwrite / delete exercise files that were edited by hand
 *   npm run assign -- --lang fr the exercises with their doc comments in French (fr) or Spanish (es),
 *                               from solutions/i18n/<lang>/ (the code is the same in every language)
 *   npm run assign -- --extract fr   brings solutions/i18n/fr/*.yaml up to date with the English
 *
 * Generated files are the top-level `solutions/*.ts` except `*.test.ts` and `*.d.ts`, each run
 * through `renderExercise` (scripts/assign/markers.ts): solution blocks become TODO + throw, and a
 * header line is prepended. A generated-kind file in exercises/ whose solution is gone is deleted;
 * anything else there (README.md, other files, *.test.ts) is never touched.
 *
 * Edited exercises are safe: `exercises/.assign-manifest.json` (scripts/assign/manifest.ts) holds
 * the hash of what assign last wrote. A file to be overwritten or deleted whose contents do not
 * match it (someone edited it, or assign never wrote it) stops the run before anything is written,
 * unless `--force` is given. A missing or empty solutions/ is an error: assign never deletes every
 * exercise because the solutions are absent (as in a student's copy).
 *
 * Exit codes: 0 in sync / written; 1 out of date (--check), edited files in the way, or a
 * malformed marker; 2 bad usage or no solutions/.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isUntouched, MANIFEST_PATH, readManifest, writeManifest } from "./assign/manifest";
import { exerciseTranslationPath, exerciseTranslationYaml, readExerciseTranslation, refreshExerciseTranslation, translateExercise } from "./assign/exercise-translation";
import { renderExercise } from "./assign/markers";
import { LANGUAGES, TRANSLATED } from "../src/i18n/languages.mjs";

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
export function plannedExercises(root: string, lang = "en"): Map<string, string> {
  const planned = new Map<string, string>();
  for (const name of listGenerated(join(root, SOLUTIONS_DIR))) {
    const solution = `${SOLUTIONS_DIR}/${name}`;
    const english = renderExercise(readFileSync(join(root, solution), "utf8"), solution);
    planned.set(`${EXERCISES_DIR}/${name}`, lang === "en" ? english : translatedExercise(root, lang, name, english));
  }
  return planned;
}

/** The English exercise `name` in `lang`; throws a clear error when its translation is missing or stale. */
function translatedExercise(root: string, lang: string, name: string, english: string): string {
  const t = readExerciseTranslation(root, lang, name);
  if (!t) throw new Error(`no ${lang} translation of ${SOLUTIONS_DIR}/${name} (${exerciseTranslationPath(root, lang, name)}); run npm run assign -- --extract ${lang}`);
  return translateExercise(english, t);
}

/** --extract: writes solutions/i18n/<lang>/*.yaml brought up to date with the English exercises; returns lines to print. */
export function extractExerciseTranslations(root: string, lang: string): string[] {
  const lines: string[] = [];
  for (const [path, english] of plannedExercises(root)) {
    const name = path.slice(EXERCISES_DIR.length + 1);
    const old = readExerciseTranslation(root, lang, name) ?? { language: lang, file: name, comments: {} };
    const fresh = refreshExerciseTranslation(english, old);
    mkdirSync(dirname(exerciseTranslationPath(root, lang, name)), { recursive: true });
    writeFileSync(exerciseTranslationPath(root, lang, name), exerciseTranslationYaml(fresh));
    lines.push(`${lang}/${name.replace(/\.ts$/, ".yaml")}: ${Object.values(fresh.comments).filter((c) => c.todo).length} to translate`);
  }
  return lines;
}

/** The difference between exercises/ on disk and the plan, as relative paths. */
export interface SyncStatus {
  /** Missing or different on disk. */
  write: string[];
  /** Generated-kind files in exercises/ with no solution any more. */
  remove: string[];
  unchanged: string[];
  /** Files of `write` or `remove` that exist and differ from what assign last wrote: edited by hand. */
  edited: string[];
  /** The manifest does not record exactly the planned files' hashes. */
  manifestStale: boolean;
}

/** Compares the plan with exercises/ under `root`. Reads only. */
export function syncStatus(root: string, planned: Map<string, string>): SyncStatus {
  const manifest = readManifest(root);
  const status: SyncStatus = { write: [], remove: [], unchanged: [], edited: [], manifestStale: manifest.size !== planned.size };
  const noteIfEdited = (path: string, onDisk: string | undefined) => {
    if (onDisk !== undefined && !isUntouched(manifest, path, onDisk)) status.edited.push(path);
  };
  for (const [path, contents] of planned) {
    const onDisk = readIfExists(join(root, path));
    if (!isUntouched(manifest, path, contents)) status.manifestStale = true;
    if (onDisk === contents) {
      status.unchanged.push(path);
    } else {
      status.write.push(path);
      noteIfEdited(path, onDisk);
    }
  }
  for (const name of listGenerated(join(root, EXERCISES_DIR))) {
    const path = `${EXERCISES_DIR}/${name}`;
    if (planned.has(path)) continue;
    status.remove.push(path);
    noteIfEdited(path, readIfExists(join(root, path)));
  }
  return status;
}

/** Options for `runAssign`; `log` defaults to console.log, `error` to console.error. */
export interface AssignOptions {
  check?: boolean;
  /** The language of the doc comments (default en). */
  lang?: string;
  /** Overwrite and delete edited exercise files too. */
  force?: boolean;
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
    planned = plannedExercises(root, options.lang);
  } catch (err) {
    error(`assign: ${(err as Error).message}`);
    return 1;
  }
  if (planned.size === 0) {
    error(`assign: ${SOLUTIONS_DIR}/ is missing or holds no exercise files (*.ts) under ${root}: nothing to generate ${EXERCISES_DIR}/ from, so nothing was changed.`);
    return 2;
  }
  let status: SyncStatus;
  try {
    status = syncStatus(root, planned);
  } catch (err) {
    error(`assign: ${(err as Error).message}`);
    return 1;
  }
  if (options.check) return reportCheck(status, log, error);
  if (status.edited.length && !options.force) return refuseEdited(status, error);
  return applySync(root, planned, status, log);
}

/** Edited files stand in the way: nothing is written; says which and how to proceed. */
function refuseEdited(status: SyncStatus, error: (line: string) => void): number {
  error(`assign: ${status.edited.length} exercise file(s) were edited since \`npm run assign\` wrote them; nothing was changed:`);
  for (const path of status.edited) error(`  ${path}  (${status.remove.includes(path) ? "no solution any more; would be deleted" : "would be overwritten"})`);
  error("Move your edits into solutions/ (between BEGIN/END SOLUTION markers) and run again, or run `npm run assign -- --force` to discard them.");
  return 1;
}

/** --check: lists what is out of date; 1 if anything is. */
function reportCheck(status: SyncStatus, log: (line: string) => void, error: (line: string) => void): number {
  if (status.write.length === 0 && status.remove.length === 0 && status.manifestStale) {
    error(`assign --check: ${MANIFEST_PATH} does not record the generated files; run \`npm run assign\` and commit it.`);
    return 1;
  }
  if (status.write.length === 0 && status.remove.length === 0) {
    log(`assign --check: ${EXERCISES_DIR}/ is in sync with ${SOLUTIONS_DIR}/ (${status.unchanged.length} files).`);
    return 0;
  }
  error(`assign --check: ${EXERCISES_DIR}/ is out of date with ${SOLUTIONS_DIR}/:`);
  const edited = (path: string) => (status.edited.includes(path) ? "; edited by hand, needs --force" : "");
  for (const path of status.write) error(`  ${path}  (missing or differs from its solution${edited(path)})`);
  for (const path of status.remove) error(`  ${path}  (no solution any more; would be deleted${edited(path)})`);
  error("Run `npm run assign` to regenerate, and commit exercises/ with the solution.");
  return 1;
}

/** Write mode: writes changed files, deletes stale ones, records the manifest, prints one line per action and a total. */
function applySync(root: string, planned: Map<string, string>, status: SyncStatus, log: (line: string) => void): number {
  mkdirSync(join(root, EXERCISES_DIR), { recursive: true });
  const forced = (path: string) => (status.edited.includes(path) ? "  (--force: your edits were discarded)" : "");
  for (const path of status.write) {
    writeFileSync(join(root, path), planned.get(path) ?? "");
    log(`wrote    ${path}${forced(path)}`);
  }
  for (const path of status.remove) {
    rmSync(join(root, path));
    log(`deleted  ${path}  (no solution any more)${forced(path)}`);
  }
  writeManifest(root, planned);
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
  const usage = "Usage: npm run assign [-- --check | --force] [--lang en|fr|es] | [-- --extract fr|es]";
  const valueOf = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] ?? "" : undefined);
  const [lang, extract] = [valueOf("--lang"), valueOf("--extract")];
  const unknown = args.filter((arg, i) => !["--check", "--force", "--lang", "--extract"].includes(arg) && !["--lang", "--extract"].includes(args[i - 1]));
  if (unknown.length > 0 || (args.includes("--check") && args.includes("--force"))) {
    console.error(`assign: ${unknown.length ? `unknown argument ${JSON.stringify(unknown[0])}` : "--check and --force do not go together"}. ${usage}`);
    return 2;
  }
  if ((lang !== undefined && !Object.hasOwn(LANGUAGES, lang)) || (extract !== undefined && !TRANSLATED.includes(extract))) {
    console.error(`assign: the course's languages are ${Object.keys(LANGUAGES).join(", ")} (--extract: ${TRANSLATED.join(", ")}). ${usage}`);
    return 2;
  }
  if (extract !== undefined) {
    for (const line of extractExerciseTranslations(REPO_ROOT, extract)) console.log(line);
    return 0;
  }
  return runAssign(REPO_ROOT, { check: args.includes("--check"), force: args.includes("--force"), lang });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
