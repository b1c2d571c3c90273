/**
 * `npm run render`: executes the course notebooks on the tslab kernel and writes, for each, the
 * executed notebook and an HTML page (Debian's nbconvert) into `build/rendered/`.
 *
 *   npm run render                    # with the reference solutions in place of exercises/
 *   npm run render -- --exercises     # with the students' exercises/ as they are, into build/rendered/exercises/
 *   npm run render -- 02 03           # only the notebooks whose file name contains "02" or "03"
 *
 * With the solutions, the notebooks run in a staged copy of `notebooks/` whose `exercises` link
 * points to `solutions/` (see {@link stageSolutionNotebooks}); nothing in `notebooks/` changes.
 * With `--exercises`, they run in `notebooks/` itself, so a notebook stops at the first exercise
 * that is not written yet; its page is still written, up to that cell.
 *
 * Exit code: 0 when every notebook ran to the end (with `--exercises`: when every stop was an
 * unfinished exercise), 1 otherwise.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PYTHON, ROOT, runNotebook, type NotebookRun } from "./notebooks/run-notebook";

/** Where the executed notebooks and their HTML pages go (gitignored, like all of build/). */
export const RENDERED = join(ROOT, "build", "rendered");
/** The course notebooks' folder. */
export const NOTEBOOKS_DIR = join(ROOT, "notebooks");

/** The course notebooks (`notebooks/*.ipynb`), sorted by name, as absolute paths. */
export function listNotebooks(dir: string = NOTEBOOKS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => join(dir, f));
}

function replaceWithLink(path: string, target: string): void {
  if (existsSync(path) || isLink(path)) rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path, "dir");
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Copies `notebooks` (default: every course notebook) into `stageDir`, next to two links:
 * `src -> <root>/src` and `exercises -> <root>/solutions`. A notebook run there with the staged
 * folder as its working directory imports the reference solutions wherever it imports
 * `./exercises/...`. Notebooks left from an earlier staging are removed. Returns the staged paths.
 */
export function stageSolutionNotebooks(stageDir: string, notebooks: readonly string[] = listNotebooks()): string[] {
  mkdirSync(stageDir, { recursive: true });
  for (const f of readdirSync(stageDir)) if (f.endsWith(".ipynb")) rmSync(join(stageDir, f));
  replaceWithLink(join(stageDir, "src"), join(ROOT, "src"));
  replaceWithLink(join(stageDir, "exercises"), join(ROOT, "solutions"));
  replaceWithLink(join(stageDir, "pretrained"), join(ROOT, "notebooks", "pretrained"));
  return notebooks.map((nb) => {
    const staged = join(stageDir, basename(nb));
    copyFileSync(nb, staged);
    return staged;
  });
}

type Bundle = Record<string, unknown>;
interface RawNotebook {
  cells: { outputs?: { data?: Bundle }[] }[];
}

const escapeAttribute = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const joined = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

/**
 * A copy of an executed notebook in which every plot also carries an HTML representation:
 * `<img src="data:image/svg+xml;base64,…">`. HTML comes before SVG in nbconvert's display
 * priority, and it is not sanitized. This works around Debian's nbconvert 6.5, whose HTML
 * templates pass inline SVG through an HTML cleaner that strips every SVG element, leaving empty
 * plots (jupyter/nbconvert#1849, #1894; fixed upstream in 7.7 by the same data-URL approach).
 */
export function withSvgAsImages(notebook: RawNotebook): RawNotebook {
  const copy = JSON.parse(JSON.stringify(notebook)) as RawNotebook;
  for (const cell of copy.cells) {
    for (const output of cell.outputs ?? []) {
      const data = output.data;
      if (!data || !("image/svg+xml" in data) || "text/html" in data) continue;
      const svg = joined(data["image/svg+xml"]);
      const alt = escapeAttribute(joined(data["text/plain"]) || "plot");
      data["text/html"] = `<img src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}" alt="${alt}" style="max-width: 100%; height: auto;">`;
    }
  }
  return copy;
}

/** `<dir>/<name>.html` from an executed notebook, with Debian's nbconvert. Returns the page's path. */
export function convertToHtml(executedNotebook: string, outputDir: string): string {
  const name = basename(executedNotebook);
  const sourceDir = join(outputDir, ".html-sources");
  mkdirSync(sourceDir, { recursive: true });
  const source = join(sourceDir, name);
  writeFileSync(source, JSON.stringify(withSvgAsImages(JSON.parse(readFileSync(executedNotebook, "utf8")) as RawNotebook)));
  const r = spawnSync(PYTHON, ["-m", "nbconvert", "--to", "html", "--output-dir", outputDir, source], { encoding: "utf8" });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || "").trim().split("\n").slice(-5).join("\n");
    throw new Error(`convertToHtml: nbconvert failed for ${executedNotebook} (exit ${r.status}):\n${why}`);
  }
  return join(outputDir, name.replace(/\.ipynb$/, ".html"));
}

/** An exercise that was not written yet stops a notebook with this error; with --exercises it is expected. */
export function isUnfinishedExercise(run: NotebookRun): boolean {
  return /NotImplementedError|is not implemented yet/.test(run.error?.text ?? "");
}

interface Options {
  exercises: boolean;
  filters: string[];
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { exercises: false, filters: [] };
  for (const a of argv) {
    if (a === "--exercises") options.exercises = true;
    else if (a === "--solutions") options.exercises = false;
    else if (a === "--help" || a === "-h") {
      console.log("usage: npm run render [-- [--exercises] [NAME_PART ...]]");
      process.exit(0);
    } else if (a.startsWith("-")) throw new Error(`render: unknown option ${a} (known: --exercises, --solutions, --help).`);
    else options.filters.push(a);
  }
  return options;
}

const rel = (p: string) => relative(process.cwd(), p) || ".";

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const options = parseArgs(argv);
  const all = listNotebooks();
  const selected = options.filters.length ? all.filter((nb) => options.filters.some((f) => basename(nb).includes(f))) : all;
  if (selected.length === 0) {
    console.error(`render: no notebook in ${rel(NOTEBOOKS_DIR)} matches ${options.filters.join(", ")}.`);
    return 1;
  }
  const outDir = options.exercises ? join(RENDERED, "exercises") : RENDERED;
  mkdirSync(outDir, { recursive: true });
  const stageDir = join(RENDERED, ".stage-solutions");
  const toRun = options.exercises ? selected : stageSolutionNotebooks(stageDir, selected);
  const cwd = options.exercises ? NOTEBOOKS_DIR : stageDir;
  console.log(`Rendering ${toRun.length} notebook(s) with ${options.exercises ? "your exercises/ (as they are)" : "the reference solutions"} into ${rel(outDir)}/`);

  let failures = 0;
  let expectedStops = 0;
  let total = 0;
  for (const nb of toRun) {
    const name = basename(nb);
    const outputPath = join(outDir, name);
    // Generous limits: notebook 03 trains for minutes, more on the cpu backend or a busy machine.
    const run = await runNotebook(nb, { cwd, outputPath, cellTimeoutSeconds: 900, timeoutSeconds: 1800 });
    total += run.seconds;
    let html = "";
    try {
      html = convertToHtml(outputPath, outDir);
    } catch (err) {
      failures += 1;
      console.log(`✘ ${name}: ${(err as Error).message}`);
      continue;
    }
    if (run.ok) {
      console.log(`✔ ${name.padEnd(44)} ${run.seconds.toFixed(1).padStart(6)} s`);
    } else {
      const expected = options.exercises && isUnfinishedExercise(run);
      if (expected) expectedStops += 1;
      else failures += 1;
      const firstLine = (run.error?.text ?? "").split("\n").find((l) => l.trim()) ?? "";
      console.log(`${expected ? "…" : "✘"} ${name.padEnd(44)} ${run.seconds.toFixed(1).padStart(6)} s   stopped at cell ${run.error?.cellIndex}: ${firstLine}`);
    }
    console.log(`    ${rel(outputPath)}\n    ${rel(html)}`);
  }
  if (expectedStops) console.log(`\n… = stopped at an exercise that is not written yet (expected with --exercises; the page shows the notebook up to there).`);
  console.log(`\nTotal ${total.toFixed(1)} s. Executed notebooks and HTML pages are in ${outDir}/`);
  if (failures) console.log(`${failures} notebook(s) failed; open their HTML pages to see where.`);
  return failures ? 1 : 0;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
