/**
 * Runs a notebook on the real tslab kernel, headlessly, and reports cell by cell.
 *
 * The work is done by `execute_notebook.py` (nbclient, on Debian's `/usr/bin/python3`), which
 * stops at the first failed cell and prints a JSON report. This module starts it with the
 * project-local Jupyter data folder (`.jupyter/`, where `npm run setup` writes the kernel spec)
 * and this checkout's `node_modules/.bin` (where the `tslab` binary is) on PATH.
 *
 * The executed copy of `notebooks/NAME.ipynb` is written to `build/notebooks/NAME.ipynb`; a
 * notebook elsewhere in the project keeps its path relative to the project root under
 * `build/notebooks/` (e.g. `build/notebooks/test/fixtures/failing.ipynb`).
 *
 * @example
 *   const run = await runNotebook("notebooks/00-setup.ipynb", { env: { FLOWLAB_BACKEND: "wasm" } });
 *   assertNotebookOk(run);
 *   const nb = readOutputs(run.outputPath);
 *   const plots = displayData(nb, "image/svg+xml");
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";

import { JUPYTER_DATA, jupyterEnv, PYTHON, ROOT } from "../jupyter-env.mjs";

export { JUPYTER_DATA, PYTHON, ROOT };
/** Where executed copies of notebooks go (gitignored). */
export const BUILD_NOTEBOOKS = join(ROOT, "build", "notebooks");
const EXECUTOR = join(ROOT, "scripts", "notebooks", "execute_notebook.py");

export interface RunNotebookOptions {
  /** Working directory of the kernel. Default: the notebook's folder (where `src` links to ../src). */
  cwd?: string;
  /** Per-cell timeout in seconds. Default 300. */
  cellTimeoutSeconds?: number;
  /** Limit for the whole run (kernel start included), in seconds. Default 900. */
  timeoutSeconds?: number;
  /** Environment overrides for the kernel, e.g. `{ FLOWLAB_BACKEND: "wasm" }`; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Where to write the executed copy. Default: under `build/notebooks/` (see the module comment). */
  outputPath?: string;
  /** Kernel spec name. Default "tslab". */
  kernel?: string;
}

export interface CellRun {
  /** Index of the cell in the notebook's `cells` array (markdown cells count too). */
  index: number;
  status: "ok" | "error";
  seconds: number;
}

export interface NotebookRun {
  ok: boolean;
  /** Absolute path of the notebook that was run. */
  notebook: string;
  /** Absolute path of the executed copy. */
  outputPath: string;
  /** The code cells that ran, in order; execution stops after the first failure. */
  cells: CellRun[];
  /** The first failure. `cellIndex` is null when no cell was to blame (kernel start, timeout of the whole run). */
  error?: { cellIndex: number | null; text: string };
  /** Wall time of the whole run, process start to exit. */
  seconds: number;
  /** Time to start the kernel and connect to it (null when it never started). */
  kernelStartSeconds: number | null;
}

/** The JSON object `execute_notebook.py` prints. */
interface ExecutorReport {
  ok: boolean;
  cells: CellRun[];
  error: { cellIndex: number | null; text: string } | null;
  kernelStartSeconds: number | null;
}

let jupyterChecked = false;

/** Throws a helpful error when Debian's Python or its nbclient is missing. */
function ensureJupyter(): void {
  if (jupyterChecked) return;
  const hint = "Run `npm run setup` (it installs Debian's python3-nbclient and registers the tslab kernel).";
  if (!existsSync(PYTHON)) throw new Error(`runNotebook: ${PYTHON} does not exist, so notebooks cannot run. ${hint}`);
  const r = spawnSync(PYTHON, ["-c", "import nbclient, nbformat"], { encoding: "utf8" });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || "").trim().split("\n").pop();
    throw new Error(`runNotebook: ${PYTHON} cannot import nbclient (${why}). ${hint}`);
  }
  if (!existsSync(join(JUPYTER_DATA, "kernels", "tslab", "kernel.json"))) {
    throw new Error(`runNotebook: the tslab kernel spec is missing from ${JUPYTER_DATA}. ${hint}`);
  }
  jupyterChecked = true;
}

/** `build/notebooks/<name>` for a notebook under `notebooks/`, `build/notebooks/<path from root>` otherwise. */
export function defaultOutputPath(notebook: string): string {
  const abs = resolve(notebook);
  const inside = (dir: string) => {
    const rel = relative(dir, abs);
    return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : null;
  };
  const rel = inside(join(ROOT, "notebooks")) ?? inside(ROOT) ?? basename(abs);
  return join(BUILD_NOTEBOOKS, rel);
}

function kernelEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return jupyterEnv(env);
}

/**
 * Executes `notebookPath` cell by cell on the tslab kernel. Resolves with the report also when a
 * cell fails (use {@link assertNotebookOk} to turn that into an exception); rejects only when the
 * runner itself cannot work (Jupyter missing, the executor crashed without a report).
 */
export async function runNotebook(notebookPath: string, options: RunNotebookOptions = {}): Promise<NotebookRun> {
  ensureJupyter();
  const notebook = resolve(notebookPath);
  if (!existsSync(notebook)) throw new Error(`runNotebook: no such notebook: ${notebook}`);
  const outputPath = resolve(options.outputPath ?? defaultOutputPath(notebook));
  mkdirSync(dirname(outputPath), { recursive: true });
  const cwd = resolve(options.cwd ?? dirname(notebook));
  const cellTimeout = options.cellTimeoutSeconds ?? 300;
  const timeoutSeconds = options.timeoutSeconds ?? 900;

  const args = [EXECUTOR, notebook, outputPath, "--cwd", cwd, "--kernel", options.kernel ?? "tslab", "--cell-timeout", String(cellTimeout)];
  const started = performance.now();
  const child = spawn(PYTHON, args, {
    cwd,
    env: kernelEnv(options.env ?? {}),
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group, so that a timeout also ends the kernel that nbclient started.
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // SIGINT first: Python unwinds, nbclient shuts the kernel down (jupyter_client starts it in
    // a session of its own, so signals to our group do not reach it) and the copy is written.
    killGroup(child.pid, "SIGINT");
    setTimeout(() => killGroup(child.pid, "SIGKILL"), 5000).unref();
  }, timeoutSeconds * 1000);

  const code = await new Promise<number | null>((resolveExit, rejectExit) => {
    child.on("error", rejectExit);
    child.on("close", (c) => resolveExit(c));
  }).finally(() => clearTimeout(timer));
  const seconds = round3((performance.now() - started) / 1000);

  if (timedOut) {
    return {
      ok: false,
      notebook,
      outputPath,
      cells: [],
      error: { cellIndex: null, text: `the notebook run was stopped after ${timeoutSeconds} s (timeoutSeconds)` },
      seconds,
      kernelStartSeconds: null,
    };
  }
  const report = parseReport(stdout);
  if (!report) {
    throw new Error(
      `runNotebook: the executor exited with code ${code} and no report for ${notebook}.\n` +
        `stderr (last lines):\n${tail(stderr, 30)}\nstdout (last lines):\n${tail(stdout, 10)}`,
    );
  }
  return {
    ok: report.ok,
    notebook,
    outputPath,
    cells: report.cells,
    ...(report.error ? { error: report.error } : {}),
    seconds,
    kernelStartSeconds: report.kernelStartSeconds,
  };
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid == null) return;
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

/** The report is the last JSON line of stdout (anything printed before it is ignored). */
function parseReport(stdout: string): ExecutorReport | null {
  const lines = stdout.trim().split("\n").reverse();
  for (const line of lines) {
    const t = line.trim();
    if (!t.startsWith("{")) continue;
    try {
      const r = JSON.parse(t) as ExecutorReport;
      if (typeof r.ok === "boolean" && Array.isArray(r.cells)) return r;
    } catch {
      /* not the report */
    }
  }
  return null;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const tail = (s: string, n: number) => s.trimEnd().split("\n").slice(-n).join("\n");

/** Throws when the run failed; the message names the notebook, the cell and the error text. */
export function assertNotebookOk(run: NotebookRun): void {
  if (run.ok) return;
  const name = relative(ROOT, run.notebook).startsWith("..") ? run.notebook : relative(ROOT, run.notebook);
  const where = run.error?.cellIndex == null ? "before any cell failed" : `in cell ${run.error.cellIndex}`;
  throw new Error(
    `Notebook ${name} failed ${where}:\n${run.error?.text ?? "(no error text)"}\n(executed copy: ${run.outputPath})`,
  );
}

// ---------------------------------------------------------------------------------------------
// Reading the executed notebook

/** nbformat stores multi-line text either as one string or as a list of lines. */
export type MultilineString = string | string[];

export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error" | "update_display_data" | string;
  /** Streams: "stdout" or "stderr". */
  name?: string;
  text?: MultilineString;
  /** Rich outputs: MIME type → representation (text types may be split into lines). */
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

export interface NotebookCell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: MultilineString;
  metadata: Record<string, unknown>;
  execution_count?: number | null;
  outputs?: NotebookOutput[];
}

export interface ExecutedNotebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

/** Loads an executed notebook (the `outputPath` of a run). */
export function readOutputs(outputPath: string): ExecutedNotebook {
  return JSON.parse(readFileSync(outputPath, "utf8")) as ExecutedNotebook;
}

/** Joins nbformat's line lists. */
export function joinText(text: MultilineString | undefined): string {
  return Array.isArray(text) ? text.join("") : (text ?? "");
}

/** Indices (into `cells`) of the code cells. */
export function codeCellIndices(nb: ExecutedNotebook): number[] {
  return nb.cells.flatMap((c, i) => (c.cell_type === "code" ? [i] : []));
}

/** All text a cell wrote to a stream ("stdout" by default). */
export function cellStream(nb: ExecutedNotebook, cellIndex: number, name: "stdout" | "stderr" = "stdout"): string {
  const cell = nb.cells[cellIndex];
  if (!cell) throw new RangeError(`cellStream: no cell ${cellIndex} (the notebook has ${nb.cells.length}).`);
  return (cell.outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === name)
    .map((o) => joinText(o.text))
    .join("");
}

/** A display bundle with text representations joined back into strings. JSON MIME types stay objects. */
export function normalizeBundle(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(data)) {
    const isJson = /(^application\/json$)|\+json$/.test(mime);
    out[mime] = !isJson && Array.isArray(value) && value.every((v) => typeof v === "string") ? value.join("") : value;
  }
  return out;
}

export interface FoundDisplay {
  cellIndex: number;
  /** The whole bundle (all MIME types of that output), normalized with {@link normalizeBundle}. */
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** display_data (and execute_result) outputs that carry `mime`, over the whole notebook, in order. */
export function displayData(nb: ExecutedNotebook, mime: string): FoundDisplay[] {
  const found: FoundDisplay[] = [];
  nb.cells.forEach((cell, cellIndex) => {
    for (const o of cell.outputs ?? []) {
      if ((o.output_type === "display_data" || o.output_type === "execute_result") && o.data && mime in o.data) {
        found.push({ cellIndex, data: normalizeBundle(o.data), metadata: o.metadata ?? {} });
      }
    }
  });
  return found;
}

/** The same as {@link displayData}, grouped by cell index. */
export function displayDataByCell(nb: ExecutedNotebook, mime: string): Map<number, FoundDisplay[]> {
  const byCell = new Map<number, FoundDisplay[]>();
  for (const d of displayData(nb, mime)) {
    const list = byCell.get(d.cellIndex) ?? [];
    list.push(d);
    byCell.set(d.cellIndex, list);
  }
  return byCell;
}
