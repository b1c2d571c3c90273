/**
 * `flowgrade grade-class` and `flowgrade merge` on one small class, graded once and reused:
 * a correct student (bare files), an untouched repository clone, an empty folder, a notebook-only
 * folder and a stray file. Statuses, exit code, progress lines, per-part subtotals, feedback
 * files with every message, resuming, shards joined by merge, and the refusals.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { folderHash, isReusable, type StudentRecord } from "../class/record";
import { REPO_ROOT } from "../core/paths";
import { EXERCISES, EXERCISE_IDS } from "../../src/checks/exercises";
import { fixtureSubmission } from "../fixture-submission";
import { fullMarks, readResults, runCli, suiteMarks, tempDir, type CliRun } from "./helpers";

/** The shipped rubric's maximum, as summary.csv writes it. */
const FULL = String(fullMarks());

const cls = tempDir("flowgrade-class-");
const out = join(tempDir("flowgrade-class-out-"), "graded");
let first: CliRun;
const csvRows = (dir: string) => readFileSync(join(dir, "summary.csv"), "utf8").trim().split("\r\n");
/** One CSV line's fields (RFC 4180 quoting). */
const fields = (line: string) => [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]));

beforeAll(async () => {
  cpSync(join(REPO_ROOT, "solutions"), join(cls, "alice"), { recursive: true, filter: (p) => !p.endsWith(".test.ts") });
  mkdirSync(join(cls, "bob"));
  cpSync(join(REPO_ROOT, "exercises"), join(cls, "bob", "exercises"), { recursive: true });
  writeFileSync(join(cls, "bob", "README.md"), "# my clone\n");
  mkdirSync(join(cls, "carol"));
  mkdirSync(join(cls, "dan"));
  cpSync(join(REPO_ROOT, "notebooks", "02-coupling-layers.ipynb"), join(cls, "dan", "02-coupling-layers.ipynb"));
  writeFileSync(join(cls, "notes.txt"), "not a student");
  first = await runCli(["grade-class", cls, "--out", out]);
}, 600_000);

describe("flowgrade grade-class", () => {
  it("gives each student a status, and exits 1 because one could not be graded", () => {
    expect(first.code, first.stderr).toBe(1);
    const rows = csvRows(out).map(fields);
    expect(rows.map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ["student", "score", "max_score", "status"],
      ["alice", FULL, FULL, "graded"],
      ["bob", "0", FULL, "graded"],
      ["carol", "0", FULL, "no submission"],
      ["dan", "0", FULL, `not gradable: none of ${EXERCISE_IDS.map((id) => EXERCISES[id].file).join(", ")} found (found: 02-coupling-layers.ipynb); a notebook is not graded: submit the exercises/*.ts files`],
    ]);
    expect(first.stdout).toMatch(/4 students: 2 graded, 1 no submission, 1 not gradable \(dan\)/);
  });

  it("lists stray files instead of skipping them silently", () => {
    expect(first.stderr).toContain("1 stray entry in the class folder, not graded (only folders are students): notes.txt");
    expect(existsSync(join(out, "notes.txt"))).toBe(false);
  });

  it("prints a progress line per student: [n/N] name score status, elapsed, ETA", () => {
    const lines = first.stdout.split("\n").filter((l) => l.startsWith("["));
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes("alice"))).toMatch(new RegExp(`^\\[[1-4]/4\\] alice ${FULL}/${FULL} graded, \\d+:\\d\\d elapsed(, ETA (\\d+:\\d\\d|\\?))?$`));
    expect(lines.at(-1)).not.toContain("ETA");
  });

  it("adds a subtotal per part to the CSV", () => {
    const [header, alice, bob] = csvRows(out).map(fields);
    const parts = ["additive-coupling/total", "affine-coupling/total", "nll/total", "likelihood/total"];
    const at = parts.map((p) => header.indexOf(p));
    expect(at.every((i) => i > 3)).toBe(true);
    expect(at.map((i) => Number(alice[i]))).toEqual(["additive-coupling", "affine-coupling", "nll", "likelihood"].map(suiteMarks));
    expect(at.map((i) => Number(bob[i]))).toEqual([0, 0, 0, 0]);
    expect(header.indexOf("affine-coupling/hidden/log-det-forward")).toBeGreaterThan(Math.max(...at));
  });

  it("writes valid results.json and a Markdown and HTML feedback file with every message", () => {
    for (const s of ["alice", "bob", "carol", "dan"]) expect(readResults(join(out, s, "results.json")).problems, s).toEqual([]);
    const { results } = readResults(join(out, "bob", "results.json"));
    const md = readFileSync(join(out, "bob", "feedback.md"), "utf8");
    const html = readFileSync(join(out, "bob", "feedback.html"), "utf8");
    expect(md).toMatch(/^# FlowLab feedback: bob\n/);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(results.tests.length).toBeGreaterThan(30);
    for (const t of results.tests) {
      const message = t.output.split("\n")[0].replace(/^✘ failed: /, "");
      expect(md, t.name).toContain(message);
      expect(html, t.name).toContain(message.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;"));
    }
    expect(md).toMatch(/hidden\/log-det-forward/); // the instructor's feedback includes the hidden tests
    expect(readFileSync(join(out, "dan", "feedback.md"), "utf8")).toContain("not gradable: none of");
  });

  it("resumes: a second run keeps the graded students instead of grading them again", async () => {
    const again = await runCli(["grade-class", cls, "--out", out]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`alice ${FULL}/${FULL} graded (kept from an earlier run; --regrade to grade again)`);
    expect(again.stdout).toContain(`bob 0/${FULL} graded (kept`);
    expect(again.stdout).not.toMatch(/dan .*kept/); // not gradable: tried again
    expect(csvRows(out)).toEqual(csvRows(out));
  });

  it("a changed submission, rubric, selection (--only) or grader version is graded again", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "nll.ts"), "a");
    const key = { submissionHash: folderHash(dir), rubricHash: "r", selection: "all", graderVersion: "flowlab 0.1.0+sha256-g" };
    const record = { status: "graded", ...key } as StudentRecord;
    expect(isReusable(record, key)).toBe(true);
    expect(isReusable(record, { ...key, rubricHash: "other rubric" })).toBe(false);
    expect(isReusable(record, { ...key, selection: "nll" })).toBe(false);
    expect(isReusable(record, { ...key, graderVersion: "flowlab 0.2.0+sha256-h" })).toBe(false);
    expect(isReusable({ ...record, selection: undefined, graderVersion: undefined } as unknown as StudentRecord, key)).toBe(false); // a record from before either was kept
    writeFileSync(join(dir, "nll.ts"), "b");
    expect(isReusable(record, { ...key, submissionHash: folderHash(dir) })).toBe(false);
    expect(isReusable({ ...record, status: "not gradable" }, key)).toBe(false);
  });

  it("a rerun with another --only grades again instead of keeping the earlier scores; the same --only is kept", async () => {
    const small = tempDir("flowgrade-class-only-");
    cpSync(join(cls, "alice"), join(small, "alice"), { recursive: true });
    const graded = join(tempDir("flowgrade-class-only-out-"), "graded");
    cpSync(join(out, "alice"), join(graded, "alice"), { recursive: true }); // graded on every exercise
    const only = await runCli(["grade-class", small, "--out", graded, "--only", "a"]);
    expect(only.code, only.stderr).toBe(0);
    const part = String(fullMarks(["additive-coupling"]));
    expect(only.stdout).toMatch(new RegExp(`\\[1/1\\] alice ${part}/${part} graded, `));
    expect(csvRows(graded).map(fields)[1].slice(0, 4)).toEqual(["alice", part, part, "graded"]);
    const same = await runCli(["grade-class", small, "--out", graded, "--only", "additive-coupling"]);
    expect(same.stdout).toContain(`alice ${part}/${part} graded (kept from an earlier run`);
  }, 120_000);

  it("shards (--shard i/n) joined by flowgrade merge give the same gradebook", async () => {
    // Each shard's folder is seeded with its students' records, so the shard runs resume instead of grading again.
    const base = tempDir("flowgrade-shards-");
    const shards = [join(base, "s1"), join(base, "s2")];
    for (const [i, students] of [["alice", "carol"], ["bob", "dan"]].entries()) {
      for (const s of students) cpSync(join(out, s), join(shards[i], s), { recursive: true });
      const r = await runCli(["grade-class", cls, "--out", shards[i], "--shard", `${i + 1}/2`]);
      expect(r.stdout).toMatch(new RegExp(`grading 2 students \\(shard ${i + 1}/2 of 4\\)`));
      expect(JSON.parse(readFileSync(join(shards[i], "shard.json"), "utf8"))).toMatchObject({ index: i + 1, count: 2, students });
    }
    const merged = join(base, "merged");
    const m = await runCli(["merge", ...shards, "--out", merged]);
    expect(m.code, m.stderr).toBe(1);
    expect(csvRows(merged)).toEqual(csvRows(out));
    expect(readdirSync(merged).sort()).toEqual(["alice", "bob", "carol", "dan", "summary.csv"]);

    const missing = await runCli(["merge", shards[0], "--out", join(base, "m2")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("shard 2/2 missing");
    const twice = await runCli(["merge", shards[0], shards[0], "--out", join(base, "m3")]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/shard 1\/2 appears twice/);
  });

  it("a shard with no student (a class smaller than the shard count) merges: the CI template works for any class size", async () => {
    const base = tempDir("flowgrade-empty-shards-");
    const n = 6; // more shards than the class's 4 students
    const shards = Array.from({ length: n }, (_, i) => join(base, `shard-${i + 1}`));
    for (const [i, dir] of shards.entries()) {
      for (const s of ["alice", "bob", "carol", "dan"].filter((_, k) => k % n === i)) cpSync(join(out, s), join(dir, s), { recursive: true });
      const r = await runCli(["grade-class", cls, "--out", dir, "--shard", `${i + 1}/${n}`]);
      expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(shards[5], "shard.json"), "utf8")).students).toEqual([]);
    const m = await runCli(["merge", ...shards, "--out", join(base, "merged")]);
    expect(m.code, m.stderr).toBe(1);
    expect(csvRows(join(base, "merged"))).toEqual(csvRows(out));
    // a folder that is not a grade-class output at all is still refused
    const stray = tempDir();
    const bad = await runCli(["merge", stray, "--out", join(base, "m2")]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("holds no graded student")]);
  }, 120_000);

  it("refuses, before any work, an --out inside the class folder, a missing --out and a bad --shard", async () => {
    const inside = await runCli(["grade-class", cls, "--out", join(cls, "graded")]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/option --out: ".*graded" is inside the class folder/);
    expect(existsSync(join(cls, "graded"))).toBe(false);
    expect((await runCli(["grade-class", cls])).stderr).toContain("grade-class needs --out <dir>");
    expect((await runCli(["grade-class", cls, "--out", tempDir(), "--shard", "3/2"])).stderr).toMatch(/--shard must be "i\/n"/);
    const nope = await runCli(["grade-class", join(tempDir(), "nope"), "--out", tempDir()]);
    expect([nope.code, nope.stderr]).toEqual([2, expect.stringMatching(/<class-dir>: the folder ".*nope" does not exist/)]);
  });
});

describe("one student cannot touch another", () => {
  it("a compiler bomb (fixture nested-arrow-bomb) fails its own file; the next student, the solutions, still gets full marks", async () => {
    const bombClass = tempDir("flowgrade-class-bomb-");
    cpSync(fixtureSubmission("nested-arrow-bomb"), join(bombClass, "a-bomber"), { recursive: true });
    cpSync(join(REPO_ROOT, "solutions"), join(bombClass, "b-correct"), { recursive: true, filter: (p) => !p.endsWith(".test.ts") });
    const bombOut = tempDir("flowgrade-class-bomb-out-");
    const r = await runCli(["grade-class", bombClass, "--out", bombOut, "--jobs", "1", "--only", "additive-coupling"]);
    expect(r.code, r.stderr).toBe(0);
    const rows = Object.fromEntries(csvRows(bombOut).slice(1).map(fields).map((f) => [f[0], f.slice(1, 4)]));
    const additive = String(suiteMarks("additive-coupling"));
    expect(rows["b-correct"]).toEqual([additive, additive, "graded"]);
    expect(rows["a-bomber"]).toEqual(["0", additive, "graded"]);
    const bomber = readResults(join(bombOut, "a-bomber", "results.json")).results;
    expect(bomber.tests.find((t) => t.name?.includes("additive-coupling/public/api"))?.output).toContain("additive-coupling.ts nests brackets or arrow functions 50000 levels deep: at most 200 are compiled");
  }, 300_000);
});
