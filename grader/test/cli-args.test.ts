/**
 * The argument layer (cli-args.ts, node:util parseArgs behind a table per command) and the CLI
 * surface that needs no grading: --version, help per command, one clear line for a bad option,
 * number or path, before any work.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commandHelp, parseCommand, parseShard, UsageError, type CommandSpec } from "../cli-args";
import { COMMANDS } from "../commands/index";
import { exerciseLetter } from "../commands/exercise-selection";
import { EXERCISE_IDS } from "../../src/checks/exercises";
import { REPO_ROOT } from "../core/paths";
import { readResults, runCli, tempDir } from "./helpers";

const spec = (name: string) => COMMANDS.find((c) => c.name === name)!;
const usageError = (s: CommandSpec, argv: string[]) => {
  try {
    parseCommand(s, argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`no UsageError for ${argv.join(" ")}`);
};

describe("parseCommand", () => {
  it("validates integers: --concurrency 1.5, 0 and 'two' are refused, 3 is a number", () => {
    expect(usageError(spec("grade"), ["x", "--concurrency", "1.5"])).toBe('option --concurrency must be a whole number ≥ 1; got "1.5"');
    expect(usageError(spec("grade"), ["x", "--concurrency", "0"])).toMatch(/≥ 1; got "0"/);
    expect(usageError(spec("grade"), ["x", "--timeout-ms=two"])).toMatch(/--timeout-ms must be a whole number ≥ 100/);
    expect(parseCommand(spec("grade"), ["x", "--concurrency", "3"]).options.concurrency).toBe(3);
    expect(parseCommand(spec("grade"), ["x", "--fail-under", "60.5"]).options["fail-under"]).toBe(60.5);
  });

  it("names unknown options, missing values and values given to flags", () => {
    expect(usageError(spec("grade"), ["x", "--frobnicate"])).toMatch(/^unknown option --frobnicate for "grade" \(known: --results, /);
    expect(usageError(spec("grade"), ["x", "--results"])).toBe("option --results needs a value");
    expect(usageError(spec("grade"), ["x", "--quiet=yes"])).toBe("option --quiet takes no value");
  });

  it("checks paths before any work: missing folders, missing files, unwritable outputs", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a-file"), "x");
    expect(usageError(spec("check"), [join(dir, "nope")])).toMatch(/^<dir>: the folder ".*nope" does not exist$/);
    expect(usageError(spec("grade"), ["x", "--rubric", join(dir, "nope.json")])).toMatch(/^option --rubric: the file ".*nope\.json" does not exist$/);
    expect(usageError(spec("grade"), ["x", "--results", join(dir, "a-file", "r.json")])).toMatch(/^option --results: ".*a-file" exists and is not a folder$/);
    expect(usageError(spec("grade"), ["x", "--junit", dir])).toMatch(/^option --junit: ".*" is a folder, not a file$/);
    expect(usageError(spec("grade"), ["x", "--results", "/proc/flowgrade-nope/r.json"])).toMatch(/cannot be created or written/);
  });

  it("an output path is really tried before any work: --junit /proc/j.xml is refused even as root", () => {
    expect(usageError(spec("grade"), ["x", "--junit", "/proc/flowgrade-j.xml"])).toMatch(/^option --junit: the (file|folder) "\/proc(\/flowgrade-j\.xml)?" cannot be (created or )?written/);
    expect(usageError(spec("merge"), ["x", "--out", "/proc/flowgrade-out"])).toMatch(/^option --out: the folder "\/proc\/flowgrade-out" cannot be created or written/);
    const dir = tempDir();
    expect(parseCommand(spec("grade"), ["x", "--junit", join(dir, "j.xml")]).options.junit).toBe(join(dir, "j.xml"));
    expect(existsSync(join(dir, "j.xml"))).toBe(false); // the probe leaves nothing behind
  });

  it("--only takes the course's letters (a)–(g) and the exercise ids, mixed", () => {
    const letters = EXERCISE_IDS.map((id) => exerciseLetter(id));
    expect(letters).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
    expect(parseCommand(spec("grade"), ["x", "--only", "a,b,nll"]).options.only).toBe("additive-coupling,affine-coupling,nll");
    expect(parseCommand(spec("grade-class"), [REPO_ROOT, "--only", "G,(d)"]).options.only).toBe("made-maf,actnorm");
    expect(usageError(spec("grade"), ["x", "--only", "a,h"])).toMatch(/option --only must be a comma-separated list of exercises: a–g or additive-coupling, .*; got "a,h"/);
  });

  it("reads --shard i/n and refuses anything else", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    for (const bad of ["0/4", "5/4", "1/0", "a/b", "2"]) expect(() => parseShard(bad)).toThrow(/must be "i\/n" with 1 ≤ i ≤ n/);
  });

  it("generates each command's help from its table", () => {
    for (const c of COMMANDS) {
      const help = commandHelp(c);
      expect(help.startsWith(`flowgrade ${c.name}`)).toBe(true);
      for (const o of c.options) expect(help, `${c.name} --${o.name}`).toContain(`--${o.name}`);
    }
  });
});

describe("the flowgrade command line", () => {
  it("--version prints the package version, the backend with its GPU adapter and why, and the subjects' backend", async () => {
    const r = await runCli(["--version"], { env: { FLOWLAB_BACKEND: "wasm" } });
    expect(r.code).toBe(0);
    const version = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version;
    expect(r.stdout).toMatch(new RegExp(`^flowgrade ${version.replace(/\./g, "\\.")} `));
    expect(r.stdout).toMatch(/\nFlowLab backend: wasm \(forced, no GPU; SIMD on, 1 thread\)\nGPU adapter: not probed \(a backend was forced\)\nsubjects \(student code\): wasm\n$/);
  });

  it("help per command: `<command> --help` and `help <command>`, exit 0", async () => {
    const a = await runCli(["grade-class", "--help"]);
    const b = await runCli(["help", "grade-class"]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/--jobs <n> .*--shard <i\/n> /s);
  });

  it("a bad option is one line on stderr, exit 2, and grade still leaves a valid results.json", async () => {
    const dir = tempDir();
    const r = await runCli(["grade", join(REPO_ROOT, "solutions"), "--concurrency", "1.5", "--results", join(dir, "r.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual(['flowgrade grade: option --concurrency must be a whole number ≥ 1; got "1.5" (flowgrade grade --help)']);
    expect(r.stdout).toBe("");
    const { results, problems } = readResults(join(dir, "r.json"));
    expect(problems).toEqual([]);
    expect(results.output).toContain("usage error: option --concurrency");
  });

  it("an unwritable --results is refused before grading, in one line", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a-file"), "x");
    const started = Date.now();
    const r = await runCli(["grade", join(REPO_ROOT, "solutions"), "--results", join(dir, "a-file", "results.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/option --results: ".*a-file" exists and is not a folder/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("`grade` without a submission is a usage error (exit 2) and writes no ./results.json", async () => {
    const cwd = tempDir();
    const r = await runCli(["grade"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"grade" needs <submission-dir>');
    expect(existsSync(join(cwd, "results.json"))).toBe(false);
  });

  it("an unknown command names the known ones", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('flowgrade: unknown command "frobnicate" (expected grade, check, grade-class, merge, export, rubric, release; flowgrade --help)\n');
  });
});
