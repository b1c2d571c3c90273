/**
 * `npm run assign`: exercises/ is generated from solutions/, leaks no solution code, keeps the
 * solutions' exports, rejects malformed markers with `file:line`, and names each exercise.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { REPO_ROOT, plannedExercises, runAssign, syncStatus } from "../assign";
import { MarkerError, findSolutionBlocks, stripSolutions } from "./markers";
import { MANIFEST_PATH, readManifest, writeManifest } from "./manifest";
import { NotImplementedError } from "../../src/bijectors/errors";
import type { Bijector } from "../../src/bijectors/bijector";

const planned = plannedExercises(REPO_ROOT);
const solutionPathOf = (exercise: string) => exercise.replace(/^exercises\//, "solutions/");
const readRepo = (path: string) => readFileSync(join(REPO_ROOT, path), "utf8");

/** The solution's lines between BEGIN and END markers that carry real code, not braces or comments. */
function solutionOnlyLines(source: string, file: string): string[] {
  const lines = source.split(/\r?\n/);
  const inside = new Set<number>();
  for (const block of findSolutionBlocks(source, file)) {
    for (let i = block.begin; i < block.end - 1; i++) inside.add(i);
  }
  const outside = new Set(lines.filter((_, i) => !inside.has(i)).map((l) => l.trim()));
  return [...inside]
    .map((i) => (lines[i] ?? "").trim())
    .filter((l) => l.length >= 6 && /[A-Za-z0-9]/.test(l) && !l.startsWith("//") && !outside.has(l));
}

/** Exported names: `export class|function|const|... NAME` and `export * from "..."` lines. */
function exportedNames(source: string): string[] {
  const named = [...source.matchAll(/^export\s+(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(?:class|function\*?|const|let|var|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1] ?? "");
  const star = [...source.matchAll(/^export\s+\*\s+from\s+["']([^"']+)["']/gm)].map((m) => `* from ${m[1]}`);
  return [...named, ...star].sort();
}

describe("npm run assign on the repository", () => {
  it("plans one exercise per solution, and the solutions have blocks to strip", () => {
    expect([...planned.keys()]).toEqual(["exercises/actnorm.ts", "exercises/additive-coupling.ts", "exercises/affine-coupling.ts", "exercises/dequantization.ts", "exercises/index.ts", "exercises/invertible-conv.ts", "exercises/made-maf.ts", "exercises/nll.ts"]);
    const blocks = [...planned.keys()].flatMap((p) => findSolutionBlocks(readRepo(solutionPathOf(p)), solutionPathOf(p)));
    expect(blocks.length).toBeGreaterThanOrEqual(7);
  });

  it("exercises/ is in sync with solutions/ (run `npm run assign` after editing a solution)", () => {
    const status = syncStatus(REPO_ROOT, planned);
    expect({ outOfDate: status.write, stale: status.remove, manifestStale: status.manifestStale }, "exercises/ is out of date: run `npm run assign`").toEqual({ outOfDate: [], stale: [], manifestStale: false });
    for (const [path, contents] of planned) {
      expect(readRepo(path), `${path} differs from what \`npm run assign\` generates`).toBe(contents);
    }
  });

  it("no solution code leaks into the generated exercises", () => {
    for (const [path, contents] of planned) {
      const solution = solutionPathOf(path);
      expect(contents, path).not.toMatch(/\b(BEGIN|END) SOLUTION\b/);
      for (const line of solutionOnlyLines(readRepo(solution), solution)) {
        expect(contents.includes(line), `${path} contains solution line ${JSON.stringify(line)}`).toBe(false);
      }
    }
  });

  it("each exercise exports the same names as its solution", () => {
    for (const [path, contents] of planned) {
      expect(exportedNames(contents), path).toEqual(exportedNames(readRepo(solutionPathOf(path))));
      expect(exportedNames(contents).length, path).toBeGreaterThan(0);
    }
  });

  it("each exercise starts with the generated-file header naming its solution", () => {
    for (const [path, contents] of planned) {
      expect(contents.split("\n")[0]).toBe(`// Exercise file generated from ${solutionPathOf(path)} by \`npm run assign\`. Write your code where it says TODO.`);
    }
  });

  it("the generated nllLoss throws NotImplementedError naming 'Exercise (c) nllLoss'", async () => {
    const { nllLoss } = await import("../../exercises/nll");
    const x = tf.zeros([2, 2]) as tf.Tensor2D;
    const flow = { name: "fake", dim: 2, forward: () => { throw new Error("the exercise must not reach the flow"); } } as unknown as Bijector;
    const before = tf.memory().numTensors;
    let caught: unknown;
    try {
      nllLoss(flow, x);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NotImplementedError);
    expect((caught as NotImplementedError).exercise).toBe("Exercise (c) nllLoss");
    expect((caught as Error).message).toMatch(/^Exercise \(c\) nllLoss is not implemented yet/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe("stripSolutions", () => {
  const fixture = [
    "/**",
    " * Exercise (z): a fixture for the id rule.",
    " */",
    "export function helper(a: number): number {",
    "  // BEGIN SOLUTION",
    "  return a + 1;",
    "  // END SOLUTION",
    "}",
    "",
    "export class Thing {",
    "  method(x: tf.Tensor2D): tf.Tensor2D {",
    "    const inner = (v: number) => {",
    "      return v;",
    "    };",
    "    return tf.tidy(() => {",
    "      // BEGIN SOLUTION",
    "      return x;",
    "      // END SOLUTION",
    "    });",
    "  }",
    "}",
    "// BEGIN SOLUTION",
    "const topLevel = 1;",
    "// END SOLUTION",
    "",
  ].join("\n");

  it("names each block '<title> <Class.method | function>' from the doc title and the enclosing declaration", () => {
    const ids = findSolutionBlocks(fixture, "fixture.ts").map((b) => b.exercise);
    expect(ids).toEqual(["Exercise (z) helper", "Exercise (z) Thing.method", "Exercise (z)"]);
  });

  it("falls back to the file name when the first doc comment has no 'Exercise (...)' title", () => {
    const source = "/** Helpers. */\nexport function f(): number {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}\n";
    expect(findSolutionBlocks(source, "solutions/extra.ts").map((b) => b.exercise)).toEqual(["extra f"]);
  });

  it("replaces each block, markers included, by a TODO and a throw at the BEGIN marker's indentation", () => {
    const out = stripSolutions(fixture, "fixture.ts").split("\n");
    expect(out.slice(3, 7)).toEqual([
      "export function helper(a: number): number {",
      "  // TODO(Exercise (z) helper): write your code here. Delete the next line when you start.",
      '  throw new NotImplementedError("Exercise (z) helper");',
      "}",
    ]);
    expect(out.slice(13, 17)).toEqual([
      "    return tf.tidy(() => {",
      "      // TODO(Exercise (z) Thing.method): write your code here. Delete the next line when you start.",
      '      throw new NotImplementedError("Exercise (z) Thing.method");',
      "    });",
    ]);
    expect(out).not.toContain("const topLevel = 1;");
  });

  it("leaves a file without markers unchanged", () => {
    const source = 'export * from "./a";\n';
    expect(stripSolutions(source, "index.ts")).toBe(source);
  });
});

describe("malformed markers throw MarkerError with file:line and the rule", () => {
  const cases: [string, string[], RegExp][] = [
    ["a nested BEGIN", ["x();", "// BEGIN SOLUTION", "a();", "  // BEGIN SOLUTION", "b();", "// END SOLUTION"], /^bad\.ts:4: nested BEGIN SOLUTION: the block opened at line 2/],
    ["an END without BEGIN", ["x();", "// BEGIN SOLUTION", "// END SOLUTION", "y();", "// END SOLUTION"], /^bad\.ts:5: END SOLUTION without a matching BEGIN SOLUTION/],
    ["a BEGIN without END (reported at the BEGIN)", ["x();", "", "  // BEGIN SOLUTION", "y();", "z();"], /^bad\.ts:3: BEGIN SOLUTION without a matching END SOLUTION/],
    ["extra text after a marker", ["x();", "// BEGIN SOLUTION (part 1)", "// END SOLUTION"], /^bad\.ts:2: a solution marker must be alone on its line.*"\/\/ BEGIN SOLUTION \(part 1\)"/],
    ["code before a marker", ["// BEGIN SOLUTION", "y(); // END SOLUTION"], /^bad\.ts:2: a solution marker must be alone on its line/],
    ["a block-comment marker", ["/* BEGIN SOLUTION */", "y();", "// END SOLUTION"], /^bad\.ts:1: a solution marker must be alone on its line/],
  ];
  for (const [name, lines, message] of cases) {
    it(name, () => {
      const source = lines.join("\n");
      expect(() => stripSolutions(source, "bad.ts")).toThrow(MarkerError);
      expect(() => stripSolutions(source, "bad.ts")).toThrow(message);
    });
  }
});

describe("runAssign on a scratch repository", () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  /** A scratch root with one solution, a stale exercise, a README and a non-.ts file. */
  function scratch(): string {
    const dir = mkdtempSync(join(tmpdir(), "flowlab-assign-"));
    mkdirSync(join(dir, "solutions"));
    mkdirSync(join(dir, "exercises"));
    writeFileSync(join(dir, "solutions", "one.ts"), "/** Exercise (q): one. */\nexport function one(): number {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}\n");
    writeFileSync(join(dir, "solutions", "one.test.ts"), "// a test, not an exercise\n");
    writeFileSync(join(dir, "exercises", "gone.ts"), "// its solution was deleted\n");
    writeFileSync(join(dir, "exercises", "README.md"), "# Exercises\n");
    writeFileSync(join(dir, "exercises", "data.json"), "{}\n");
    return dir;
  }

  it("--check lists out-of-date files, exits 1 and writes nothing", () => {
    root = scratch();
    const errors: string[] = [];
    expect(runAssign(root, { check: true, log: () => {}, error: (l) => errors.push(l) })).toBe(1);
    expect(errors.join("\n")).toMatch(/exercises\/one\.ts .*missing or differs/);
    expect(errors.join("\n")).toMatch(/exercises\/gone\.ts .*would be deleted/);
    expect(existsSync(join(root, "exercises", "one.ts"))).toBe(false);
    expect(existsSync(join(root, "exercises", "gone.ts"))).toBe(true);
  });

  it("write mode generates, records the manifest, deletes a stale exercise it wrote itself, and then --check passes", () => {
    root = scratch();
    writeManifest(root, new Map([["exercises/gone.ts", "// its solution was deleted\n"]]));
    const logs: string[] = [];
    expect(runAssign(root, { log: (l) => logs.push(l) })).toBe(0);
    expect(logs).toContain("wrote    exercises/one.ts");
    expect(readFileSync(join(root, "exercises", "one.ts"), "utf8")).toContain('throw new NotImplementedError("Exercise (q) one");');
    expect(existsSync(join(root, "exercises", "gone.ts"))).toBe(false);
    expect(existsSync(join(root, "exercises", "one.test.ts"))).toBe(false);
    expect(readFileSync(join(root, "exercises", "README.md"), "utf8")).toBe("# Exercises\n");
    expect(existsSync(join(root, "exercises", "data.json"))).toBe(true);
    expect([...readManifest(root).keys()]).toEqual(["exercises/one.ts"]);
    expect(runAssign(root, { check: true, log: () => {}, error: () => {} })).toBe(0);
  });

  it("never overwrites or deletes an edited exercise without --force: exit 1 and nothing changes", () => {
    root = scratch(); // exercises/gone.ts is not in any manifest: assign did not write it, so it counts as edited
    expect(runAssign(root, { force: true, log: () => {}, error: () => {} })).toBe(0);
    const mine = "// my own work on exercise one\nexport function one(): number { return 1; }\n";
    writeFileSync(join(root, "exercises", "one.ts"), mine);
    writeFileSync(join(root, "exercises", "mine.ts"), "// my helper, no solution\n");
    writeFileSync(join(root, "solutions", "one.ts"), readFileSync(join(root, "solutions", "one.ts"), "utf8").replace("return 1;", "return 2;"));
    const manifestBefore = readFileSync(join(root, MANIFEST_PATH), "utf8");
    const errors: string[] = [];
    expect(runAssign(root, { log: () => {}, error: (l) => errors.push(l) })).toBe(1);
    expect(errors.join("\n")).toMatch(/2 exercise file\(s\) were edited .*nothing was changed/);
    expect(errors.join("\n")).toMatch(/exercises\/one\.ts +\(would be overwritten\)/);
    expect(errors.join("\n")).toMatch(/exercises\/mine\.ts +\(no solution any more; would be deleted\)/);
    expect(errors.join("\n")).toContain("--force");
    expect(readFileSync(join(root, "exercises", "one.ts"), "utf8")).toBe(mine);
    expect(existsSync(join(root, "exercises", "mine.ts"))).toBe(true);
    expect(readFileSync(join(root, MANIFEST_PATH), "utf8")).toBe(manifestBefore);

    const checkErrors: string[] = [];
    expect(runAssign(root, { check: true, log: () => {}, error: (l) => checkErrors.push(l) })).toBe(1);
    expect(checkErrors.join("\n")).toMatch(/exercises\/one\.ts .*edited by hand, needs --force/);

    const logs: string[] = [];
    expect(runAssign(root, { force: true, log: (l) => logs.push(l), error: () => {} })).toBe(0);
    expect(logs).toContain("wrote    exercises/one.ts  (--force: your edits were discarded)");
    expect(readFileSync(join(root, "exercises", "one.ts"), "utf8")).toContain('throw new NotImplementedError("Exercise (q) one");');
    expect(existsSync(join(root, "exercises", "mine.ts"))).toBe(false);
  });

  it("overwrites an untouched exercise when its solution changes, without --force", () => {
    root = scratch();
    rmSync(join(root, "exercises", "gone.ts"));
    expect(runAssign(root, { log: () => {}, error: () => {} })).toBe(0);
    writeFileSync(join(root, "solutions", "one.ts"), readFileSync(join(root, "solutions", "one.ts"), "utf8").replace("Exercise (q): one.", "Exercise (q): one, renamed."));
    const logs: string[] = [];
    expect(runAssign(root, { log: (l) => logs.push(l), error: () => {} })).toBe(0);
    expect(logs).toContain("wrote    exercises/one.ts");
    expect(readFileSync(join(root, "exercises", "one.ts"), "utf8")).toContain("one, renamed.");
  });

  it("without solutions/ (a student's copy) changes nothing: exit 2", () => {
    root = scratch();
    rmSync(join(root, "solutions"), { recursive: true });
    const errors: string[] = [];
    expect(runAssign(root, { force: true, log: () => {}, error: (l) => errors.push(l) })).toBe(2);
    expect(errors.join("\n")).toMatch(/solutions\/ is missing or holds no exercise files .*nothing was changed/);
    expect(existsSync(join(root, "exercises", "gone.ts"))).toBe(true);
  });

  it("--check reports a missing manifest even when the files are in sync", () => {
    root = scratch();
    rmSync(join(root, "exercises", "gone.ts"));
    expect(runAssign(root, { log: () => {}, error: () => {} })).toBe(0);
    rmSync(join(root, MANIFEST_PATH));
    const errors: string[] = [];
    expect(runAssign(root, { check: true, log: () => {}, error: (l) => errors.push(l) })).toBe(1);
    expect(errors.join("\n")).toContain(`${MANIFEST_PATH} does not record the generated files`);
  });

  it("a malformed marker exits 1 with the solution's file:line", () => {
    root = scratch();
    writeFileSync(join(root, "solutions", "one.ts"), "export function one(): number {\n  // BEGIN SOLUTION\n  return 1;\n}\n");
    const errors: string[] = [];
    expect(runAssign(root, { log: () => {}, error: (l) => errors.push(l) })).toBe(1);
    expect(errors.join("\n")).toMatch(/solutions\/one\.ts:2: BEGIN SOLUTION without a matching END SOLUTION/);
  });
});
