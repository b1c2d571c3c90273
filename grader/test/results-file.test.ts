/**
 * results.json is always a valid file: a provisional "not graded" one is written atomically
 * before grading starts and replaced atomically at the end, so even a flowgrade killed with
 * SIGKILL (no `finally` runs) leaves a valid file behind.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../core/paths";
import { atomicWriteFile } from "../outputs/atomic-write";
import { LAUNCHER, readResults, tempDir } from "./helpers";

describe("atomicWriteFile", () => {
  it("replaces the file whole and leaves no temporary file", () => {
    const dir = tempDir();
    const file = join(dir, "deep", "er", "results.json");
    atomicWriteFile(file, "first");
    atomicWriteFile(file, "second");
    expect(readFileSync(file, "utf8")).toBe("second");
    expect(readdirSync(join(dir, "deep", "er"))).toEqual(["results.json"]);
  });
});

describe("a killed flowgrade", () => {
  it("leaves the provisional results.json: valid, score 0, 'not graded'", async () => {
    const dir = tempDir();
    const results = join(dir, "results.json");
    writeFileSync(results, "stale, from an earlier run");
    const child = spawn(process.execPath, [LAUNCHER, "grade", join(REPO_ROOT, "solutions"), "--results", results], { cwd: REPO_ROOT, detached: true, stdio: "ignore" });
    const exited = new Promise((res) => child.on("exit", res));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !(existsSync(results) && readFileSync(results, "utf8").includes('"provisional": true'))) await new Promise((r) => setTimeout(r, 50));
    process.kill(-child.pid!, "SIGKILL"); // the launcher and the CLI, at once, with no chance to clean up
    await exited;
    const { results: r, problems } = readResults(results);
    expect(problems).toEqual([]);
    expect(r.score).toBe(0);
    expect(r.output).toMatch(/^Not graded: the autograder started but did not finish/);
    expect(r.extra_data.provisional).toBe(true);
    expect(readdirSync(dir)).toEqual(["results.json"]);
  });
});
