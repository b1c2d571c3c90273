/**
 * The grader under every current Node.js LTS major, not only the one running the tests: for each
 * major in NODE_MAJORS, the official binary (npm registry, see node-binaries.ts; cached under
 * build/node-bin/) runs flowgrade on one exercise of a hostile submission, a correct
 * AdditiveCoupling that on import tries to write a file, start a detached process and kill its
 * parent (the subject's supervisor; only as root, where subjects run as other users). Full marks, the file not written, no such process alive and
 * the supervisor unharmed prove on that Node: the permission flag (Node 20
 * `--experimental-permission`, 22+ `--permission`) is accepted and enforced, the subject runs
 * as another user (as root), and the grading ends with nothing of the subject left. Where a
 * binary cannot be obtained (no registry), that major is skipped with one line saying why.
 */
import { randomInt } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../core/paths";
import { LAUNCHER, fullMarks, liveCommandLines, readResults, runCommand, tempDir } from "./helpers";
import { nodeBinary } from "./node-binaries";

/** The LTS majors the course supports besides the running one (engines in package.json: ^20.19 || 22 || 24). */
export const NODE_MAJORS = [22, 24];

const isRoot = process.getuid?.() === 0;

/** The solution of exercise (a) with sabotage on import; `marker` names the file it writes and the sleep it starts. */
function hostileSubmission(dir: string, marker: { file: string; sleep: string }, killParent: boolean): void {
  const solution = readFileSync(join(REPO_ROOT, "solutions", "additive-coupling.ts"), "utf8");
  const lastImport = solution.lastIndexOf("\nimport ");
  const cut = solution.indexOf("\n", lastImport + 1) + 1;
  const sabotage = `
const builtin = (process as unknown as { getBuiltinModule?: (m: string) => any }).getBuiltinModule;
try { builtin?.("fs").writeFileSync(${JSON.stringify(marker.file)}, "written by the subject"); } catch {}
try { builtin?.("child_process").spawn("sleep", [${JSON.stringify(marker.sleep)}], { detached: true, stdio: "ignore" }).unref(); } catch {}
${killParent ? 'try { process.kill(process.ppid, "SIGKILL"); } catch {}' : ""}
`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "additive-coupling.ts"), solution.slice(0, cut) + sabotage + solution.slice(cut));
}

/** Command lines of live processes that contain `needle`. */
const processesWith = (needle: string) => liveCommandLines().filter((cmd) => cmd.includes(needle));

describe.each(NODE_MAJORS)("flowgrade under Node %i (the official binary from the npm registry)", (major) => {
  it("grades a hostile submission in the sandbox: full marks, no file written, no process left, the supervisor unharmed", async (ctx) => {
    const binary = nodeBinary(major);
    if (!binary.ok) {
      console.warn(`node-versions: Node ${major} skipped: ${binary.why}`);
      ctx.skip();
      return;
    }
    expect(binary.version).toMatch(new RegExp(`^v${major}\\.`));
    const work = tempDir(`flowgrade-node${major}-`);
    const marker = { file: join(work, "written-by-subject.txt"), sleep: `299.${randomInt(1e9)}` };
    hostileSubmission(join(work, "submission"), marker, isRoot); // as another user, killing the parent would work: subjects run as another uid only when the grader is root
    const env = { PATH: `${dirname(binary.node)}:${process.env.PATH}`, NO_COLOR: "1" };
    // a positive control: on this Node, outside the sandbox, the sabotage's way in works (so its failing inside proves the sandbox)
    const control = join(work, "control.txt");
    const plain = await runCommand(binary.node, ["-e", `process.getBuiltinModule("fs").writeFileSync(${JSON.stringify(control)}, "x")`]);
    expect([plain.status, existsSync(control)], plain.stderr).toEqual([0, true]);
    const version = await runCommand(binary.node, [LAUNCHER, "--version"], { env });
    expect(version.stdout).toContain(`Node ${binary.version.slice(1)}`);
    const started = Date.now();
    const r = await runCommand(binary.node, [LAUNCHER, "grade", join(work, "submission"), "--only", "a", "--results", join(work, "results.json")], { env });
    console.log(`node-versions: Node ${binary.version} graded exercise (a) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const { results, problems } = readResults(join(work, "results.json"));
    expect(problems).toEqual([]);
    expect([results.score, results.max_score]).toEqual([fullMarks(["additive-coupling"]), fullMarks(["additive-coupling"])]);
    expect(existsSync(marker.file), "the subject wrote a file").toBe(false);
    expect(processesWith(marker.sleep), "a process the subject started is alive").toEqual([]);
  }, 300_000);
});
