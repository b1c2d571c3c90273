/**
 * Helpers shared by the grader's tests: running the flowgrade launcher as a user would, reading
 * and validating its outputs, and an independent XML well-formedness check.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { REPO_ROOT } from "../core/paths";
import { schemaProblems } from "../core/json-schema";
import { planGroups } from "../core/plan";
import { loadRubric } from "../core/rubric";
import type { GradescopeResults } from "../outputs/gradescope";

export const LAUNCHER = join(REPO_ROOT, "grader", "bin", "flowgrade.cjs");

/**
 * The maximum score of one suite (an exercise id, or "likelihood") under the shipped rubric, summed
 * from the rubric's points: the totals the tests expect follow the rubric and the registry instead
 * of being copied numbers.
 */
export function suiteMarks(suite: string): number {
  return planGroups(loadRubric(), "grade")
    .flatMap((g) => g.tests)
    .filter((t) => t.suite === suite)
    .reduce((sum, t) => sum + t.maxScore, 0);
}

/** The maximum score of a grading of `exercises` (default: all); see suiteMarks. */
export function fullMarks(exercises?: readonly string[]): number {
  return planGroups(loadRubric(), "grade", undefined, exercises)
    .flatMap((g) => g.tests)
    .reduce((sum, t) => sum + t.maxScore, 0);
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node grader/bin/flowgrade.cjs ...args` (stdout is a pipe, so no colours). */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; onStart?: (pid: number) => void } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    if (child.pid) options.onStart?.(child.pid);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The outcome of a command run by {@link runCommand}. */
export interface CommandRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command without blocking the test worker (spawnSync would block its event loop, and a
 * block of over a minute makes vitest's worker RPC time out): resolves when the command exits.
 */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => resolve({ status: null, stdout, stderr: `${stderr}${e.message}` }));
    child.on("close", (code) => resolve({ status: code, stdout, stderr }));
  });
}

const created: string[] = [];
// Registered in each test file that imports the helpers (vitest isolates test files).
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the OS temp dir, removed after the test file's tests. */
export function tempDir(prefix = "flowgrade-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Reads results.json and asserts nothing: returns the parsed object and its schema problems. */
export function readResults(path: string): { results: GradescopeResults; problems: string[] } {
  const results = JSON.parse(readFileSync(path, "utf8")) as GradescopeResults;
  return { results, problems: schemaProblems("results.schema.json", results) };
}

/**
 * Problems that make `xml` not well-formed, found by an independent parser: Python's
 * xml.dom.minidom when python3 is on PATH, else {@link builtinXmlProblems}.
 */
export function xmlProblems(xml: string): string[] {
  const py = spawnSync("python3", ["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())"], { input: xml, encoding: "utf8" });
  if (py.error) return builtinXmlProblems(xml);
  return py.status === 0 ? [] : [py.stderr.trim().split("\n").at(-1) ?? "python rejected the XML"];
}

const RAW_AMP = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

/** A strict structural check of the XML subset the grader writes: balanced tags, quoted attributes, no raw '<' or '&', no forbidden characters. */
export function builtinXmlProblems(xml: string): string[] {
  const problems: string[] = [];
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) problems.push("contains a character XML 1.0 forbids");
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  let pos = 0;
  let m: RegExpExecArray | null;
  while (pos < body.length && (m = token.exec(body))) {
    pos = token.lastIndex;
    if (m[5] !== undefined) {
      if (RAW_AMP.test(m[5])) problems.push(`raw '&' in text before ${pos}`);
      continue;
    }
    if (RAW_AMP.test(m[3])) problems.push(`raw '&' in an attribute before ${pos}`);
    if (m[1]) {
      if (stack.pop() !== m[2]) return [...problems, `unbalanced </${m[2]}> before ${pos}`];
    } else if (!m[4]) stack.push(m[2]);
  }
  if (pos < body.length) problems.push(`not well-formed at ${pos}: ${JSON.stringify(body.slice(pos, pos + 20))}`);
  if (stack.length) problems.push(`unclosed <${stack.join(">, <")}>`);
  if (!stack.length && !/^<testsuites[\s>]/.test(body)) problems.push("the root element is not <testsuites>");
  return problems;
}

/** The command lines of the live processes (from /proc), spaces for NULs: to find what a subject left behind. */
export function liveCommandLines(): string[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .map((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, "utf8").replace(/\0/g, " ");
      } catch {
        return "";
      }
    });
}
