/**
 * The namespaces cover every world-writable folder (/tmp among them) in each subject's mount
 * namespace. A grader whose Node binary lives under one of them (a clone in /tmp running an
 * unpacked official Node, as node-versions.test.ts does in CI) must still start its subjects:
 * the program's folder is bound back in, read-only to the subject's uid.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../core/paths";
import { probeIsolation } from "../sandbox/isolation";
import { LAUNCHER, readResults, runCommand, tempDir } from "./helpers";

describe.skipIf(probeIsolation() === "none")("isolation, when the grader's own Node binary is in a covered folder", () => {
  it("a Node binary under the temp dir still runs the subjects: exercise (a) of the solutions gets full marks", async () => {
    const dir = tempDir("flowgrade-program-in-tmp-");
    const node = join(dir, "node");
    copyFileSync(process.execPath, node);
    const r = await runCommand(node, [LAUNCHER, "grade", join(REPO_ROOT, "solutions"), "--only", "a", "--results", join(dir, "results.json")], { cwd: REPO_ROOT });
    const { results } = readResults(join(dir, "results.json"));
    expect(r.status, r.stdout).toBe(0);
    expect(results.score).toBe(results.max_score);
  }, 180_000);
});
